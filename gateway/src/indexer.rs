//! Follows the node: every finalized block, in order and with no gap (GRANDPA finalizes
//! several at once, so each number is fetched), is decoded and committed in one store
//! transaction together with the intents it settles and the `indexed` cursor. A restart of the
//! gateway or of the node resumes from that cursor, so each event is stored exactly once.
//! Best blocks are only scanned to move intents to `in_block`.
//!
//! Validators keep the state of the last 256 blocks only; a gateway that was down longer must
//! be pointed at an archive node (docs/operator-guide.md) to catch up.

use crate::{
	app::App,
	decode::{self, DOMAIN_PALLETS},
	store::{BlockWrite, FeedEvent},
	submit::log_warn,
};
use anyhow::{anyhow, Context, Result};
use bioledger_client::{
	chain::{block_events, value_key},
	rpc::header_number,
	Rpc,
};
use codec::Decode;
use sp_core::H256;
use std::{collections::HashMap, sync::Arc, time::Duration};
use tokio::sync::watch;

/// Run forever, reconnecting after errors.
pub async fn run(app: Arc<App>, indexed: watch::Sender<u32>, index_from: Option<u32>) {
	loop {
		if let Err(e) = follow(&app, &indexed, index_from).await {
			log_warn(&format!("indexer: {e:#}"));
			app.node.reset().await;
			tokio::time::sleep(Duration::from_secs(2)).await;
		}
	}
}

async fn follow(
	app: &Arc<App>,
	indexed: &watch::Sender<u32>,
	index_from: Option<u32>,
) -> Result<()> {
	let rpc = app.node.rpc().await?;
	let mut fin = rpc.subscribe_finalized_heads().await?;
	let mut best = rpc.subscribe_new_heads().await?;
	catch_up(app, &rpc, indexed, index_from).await?;
	loop {
		tokio::select! {
			h = fin.next() => {
				h.ok_or_else(|| anyhow!("finalized-heads subscription closed"))??;
				catch_up(app, &rpc, indexed, index_from).await?;
			}
			h = best.next() => {
				let h = h.ok_or_else(|| anyhow!("new-heads subscription closed"))??;
				let n = header_number(&h)?;
				if let Some(hash) = rpc.block_hash(n).await? {
					let xts = signed_extrinsics(&rpc, hash).await?;
					let xts: Vec<_> = xts.into_iter().map(|(i, a, n, c, _)| (i, a, n, c)).collect();
					app.submitter.saw_in_block(n, hash, &xts).await;
				}
			}
			_ = tokio::time::sleep(Duration::from_secs(12)) => {
				catch_up(app, &rpc, indexed, index_from).await?;
			}
		}
	}
}

async fn catch_up(
	app: &Arc<App>,
	rpc: &Rpc,
	indexed: &watch::Sender<u32>,
	index_from: Option<u32>,
) -> Result<()> {
	let (finalized, _) = rpc.finalized().await?;
	let mut next = match app.store.meta("indexed")? {
		Some(n) => n as u32 + 1,
		// A new store starts at `index_from`, else 200 blocks back (inside a validator's
		// 256-block state window).
		None => index_from.unwrap_or_else(|| finalized.saturating_sub(200)).max(1),
	};
	while next <= finalized {
		index_block(app, rpc, next)
			.await
			.with_context(|| format!("indexing block {next}"))?;
		let _ = indexed.send(next);
		next += 1;
	}
	Ok(())
}

type SignedXt = (u32, String, u32, Vec<u8>, Vec<u8>);

/// `(index, signer, nonce, encoded call, extrinsic bytes)` of each signed extrinsic.
async fn signed_extrinsics(rpc: &Rpc, hash: H256) -> Result<Vec<SignedXt>> {
	let body = rpc.call("chain_getBlock", jsonrpsee::rpc_params![format!("{hash:?}")]).await?;
	let mut out = Vec::new();
	for (i, x) in body["block"]["extrinsics"].as_array().into_iter().flatten().enumerate() {
		let bytes = hex::decode(x.as_str().unwrap_or_default().trim_start_matches("0x"))?;
		if let Some((account, nonce, call)) = decode::signer_and_nonce(&bytes) {
			out.push((i as u32, account, nonce, codec::Encode::encode(&call), bytes));
		}
	}
	Ok(out)
}

async fn index_block(app: &Arc<App>, rpc: &Rpc, number: u32) -> Result<()> {
	let hash = rpc.block_hash(number).await?.ok_or_else(|| anyhow!("no block {number}"))?;
	let xts = signed_extrinsics(rpc, hash).await?;
	let records = block_events(rpc, hash).await.context(
		"reading the block's events (state pruned? point the gateway at an archive node)",
	)?;
	let timestamp_ms = rpc
		.storage(&value_key("Timestamp", "Now"), Some(hash))
		.await?
		.and_then(|b| u64::decode(&mut &b[..]).ok())
		.unwrap_or(0);
	let mut outcomes: HashMap<u32, Result<(), String>> = HashMap::new();
	let mut events = Vec::new();
	for (idx, rec) in records.iter().enumerate() {
		let xt_index = match rec.phase {
			frame_system::Phase::ApplyExtrinsic(i) => Some(i),
			_ => None,
		};
		match (&rec.event, xt_index) {
			(
				bioledger_runtime::RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess {
					..
				}),
				Some(i),
			) => {
				outcomes.insert(i, Ok(()));
			},
			(
				bioledger_runtime::RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
					dispatch_error,
					..
				}),
				Some(i),
			) => {
				outcomes.insert(i, Err(decode::error_name(dispatch_error)));
			},
			_ => {},
		}
		let Some(d) = app.decoder.decode(&rec.event) else { continue };
		if !DOMAIN_PALLETS.contains(&d.pallet.as_str()) {
			continue;
		}
		let mut fields = d.fields;
		decode::iso_times(&mut fields);
		events.push(FeedEvent {
			cursor: format!("{number}:{idx}"),
			block: number,
			block_hash: format!("{hash:?}"),
			event_index: idx as u32,
			extrinsic_index: xt_index,
			pallet: d.pallet,
			event: d.event,
			fields,
			orgs: d.orgs,
			lots: d.lots,
			timestamp_ms,
		});
	}
	let settle: Vec<_> = xts
		.iter()
		.map(|(i, a, n, c, _)| {
			(*i, a.clone(), *n, c.clone(), outcomes.get(i).cloned().unwrap_or(Ok(())))
		})
		.collect();
	// The nonces of accounts with transactions in flight, after this block.
	let mut nonces_after = HashMap::new();
	for account in app.submitter.busy_accounts().await {
		let id: bioledger_runtime::AccountId = account.parse().map_err(|e| anyhow!("{e:?}"))?;
		let key = bioledger_client::chain::map_key::<frame_support::Blake2_128Concat, _>(
			"System", "Account", &id,
		);
		let nonce = rpc
			.storage(&key, Some(hash))
			.await?
			.and_then(|b| u32::decode(&mut &b[..]).ok())
			.unwrap_or(0);
		nonces_after.insert(account, nonce);
	}
	let settled = app.submitter.settle(number, hash, &settle, &nonces_after).await;
	app.store
		.commit_block(&BlockWrite { block: number, events, intents: settled.clone() })?;
	app.submitter.forget(&settled).await;
	Ok(())
}
