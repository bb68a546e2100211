//! `bioledger firewall`: the nftables rules that restrict the p2p port to the member nodes
//! registered on chain, so the member-node gate is not the only layer. The node's gate refuses
//! every request of a non-member, but a TCP connection still reaches the network stack, where
//! identify, ping and Kademlia answer anyone (see `docs/operator-guide.md#perimeter`); a firewall
//! that only lets member addresses reach the port closes that too.

use codec::Decode;
use jsonrpsee::{core::client::ClientT, rpc_params, ws_client::WsClientBuilder};
use pallet_consortium_runtime_api::AuthorizedNode;
use std::{collections::BTreeSet, net::IpAddr};

/// `firewall` options.
#[derive(Debug, clap::Parser)]
pub struct FirewallCmd {
	/// The member's own node (JSON-RPC over WebSocket).
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	pub rpc_url: String,
	/// The p2p port to restrict.
	#[arg(long, default_value_t = 30333)]
	pub port: u16,
	/// Name of the nftables table.
	#[arg(long, default_value = "bioledger")]
	pub table: String,
}

/// Member addresses read from the chain: IPs (from `/ip4`, `/ip6` multiaddresses) and names
/// that nftables cannot match (`/dns*`).
#[derive(Debug, Default, PartialEq)]
pub struct Members {
	/// Addresses to allow.
	pub ips: BTreeSet<IpAddr>,
	/// Host names registered instead of addresses (resolved by the operator).
	pub names: BTreeSet<String>,
	/// Nodes registered without an address.
	pub unaddressed: usize,
}

impl Members {
	/// The addresses of `nodes`.
	pub fn of(nodes: &[AuthorizedNode]) -> Self {
		let mut members = Members::default();
		for node in nodes {
			if node.addrs.is_empty() {
				members.unaddressed += 1;
			}
			for addr in &node.addrs {
				let Ok(text) = core::str::from_utf8(addr) else { continue };
				let mut parts = text.split('/').skip(1);
				match (parts.next(), parts.next()) {
					(Some("ip4" | "ip6"), Some(ip)) => {
						if let Ok(ip) = ip.parse() {
							members.ips.insert(ip);
						}
					},
					(Some("dns" | "dns4" | "dns6"), Some(name)) => {
						members.names.insert(name.to_string());
					},
					_ => {},
				}
			}
		}
		members
	}

	/// An nftables ruleset (`nft -f`) allowing only these addresses to `port`.
	pub fn nftables(&self, table: &str, port: u16, at: &str) -> String {
		let (v4, v6): (Vec<_>, Vec<_>) = self.ips.iter().partition(|ip| ip.is_ipv4());
		let list =
			|ips: &[&IpAddr]| ips.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
		let mut out = format!(
			"# BioLedger member nodes registered on chain at finalized block {at}.\n\
			 # Regenerate after every node registration, address change or suspension.\n"
		);
		for name in &self.names {
			out.push_str(&format!("# registered by name, add its addresses by hand: {name}\n"));
		}
		if self.unaddressed > 0 {
			out.push_str(&format!(
				"# {} member node(s) registered without an address: they can dial out, not be dialled\n",
				self.unaddressed
			));
		}
		out.push_str(&format!("table inet {table} {{\n"));
		out.push_str("\tset members4 {\n\t\ttype ipv4_addr\n");
		if !v4.is_empty() {
			out.push_str(&format!("\t\telements = {{ {} }}\n", list(&v4)));
		}
		out.push_str("\t}\n\tset members6 {\n\t\ttype ipv6_addr\n");
		if !v6.is_empty() {
			out.push_str(&format!("\t\telements = {{ {} }}\n", list(&v6)));
		}
		out.push_str(&format!(
			"\t}}\n\tchain p2p {{\n\
			 \t\ttype filter hook input priority filter; policy accept;\n\
			 \t\ttcp dport {port} ip saddr @members4 accept\n\
			 \t\ttcp dport {port} ip6 saddr @members6 accept\n\
			 \t\ttcp dport {port} drop\n\
			 \t}}\n}}\n"
		));
		out
	}
}

impl FirewallCmd {
	/// Read the member nodes at the node's finalized block and print the rules.
	pub fn run(&self) -> sc_cli::Result<()> {
		let rt = tokio::runtime::Builder::new_current_thread()
			.enable_all()
			.build()
			.map_err(|e| sc_cli::Error::Application(e.into()))?;
		let (nodes, at) = rt.block_on(self.read()).map_err(sc_cli::Error::Input)?;
		print!("{}", Members::of(&nodes).nftables(&self.table, self.port, &at));
		Ok(())
	}

	async fn read(&self) -> Result<(Vec<AuthorizedNode>, String), String> {
		let client = WsClientBuilder::default()
			.build(&self.rpc_url)
			.await
			.map_err(|e| format!("{}: {e}", self.rpc_url))?;
		let head: String = client
			.request("chain_getFinalizedHead", rpc_params![])
			.await
			.map_err(|e| e.to_string())?;
		let result: String = client
			.request("state_call", rpc_params!["ConsortiumApi_authorized_nodes", "0x", &head])
			.await
			.map_err(|e| e.to_string())?;
		let bytes = hex::decode(result.trim_start_matches("0x")).map_err(|e| e.to_string())?;
		let nodes = Vec::<AuthorizedNode>::decode(&mut &bytes[..]).map_err(|e| e.to_string())?;
		Ok((nodes, head))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn node(addrs: &[&str]) -> AuthorizedNode {
		AuthorizedNode {
			org: 0,
			peer_id: vec![],
			addrs: addrs.iter().map(|a| a.as_bytes().to_vec()).collect(),
		}
	}

	#[test]
	fn rules_allow_member_addresses_only() {
		let members = Members::of(&[
			node(&["/ip4/10.0.0.1/tcp/30333", "/ip6/2001:db8::1/tcp/30333"]),
			node(&["/dns/node.example.com/tcp/30333", "/ip4/10.0.0.2/tcp/30333/p2p/x"]),
			node(&[]),
			node(&["garbage"]),
		]);
		assert_eq!(members.ips.len(), 3);
		assert_eq!(members.unaddressed, 1);
		let rules = members.nftables("bioledger", 30333, "0xabc");
		assert!(rules.contains("elements = { 10.0.0.1, 10.0.0.2 }"), "{rules}");
		assert!(rules.contains("elements = { 2001:db8::1 }"), "{rules}");
		assert!(rules.contains("tcp dport 30333 ip saddr @members4 accept"));
		assert!(rules.contains("tcp dport 30333 drop"));
		assert!(rules.contains("node.example.com"));
		// The drop comes after the accepts.
		assert!(rules.find("drop").unwrap() > rules.find("@members6 accept").unwrap());
	}
}
