//! The four-validator local consortium: all four agree on the finalized chain; with one
//! validator killed finality goes on; restarted, it catches up to the same finalized hash with
//! no block lost.

use bioledger_e2e::{wait_for, Network, Rpc};
use sp_core::H256;
use std::time::Duration;

/// The highest height finalized by every node in `rpcs`, with each node's hash there.
async fn common_finalized(rpcs: &[&Rpc]) -> anyhow::Result<(u32, Vec<Option<H256>>)> {
	let mut min = u32::MAX;
	for r in rpcs {
		min = min.min(r.finalized().await?.0);
	}
	let mut hashes = Vec::new();
	for r in rpcs {
		hashes.push(r.block_hash(min).await?);
	}
	Ok((min, hashes))
}

#[tokio::test(flavor = "multi_thread")]
async fn four_validators_finalize_survive_a_crash_and_catch_up() -> anyhow::Result<()> {
	let (mut net, rpcs) = Network::local_consortium().await?;
	let all: Vec<&Rpc> = rpcs.iter().collect();

	// 1. Everyone finalizes the same block at height >= 5.
	let (h, hashes) =
		wait_for(Duration::from_secs(120), "common finalized height >= 5", || async {
			let (h, hashes) = common_finalized(&all).await?;
			Ok((h >= 5).then_some((h, hashes)))
		})
		.await?;
	assert!(hashes.iter().all(|x| x.is_some() && *x == hashes[0]), "fork at {h}: {hashes:?}");

	// 2. Kill Dave (SIGKILL). Remember what he had finalized.
	let (dave_fin, dave_fin_hash) = rpcs[3].finalized().await?;
	net.nodes[3].kill();
	let survivors: Vec<&Rpc> = rpcs[..3].iter().collect();
	let (f0, _) = rpcs[0].finalized().await?;
	let (h2, hashes) =
		wait_for(Duration::from_secs(90), "finality to advance with 3 of 4", || async {
			let (h, hashes) = common_finalized(&survivors).await?;
			Ok((h >= f0 + 3).then_some((h, hashes)))
		})
		.await?;
	assert!(hashes.iter().all(|x| x.is_some() && *x == hashes[0]), "fork at {h2}: {hashes:?}");

	// 3. Restart Dave on the same database and keys: he catches up to the same finalized hash.
	net.nodes[3].restart()?;
	let dave = net.nodes[3].wait_rpc(Duration::from_secs(60)).await?;
	let target = rpcs[0].finalized().await?.0;
	wait_for(Duration::from_secs(120), "Dave to catch up", || async {
		Ok((dave.finalized().await?.0 >= target).then_some(()))
	})
	.await?;
	let mut everyone: Vec<&Rpc> = survivors.clone();
	everyone.push(&dave);
	let (h3, hashes) = common_finalized(&everyone).await?;
	assert!(h3 >= target);
	assert!(hashes.iter().all(|x| x.is_some() && *x == hashes[0]), "fork at {h3}: {hashes:?}");

	// No data lost: what Dave had finalized before the crash is still his (and everyone's).
	assert_eq!(dave.block_hash(dave_fin).await?, Some(dave_fin_hash));
	assert_eq!(rpcs[0].block_hash(dave_fin).await?, Some(dave_fin_hash));
	Ok(())
}
