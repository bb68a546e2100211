//! Exactly-once submission.
//!
//! Every write becomes an [`Intent`] recorded in the store *before* it is signed, and recorded
//! again with its nonce and signed bytes *before* it is submitted (write-ahead). The
//! finalized-block indexer settles intents by `(signer, nonce)`, comparing the call, so a
//! transaction is counted once whichever signing of it landed. The client contract of
//! docs/reliability.md is followed per signing account:
//! - at most `window` (32) transactions waiting in the pool (signed, not yet in a block), the
//!   rest queued in order;
//! - a transaction the pool has not put in a block within [`RESUBMIT_AFTER`] is submitted
//!   again (same bytes); one the pool banned, or whose signature no longer checks after a
//!   runtime upgrade, is re-signed **with the same nonce**, so at most one signing can land;
//! - a transaction refused for good (fees, a custom validity error) is `failed` with the pool's
//!   reason, and its nonce is filled with a `system.remark` so the account's later
//!   transactions are not stuck behind a gap. A nonce is never given to a different call;
//! - a nonce the chain used for something else (another client of the same account) cannot
//!   carry our transaction any more: the intent goes back to the front of the queue and is
//!   signed again with a fresh nonce (its old signing can never land).

use crate::{
	decode,
	node::Node,
	store::{Intent, IntentState, Store},
};
use anyhow::Result;
use bioledger_client::{rpc::error_text, tx};
use bioledger_runtime::RuntimeCall;
use codec::{Decode, Encode};
use sp_core::{sr25519, Pair, H256};
use sp_runtime::traits::{BlakeTwo256, Hash as _};
use std::{
	collections::{BTreeMap, HashMap, VecDeque},
	sync::Arc,
	time::Duration,
};
use tokio::sync::{Mutex, Notify};

/// A transaction not in a block this long after its submission is submitted again.
pub const RESUBMIT_AFTER: Duration = Duration::from_secs(15);
/// The system name of the gateway's own transactions (nonce fillers).
pub const GATEWAY_SYSTEM: &str = "gateway";

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or(0)
}

#[derive(Default)]
struct Account {
	next: Option<u32>,
	queue: VecDeque<u64>,
	inflight: BTreeMap<u32, u64>,
}

#[derive(Default)]
struct Inner {
	accounts: HashMap<String, Account>,
	open: HashMap<u64, Intent>,
}

/// What the pool said to a submission.
#[derive(Debug, PartialEq)]
enum PoolAnswer {
	/// Accepted (or already there).
	Accepted,
	/// Try again later with the same bytes.
	Later,
	/// Re-sign with the same nonce (banned, or a runtime upgrade changed the signed payload).
	Resign,
	/// The nonce is already used: the indexer settles it.
	Stale,
	/// Refused for good.
	Refused(String),
}

fn classify(text: &str) -> PoolAnswer {
	let t = text.to_ascii_lowercase();
	if t.contains("already imported") || t.contains("priority is too low") || t.contains("future") {
		PoolAnswer::Accepted
	} else if t.contains("banned") || t.contains("bad signature") || t.contains("badproof") {
		PoolAnswer::Resign
	} else if t.contains("outdated") || t.contains("stale") {
		PoolAnswer::Stale
	} else if t.contains("inability to pay") || t.contains("payment") {
		PoolAnswer::Refused("pool:Payment".into())
	} else if t.contains("invalid transaction") || t.contains("unknown transaction") {
		PoolAnswer::Refused(format!("pool:{}", text.trim()))
	} else {
		PoolAnswer::Later
	}
}

/// The submitter.
pub struct Submitter {
	store: Arc<Store>,
	node: Arc<Node>,
	window: usize,
	pairs: HashMap<String, sr25519::Pair>,
	inner: Mutex<Inner>,
	wake: Notify,
	/// Serialises idempotency check + record.
	pub record_lock: Mutex<()>,
}

/// An intent to record: who, what kind, which call.
pub struct NewIntent {
	/// Asking system.
	pub system: String,
	/// Kind.
	pub kind: String,
	/// Signing account (SS58).
	pub account: String,
	/// Call.
	pub call: RuntimeCall,
}

impl NewIntent {
	fn into_intent(self) -> Intent {
		Intent {
			id: 0,
			system: self.system,
			kind: self.kind,
			account: self.account,
			call: hex::encode(self.call.encode()),
			nonce: None,
			xt: None,
			tx_hash: None,
			state: IntentState::Queued,
			block: None,
			block_hash: None,
			extrinsic_index: None,
			error: None,
			created_ms: now_ms(),
			submitted_ms: None,
			finalized_ms: None,
			attempts: 0,
			spec_version: None,
		}
	}
}

impl Submitter {
	/// A submitter for the given signing accounts; loads every open intent from the store.
	pub fn new(
		store: Arc<Store>,
		node: Arc<Node>,
		window: usize,
		pairs: Vec<sr25519::Pair>,
	) -> Result<Arc<Self>> {
		let pairs: HashMap<String, sr25519::Pair> =
			pairs.into_iter().map(|p| (decode::ss58(p.public()), p)).collect();
		let mut inner = Inner::default();
		let highest = store.highest_nonces()?;
		for (account, n) in highest {
			inner.accounts.entry(account).or_default().next = Some(n + 1);
		}
		for i in store.open_intents()? {
			let acct = inner.accounts.entry(i.account.clone()).or_default();
			match i.nonce {
				Some(n) => {
					acct.inflight.insert(n, i.id);
				},
				None => acct.queue.push_back(i.id),
			}
			inner.open.insert(i.id, i);
		}
		for a in inner.accounts.values_mut() {
			a.queue.make_contiguous().sort_unstable();
			// The chain is asked again: the stored highest nonce is only a lower bound.
			a.next = None;
		}
		Ok(Arc::new(Self {
			store,
			node,
			window,
			pairs,
			inner: Mutex::new(inner),
			wake: Notify::new(),
			record_lock: Mutex::new(()),
		}))
	}

	/// Record intents (with an idempotency entry and a capture job, atomically) and queue them.
	pub async fn enqueue(
		&self,
		new: Vec<NewIntent>,
		idempotency: Option<(&str, &serde_json::Value)>,
		capture: Option<(crate::store::Capture, Vec<(String, serde_json::Value, Option<usize>)>)>,
	) -> Result<(Vec<Intent>, Option<crate::store::Capture>)> {
		let intents: Vec<Intent> = new.into_iter().map(NewIntent::into_intent).collect();
		let (intents, capture) = self.store.record(intents, idempotency, capture)?;
		let mut inner = self.inner.lock().await;
		for i in &intents {
			inner.accounts.entry(i.account.clone()).or_default().queue.push_back(i.id);
			inner.open.insert(i.id, i.clone());
		}
		drop(inner);
		self.wake.notify_one();
		Ok((intents, capture))
	}

	/// The current state of an intent (memory first, then the store).
	pub async fn intent(&self, id: u64) -> Result<Option<Intent>> {
		if let Some(i) = self.inner.lock().await.open.get(&id) {
			return Ok(Some(i.clone()));
		}
		self.store.intent(id)
	}

	/// Intents queued or in flight.
	pub async fn backlog(&self) -> usize {
		self.inner.lock().await.open.len()
	}

	/// Run forever: sign queued intents into free window slots, resubmit what stalls.
	pub async fn run(self: Arc<Self>) {
		loop {
			if let Err(e) = self.pump().await {
				log_warn(&format!("submitter: {e:#}"));
				self.node.reset().await;
			}
			let _ = tokio::time::timeout(Duration::from_millis(500), self.wake.notified()).await;
		}
	}

	async fn pump(&self) -> Result<()> {
		let rpc = self.node.rpc().await?;
		let info = self.node.info().await?;
		// 1. Learn each account's next nonce from the chain (pool included) when unknown.
		let unknown: Vec<String> = {
			let inner = self.inner.lock().await;
			inner
				.accounts
				.iter()
				.filter(|(_, a)| {
					a.next.is_none() && (!a.queue.is_empty() || !a.inflight.is_empty())
				})
				.map(|(k, _)| k.clone())
				.collect()
		};
		for account in unknown {
			let chain_next = rpc.next_nonce(&account).await?;
			let mut inner = self.inner.lock().await;
			let highest = self.store.highest_nonces()?.get(&account).map(|n| n + 1).unwrap_or(0);
			let a = inner.accounts.entry(account).or_default();
			let inflight_next = a.inflight.keys().next_back().map(|n| n + 1).unwrap_or(0);
			a.next = Some(chain_next.max(highest).max(inflight_next));
		}
		// 2. Sign queued intents into free slots; write them ahead, then submit.
		let mut to_send: Vec<Intent> = Vec::new();
		{
			let mut inner = self.inner.lock().await;
			let Inner { accounts, open } = &mut *inner;
			for (account, a) in accounts.iter_mut() {
				let Some(pair) = self.pairs.get(account) else { continue };
				// The window counts transactions waiting in the pool (signed, not yet in a
				// block): what the pool must hold for this account.
				let mut waiting = a
					.inflight
					.values()
					.filter(|id| open.get(id).is_some_and(|i| i.state == IntentState::Pending))
					.count();
				while waiting < self.window {
					waiting += 1;
					let Some(next) = a.next else { break };
					let Some(id) = a.queue.pop_front() else { break };
					let Some(intent) = open.get_mut(&id) else { continue };
					sign_into(intent, pair, next, &info)?;
					a.inflight.insert(next, id);
					a.next = Some(next + 1);
					to_send.push(intent.clone());
				}
			}
		}
		// 3. Resubmit what has not reached a block (or re-sign where the pool asked).
		let now = now_ms();
		{
			let inner = self.inner.lock().await;
			for i in inner.open.values() {
				if i.state == IntentState::Pending
					// Never submitted (a stop between signing and submission) or stalled.
					&& i.submitted_ms
						.is_none_or(|t| now.saturating_sub(t) > RESUBMIT_AFTER.as_millis() as u64)
					&& !to_send.iter().any(|s| s.id == i.id)
				{
					to_send.push(i.clone());
				}
			}
		}
		if to_send.is_empty() {
			return Ok(());
		}
		self.store.put_intents(&to_send)?;
		for mut intent in to_send {
			let xt = hex::decode(intent.xt.as_deref().unwrap_or_default())?;
			let answer = match rpc.submit(&xt).await {
				Ok(_) => PoolAnswer::Accepted,
				Err(e) => classify(&error_text(&e)),
			};
			self.after_submit(&mut intent, answer, &info).await?;
		}
		Ok(())
	}

	async fn after_submit(
		&self,
		intent: &mut Intent,
		answer: PoolAnswer,
		info: &tx::ChainInfo,
	) -> Result<()> {
		let mut inner = self.inner.lock().await;
		let Some(cur) = inner.open.get_mut(&intent.id) else { return Ok(()) };
		if cur.state.is_final() || cur.state == IntentState::InBlock {
			return Ok(());
		}
		cur.attempts += 1;
		cur.submitted_ms = Some(now_ms());
		match answer {
			PoolAnswer::Accepted | PoolAnswer::Stale => {},
			PoolAnswer::Later => {},
			PoolAnswer::Resign => {
				// Banned, or the signed payload changed (runtime upgrade): re-read the
				// runtime version and sign again with the same nonce.
				drop(inner);
				let info = self.node.refresh_info().await.unwrap_or(*info);
				inner = self.inner.lock().await;
				let Some(cur) = inner.open.get_mut(&intent.id) else { return Ok(()) };
				if let (Some(pair), Some(n)) = (self.pairs.get(&cur.account), cur.nonce) {
					sign_into(cur, pair, n, &info)?;
					// Due for resubmission at the next pump.
					cur.submitted_ms = Some(0);
				}
			},
			PoolAnswer::Refused(reason) if cur.kind == "nonce-filler" => {
				log_warn(&format!("nonce filler {} refused: {reason}; retrying", cur.id));
			},
			PoolAnswer::Refused(reason) => {
				cur.state = IntentState::Failed;
				cur.error = Some(reason);
				cur.finalized_ms = Some(now_ms());
				let failed = cur.clone();
				drop(inner);
				// The failure and the filler that takes its nonce (so later transactions of
				// the account are not stuck behind a gap) are recorded in one transaction.
				self.fail_and_fill(failed, info).await?;
				return Ok(());
			},
		}
		let snapshot = inner.open.get(&intent.id).cloned();
		drop(inner);
		if let Some(s) = snapshot {
			self.store.put_intents(&[s])?;
		}
		Ok(())
	}

	async fn fail_and_fill(&self, failed: Intent, info: &tx::ChainInfo) -> Result<()> {
		let Some(nonce) = failed.nonce else {
			self.store.put_intents(std::slice::from_ref(&failed))?;
			self.inner.lock().await.open.remove(&failed.id);
			return Ok(());
		};
		let call = RuntimeCall::System(frame_system::Call::remark {
			remark: b"bioledger-gateway: nonce filler".to_vec(),
		});
		let mut filler = NewIntent {
			system: GATEWAY_SYSTEM.into(),
			kind: "nonce-filler".into(),
			account: failed.account.clone(),
			call,
		}
		.into_intent();
		let Some(pair) = self.pairs.get(&failed.account) else { return Ok(()) };
		sign_into(&mut filler, pair, nonce, info)?;
		let filler = self.store.fail_with_filler(&failed, filler)?;
		let mut inner = self.inner.lock().await;
		inner.open.remove(&failed.id);
		inner
			.accounts
			.entry(failed.account.clone())
			.or_default()
			.inflight
			.insert(nonce, filler.id);
		inner.open.insert(filler.id, filler);
		drop(inner);
		self.wake.notify_one();
		Ok(())
	}

	/// A best block contains these signed extrinsics `(index, signer, nonce)`: mark ours.
	pub async fn saw_in_block(&self, number: u32, hash: H256, xts: &[(u32, String, u32, Vec<u8>)]) {
		let mut changed = Vec::new();
		{
			let mut inner = self.inner.lock().await;
			let Inner { accounts, open } = &mut *inner;
			for (index, account, nonce, call) in xts {
				let Some(id) = accounts.get(account).and_then(|a| a.inflight.get(nonce)) else {
					continue;
				};
				if let Some(i) = open.get_mut(id) {
					if i.state == IntentState::Pending
						&& hex::decode(&i.call).ok().as_ref() == Some(call)
					{
						i.state = IntentState::InBlock;
						i.block = Some(number);
						i.block_hash = Some(format!("{hash:?}"));
						i.extrinsic_index = Some(*index);
						changed.push(i.clone());
					}
				}
			}
		}
		if !changed.is_empty() {
			let _ = self.store.put_intents(&changed);
			// Window slots are free again.
			self.wake.notify_one();
		}
	}

	/// Settle intents against a finalized block: `(index, signer, nonce, call, outcome)` for
	/// each signed extrinsic, and the accounts' nonces after the block. Returns the settled
	/// intents (to be committed with the block); call [`Submitter::forget`] after the commit.
	pub async fn settle(
		&self,
		number: u32,
		hash: H256,
		xts: &[(u32, String, u32, Vec<u8>, Result<(), String>)],
		nonces_after: &HashMap<String, u32>,
	) -> Vec<Intent> {
		let inner = self.inner.lock().await;
		let mut out: HashMap<u64, Intent> = HashMap::new();
		for (index, account, nonce, call, outcome) in xts {
			let Some(id) = inner.accounts.get(account).and_then(|a| a.inflight.get(nonce)) else {
				continue;
			};
			let Some(i) = inner.open.get(id) else { continue };
			let mut i = i.clone();
			if hex::decode(&i.call).ok().as_ref() == Some(call) {
				i.block = Some(number);
				i.block_hash = Some(format!("{hash:?}"));
				i.extrinsic_index = Some(*index);
				match outcome {
					Ok(()) => i.state = IntentState::Finalized,
					Err(e) => {
						i.state = IntentState::Failed;
						i.error = Some(e.clone());
					},
				}
			} else {
				requeue(&mut i);
				out.insert(i.id, i);
				continue;
			}
			i.finalized_ms = Some(now_ms());
			out.insert(i.id, i);
		}
		// A nonce the chain has passed without our transaction: used by someone else.
		for (account, after) in nonces_after {
			let Some(a) = inner.accounts.get(account) else { continue };
			for (n, id) in a.inflight.range(..after) {
				if out.contains_key(id) {
					continue;
				}
				if let Some(i) = inner.open.get(id) {
					let mut i = i.clone();
					log_warn(&format!(
						"intent {} nonce {n} was used by another transaction; signing it again with a new nonce",
						i.id
					));
					requeue(&mut i);
					out.insert(i.id, i);
				}
			}
		}
		out.into_values().collect()
	}

	/// Drop settled intents from memory (after their block is committed); frees window slots.
	pub async fn forget(&self, settled: &[Intent]) {
		let mut inner = self.inner.lock().await;
		for i in settled {
			let Inner { accounts, open } = &mut *inner;
			let Some(a) = accounts.get_mut(&i.account) else { continue };
			a.inflight.retain(|_, id| *id != i.id);
			if i.state == IntentState::Queued {
				// Its nonce went to another transaction: it goes first in the queue, and the
				// account's next nonce is read from the chain again.
				a.queue.push_front(i.id);
				a.next = None;
				open.insert(i.id, i.clone());
			} else {
				open.remove(&i.id);
			}
		}
		drop(inner);
		self.wake.notify_one();
	}

	/// Accounts with transactions in flight (the indexer reads their nonces).
	pub async fn busy_accounts(&self) -> Vec<String> {
		let inner = self.inner.lock().await;
		inner
			.accounts
			.iter()
			.filter(|(_, a)| !a.inflight.is_empty())
			.map(|(k, _)| k.clone())
			.collect()
	}
}

/// Back to the queue with no nonce: its earlier signing can never land, since the chain used
/// its nonce for another transaction.
fn requeue(i: &mut Intent) {
	i.state = IntentState::Queued;
	i.nonce = None;
	i.xt = None;
	i.tx_hash = None;
	i.spec_version = None;
}

fn sign_into(
	intent: &mut Intent,
	pair: &sr25519::Pair,
	nonce: u32,
	info: &tx::ChainInfo,
) -> Result<()> {
	let call = RuntimeCall::decode(&mut &hex::decode(&intent.call)?[..])?;
	let xt = tx::sign(call, pair, nonce, info).encode();
	intent.nonce = Some(nonce);
	intent.tx_hash = Some(format!("{:?}", BlakeTwo256::hash(&xt)));
	intent.xt = Some(hex::encode(&xt));
	intent.state = IntentState::Pending;
	intent.spec_version = Some(info.spec_version);
	Ok(())
}

/// Log a warning on stderr with a timestamp.
pub fn log_warn(msg: &str) {
	eprintln!("{} WARN {msg}", chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ"));
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn pool_answers_are_classified() {
		assert_eq!(classify("1013 Transaction Already Imported: "), PoolAnswer::Accepted);
		assert_eq!(classify("1014 Priority is too low: (1 vs 1)"), PoolAnswer::Accepted);
		assert_eq!(classify("1012 Transaction is temporarily banned"), PoolAnswer::Resign);
		assert_eq!(
			classify("1010 Invalid Transaction: Transaction has a bad signature"),
			PoolAnswer::Resign
		);
		assert_eq!(
			classify("1010 Invalid Transaction: Transaction is outdated"),
			PoolAnswer::Stale
		);
		assert_eq!(
			classify("1010 Invalid Transaction: Inability to pay some fees (e.g. account balance too low)"),
			PoolAnswer::Refused("pool:Payment".into())
		);
		assert!(matches!(
			classify("1010 Invalid Transaction: Custom error: 3"),
			PoolAnswer::Refused(_)
		));
		assert_eq!(classify("connection closed"), PoolAnswer::Later);
	}
}
