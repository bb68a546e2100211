//! The node's perimeter defaults, applied to the configuration Substrate's CLI built before the
//! service starts: a chain that does not say it is a permissioned consortium does not run open
//! by accident; RPC is for the member's own systems (no unsafe method unless the operator says
//! so, no browser origin unless listed, a rate limit per connection); discovery announces as
//! little as the backends allow; key directories are the owner's only.

use crate::cli::PeeringMode;
use sc_chain_spec::ChainType;
use sc_service::{config::RpcMethods, Configuration};
use std::{
	num::NonZeroU32,
	os::unix::fs::{DirBuilderExt as _, PermissionsExt as _},
	path::{Path, PathBuf},
};

/// Log target.
const LOG: &str = "perimeter";

/// RPC options the operator gave on the command line (as opposed to Substrate's defaults).
#[derive(Clone, Copy, Debug, Default)]
pub struct Explicit {
	/// `--rpc-cors`.
	pub rpc_cors: bool,
	/// `--rpc-rate-limit`.
	pub rpc_rate_limit: bool,
}

/// Whether permissioned peering is on. `auto` follows the chain spec's `consortiumPeering`
/// property; a chain spec without it runs open only if it is a development chain: any other
/// chain needs the operator to say `--consortium-peering off` (a deliberately public network)
/// or `on`.
pub fn peering(mode: PeeringMode, spec: &dyn sc_service::ChainSpec) -> Result<bool, String> {
	match mode {
		PeeringMode::On => Ok(true),
		PeeringMode::Off => Ok(false),
		PeeringMode::Auto => auto_peering(
			spec.properties().get("consortiumPeering").and_then(|v| v.as_bool()),
			spec.chain_type(),
			spec.id(),
		),
	}
}

fn auto_peering(property: Option<bool>, chain_type: ChainType, id: &str) -> Result<bool, String> {
	match (property, chain_type) {
		(Some(true), _) => Ok(true),
		(_, ChainType::Development) => Ok(false),
		(_, _) => Err(format!(
			"chain spec `{id}` does not turn permissioned peering on (`properties.consortiumPeering` \
			 is not true): refusing to run an open node. Add the property to the chain spec, pass \
			 `--consortium-peering on`, or `--consortium-peering off` to run a public network \
			 deliberately"
		)),
	}
}

/// Apply the member-node defaults to `config` (a development chain keeps Substrate's).
pub fn apply(config: &mut Configuration, peering: bool, explicit: Explicit) {
	let dev = config.chain_spec.chain_type() == ChainType::Development;
	if !dev {
		for endpoint in config.rpc.addr.iter_mut().flatten() {
			harden(endpoint, explicit);
		}
		if !matches!(config.rpc.methods, RpcMethods::Unsafe) {
			config.rpc.methods = RpcMethods::Safe;
		}
	}
	if peering {
		// mDNS announces the node on the LAN and dials what it finds; a DHT random walk asks
		// strangers for peers. Neither has a use when peers come from the chain.
		if let sc_network::config::TransportConfig::Normal { enable_mdns, .. } =
			&mut config.network.transport
		{
			*enable_mdns = false;
		}
		config.network.enable_dht_random_walk = false;
	}
	secure_key_dirs(config);
}

/// A member node's RPC endpoint: unsafe methods only with `--rpc-methods unsafe` (Substrate's
/// `auto` allows them on loopback, to any local process or web page); no browser origin unless
/// `--rpc-cors` lists it; a rate limit per connection unless `--rpc-rate-limit` sets one.
fn harden(endpoint: &mut sc_service::config::RpcEndpoint, explicit: Explicit) {
	if !matches!(endpoint.rpc_methods, RpcMethods::Unsafe) {
		endpoint.rpc_methods = RpcMethods::Safe;
	}
	if !explicit.rpc_cors {
		endpoint.cors = Some(Vec::new());
	}
	if !explicit.rpc_rate_limit {
		endpoint.rate_limit = NonZeroU32::new(crate::command::DEFAULT_RPC_RATE_LIMIT);
	}
}

/// Key directories (keystore, network key) are created `0700`; key files are created `0600` by
/// Substrate. A key file or directory that others can read is reported at start.
fn secure_key_dirs(config: &Configuration) {
	let mut dirs = Vec::new();
	if let sc_service::config::KeystoreConfig::Path { path, .. } = &config.keystore {
		dirs.push(path.clone());
	}
	if let Some(path) = &config.network.net_config_path {
		dirs.push(path.clone());
	}
	for dir in &dirs {
		if !dir.exists() {
			if let Err(e) = std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir) {
				log::warn!(target: LOG, "cannot create {}: {e}", dir.display());
			}
		}
	}
	for finding in exposed_keys(&dirs) {
		log::warn!(target: LOG, "⚠️  {finding}: other users can read it; `chmod go-rwx` it");
	}
}

/// Key files and key directories under `dirs` whose mode lets group or others read them.
pub fn exposed_keys(dirs: &[PathBuf]) -> Vec<String> {
	let exposed = |p: &Path| {
		std::fs::metadata(p)
			.map(|m| m.permissions().mode() & 0o077 != 0)
			.unwrap_or(false)
	};
	let mut findings = Vec::new();
	for dir in dirs {
		if exposed(dir) {
			findings.push(format!("key directory {}", dir.display()));
		}
		let Ok(entries) = std::fs::read_dir(dir) else { continue };
		for entry in entries.flatten() {
			let path = entry.path();
			if path.is_file() && exposed(&path) {
				findings.push(format!("key file {}", path.display()));
			}
		}
	}
	findings
}

/// Write a secret to a new file that only its owner can read (`0600`, never wider, even for
/// a moment).
pub fn write_secret(path: &Path, data: &[u8]) -> std::io::Result<()> {
	use std::{io::Write as _, os::unix::fs::OpenOptionsExt as _};
	let mut file = std::fs::OpenOptions::new()
		.write(true)
		.create_new(true)
		.mode(0o600)
		.open(path)?;
	file.write_all(data)
}

/// `key generate-node-key` (Substrate's) writes with the process umask: make what it wrote
/// (`--file P`, or `<base path>/chains/*/network/secret_ed25519`) owner-only.
pub fn tighten_written_node_keys(args: impl Iterator<Item = String>) {
	let args: Vec<String> = args.collect();
	let value = |flag: &str| {
		args.iter().enumerate().find_map(|(i, a)| {
			a.strip_prefix(&format!("{flag}="))
				.map(str::to_owned)
				.or_else(|| (a == flag).then(|| args.get(i + 1).cloned()).flatten())
		})
	};
	let mut files = Vec::new();
	if let Some(file) = value("--file") {
		files.push(PathBuf::from(file));
	}
	if let Some(base) = value("--base-path") {
		let chains = Path::new(&base).join("chains");
		for chain in std::fs::read_dir(chains).into_iter().flatten().flatten() {
			let network = chain.path().join("network");
			let _ = std::fs::set_permissions(&network, std::fs::Permissions::from_mode(0o700));
			files.push(network.join("secret_ed25519"));
		}
	}
	for file in files.iter().filter(|f| f.is_file()) {
		if let Err(e) = std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600)) {
			eprintln!("could not make {} owner-only: {e}", file.display());
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_chain_that_does_not_ask_for_peering_does_not_run_open() {
		assert_eq!(auto_peering(Some(true), ChainType::Live, "c"), Ok(true));
		assert_eq!(auto_peering(None, ChainType::Development, "dev"), Ok(false));
		assert!(auto_peering(None, ChainType::Live, "c").is_err());
		assert!(auto_peering(Some(false), ChainType::Local, "c").is_err());
	}

	#[test]
	fn member_rpc_defaults() {
		let mut endpoint = crate::rpc_server::unusable_endpoint();
		endpoint.rpc_methods = RpcMethods::Auto;
		endpoint.cors = None;
		harden(&mut endpoint, Explicit::default());
		assert!(matches!(endpoint.rpc_methods, RpcMethods::Safe));
		assert_eq!(endpoint.cors, Some(vec![]));
		assert_eq!(endpoint.rate_limit.map(|n| n.get()), Some(1_200));
		// What the operator says stays.
		let mut endpoint = crate::rpc_server::unusable_endpoint();
		endpoint.rpc_methods = RpcMethods::Unsafe;
		endpoint.cors = Some(vec!["http://explorer:5173".into()]);
		endpoint.rate_limit = NonZeroU32::new(10);
		harden(&mut endpoint, Explicit { rpc_cors: true, rpc_rate_limit: true });
		assert!(matches!(endpoint.rpc_methods, RpcMethods::Unsafe));
		assert_eq!(endpoint.cors, Some(vec!["http://explorer:5173".into()]));
		assert_eq!(endpoint.rate_limit.map(|n| n.get()), Some(10));
	}

	#[test]
	fn secrets_are_owner_only_and_exposed_keys_are_found() {
		let dir = tempfile::tempdir().unwrap();
		let keys = dir.path().join("keys");
		std::fs::DirBuilder::new().mode(0o700).create(&keys).unwrap();
		let secret = keys.join("secret");
		write_secret(&secret, b"k").unwrap();
		let mode = std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777;
		assert_eq!(mode, 0o600);
		assert!(write_secret(&secret, b"again").is_err(), "an existing key is never overwritten");
		assert!(exposed_keys(std::slice::from_ref(&keys)).is_empty());
		std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
		assert_eq!(exposed_keys(std::slice::from_ref(&keys)).len(), 1);
		std::fs::set_permissions(&keys, std::fs::Permissions::from_mode(0o755)).unwrap();
		assert_eq!(exposed_keys(&[keys]).len(), 2);
	}
}
