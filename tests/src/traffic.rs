//! Steady traffic with exactly-once accounting, as a careful ERP connector would send it.
//!
//! Each sender (a dev account) sends one transfer to Alice per interval through one node,
//! round robin over the nodes. Every transfer is an *intent* with its own amount
//! (`BASE + intent number`), so the chain's `Transfer` events show which intents were executed
//! and whether any was executed twice. A refused or dropped transaction is re-signed with the
//! **same nonce** (so at most one of its signings can ever be included) and the chain's current
//! runtime version, and submitted again, to another node if its node is down. At the end,
//! [`Traffic::finish`] waits for the senders' nonces to be finalized and scans the finalized
//! blocks: every intent is then executed exactly once, or explicitly refused, or it is *lost*.

use crate::{chain::account, rpc::Rpc, tx};
use anyhow::{Context, Result};
use bioledger_runtime::{AccountId, RuntimeCall, RuntimeEvent};
use codec::Encode;
use sp_core::{sr25519, H256};
use std::{
	collections::BTreeMap,
	sync::{
		atomic::{AtomicBool, Ordering},
		Arc, Mutex,
	},
	time::{Duration, Instant},
};

/// Transfer amounts are `BASE + intent`: large enough to be told apart from fees.
pub const BASE: u128 = 1_000_000_000;

/// What happened to the traffic.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Report {
	/// Intents sent.
	pub submitted: u64,
	/// Intents executed in a finalized block (once each).
	pub finalized: u64,
	/// Intents given up after a final refusal, by the node's reason.
	pub refused: BTreeMap<String, u64>,
	/// Intents neither executed nor refused.
	pub lost: u64,
	/// Intents executed more than once.
	pub duplicates: u64,
	/// Re-signings after a refusal, a drop or a node that went away (each counted once).
	pub resubmitted: u64,
	/// Refusals and drops seen on the way (reasons), including those that were re-signed.
	pub transient: BTreeMap<String, u64>,
}

impl Report {
	/// Intents explicitly refused.
	pub fn refused_total(&self) -> u64 {
		self.refused.values().sum()
	}
}

#[derive(Clone)]
struct Intent {
	sender: usize,
	amount: u128,
	nonce: u32,
	/// Final refusal reason, if the intent was given up.
	refused: Option<String>,
}

/// Running traffic.
pub struct Traffic {
	stop: Arc<AtomicBool>,
	tasks: Vec<tokio::task::JoinHandle<()>>,
	intents: Arc<Mutex<Vec<Intent>>>,
	counters: Arc<Mutex<(u64, BTreeMap<String, u64>)>>,
	senders: Vec<sr25519::Pair>,
	urls: Vec<String>,
	started_at: u32,
}

/// The node's reason in a JSON-RPC error or a watch status.
fn reason(e: impl std::fmt::Display) -> String {
	let s = e.to_string();
	let s = s.split("data: ").last().unwrap_or(&s).to_string();
	s.chars().take(80).collect()
}

/// Whether a refusal is worth re-signing with the same nonce (the transaction may become
/// valid: the runtime changed, the node restarted, a fork discarded its state, the pool was
/// full). A nonce already used, or a bad payment, is final.
fn transient(reason: &str) -> bool {
	!(reason.contains("Stale") || reason.contains("stale") || reason.contains("Payment"))
}

impl Traffic {
	/// Start `senders`, each sending one transfer per `interval` through `urls[i % len]`.
	pub async fn start(
		urls: Vec<String>,
		senders: Vec<sr25519::Pair>,
		interval: Duration,
	) -> Result<Self> {
		let first = Rpc::connect(&urls[0]).await?;
		let started_at = first.finalized().await?.0;
		let stop = Arc::new(AtomicBool::new(false));
		let intents: Arc<Mutex<Vec<Intent>>> = Arc::default();
		let counters: Arc<Mutex<(u64, BTreeMap<String, u64>)>> = Arc::default();
		let mut tasks = Vec::new();
		for (i, pair) in senders.iter().enumerate() {
			let nonce = first.next_nonce(&account(pair).to_string()).await?;
			let (stop, intents, counters, urls, pair) =
				(stop.clone(), intents.clone(), counters.clone(), urls.clone(), pair.clone());
			tasks.push(tokio::spawn(async move {
				sender(i, pair, nonce, urls, interval, stop, intents, counters).await;
			}));
		}
		Ok(Traffic { stop, tasks, intents, counters, senders, urls, started_at })
	}

	/// Stop sending, wait up to `grace` for everything sent to settle, and account for every
	/// intent against the finalized chain.
	pub async fn finish(self, grace: Duration) -> Result<Report> {
		self.stop.store(true, Ordering::SeqCst);
		for t in self.tasks {
			let _ = tokio::time::timeout(grace, t).await;
		}
		let intents = self.intents.lock().expect("intents").clone();
		let rpc = connect_any(&self.urls).await?;
		// Wait until each sender's finalized nonce passes its last nonce in flight (or the
		// grace period ends: what is still missing then is lost).
		let deadline = Instant::now() + grace;
		loop {
			let mut done = true;
			let fin = rpc.finalized().await?.1;
			for (i, pair) in self.senders.iter().enumerate() {
				let last = intents
					.iter()
					.filter(|x| x.sender == i && x.refused.is_none())
					.map(|x| x.nonce)
					.max();
				if let Some(last) = last {
					if finalized_nonce(&rpc, &account(pair), fin).await? <= last {
						done = false;
					}
				}
			}
			if done || Instant::now() > deadline {
				break;
			}
			tokio::time::sleep(Duration::from_secs(2)).await;
		}
		// Every transfer to Alice from a sender in the finalized blocks since the start.
		let (fin_n, _) = rpc.finalized().await?;
		let alice: AccountId = sp_keyring::Sr25519Keyring::Alice.to_account_id();
		let senders: Vec<AccountId> = self.senders.iter().map(account).collect();
		let mut executed: BTreeMap<(usize, u128), u64> = BTreeMap::new();
		for n in self.started_at..=fin_n {
			let Some(hash) = rpc.block_hash(n).await? else { continue };
			for e in crate::chain::block_events(&rpc, hash).await? {
				if let RuntimeEvent::Balances(pallet_balances::Event::Transfer {
					from,
					to,
					amount,
				}) = e.event
				{
					if to == alice {
						if let Some(s) = senders.iter().position(|a| *a == from) {
							*executed.entry((s, amount)).or_default() += 1;
						}
					}
				}
			}
		}
		let (resubmitted, transient) = self.counters.lock().expect("counters").clone();
		let mut report = Report {
			submitted: intents.len() as u64,
			resubmitted,
			transient,
			..Default::default()
		};
		for x in &intents {
			match (executed.get(&(x.sender, x.amount)).copied().unwrap_or(0), &x.refused) {
				(0, Some(r)) => *report.refused.entry(r.clone()).or_default() += 1,
				(0, None) => report.lost += 1,
				(1, _) => report.finalized += 1,
				(_, _) => {
					report.finalized += 1;
					report.duplicates += 1;
				},
			}
		}
		Ok(report)
	}
}

async fn connect_any(urls: &[String]) -> Result<Rpc> {
	for u in urls {
		if let Ok(r) = Rpc::connect(u).await {
			return Ok(r);
		}
	}
	anyhow::bail!("no node answers")
}

/// `who`'s nonce in the state of block `at`.
async fn finalized_nonce(rpc: &Rpc, who: &AccountId, at: H256) -> Result<u32> {
	let key = crate::chain::map_key::<frame_support::Blake2_128Concat, _>("System", "Account", who);
	let info: Option<frame_system::AccountInfo<u32, pallet_balances::AccountData<u128>>> =
		match rpc.storage(&key, Some(at)).await? {
			Some(b) => Some(codec::Decode::decode(&mut &b[..]).context("account info")?),
			None => None,
		};
	Ok(info.map(|i| i.nonce).unwrap_or(0))
}

/// How one intent ended on the sender's side.
enum Sent {
	/// In a block (finality is checked at the end).
	InBlock,
	/// Refused for good with this reason.
	Refused(String),
}

#[allow(clippy::too_many_arguments)]
async fn sender(
	index: usize,
	pair: sr25519::Pair,
	mut nonce: u32,
	urls: Vec<String>,
	interval: Duration,
	stop: Arc<AtomicBool>,
	intents: Arc<Mutex<Vec<Intent>>>,
	counters: Arc<Mutex<(u64, BTreeMap<String, u64>)>>,
) {
	let alice: AccountId = sp_keyring::Sr25519Keyring::Alice.to_account_id();
	let mut node = index % urls.len();
	let mut rpc: Option<Rpc> = None;
	let mut seq = 0u128;
	let note = |what: &str, resubmit: bool| {
		let mut c = counters.lock().expect("counters");
		if resubmit {
			c.0 += 1;
		}
		*c.1.entry(what.to_string()).or_default() += 1;
	};
	while !stop.load(Ordering::SeqCst) {
		let tick = Instant::now();
		seq += 1;
		let amount = BASE + (index as u128) * 1_000_000 + seq;
		let call = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: alice.clone().into(),
			value: amount,
		});
		let id = {
			let mut all = intents.lock().expect("intents");
			all.push(Intent { sender: index, amount, nonce, refused: None });
			all.len() - 1
		};
		// Sign and submit (the same nonce every time) until a node has it in a block or
		// refuses it for good.
		let mut attempts = 0;
		let sent = loop {
			attempts += 1;
			if attempts > 20 {
				break Sent::Refused("gave up after 20 attempts".into());
			}
			if rpc.is_none() {
				rpc = Rpc::connect(&urls[node]).await.ok();
			}
			let Some(r) = rpc.as_ref() else {
				node = (node + 1) % urls.len();
				tokio::time::sleep(Duration::from_millis(500)).await;
				continue;
			};
			let Ok(chain) = tx::ChainInfo::fetch(r).await else {
				rpc = None;
				node = (node + 1) % urls.len();
				continue;
			};
			let xt = tx::sign(call.clone(), &pair, nonce, &chain).encode();
			let why = match r.submit_and_watch(&xt).await {
				Ok(mut sub) => {
					let watched = tokio::time::timeout(Duration::from_secs(60), async {
						while let Some(Ok(status)) = sub.next().await {
							if status.get("inBlock").is_some() || status.get("finalized").is_some()
							{
								return None;
							}
							for bad in ["invalid", "dropped", "usurped"] {
								if status.get(bad).is_some() || status.as_str() == Some(bad) {
									return Some(bad.to_string());
								}
							}
						}
						Some("watch ended".to_string())
					})
					.await
					.unwrap_or_else(|_| Some("no block within 60 s".to_string()));
					match watched {
						None => break Sent::InBlock,
						Some(why) => why,
					}
				},
				Err(e) => {
					let why = reason(e);
					if !transient(&why) {
						note(&why, false);
						break Sent::Refused(why);
					}
					// The node went away: try another one.
					rpc = None;
					node = (node + 1) % urls.len();
					why
				},
			};
			note(&why, true);
			tokio::time::sleep(Duration::from_millis(500)).await;
		};
		match sent {
			Sent::InBlock => nonce += 1,
			Sent::Refused(why) => {
				// A stale nonce means an earlier signing (or another intent) used it: take the
				// node's next nonce. Otherwise the nonce is free for the next intent.
				if why.contains("tale") {
					if let Some(r) = rpc.as_ref() {
						if let Ok(n) = r.next_nonce(&account(&pair).to_string()).await {
							nonce = n;
						}
					}
				}
				intents.lock().expect("intents")[id].refused = Some(why);
			},
		}
		if let Some(rest) = interval.checked_sub(tick.elapsed()) {
			tokio::time::sleep(rest).await;
		}
	}
}
