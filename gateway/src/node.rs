//! The connection to the member's node: reconnects on demand, caches the chain facts a signer
//! needs and notices a runtime upgrade (new `spec_version`/`transaction_version`).

use anyhow::{anyhow, Result};
use bioledger_client::{tx::ChainInfo, Rpc};
use std::{sync::Arc, time::Duration};
use tokio::sync::RwLock;

/// A lazily (re)connected node client.
pub struct Node {
	url: String,
	rpc: RwLock<Option<Arc<Rpc>>>,
	info: RwLock<Option<ChainInfo>>,
}

impl Node {
	/// A client for `url`; nothing is connected yet.
	pub fn new(url: &str) -> Self {
		Self { url: url.to_string(), rpc: RwLock::new(None), info: RwLock::new(None) }
	}

	/// A live connection, reconnecting if the last one dropped.
	pub async fn rpc(&self) -> Result<Arc<Rpc>> {
		if let Some(r) = self.rpc.read().await.as_ref() {
			if r.client.is_connected() {
				return Ok(r.clone());
			}
		}
		let mut slot = self.rpc.write().await;
		if let Some(r) = slot.as_ref() {
			if r.client.is_connected() {
				return Ok(r.clone());
			}
		}
		let rpc = tokio::time::timeout(Duration::from_secs(5), Rpc::connect(&self.url))
			.await
			.map_err(|_| anyhow!("node {} did not answer within 5 s", self.url))??;
		let rpc = Arc::new(rpc);
		*slot = Some(rpc.clone());
		*self.info.write().await = None;
		Ok(rpc)
	}

	/// Forget the connection (after an error that suggests it is dead).
	pub async fn reset(&self) {
		*self.rpc.write().await = None;
	}

	/// Genesis hash and runtime version, cached until [`Node::refresh_info`].
	pub async fn info(&self) -> Result<ChainInfo> {
		if let Some(i) = *self.info.read().await {
			return Ok(i);
		}
		self.refresh_info().await
	}

	/// Re-read the runtime version (after an upgrade).
	pub async fn refresh_info(&self) -> Result<ChainInfo> {
		let rpc = self.rpc().await?;
		let info = ChainInfo::fetch(&rpc).await?;
		*self.info.write().await = Some(info);
		Ok(info)
	}
}
