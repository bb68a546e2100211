//! Reading chain state and events over RPC with the runtime's own types.

use crate::rpc::Rpc;
use anyhow::{Context, Result};
use codec::{Decode, Encode};
use frame_support::{storage::storage_prefix, StorageHasher};
use sp_core::H256;

/// The key of a storage value `pallet::item`.
pub fn value_key(pallet: &str, item: &str) -> Vec<u8> {
	storage_prefix(pallet.as_bytes(), item.as_bytes()).to_vec()
}

/// The key of `pallet::item[key]` for a map hashed with `H` (a `*Concat` hasher).
pub fn map_key<H: StorageHasher<Output = Vec<u8>>, K: Encode>(
	pallet: &str,
	item: &str,
	key: &K,
) -> Vec<u8> {
	let mut k = value_key(pallet, item);
	k.extend(H::hash(&key.encode()));
	k
}

/// Decode a storage value, `None` if absent.
pub async fn read<T: Decode>(rpc: &Rpc, key: &[u8]) -> Result<Option<T>> {
	match rpc.storage(key, None).await? {
		Some(bytes) => Ok(Some(T::decode(&mut &bytes[..]).context("decoding storage")?)),
		None => Ok(None),
	}
}

/// Call a runtime API and decode its result.
pub async fn api<T: Decode>(rpc: &Rpc, method: &str, args: impl Encode) -> Result<T> {
	let bytes = rpc.state_call(method, &args.encode()).await?;
	T::decode(&mut &bytes[..]).with_context(|| format!("decoding {method}"))
}

/// Every event of `block`.
pub async fn block_events(
	rpc: &Rpc,
	block: H256,
) -> Result<Vec<frame_system::EventRecord<bioledger_runtime::RuntimeEvent, H256>>> {
	let bytes = rpc
		.storage(&value_key("System", "Events"), Some(block))
		.await?
		.unwrap_or_default();
	Ok(Decode::decode(&mut &bytes[..])?)
}

/// Every extrinsic of `block` (its SCALE bytes) with its dispatch outcome from the block's
/// events: `Some(Ok(()))` (`ExtrinsicSuccess`), `Some(Err(_))` (`ExtrinsicFailed`), `None` if
/// it has neither.
pub async fn extrinsic_outcomes(
	rpc: &Rpc,
	block: H256,
) -> Result<Vec<(Vec<u8>, Option<Result<(), sp_runtime::DispatchError>>)>> {
	let body = rpc.call("chain_getBlock", jsonrpsee::rpc_params![format!("{block:?}")]).await?;
	let events = block_events(rpc, block).await?;
	let mut out = Vec::new();
	for (i, x) in body["block"]["extrinsics"].as_array().into_iter().flatten().enumerate() {
		let bytes = hex::decode(x.as_str().unwrap_or_default().trim_start_matches("0x"))?;
		let phase = frame_system::Phase::ApplyExtrinsic(i as u32);
		let outcome = events.iter().filter(|e| e.phase == phase).find_map(|e| match &e.event {
			bioledger_runtime::RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess {
				..
			}) => Some(Ok(())),
			bioledger_runtime::RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error,
				..
			}) => Some(Err(*dispatch_error)),
			_ => None,
		});
		out.push((bytes, outcome));
	}
	Ok(out)
}
