//! A small typed client for the standard Substrate JSON-RPC methods (tests, tools, gateway).

use anyhow::{anyhow, Context, Result};
use jsonrpsee::{
	core::{
		client::{ClientT, Subscription, SubscriptionClientT},
		params::ArrayParams,
	},
	rpc_params,
	ws_client::{WsClient, WsClientBuilder},
};
use serde_json::Value;
use sp_core::H256;
use std::time::Duration;

/// A JSON-RPC connection to one node.
pub struct Rpc {
	/// The underlying jsonrpsee client (for calls this wrapper does not cover).
	pub client: WsClient,
}

/// Parse a `0x…` block number.
fn parse_number(v: &Value) -> Result<u32> {
	let s = v.as_str().ok_or_else(|| anyhow!("number is not a string: {v}"))?;
	Ok(u32::from_str_radix(s.trim_start_matches("0x"), 16)?)
}

/// Parse a `0x…` 32-byte hash.
pub fn parse_hash(v: &Value) -> Result<H256> {
	let s = v.as_str().ok_or_else(|| anyhow!("hash is not a string: {v}"))?;
	let bytes = hex::decode(s.trim_start_matches("0x"))?;
	if bytes.len() != 32 {
		return Err(anyhow!("hash of {} bytes", bytes.len()));
	}
	Ok(H256::from_slice(&bytes))
}

impl Rpc {
	/// Connect to `url` (e.g. `ws://127.0.0.1:9944`).
	pub async fn connect(url: &str) -> Result<Self> {
		let client = WsClientBuilder::default()
			.request_timeout(Duration::from_secs(60))
			.max_concurrent_requests(4096)
			.max_buffer_capacity_per_subscription(16 * 1024)
			// Above the node's 15 MiB response limit, so an oversized answer (a huge pool
			// listing) is the node's error reply, not a closed connection.
			.max_response_size(64 * 1024 * 1024)
			.build(url)
			.await
			.with_context(|| format!("connecting to {url}"))?;
		Ok(Self { client })
	}

	/// Raw call.
	pub async fn call(&self, method: &str, params: ArrayParams) -> Result<Value> {
		Ok(self.client.request::<Value, _>(method, params).await?)
	}

	/// `chain_getBlockHash(n)`, `None` if the node has no block at `n`.
	pub async fn block_hash(&self, n: u32) -> Result<Option<H256>> {
		let v = self.call("chain_getBlockHash", rpc_params![n]).await?;
		if v.is_null() {
			return Ok(None);
		}
		parse_hash(&v).map(Some)
	}

	/// Genesis hash.
	pub async fn genesis_hash(&self) -> Result<H256> {
		self.block_hash(0).await?.ok_or_else(|| anyhow!("no genesis"))
	}

	/// Best block number.
	pub async fn best_number(&self) -> Result<u32> {
		let header = self.call("chain_getHeader", rpc_params![]).await?;
		parse_number(&header["number"])
	}

	/// Number of a block by hash.
	pub async fn number_of(&self, hash: H256) -> Result<u32> {
		let header = self.call("chain_getHeader", rpc_params![format!("{hash:?}")]).await?;
		parse_number(&header["number"])
	}

	/// Finalized head: (number, hash).
	pub async fn finalized(&self) -> Result<(u32, H256)> {
		let hash = parse_hash(&self.call("chain_getFinalizedHead", rpc_params![]).await?)?;
		Ok((self.number_of(hash).await?, hash))
	}

	/// Number of connected peers.
	pub async fn peers(&self) -> Result<u64> {
		let health = self.call("system_health", rpc_params![]).await?;
		health["peers"].as_u64().ok_or_else(|| anyhow!("bad system_health: {health}"))
	}

	/// `state_getRuntimeVersion`: (spec_version, transaction_version).
	pub async fn runtime_version(&self) -> Result<(u32, u32)> {
		let v = self.call("state_getRuntimeVersion", rpc_params![]).await?;
		let spec = v["specVersion"].as_u64().ok_or_else(|| anyhow!("no specVersion"))?;
		let tx = v["transactionVersion"]
			.as_u64()
			.ok_or_else(|| anyhow!("no transactionVersion"))?;
		Ok((spec as u32, tx as u32))
	}

	/// `system_accountNextIndex`.
	pub async fn next_nonce(&self, ss58: &str) -> Result<u32> {
		let v = self.call("system_accountNextIndex", rpc_params![ss58]).await?;
		v.as_u64().map(|n| n as u32).ok_or_else(|| anyhow!("bad nonce {v}"))
	}

	/// `author_submitExtrinsic` with raw SCALE bytes; returns the transaction hash.
	pub async fn submit(&self, xt: &[u8]) -> Result<H256> {
		let v = self
			.call("author_submitExtrinsic", rpc_params![format!("0x{}", hex::encode(xt))])
			.await?;
		parse_hash(&v)
	}

	/// `author_submitAndWatchExtrinsic`: the status stream of one transaction.
	pub async fn submit_and_watch(&self, xt: &[u8]) -> Result<Subscription<Value>> {
		Ok(self
			.client
			.subscribe(
				"author_submitAndWatchExtrinsic",
				rpc_params![format!("0x{}", hex::encode(xt))],
				"author_unwatchExtrinsic",
			)
			.await?)
	}

	/// `chain_subscribeNewHeads`.
	pub async fn subscribe_new_heads(&self) -> Result<Subscription<Value>> {
		Ok(self
			.client
			.subscribe("chain_subscribeNewHeads", rpc_params![], "chain_unsubscribeNewHeads")
			.await?)
	}

	/// `chain_subscribeFinalizedHeads`.
	pub async fn subscribe_finalized_heads(&self) -> Result<Subscription<Value>> {
		Ok(self
			.client
			.subscribe(
				"chain_subscribeFinalizedHeads",
				rpc_params![],
				"chain_unsubscribeFinalizedHeads",
			)
			.await?)
	}
}

/// Block number of a header JSON object.
pub fn header_number(header: &Value) -> Result<u32> {
	parse_number(&header["number"])
}

impl Rpc {
	/// `state_call(method, data)` at the best block: SCALE bytes of a runtime API result.
	pub async fn state_call(&self, method: &str, data: &[u8]) -> Result<Vec<u8>> {
		let v = self
			.call("state_call", rpc_params![method, format!("0x{}", hex::encode(data))])
			.await?;
		let s = v.as_str().ok_or_else(|| anyhow!("state_call returned {v}"))?;
		Ok(hex::decode(s.trim_start_matches("0x"))?)
	}

	/// `state_getStorage(key)` at the best block (or at `at`).
	pub async fn storage(&self, key: &[u8], at: Option<H256>) -> Result<Option<Vec<u8>>> {
		let key = format!("0x{}", hex::encode(key));
		let v = match at {
			Some(h) => self.call("state_getStorage", rpc_params![key, format!("{h:?}")]).await?,
			None => self.call("state_getStorage", rpc_params![key]).await?,
		};
		if v.is_null() {
			return Ok(None);
		}
		let s = v.as_str().ok_or_else(|| anyhow!("state_getStorage returned {v}"))?;
		Ok(Some(hex::decode(s.trim_start_matches("0x"))?))
	}

	/// A header by hash (JSON).
	pub async fn header(&self, hash: H256) -> Result<Value> {
		self.call("chain_getHeader", rpc_params![format!("{hash:?}")]).await
	}
}

impl Rpc {
	/// Peer ids of the node's connected peers (`system_peers`).
	pub async fn peer_ids(&self) -> Result<Vec<String>> {
		let v = self.call("system_peers", rpc_params![]).await?;
		Ok(v.as_array()
			.map(|a| a.iter().filter_map(|p| p["peerId"].as_str().map(str::to_string)).collect())
			.unwrap_or_default())
	}

	/// Number of transactions in the node's pool (`author_pendingExtrinsics`).
	pub async fn pending(&self) -> Result<usize> {
		let v = self.call("author_pendingExtrinsics", rpc_params![]).await?;
		Ok(v.as_array().map(|a| a.len()).unwrap_or(0))
	}
}

/// A refused submission's error, short enough to count by: the node's JSON-RPC error
/// message and data (pool errors name their reason there), or the client's error.
pub fn error_text(e: &anyhow::Error) -> String {
	let text = match e.downcast_ref::<jsonrpsee::core::ClientError>() {
		Some(jsonrpsee::core::ClientError::Call(obj)) => format!(
			"{} {}: {}",
			obj.code(),
			obj.message(),
			obj.data().map(|d| d.get()).unwrap_or_default()
		),
		_ => format!("{e:#}"),
	};
	text.chars().take(120).collect()
}
