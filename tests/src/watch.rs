//! Finality, watched from one node: the longest time without a new finalized block.

use crate::rpc::{header_number, Rpc};
use anyhow::Result;
use std::{
	sync::Arc,
	time::{Duration, Instant},
};
use tokio::sync::Mutex;

/// The longest stall seen so far: the finalized height it followed and its length.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stall {
	/// The last finalized block before the stall.
	pub after_block: u32,
	/// Time until the next finalized block.
	pub length: Duration,
}

/// A running watcher (stops when dropped).
pub struct FinalityWatch {
	longest: Arc<Mutex<Stall>>,
	last: Arc<Mutex<(u32, Instant)>>,
	task: tokio::task::JoinHandle<Result<()>>,
}

impl FinalityWatch {
	/// Follow the finalized heads of the node at `url` (a node that stays up).
	pub async fn start(url: &str) -> Result<Self> {
		let rpc = Rpc::connect(url).await?;
		let longest: Arc<Mutex<Stall>> = Arc::default();
		let last = Arc::new(Mutex::new((0u32, Instant::now())));
		let (l, t) = (longest.clone(), last.clone());
		let task = tokio::spawn(async move {
			let mut sub = rpc.subscribe_finalized_heads().await?;
			while let Some(h) = sub.next().await {
				let n = header_number(&h?)?;
				let mut last = t.lock().await;
				if n > last.0 {
					let gap = last.1.elapsed();
					let mut g = l.lock().await;
					if last.0 > 0 && gap > g.length {
						*g = Stall { after_block: last.0, length: gap };
					}
					*last = (n, Instant::now());
				}
			}
			anyhow::Ok(())
		});
		Ok(Self { longest, last, task })
	}

	/// The longest stall so far, counting the one still open (time since the last head).
	pub async fn longest(&self) -> Stall {
		let g = *self.longest.lock().await;
		let (n, t) = *self.last.lock().await;
		let open = t.elapsed();
		if n > 0 && open > g.length {
			Stall { after_block: n, length: open }
		} else {
			g
		}
	}
}

impl Drop for FinalityWatch {
	fn drop(&mut self) {
		self.task.abort();
	}
}
