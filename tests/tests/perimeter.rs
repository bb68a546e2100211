//! The perimeter of a member node, tested on real binaries over loopback.
//!
//! - A forged p2p client (a bare litep2p host, `bioledger_e2e::forged`) with an unregistered key
//!   dials a validator and asks for blocks, the state, a warp proof, a storage read and a
//!   runtime call without any handshake: every request is refused and the connection closed.
//!   The same client with a key a member registers on chain gets every answer, so the test
//!   proves the gate, not a broken client. With each network backend.
//! - An outsider's stock node (which waits for the handshake) gets no blocks, finality, peers
//!   or transactions; no member lists a non-member peer (same chain, each backend).
//! - Fail closed: no `--chain`, or a chain spec without permissioned peering, does not start.
//! - RPC defaults of a member node: unsafe methods refused, browser origins refused (HTTP and
//!   WebSocket), a per-connection rate limit; the operator's flags open each of them.
//! - Secrets on disk: key directories `0700`, key files `0600`, a warning for an exposed key.
//! - `bioledger firewall` prints the member nodes' addresses as nftables rules (on the chain of
//!   the litep2p forged-client test).

use anyhow::{bail, Context, Result};
use bioledger_e2e::chain::account;
use bioledger_e2e::{
	chain::{dev_pair, send},
	exclusive,
	forged::{self, Answer, Forged},
	node_binary, tx, wait_for, Network, Node, NodeDir, NodeSpec, Rpc,
};
use bioledger_runtime::RuntimeCall;
use sp_keyring::Sr25519Keyring;
use std::{
	os::unix::fs::PermissionsExt,
	process::Command,
	time::{Duration, Instant},
};

/// Secret of the forged client that stays an outsider.
const OUTSIDER: [u8; 32] = [0x66; 32];
/// Secret of the forged client a member registers as its node.
const REGISTERED: [u8; 32] = [0x77; 32];

/// Every request of the forged client, with what it got.
async fn ask_everything(
	client: &mut Forged,
	genesis: [u8; 32],
	at: [u8; 32],
) -> Vec<(&'static str, Answer)> {
	// `System.Number` (twox128("System") ++ twox128("Number")).
	let key =
		hex::decode("26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac").unwrap();
	vec![
		("blocks", client.blocks(1, 64).await),
		("state", client.state(at).await),
		("warp proof", client.warp(genesis).await),
		("remote read", client.remote_read(at, key).await),
		("remote call", client.remote_call(at, "Core_version", vec![]).await),
	]
}

fn p2p_addr(node: &Node) -> litep2p::types::multiaddr::Multiaddr {
	node.multiaddr().parse().unwrap()
}

async fn forged_client_is_refused(backend: &str) -> Result<()> {
	let _guard = exclusive().await;
	let (net, rpcs) = Network::local_consortium_with(&["--network-backend", backend]).await?;
	let rpc = &rpcs[0];
	wait_for(Duration::from_secs(120), "finalized >= 4", || async {
		Ok((rpc.finalized().await?.0 >= 4).then_some(()))
	})
	.await?;
	let genesis = rpc.genesis_hash().await?.0;
	let (_, at) = rpc.finalized().await?;
	let target: litep2p::PeerId = net.nodes[0].peer_id.parse()?;

	// The outsider: nothing, and the connection goes.
	let mut outsider = Forged::dial(OUTSIDER, target, p2p_addr(&net.nodes[0]), genesis).await?;
	let answers = ask_everything(&mut outsider, genesis, at.0).await;
	for (what, answer) in &answers {
		println!("[{backend}] outsider asked for {what}: {answer:?}");
	}
	for (what, answer) in &answers {
		assert!(!answer.served(), "[{backend}] an outsider got {what}: {answer:?}");
	}
	if let Some(id) = outsider.identified() {
		println!(
			"[{backend}] identify still tells an outsider: agent {:?}, {} protocols, addresses {:?}",
			id.agent,
			id.protocols.len(),
			id.listen_addrs
		);
	}
	wait_for(Duration::from_secs(60), "the node to close the outsider's connection", || async {
		Ok((!outsider.is_connected()).then_some(()))
	})
	.await?;
	// Dialling again gets no more.
	assert!(
		!outsider.blocks(1, 64).await.served(),
		"[{backend}] an outsider got blocks on a re-dial"
	);
	drop(outsider);

	// Alice's organisation registers the forged client's key as one of its nodes: once that is
	// final, the same client gets every answer.
	let chain = tx::ChainInfo::fetch(rpc).await?;
	let peer = forged::peer_id(REGISTERED);
	let block = send(
		rpc,
		&chain,
		&dev_pair("//Alice"),
		RuntimeCall::Consortium(pallet_consortium::Call::register_node {
			peer_id: peer.to_bytes().try_into().unwrap(),
			addrs: Default::default(),
		}),
	)
	.await?;
	let registered_at = rpc.number_of(block).await?;
	wait_for(Duration::from_secs(60), "the registration to be final", || async {
		Ok((rpc.finalized().await?.0 > registered_at).then_some(()))
	})
	.await?;
	tokio::time::sleep(Duration::from_secs(2)).await;
	let (_, at) = rpc.finalized().await?;
	let mut member = Forged::dial(REGISTERED, target, p2p_addr(&net.nodes[0]), genesis).await?;
	for (what, answer) in ask_everything(&mut member, genesis, at.0).await {
		println!("[{backend}] registered node asked for {what}: {answer:?}");
		assert!(answer.served(), "[{backend}] a registered member node was refused {what}");
		if what == "blocks" {
			assert!(matches!(answer, Answer::Served { items, .. } if items > 4));
		}
	}
	if backend == "litep2p" {
		firewall_rules_list_the_member_nodes(&net, rpc).await?;
	}
	stock_outsider_gets_nothing(&net, &rpcs, backend).await
}

/// An outsider's stock node (unregistered key, peering off, bootnodes to every member), which
/// unlike the forged client waits for the block-announce handshake: it gets no blocks, no
/// finality, no peers and none of the consortium's transactions.
async fn stock_outsider_gets_nothing(net: &Network, rpcs: &[Rpc], backend: &str) -> Result<()> {
	let dir = NodeDir::new("outsider")?;
	let mut spec = NodeSpec::new("outsider", "local_consortium", 5).args([
		"--consortium-peering",
		"off",
		"--network-backend",
		backend,
	]);
	spec.bootnodes = net.nodes.iter().map(|n| n.multiaddr()).collect();
	let mut outsider = Node::start(spec, &dir)?;
	let out = outsider.wait_rpc(Duration::from_secs(60)).await?;

	// A transaction gossiped among members.
	let chain = tx::ChainInfo::fetch(&rpcs[1]).await?;
	let alice = Sr25519Keyring::Alice.pair();
	let nonce = rpcs[1].next_nonce(&account(&alice).to_string()).await?;
	let xt = tx::transfer_keep_alive(
		&alice,
		Sr25519Keyring::Ferdie.to_account_id(),
		1_000_000_000_000,
		nonce,
		&chain,
	);
	rpcs[1].submit(&xt).await?;
	let before = rpcs[0].finalized().await?.0;
	wait_for(Duration::from_secs(60), "three more finalized blocks", || async {
		Ok((rpcs[0].finalized().await?.0 >= before + 3).then_some(()))
	})
	.await?;

	assert_eq!(out.best_number().await?, 0, "the outsider synced blocks");
	assert_eq!(out.finalized().await?.0, 0, "the outsider got finality (GRANDPA)");
	assert_eq!(out.peers().await?, 0, "the outsider has sync peers");
	assert_eq!(out.pending().await?, 0, "the outsider received a transaction");
	let members: Vec<String> = net.nodes.iter().map(|n| n.peer_id.clone()).collect();
	for (i, r) in rpcs.iter().enumerate() {
		let peers = r.peer_ids().await?;
		assert!(!peers.contains(&outsider.peer_id), "member {i} talks to the outsider");
		assert!(peers.iter().all(|p| members.contains(p)), "member {i} has a non-member peer");
	}
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn forged_client_is_refused_litep2p() -> Result<()> {
	forged_client_is_refused("litep2p").await
}

#[tokio::test(flavor = "multi_thread")]
async fn forged_client_is_refused_libp2p() -> Result<()> {
	forged_client_is_refused("libp2p").await
}

/// Run the node binary with `args` until it exits (at most 60 s); its status and output.
fn run_node(args: &[&str]) -> Result<(bool, String)> {
	let out = Command::new("timeout")
		.arg("60")
		.arg(node_binary())
		.args(args)
		.output()
		.context("running the node")?;
	let text =
		format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
	Ok((out.status.success(), text))
}

#[test]
fn a_node_without_a_chain_or_without_peering_does_not_start() -> Result<()> {
	let dir = tempfile::tempdir()?;
	let base = dir.path().to_str().unwrap();
	let (ok, text) = run_node(&["--base-path", base, "--no-telemetry", "--no-prometheus"])?;
	assert!(!ok && text.contains("no chain given"), "started without --chain:\n{text}");

	// A consortium spec whose peering property was removed.
	let (ok, spec) = run_node(&["export-chain-spec", "--chain", "local_consortium"])?;
	assert!(ok, "{spec}");
	let mut spec: serde_json::Value = serde_json::from_str(&spec)?;
	spec["properties"].as_object_mut().unwrap().remove("consortiumPeering");
	spec["chainType"] = "Live".into();
	let path = dir.path().join("open.json");
	std::fs::write(&path, serde_json::to_vec(&spec)?)?;
	let (ok, text) = run_node(&[
		"--chain",
		path.to_str().unwrap(),
		"--base-path",
		base,
		"--no-telemetry",
		"--no-prometheus",
	])?;
	assert!(!ok && text.contains("refusing to run an open node"), "started open:\n{text}");
	Ok(())
}

/// A node with the RPC defaults of a member node (the harness's `--rpc-methods unsafe` and
/// loopback rate-limit exemption left out).
fn member_node(name: &str, dir: &NodeDir, extra: &[&str]) -> Result<Node> {
	let mut spec = NodeSpec::new(name, "local_consortium", 0)
		.validator("alice")
		.args(extra.iter().copied());
	spec.member_rpc_defaults = true;
	Node::start(spec, dir)
}

/// HTTP POST of a JSON-RPC call with an optional `Origin`; the status code.
fn http_status(port: u16, origin: Option<&str>, upgrade: bool) -> Result<u16> {
	use std::io::{Read, Write};
	let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
	stream.set_read_timeout(Some(Duration::from_secs(10)))?;
	let body = r#"{"jsonrpc":"2.0","id":1,"method":"system_health","params":[]}"#;
	let origin = origin.map(|o| format!("Origin: {o}\r\n")).unwrap_or_default();
	let request = if upgrade {
		format!(
			"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{origin}Connection: Upgrade\r\nUpgrade: websocket\r\n\
			 Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
		)
	} else {
		format!(
			"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{origin}Content-Type: application/json\r\n\
			 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
			body.len()
		)
	};
	stream.write_all(request.as_bytes())?;
	let mut buf = [0u8; 64];
	let n = stream.read(&mut buf)?;
	let head = String::from_utf8_lossy(&buf[..n]);
	head.split_whitespace()
		.nth(1)
		.and_then(|s| s.parse().ok())
		.context("no HTTP status")
}

/// How many of `calls` concurrent `system_health` calls on one connection are refused.
async fn burst(rpc: &Rpc, calls: usize) -> Result<usize> {
	let t0 = Instant::now();
	let results = futures::future::join_all(
		(0..calls).map(|_| rpc.call("system_health", jsonrpsee::rpc_params![])),
	)
	.await;
	let failed: Vec<String> = results
		.iter()
		.filter_map(|r| r.as_ref().err())
		.map(|e| format!("{e:#}"))
		.collect();
	println!(
		"{calls} calls in {:.1} s, {} refused{}",
		t0.elapsed().as_secs_f64(),
		failed.len(),
		failed.first().map(|e| format!(" (first: {e})")).unwrap_or_default()
	);
	Ok(failed.len())
}

#[tokio::test(flavor = "multi_thread")]
async fn member_rpc_defaults_and_key_files() -> Result<()> {
	let _guard = exclusive().await;
	let dir = NodeDir::new("member-rpc")?;
	let mut node = member_node("member", &dir, &[])?;
	let rpc = node.wait_rpc(Duration::from_secs(60)).await?;

	// Unsafe methods: refused.
	let err = rpc.call("author_rotateKeys", jsonrpsee::rpc_params![]).await.unwrap_err();
	assert!(format!("{err:#}").contains("unsafe"), "{err:#}");
	let err = rpc
		.call(
			"system_addReservedPeer",
			jsonrpsee::rpc_params![
				"/ip4/127.0.0.1/tcp/1/p2p/12D3KooWQYV9dGMFoRzNStwpXztXaBUjtPqi6aU76ZgUriHhKust"
			],
		)
		.await
		.unwrap_err();
	assert!(format!("{err:#}").contains("unsafe"), "{err:#}");

	// Browser origins: refused over HTTP and WebSocket; no Origin (not a browser): served.
	let port = node.rpc_port;
	assert_eq!(http_status(port, Some("http://evil.example"), false)?, 403);
	assert_eq!(http_status(port, Some("http://evil.example"), true)?, 403);
	assert_eq!(http_status(port, None, false)?, 200);
	assert_eq!(http_status(port, None, true)?, 101);

	// Rate limit (1,200 calls a minute per connection): of 1,400 calls at once on one
	// connection, those over the limit are refused.
	let limited = burst(&rpc, 1_400).await?;
	assert!(limited >= 100, "the default rate limit refused only {limited} of 1,400 calls");

	// The operator's flags open what the defaults closed.
	node.stop()?;
	drop(rpc);
	let open = ["--rpc-methods", "unsafe", "--rpc-cors", "http://explorer.example"];
	let whitelist = ["--rpc-rate-limit-whitelisted-ips", "127.0.0.1/32"];
	let mut node = member_node("member", &dir, &[&open[..], &whitelist[..]].concat())?;
	let rpc = node.wait_rpc(Duration::from_secs(60)).await?;
	rpc.call("author_rotateKeys", jsonrpsee::rpc_params![]).await?;
	assert_eq!(http_status(node.rpc_port, Some("http://explorer.example"), false)?, 200);
	assert_eq!(http_status(node.rpc_port, Some("http://evil.example"), false)?, 403);
	assert_eq!(burst(&rpc, 1_400).await?, 0, "a whitelisted client was rate-limited");

	// Key files (the session keys just made): directories 0700, files 0600.
	let chain_dir = dir.path().join("chains/bioledger_local_consortium");
	for sub in ["keystore", "network"] {
		let mode = std::fs::metadata(chain_dir.join(sub))?.permissions().mode() & 0o777;
		assert_eq!(mode, 0o700, "{sub} is {mode:o}");
	}
	let keys: Vec<_> = std::fs::read_dir(chain_dir.join("keystore"))?.collect::<Result<_, _>>()?;
	assert!(keys.len() >= 2, "author_rotateKeys wrote no key");
	for key in &keys {
		assert_eq!(key.metadata()?.permissions().mode() & 0o777, 0o600);
	}
	// A key others can read is reported at the next start.
	node.stop()?;
	drop(rpc);
	std::fs::set_permissions(keys[0].path(), std::fs::Permissions::from_mode(0o644))?;
	let mut node = member_node("member", &dir, &[])?;
	let _rpc = node.wait_rpc(Duration::from_secs(60)).await?;
	assert!(
		node.log_text().contains("other users can read it"),
		"no warning about {:?}",
		keys[0].path()
	);

	// `sm2 generate --out` writes the secret key owner-only.
	let secret = dir.path().join("seal.pem");
	let status = Command::new(node_binary())
		.args(["sm2", "generate", "--out"])
		.arg(&secret)
		.output()?
		.status;
	assert!(status.success());
	assert_eq!(std::fs::metadata(&secret)?.permissions().mode() & 0o777, 0o600);
	Ok(())
}

/// `bioledger firewall` on the running consortium `net` lists the member nodes' addresses
/// (run on the chain of the litep2p forged-client test).
async fn firewall_rules_list_the_member_nodes(net: &Network, rpc: &Rpc) -> Result<()> {
	// Bob's organisation gives its node's address (the genesis nodes have none).
	let chain = tx::ChainInfo::fetch(rpc).await?;
	let addr = format!("/ip4/127.0.0.1/tcp/{}", net.nodes[1].p2p_port);
	let block = send(
		rpc,
		&chain,
		&dev_pair("//Bob"),
		RuntimeCall::Consortium(pallet_consortium::Call::update_node {
			peer_id: bioledger_e2e::dev_peer_id_bytes(1).try_into().unwrap(),
			addrs: vec![addr.into_bytes().try_into().unwrap()].try_into().unwrap(),
		}),
	)
	.await?;
	let n = rpc.number_of(block).await?;
	wait_for(Duration::from_secs(60), "the address to be final", || async {
		Ok((rpc.finalized().await?.0 >= n).then_some(()))
	})
	.await?;
	let out = Command::new(node_binary())
		.args(["firewall", "--rpc-url", &net.nodes[1].ws_url(), "--port", "30333"])
		.output()?;
	let rules = String::from_utf8(out.stdout)?;
	if !out.status.success() {
		bail!("firewall failed: {}", String::from_utf8_lossy(&out.stderr));
	}
	println!("{rules}");
	assert!(rules.contains("table inet bioledger"));
	assert!(rules.contains("elements = { 127.0.0.1 }"), "Bob's address is not allowed");
	// Alice's, Charlie's and Dave's genesis nodes and the forged client registered above.
	assert!(rules.contains("4 member node(s) registered without an address"), "{rules}");
	assert!(rules.contains("tcp dport 30333 ip saddr @members4 accept"));
	assert!(rules.contains("tcp dport 30333 drop"));
	Ok(())
}
