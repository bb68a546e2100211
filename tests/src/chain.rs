//! Reading BioLedger state over RPC and sending transactions: storage keys, runtime API calls,
//! council motions.

pub use bioledger_client::chain::{
	api, block_events, extrinsic_outcomes, map_key, read, value_key,
};

use crate::{rpc::parse_hash, tx, Rpc};
use anyhow::{anyhow, bail, Context, Result};
use bioledger_runtime::{AccountId, RuntimeCall};
use codec::{Decode, Encode};
use frame_support::dispatch::GetDispatchInfo;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{sr25519, Pair, H256};
use sp_runtime::generic::DigestItem;
use sp_runtime::traits::{BlakeTwo256, Hash as HashT};
use std::time::Duration;

/// The account id of a key pair.
pub fn account(pair: &sr25519::Pair) -> AccountId {
	pair.public().into()
}

/// A dev key pair from a derivation path such as `//Alice` or `//Alice//qa`.
pub fn dev_pair(path: &str) -> sr25519::Pair {
	sr25519::Pair::from_string(path, None).expect("valid dev path")
}

/// Sign `call` with `signer` (next nonce from the node), submit, and wait until it is in a
/// block; fails if the transaction is invalid or its dispatch failed. Returns the block hash.
pub async fn send(
	rpc: &Rpc,
	chain: &tx::ChainInfo,
	signer: &sr25519::Pair,
	call: RuntimeCall,
) -> Result<H256> {
	Ok(send_all(rpc, chain, vec![(signer, call)]).await?[0])
}

/// Wait (up to 60 s) until a watched transaction is in a block; its block hash.
async fn in_block(
	sub: &mut jsonrpsee::core::client::Subscription<serde_json::Value>,
) -> Result<H256> {
	tokio::time::timeout(Duration::from_secs(60), async {
		while let Some(status) = sub.next().await {
			let status = status?;
			if let Some(b) = status.get("inBlock").or_else(|| status.get("finalized")) {
				return parse_hash(b);
			}
			for bad in ["invalid", "dropped", "usurped"] {
				if status.get(bad).is_some() || status == bad {
					bail!("transaction {bad}: {status}");
				}
			}
		}
		bail!("subscription ended")
	})
	.await
	.map_err(|_| anyhow!("transaction not included within 60 s"))?
}

/// The events emitted by extrinsic `xt` of `block`.
async fn events_of(
	rpc: &Rpc,
	block: H256,
	xt: &[u8],
) -> Result<Vec<bioledger_runtime::RuntimeEvent>> {
	let body = rpc.call("chain_getBlock", jsonrpsee::rpc_params![format!("{block:?}")]).await?;
	let want = format!("0x{}", hex::encode(xt));
	let index = body["block"]["extrinsics"]
		.as_array()
		.and_then(|xs| xs.iter().position(|x| x.as_str() == Some(want.as_str())))
		.ok_or_else(|| anyhow!("extrinsic not found in {block:?}"))? as u32;
	Ok(block_events(rpc, block)
		.await?
		.into_iter()
		.filter(|e| e.phase == frame_system::Phase::ApplyExtrinsic(index))
		.map(|e| e.event)
		.collect())
}

/// Check that extrinsic `xt` in `block` dispatched successfully (no `ExtrinsicFailed`).
pub async fn ensure_succeeded(rpc: &Rpc, block: H256, xt: &[u8]) -> Result<()> {
	for e in events_of(rpc, block, xt).await? {
		if let bioledger_runtime::RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
			dispatch_error,
			..
		}) = e
		{
			bail!("dispatch failed: {dispatch_error:?}");
		}
	}
	Ok(())
}

/// Pass a council motion: `members[0]` proposes with threshold `members.len()`, every member
/// votes aye, `members[0]` closes. Fails if the motion's call itself fails.
pub async fn pass_motion(
	rpc: &Rpc,
	chain: &tx::ChainInfo,
	members: &[&sr25519::Pair],
	call: RuntimeCall,
) -> Result<()> {
	let index: u32 = read(rpc, &value_key("Council", "ProposalCount")).await?.unwrap_or(0);
	let length_bound = call.encoded_size() as u32;
	let weight = call.get_dispatch_info().call_weight;
	let hash = <BlakeTwo256 as HashT>::hash(&call.encode());
	send(
		rpc,
		chain,
		members[0],
		RuntimeCall::Council(pallet_collective::Call::propose {
			threshold: members.len() as u32,
			proposal: Box::new(call),
			length_bound,
		}),
	)
	.await?;
	// The proposer's vote is not implied: every member votes.
	for m in members {
		send(
			rpc,
			chain,
			m,
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
		members[0],
		RuntimeCall::Council(pallet_collective::Call::close {
			proposal_hash: hash,
			index,
			proposal_weight_bound: weight,
			length_bound,
		}),
	)
	.await?;
	// The motion's own result is in the `Executed` event.
	for e in block_events(rpc, closed).await? {
		if let bioledger_runtime::RuntimeEvent::Council(pallet_collective::Event::Executed {
			result,
			..
		}) = e.event
		{
			return result.map_err(|err| anyhow!("motion executed with error {err:?}"));
		}
	}
	bail!("motion was not executed")
}

/// The Aura author index of a block: slot (from the pre-runtime digest) modulo authorities.
pub async fn authored_by(rpc: &Rpc, block: H256, who: &AuraId) -> Result<bool> {
	let header = rpc.header(block).await?;
	let parent: H256 = parse_hash(&header["parentHash"])?;
	let authorities: Vec<AuraId> = Decode::decode(
		&mut &rpc
			.storage(&value_key("Aura", "Authorities"), Some(parent))
			.await?
			.unwrap_or_default()[..],
	)?;
	let Some(index) = authorities.iter().position(|a| a == who) else { return Ok(false) };
	for log in header["digest"]["logs"].as_array().into_iter().flatten() {
		let bytes = hex::decode(log.as_str().unwrap_or_default().trim_start_matches("0x"))?;
		if let Ok(DigestItem::PreRuntime(engine, data)) = DigestItem::decode(&mut &bytes[..]) {
			if engine == *b"aura" {
				let slot = u64::decode(&mut &data[..])?;
				return Ok(slot % authorities.len() as u64 == index as u64);
			}
		}
	}
	Ok(false)
}

/// Sign and submit every `(signer, call)` at once (one signer's calls get consecutive nonces
/// in list order), wait until each is in a block and check that each dispatched successfully.
/// Returns the block of each.
pub async fn send_all(
	rpc: &Rpc,
	chain: &tx::ChainInfo,
	calls: Vec<(&sr25519::Pair, RuntimeCall)>,
) -> Result<Vec<H256>> {
	let mut nonces: std::collections::HashMap<AccountId, u32> = Default::default();
	let mut pending = Vec::with_capacity(calls.len());
	for (signer, call) in calls {
		let who = account(signer);
		let nonce = match nonces.get(&who) {
			Some(n) => *n,
			None => rpc.next_nonce(&who.to_string()).await?,
		};
		nonces.insert(who, nonce + 1);
		let xt = tx::sign(call.clone(), signer, nonce, chain).encode();
		let sub = rpc.submit_and_watch(&xt).await.with_context(|| format!("{call:?}"))?;
		pending.push((call, xt, sub));
	}
	let mut blocks = Vec::with_capacity(pending.len());
	for (call, xt, mut sub) in pending {
		let block = in_block(&mut sub).await.with_context(|| format!("{call:?}"))?;
		ensure_succeeded(rpc, block, &xt).await.with_context(|| format!("{call:?}"))?;
		blocks.push(block);
	}
	Ok(blocks)
}

/// Pass `call` by council motion on a development chain, whose three seats are the admins of
/// the founding organisations: Alice's and the regulator's (`//NMPA`) votes are two thirds.
/// (There is no sudo.)
pub async fn dev_council(rpc: &Rpc, chain: &tx::ChainInfo, call: RuntimeCall) -> Result<()> {
	pass_motion(rpc, chain, &[&dev_pair("//Alice"), &dev_pair("//NMPA")], call).await
}

/// The issuer whose dev e-seal and signer are `issuer_seed` (e.g. `//NMPA`) issues the
/// credentials requested of it by `holder` that `terms` gives a window and document for: it
/// reads the pending requests (`ConsortiumApi_requests`), asks the chain for each digest
/// (`ConsortiumApi_credential_digest`, version 1), seals it with its SM2 key and sends
/// `issue_credential` (all in one block). Returns how many it issued.
pub async fn issue_requested(
	rpc: &Rpc,
	chain: &tx::ChainInfo,
	issuer_seed: &str,
	issuer: u32,
	holder: u32,
	terms: impl Fn(
		bioledger_primitives::CredentialKind,
	) -> Option<(bioledger_primitives::Validity, [u8; 32])>,
) -> Result<usize> {
	let requests: Vec<pallet_consortium::RequestView> =
		api(rpc, "ConsortiumApi_requests", holder).await?;
	let seal_key = bioledger_crypto::native::Sm2Keypair::from_seed(issuer_seed);
	let signer = dev_pair(issuer_seed);
	let mut calls = Vec::new();
	for r in requests.into_iter().filter(|r| r.holder == holder && r.issuer == issuer) {
		let Some((validity, doc)) = terms(r.kind) else { continue };
		let digest: [u8; 32] = api(
			rpc,
			"ConsortiumApi_credential_digest",
			(holder, r.kind, validity, doc, issuer, 1u32),
		)
		.await?;
		calls.push((
			&signer,
			RuntimeCall::Consortium(pallet_consortium::Call::issue_credential {
				request: r.id,
				doc_hash: doc,
				validity,
				seal: seal_key.sign(&digest),
			}),
		));
	}
	let n = calls.len();
	if n > 0 {
		send_all(rpc, chain, calls).await?;
	}
	Ok(n)
}
