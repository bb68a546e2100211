//! Faults real operators meet, on a four-validator consortium with permissioned peering:
//! one validator killed (finality goes on), a second killed (finality stops, no conflicting
//! finalization), both restarted (finality resumes, one finalized chain); a clean stop and
//! restart from disk keeps the database and the keystore (it authors again without a dev seed).

use bioledger_e2e::{chain::authored_by, exclusive, wait_for, Network, Rpc};
use jsonrpsee::rpc_params;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{ed25519, sr25519, Pair, H256};
use std::{collections::BTreeMap, time::Duration};

/// Each node's finalized (height, hash), and the hash every node has at each of those heights.
async fn finalized_views(rpcs: &[&Rpc]) -> anyhow::Result<Vec<(u32, H256)>> {
	let mut v = Vec::new();
	for r in rpcs {
		v.push(r.finalized().await?);
	}
	Ok(v)
}

/// No two nodes finalized different blocks at the same height: each node's finalized block is
/// on every other node's chain (where that node has the height).
async fn assert_one_finalized_chain(rpcs: &[&Rpc]) -> anyhow::Result<()> {
	let views = finalized_views(rpcs).await?;
	let mut at: BTreeMap<u32, H256> = BTreeMap::new();
	for (i, r) in rpcs.iter().enumerate() {
		for (h, _) in &views {
			if let Some(hash) = r.block_hash(*h).await? {
				if *h <= views[i].0 {
					let seen = at.entry(*h).or_insert(hash);
					assert_eq!(*seen, hash, "two finalized blocks at height {h}");
				}
			}
		}
	}
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn two_of_four_down_stops_finality_safely_and_it_resumes() -> anyhow::Result<()> {
	let _guard = exclusive().await;
	let (mut net, rpcs) = Network::local_consortium().await?;
	wait_for(Duration::from_secs(120), "finalized >= 5", || async {
		Ok((rpcs[0].finalized().await?.0 >= 5).then_some(()))
	})
	.await?;

	// One down: three of four still finalize.
	net.nodes[3].kill();
	let f0 = rpcs[0].finalized().await?.0;
	wait_for(Duration::from_secs(60), "finality with 3 of 4", || async {
		Ok((rpcs[0].finalized().await?.0 >= f0 + 3).then_some(()))
	})
	.await?;

	// Two down: no two-thirds majority, finality stops while blocks are still produced.
	net.nodes[2].kill();
	tokio::time::sleep(Duration::from_secs(6)).await;
	let (stuck, _) = rpcs[0].finalized().await?;
	let best_then = rpcs[0].best_number().await?;
	tokio::time::sleep(Duration::from_secs(21)).await;
	let live: Vec<&Rpc> = rpcs[..2].iter().collect();
	for r in &live {
		assert_eq!(r.finalized().await?.0, stuck, "finality advanced with 2 of 4 validators");
	}
	assert!(rpcs[0].best_number().await? > best_then, "block production stopped");
	assert_one_finalized_chain(&live).await?;

	// Both back: finality resumes and all four agree.
	net.nodes[2].restart()?;
	net.nodes[3].restart()?;
	let charlie = net.nodes[2].wait_rpc(Duration::from_secs(60)).await?;
	let dave = net.nodes[3].wait_rpc(Duration::from_secs(60)).await?;
	let all = [&rpcs[0], &rpcs[1], &charlie, &dave];
	let target = stuck + 3;
	wait_for(Duration::from_secs(180), "finality to resume everywhere", || async {
		for r in all {
			if r.finalized().await?.0 < target {
				return Ok(None);
			}
		}
		Ok(Some(()))
	})
	.await?;
	assert_one_finalized_chain(&all).await?;
	let common = {
		let mut m = u32::MAX;
		for r in all {
			m = m.min(r.finalized().await?.0);
		}
		m
	};
	let hashes: Vec<Option<H256>> = {
		let mut v = Vec::new();
		for r in all {
			v.push(r.block_hash(common).await?);
		}
		v
	};
	assert!(hashes.iter().all(|h| h.is_some() && *h == hashes[0]), "{hashes:?}");
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn clean_restart_keeps_database_and_keys() -> anyhow::Result<()> {
	let _guard = exclusive().await;
	let (mut net, rpcs) = Network::local_consortium().await?;
	wait_for(Duration::from_secs(120), "finalized >= 4", || async {
		Ok((rpcs[1].finalized().await?.0 >= 4).then_some(()))
	})
	.await?;
	// Bob's session keys go into his node's on-disk keystore (`--bob` alone only keeps them in
	// memory); the restart below runs with `--validator` and no dev seed.
	let aura = sr25519::Pair::from_string("//Bob", None)?.public();
	let gran = ed25519::Pair::from_string("//Bob", None)?.public();
	for (kind, public) in [("aura", hex::encode(aura)), ("gran", hex::encode(gran))] {
		rpcs[1]
			.call("author_insertKey", rpc_params![kind, "//Bob", format!("0x{public}")])
			.await?;
	}
	let best = rpcs[1].best_number().await?;
	let best_hash = rpcs[1].block_hash(best).await?.expect("own best block");
	let (fin, fin_hash) = rpcs[1].finalized().await?;
	net.nodes[1].stop()?;
	let log_before = net.nodes[1].log_text().len();
	tokio::time::sleep(Duration::from_secs(9)).await;
	net.nodes[1].spec.validator = None;
	net.nodes[1].spec.extra_args.push("--validator".into());
	net.nodes[1].restart()?;
	let bob = net.nodes[1].wait_rpc(Duration::from_secs(60)).await?;
	// Its database is there from the first RPC answer: nothing was re-synced from zero.
	assert!(bob.best_number().await? >= best);
	assert_eq!(bob.block_hash(fin).await?, Some(fin_hash));
	for (kind, public) in [("aura", hex::encode(aura)), ("gran", hex::encode(gran))] {
		let has = bob.call("author_hasKey", rpc_params![format!("0x{public}"), kind]).await?;
		assert_eq!(has, serde_json::Value::Bool(true), "{kind} key lost on restart");
	}
	let target = rpcs[0].best_number().await?;
	wait_for(Duration::from_secs(90), "Bob to catch up", || async {
		Ok((bob.best_number().await? >= target).then_some(()))
	})
	.await?;
	// No block it had imported is lost (its old best is still on its canonical chain or, if it
	// was a fork, still known).
	assert!(!bob.header(best_hash).await?.is_null(), "Bob lost his pre-restart best block");
	let restarted = &net.nodes[1].log_text()[log_before..];
	assert!(restarted.contains("Role: AUTHORITY"), "restarted as a non-authority");
	// Same keystore: it authors again with the key it had on disk.
	let aura_id = AuraId::from(aura);
	let from = bob.best_number().await?;
	wait_for(Duration::from_secs(60), "a block authored by the restarted Bob", || async {
		let head = bob.best_number().await?;
		for n in from + 1..=head {
			if let Some(h) = bob.block_hash(n).await? {
				if authored_by(&bob, h, &aura_id).await? {
					return Ok(Some(()));
				}
			}
		}
		Ok(None)
	})
	.await?;
	wait_for(Duration::from_secs(60), "finality with Bob back", || async {
		Ok((bob.finalized().await?.0 > fin + 3).then_some(()))
	})
	.await?;
	Ok(())
}
