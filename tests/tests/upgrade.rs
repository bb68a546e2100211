//! The consortium upgrades its own runtime by vote, under load, with no sudo.
//!
//! Four validators start from the previous release's chain spec
//! (`chain-spec/previous/local-consortium.json`: its runtime, its genesis). While eight senders
//! keep sending transfers through all four nodes:
//!
//! 1. a motion of two of the four seats for the Root path fails with `BadOrigin`, and a member's
//!    own signed `system.set_code` is refused;
//! 2. the state of the running chain is exported from one validator (stopped for it, then
//!    restarted) for CI's `try-upgrade` step, which runs the new runtime's migrations on it;
//! 3. three of the four seats pass the upgrade motion (whitelist `set_code(new runtime)` and
//!    schedule it at a block 30 blocks ahead); a member uploads the code (free: requested);
//! 4. at that block every node switches to the new runtime and its migrations run;
//! 5. the traffic is accounted for: every transfer finalized once or refused with a reason;
//!    the longest finality stall is measured; a `@polkadot/api` client connected before the
//!    upgrade decodes blocks and events from both sides; the state after is exported too.
//!
//! Slow (about four minutes) and it needs the explorer's npm packages: CI runs it in its own
//! step (`upgrade`) after the explorer step: `cargo test --release -p bioledger-e2e --test
//! upgrade -- --ignored --nocapture`. Figures land in `$CARGO_TARGET_DIR/upgrade/report.json`.

use anyhow::{bail, Context, Result};
use bioledger_e2e::{
	chain::{block_events, dev_pair, read, send, value_key},
	exclusive,
	traffic::Traffic,
	tx::ChainInfo,
	wait_for,
	watch::FinalityWatch,
	Network, Rpc,
};
use bioledger_runtime::{configs::upgrades::UpgradeMotion, RuntimeCall, RuntimeEvent};
use codec::Encode;
use frame_support::dispatch::GetDispatchInfo;
use std::{
	io::{BufRead, BufReader, Write},
	path::PathBuf,
	process::{Command, Stdio},
	time::Duration,
};

fn root() -> PathBuf {
	PathBuf::from(env!("CARGO_MANIFEST_DIR"))
		.parent()
		.expect("workspace")
		.to_path_buf()
}

/// Propose `call` as a council motion with threshold `yes.len()`, vote yes with each of `yes`,
/// close it; the `Executed` result.
async fn motion(
	rpc: &Rpc,
	chain: &ChainInfo,
	yes: &[&str],
	call: RuntimeCall,
) -> Result<Result<(), sp_runtime::DispatchError>> {
	let index: u32 = read(rpc, &value_key("Council", "ProposalCount")).await?.unwrap_or(0);
	let len = call.encoded_size() as u32;
	let weight = call.get_dispatch_info().call_weight;
	let hash = <sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash(&call.encode());
	let first = dev_pair(yes[0]);
	send(
		rpc,
		chain,
		&first,
		RuntimeCall::Council(pallet_collective::Call::propose {
			threshold: yes.len() as u32,
			proposal: Box::new(call),
			length_bound: len,
		}),
	)
	.await?;
	for seat in yes {
		send(
			rpc,
			chain,
			&dev_pair(seat),
			RuntimeCall::Council(pallet_collective::Call::vote {
				proposal: hash,
				index,
				approve: true,
			}),
		)
		.await?;
	}
	let closed = send(
		rpc,
		chain,
		&first,
		RuntimeCall::Council(pallet_collective::Call::close {
			proposal_hash: hash,
			index,
			proposal_weight_bound: weight,
			length_bound: len,
		}),
	)
	.await?;
	for e in block_events(rpc, closed).await? {
		if let RuntimeEvent::Council(pallet_collective::Event::Executed { result, .. }) = e.event {
			return Ok(result);
		}
	}
	bail!("motion not executed")
}

/// Stop node `i`, export the state of its finalized head to `file`, restart it.
async fn export_state(net: &mut Network, i: usize, chain: &str, file: &PathBuf) -> Result<Rpc> {
	net.nodes[i].stop()?;
	let out = Command::new(bioledger_e2e::node_binary())
		.args(["export-state", "--chain", chain, "--base-path"])
		.arg(net.dirs[i].path())
		.output()
		.context("export-state")?;
	if !out.status.success() {
		bail!("export-state failed: {}", String::from_utf8_lossy(&out.stderr));
	}
	std::fs::write(file, &out.stdout)?;
	net.nodes[i].restart()?;
	net.nodes[i].wait_rpc(Duration::from_secs(60)).await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "slow, needs the explorer's npm packages: CI's `upgrade` step runs it"]
async fn the_consortium_upgrades_its_runtime_by_vote_under_load() -> Result<()> {
	let _g = exclusive().await;
	let previous = root().join("chain-spec/previous/local-consortium.json");
	let chain_arg = previous.to_str().expect("utf-8 path").to_string();
	let (mut net, mut rpcs) = Network::consortium_from(&chain_arg, &[]).await?;
	let rpc = Rpc::connect(&net.nodes[0].ws_url()).await?;
	wait_for(Duration::from_secs(120), "finality", || async {
		Ok((rpc.finalized().await?.0 >= 3).then_some(()))
	})
	.await?;
	let (old_spec, old_tx) = rpc.runtime_version().await?;
	let chain = ChainInfo::fetch(&rpc).await?;

	// The @polkadot/api client, connected before the upgrade.
	let mut client = Command::new("node")
		.arg(root().join("explorer/tests/upgrade-client.mjs"))
		.arg(net.nodes[1].ws_url())
		.current_dir(root().join("explorer"))
		.stdin(Stdio::piped())
		.stdout(Stdio::piped())
		.stderr(Stdio::inherit())
		.spawn()
		.context("node explorer/tests/upgrade-client.mjs (run scripts/explorer-setup.sh)")?;
	let mut client_out = BufReader::new(client.stdout.take().expect("stdout"));
	let mut ready = String::new();
	client_out.read_line(&mut ready)?;
	assert!(ready.starts_with("connected"), "client: {ready}");

	// Finality, watched from the first node: the longest time without a new finalized block.
	let watch = FinalityWatch::start(&net.nodes[0].ws_url()).await?;

	// Steady traffic through every node: 8 senders, one transfer each per 0.8 s.
	let urls: Vec<String> = net.nodes.iter().map(|n| n.ws_url()).collect();
	let senders = [
		"//Eve",
		"//Ferdie",
		"//Eve//stash",
		"//Ferdie//stash",
		"//Alice//stash",
		"//Bob//stash",
		"//Charlie//stash",
		"//Dave//stash",
	]
	.iter()
	.map(|s| dev_pair(s))
	.collect();
	let traffic = Traffic::start(urls, senders, Duration::from_millis(800)).await?;
	tokio::time::sleep(Duration::from_secs(15)).await;

	// 1. Two of four seats cannot reach Root; nor can a member's signed call.
	let wasm = bioledger_runtime::WASM_BINARY.expect("the runtime's WASM is built").to_vec();
	let best = rpc.best_number().await?;
	let refused = motion(
		&rpc,
		&chain,
		&["//Alice", "//Bob"],
		UpgradeMotion::new(wasm.clone(), best + 100, 4).motion,
	)
	.await?;
	assert_eq!(refused, Err(sp_runtime::DispatchError::BadOrigin), "two of four seats");
	let direct = send(
		&rpc,
		&chain,
		&dev_pair("//Alice"),
		RuntimeCall::System(frame_system::Call::set_code { code: vec![0; 8] }),
	)
	.await;
	assert!(direct.is_err(), "a signed set_code was accepted");

	// 2. The running chain's state, for CI's `try-upgrade` step (Dave stops for the export;
	// the other three keep finalizing).
	let pre = bioledger_e2e::results_dir("upgrade").join("state-before.json");
	rpcs[3] = export_state(&mut net, 3, &chain_arg, &pre).await?;

	// 3. Three of four seats: announce and schedule; Dave uploads the code.
	let at = rpc.best_number().await? + 30;
	let kit = UpgradeMotion::new(wasm.clone(), at, 4);
	assert_eq!(kit.threshold, 3);
	motion(&rpc, &chain, &["//Alice", "//Bob", "//Charlie"], kit.motion.clone())
		.await?
		.map_err(|e| anyhow::anyhow!("upgrade motion failed: {e:?}"))?;
	let upload = send(
		&rpc,
		&chain,
		&dev_pair("//Dave"),
		RuntimeCall::Preimage(pallet_preimage::Call::note_preimage {
			bytes: kit.set_code.encode(),
		}),
	)
	.await?;
	let uploaded = rpc.number_of(upload).await?;
	assert!(uploaded < at, "the code was on chain before block {at} (at {uploaded})");

	// 4. Enactment at `at`; from `at + 1` every node runs the new runtime.
	wait_for(Duration::from_secs(180), "every node on the new runtime", || async {
		for r in &rpcs {
			if r.runtime_version().await?.0 <= old_spec {
				return Ok(None);
			}
		}
		Ok(Some(()))
	})
	.await?;
	let (new_spec, new_tx) = rpc.runtime_version().await?;
	let enacted = {
		let hash = rpc.block_hash(at).await?.context("block at")?;
		block_events(&rpc, hash).await?.into_iter().any(|e| {
			matches!(e.event, RuntimeEvent::System(frame_system::Event::CodeUpdated { .. }))
		})
	};
	assert!(enacted, "CodeUpdated in block {at}");
	wait_for(Duration::from_secs(60), "the upgrade block finalized", || async {
		Ok((rpc.finalized().await?.0 > at + 5).then_some(()))
	})
	.await?;
	// Finalized hashes on both sides of the upgrade.
	let before_hash = rpc.block_hash(at - 1).await?;
	let after_hash = rpc.block_hash(at + 2).await?;

	// 5. Traffic for another 20 s on the new runtime, then the accounting.
	tokio::time::sleep(Duration::from_secs(20)).await;
	let report = traffic.finish(Duration::from_secs(90)).await?;
	let longest = watch.longest().await;
	drop(watch);
	let post = bioledger_e2e::results_dir("upgrade").join("state-after.json");
	rpcs[3] = export_state(&mut net, 3, &chain_arg, &post).await?;

	// The pre-upgrade client decodes a block and its events from before and after.
	let (b, a) = (before_hash.context("block before")?, after_hash.context("block after")?);
	writeln!(client.stdin.as_mut().expect("stdin"), "decode {b:?} {a:?}")?;
	// @polkadot/api logs to stdout too (e.g. the runtime change it noticed): the answer is the
	// first JSON line.
	let mut decoded = String::new();
	for _ in 0..50 {
		decoded.clear();
		if client_out.read_line(&mut decoded)? == 0 || decoded.trim_start().starts_with('{') {
			break;
		}
		println!("upgrade client: {}", decoded.trim_end());
	}
	let _ = client.kill();
	let decoded: serde_json::Value = serde_json::from_str(&decoded).context("client output")?;

	let summary = serde_json::json!({
		"from": { "spec": old_spec, "tx": old_tx },
		"to": { "spec": new_spec, "tx": new_tx },
		"enactedAt": at,
		"codeUploadedAt": uploaded,
		"codeBytes": wasm.len(),
		"longestFinalityStall": { "afterBlock": longest.after_block, "seconds": longest.length.as_secs_f64() },
		"traffic": report,
		"client": decoded,
	});
	std::fs::write(
		bioledger_e2e::results_dir("upgrade").join("report.json"),
		serde_json::to_string_pretty(&summary)?,
	)?;
	println!("{}", serde_json::to_string_pretty(&summary)?);

	assert!(new_spec > old_spec);
	assert_eq!(report.lost, 0, "transactions lost: {report:?}");
	assert_eq!(report.duplicates, 0, "transactions executed twice: {report:?}");
	assert_eq!(report.accounted(), report.submitted, "{report:?}");
	assert!(report.finalized > 0);
	assert!(longest.length < Duration::from_secs(30), "finality stalled {longest:?}");
	for side in ["before", "after"] {
		let d = &decoded[side];
		assert!(
			d["events"].as_u64().unwrap_or(0) > 0 && d["extrinsics"].as_u64().unwrap_or(0) > 0,
			"{side}: {d}"
		);
	}
	assert_eq!(decoded["before"]["spec"].as_u64(), Some(old_spec as u64));
	assert_eq!(decoded["after"]["spec"].as_u64(), Some(new_spec as u64));
	Ok(())
}
