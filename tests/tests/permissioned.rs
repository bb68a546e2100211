//! Permissioned peering on a real four-member consortium (`local_consortium`, whose chain spec
//! turns `--consortium-peering` on): a suspended member's node is disconnected and its
//! validator leaves. (An outsider's stock node getting nothing, with either network backend, is
//! tested on the chain of `perimeter::forged_client_is_refused_*`.) (A newly admitted member's
//! node connecting, syncing and validating without restarting anyone is `consortium_admission`.)

use bioledger_e2e::{
	chain::{dev_pair, pass_motion, read, value_key},
	exclusive, tx, wait_for, Network, Rpc,
};
use bioledger_runtime::{AccountId, RuntimeCall};
use sp_keyring::Sr25519Keyring;
use std::time::Duration;

async fn finalized_at_least(rpc: &Rpc, n: u32, secs: u64) -> anyhow::Result<()> {
	wait_for(Duration::from_secs(secs), &format!("finalized >= {n}"), || async {
		Ok((rpc.finalized().await?.0 >= n).then_some(()))
	})
	.await
}

#[tokio::test(flavor = "multi_thread")]
async fn suspended_member_is_disconnected_and_its_validator_leaves() -> anyhow::Result<()> {
	let _guard = exclusive().await;
	let (net, rpcs) = Network::local_consortium().await?;
	let rpc = &rpcs[0];
	finalized_at_least(rpc, 3, 90).await?;
	let dave_peer = net.nodes[3].peer_id.clone();
	wait_for(Duration::from_secs(60), "Alice connected to Dave", || async {
		Ok(rpc.peer_ids().await?.contains(&dave_peer).then_some(()))
	})
	.await?;
	let chain = tx::ChainInfo::fetch(rpc).await?;
	let (alice, bob, charlie) = (dev_pair("//Alice"), dev_pair("//Bob"), dev_pair("//Charlie"));
	// Dave's organisation is org 3; two thirds of the six seats are four votes (the founding
	// regulator's among them).
	let nmpa = dev_pair("//NMPA");
	pass_motion(
		rpc,
		&chain,
		&[&alice, &bob, &charlie, &nmpa],
		RuntimeCall::Consortium(pallet_consortium::Call::suspend { org: 3 }),
	)
	.await?;
	// Within a few blocks no member talks to Dave's node any more.
	wait_for(Duration::from_secs(60), "Dave's node disconnected", || async {
		for r in &rpcs[..3] {
			if r.peer_ids().await?.contains(&dave_peer) {
				return Ok(None);
			}
		}
		Ok(Some(()))
	})
	.await?;
	// His validator leaves at a coming session; the other three keep finalizing.
	let dave: AccountId = Sr25519Keyring::Dave.to_account_id();
	wait_for(Duration::from_secs(240), "Dave out of the validator set", || async {
		let v: Vec<AccountId> =
			read(rpc, &value_key("Session", "Validators")).await?.unwrap_or_default();
		Ok((!v.contains(&dave) && v.len() == 3).then_some(()))
	})
	.await?;
	let f = rpc.finalized().await?.0;
	finalized_at_least(rpc, f + 3, 60).await?;
	// Dave's node is stuck behind.
	assert!(rpcs[3].best_number().await? + 3 < rpc.best_number().await?);
	Ok(())
}
