//! The dev chain: blocks are produced and finalized; a signed transfer reaches `finalized`; a
//! garbled extrinsic is refused with a JSON-RPC error and block production goes on.

use bioledger_e2e::{rpc::parse_hash, tx, wait_for, Node, NodeDir, NodeSpec};
use sp_core::Pair;
use sp_keyring::Sr25519Keyring;
use std::time::Duration;

async fn dev_node() -> anyhow::Result<(Node, NodeDir, bioledger_e2e::Rpc)> {
	let dir = NodeDir::new("dev")?;
	let mut node = Node::start(NodeSpec::new("dev", "dev", 0).validator("alice"), &dir)?;
	let rpc = node.wait_rpc(Duration::from_secs(60)).await?;
	Ok((node, dir, rpc))
}

#[tokio::test(flavor = "multi_thread")]
async fn dev_chain_produces_and_finalizes_and_includes_a_transfer() -> anyhow::Result<()> {
	let (_node, _dir, rpc) = dev_node().await?;

	// Blocks are produced and finalized.
	let finalized = wait_for(Duration::from_secs(60), "finalized height >= 3", || async {
		let (n, h) = rpc.finalized().await?;
		Ok((n >= 3).then_some((n, h)))
	})
	.await?;
	assert_eq!(rpc.block_hash(finalized.0).await?, Some(finalized.1));
	assert!(rpc.best_number().await? >= finalized.0);

	// A signed transfer goes all the way to `finalized`.
	let chain = tx::ChainInfo::fetch(&rpc).await?;
	let alice = Sr25519Keyring::Alice.pair();
	let nonce = rpc.next_nonce(&Sr25519Keyring::Alice.to_account_id().to_string()).await?;
	let xt = tx::transfer_keep_alive(
		&alice,
		Sr25519Keyring::Ferdie.to_account_id(),
		1_000_000_000_000,
		nonce,
		&chain,
	);
	let mut sub = rpc.submit_and_watch(&xt).await?;
	let mut seen = Vec::new();
	let finalized_in = tokio::time::timeout(Duration::from_secs(60), async {
		while let Some(status) = sub.next().await {
			let status = status?;
			seen.push(status.clone());
			if let Some(block) = status.get("finalized") {
				return parse_hash(block);
			}
			for bad in ["invalid", "dropped", "usurped"] {
				anyhow::ensure!(
					status.get(bad).is_none() && status != bad,
					"transaction {bad}: {seen:?}"
				);
			}
		}
		anyhow::bail!("subscription ended early: {seen:?}")
	})
	.await??;
	assert!(
		seen.iter().any(|s| s.get("inBlock").is_some()),
		"`inBlock` must precede `finalized`: {seen:?}"
	);
	// The finalized block is canonical and the nonce moved on.
	let n = rpc.number_of(finalized_in).await?;
	assert_eq!(rpc.block_hash(n).await?, Some(finalized_in));
	assert_eq!(rpc.next_nonce(&alice.public().to_string()).await?, nonce + 1);
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn garbled_extrinsic_is_refused_and_the_chain_goes_on() -> anyhow::Result<()> {
	let (_node, _dir, rpc) = dev_node().await?;
	wait_for(Duration::from_secs(60), "block 1", || async {
		Ok((rpc.best_number().await? >= 1).then_some(()))
	})
	.await?;

	for garbage in [&b"\xde\xad\xbe\xef"[..], &[0u8; 0][..], &[0xff; 300][..]] {
		let err = rpc.submit(garbage).await.expect_err("garbage must be refused");
		// A JSON-RPC error object from the author API (1001 bad format, 1002 verification,
		// 1010+ pool, 1040 decoding/other), not a transport failure.
		match err.downcast_ref::<jsonrpsee::core::ClientError>() {
			Some(jsonrpsee::core::ClientError::Call(obj)) => assert!(
				(1001..1100).contains(&obj.code()) && !obj.message().is_empty(),
				"unexpected error for {garbage:02x?}: {obj:?}"
			),
			other => panic!("expected a JSON-RPC error object, got {other:?} ({err:#})"),
		}
	}

	// Still producing blocks afterwards.
	let before = rpc.best_number().await?;
	wait_for(Duration::from_secs(30), "two more blocks", || async {
		Ok((rpc.best_number().await? >= before + 2).then_some(()))
	})
	.await?;
	Ok(())
}
