//! Steady traffic with exactly-once accounting, as a careful ERP connector would send it.
//!
//! Each sender sends one transaction per interval through one node, round robin over the
//! nodes. Every transaction is an *intent* with its own amount (`BASE + intent number`): the
//! value of a transfer to Alice ([`Workload::Transfers`]) or the quantity of a new lot
//! ([`Workload::SharedLots`], where a third of the lot ids are shared by all senders, so that
//! senders of different organisations race for the same lot and all but one fail with
//! `LotExists`). The finalized blocks' extrinsics and their `ExtrinsicSuccess`/`ExtrinsicFailed`
//! events show which intents were executed, which failed in dispatch, and whether any was
//! executed twice. A refused or dropped transaction is re-signed with the
//! **same nonce** (so at most one of its signings can ever be included) and the chain's current
//! runtime version, and submitted again, to another node if its node is down. At the end,
//! [`Traffic::finish`] waits for the senders' nonces to be finalized and scans the finalized
//! blocks: every intent is then executed exactly once, or explicitly refused, or it is *lost*.

use crate::{chain::account, rpc::Rpc, tx};
use anyhow::{Context, Result};
use bioledger_primitives::{Quantity, TemperatureRange, Unit};
use bioledger_runtime::{AccountId, RuntimeCall, UncheckedExtrinsic};
use codec::{Decode, Encode};
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
	/// Intents executed successfully in a finalized block (once each).
	pub finalized: u64,
	/// Intents included in a finalized block whose dispatch failed, by error (for shared lots:
	/// the senders that lost the race for a lot id).
	pub failed: BTreeMap<String, u64>,
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

	/// Intents with a known end: executed, failed in dispatch with an error, or refused.
	pub fn accounted(&self) -> u64 {
		self.finalized + self.failed.values().sum::<u64>() + self.refused_total()
	}
}

/// What the senders send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workload {
	/// `balances.transfer_keep_alive` to Alice (any funded account can send).
	Transfers,
	/// `provenance.create_lot`, every third lot id shared by all senders (the senders must be
	/// operators of organisations qualified to commission lots).
	SharedLots,
}

impl Workload {
	/// The call of intent `seq` of sender `index` (its amount `amount`); `run` tells runs apart.
	fn call(self, index: usize, seq: u128, amount: u128, run: u32) -> RuntimeCall {
		match self {
			Workload::Transfers => {
				RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
					dest: sp_keyring::Sr25519Keyring::Alice.to_account_id().into(),
					value: amount,
				})
			},
			Workload::SharedLots => {
				let id = if seq.is_multiple_of(3) {
					format!("SHARED-{run}-{seq}")
				} else {
					format!("S{index}-{run}-{seq}")
				};
				RuntimeCall::Provenance(pallet_provenance::Call::create_lot {
					id: id.into_bytes().try_into().expect("short id"),
					product: b"GTIN-06912345000024".to_vec().try_into().expect("short code"),
					quantity: Quantity::new(amount, Unit::Milligram),
					expires_at: 4_102_444_800_000,
					storage: Some(TemperatureRange::COLD_CHAIN),
				})
			},
		}
	}

	/// The amount of an intent this workload sent, if `call` is one.
	fn amount_of(self, call: &RuntimeCall) -> Option<u128> {
		match (self, call) {
			(
				Workload::Transfers,
				RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive { value, .. }),
			) => Some(*value),
			(
				Workload::SharedLots,
				RuntimeCall::Provenance(pallet_provenance::Call::create_lot { quantity, .. }),
			) => Some(quantity.amount),
			_ => None,
		}
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
	workload: Workload,
}

/// The node's reason in a JSON-RPC error or a watch status.
fn reason(e: impl std::fmt::Display) -> String {
	let s = e.to_string();
	let s = s.split("data: ").last().unwrap_or(&s);
	let s = s.trim_start_matches("Some(RawValue(\"").split("\")").next().unwrap_or(s);
	s.chars().take(80).collect()
}

/// Whether a refusal is worth re-signing with the same nonce (the transaction may become
/// valid: the runtime changed, the node restarted, a fork discarded its state, the pool was
/// full). A nonce already used, or a bad payment, is final.
pub fn transient(reason: &str) -> bool {
	!(reason.contains("Stale") || reason.contains("stale") || reason.contains("Payment"))
}

impl Traffic {
	/// Start `senders`, each sending one transfer per `interval` through `urls[i % len]`.
	pub async fn start(
		urls: Vec<String>,
		senders: Vec<sr25519::Pair>,
		interval: Duration,
	) -> Result<Self> {
		Self::start_with(urls, senders, interval, Workload::Transfers).await
	}

	/// Start `senders` sending `workload`, one transaction each per `interval`.
	pub async fn start_with(
		urls: Vec<String>,
		senders: Vec<sr25519::Pair>,
		interval: Duration,
		workload: Workload,
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
			let job = Job { index: i, workload, run: started_at, interval };
			tasks.push(tokio::spawn(async move {
				sender(job, pair, nonce, urls, stop, intents, counters).await;
			}));
		}
		Ok(Traffic { stop, tasks, intents, counters, senders, urls, started_at, workload })
	}

	/// Stop sending, wait up to `grace` for everything sent to settle, and account for every
	/// intent against the finalized chain.
	pub async fn finish(self, grace: Duration) -> Result<Report> {
		self.stop.store(true, Ordering::SeqCst);
		// A sender still retrying an intent finishes it (in a block, or given up after
		// `GIVE_UP_AFTER`) before its intents are read.
		for t in self.tasks {
			let _ =
				tokio::time::timeout(grace.max(GIVE_UP_AFTER + Duration::from_secs(30)), t).await;
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
		// Every intent of a sender in the finalized blocks since the start, with its outcome.
		let (fin_n, _) = rpc.finalized().await?;
		let senders: Vec<AccountId> = self.senders.iter().map(account).collect();
		let mut executed: BTreeMap<u128, Vec<Option<String>>> = BTreeMap::new();
		for n in self.started_at..=fin_n {
			let Some(hash) = rpc.block_hash(n).await? else { continue };
			for (amount, outcome) in intents_in_block(&rpc, hash, &senders, self.workload).await? {
				executed.entry(amount).or_default().push(outcome);
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
			let seen = executed.get(&x.amount).map(Vec::as_slice).unwrap_or_default();
			match (seen, &x.refused) {
				([], Some(r)) => *report.refused.entry(r.clone()).or_default() += 1,
				([], None) => report.lost += 1,
				([None, ..], _) => report.finalized += 1,
				([Some(e), ..], _) => *report.failed.entry(e.clone()).or_default() += 1,
			}
			if seen.len() > 1 {
				report.duplicates += 1;
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

/// The intents of `senders` in block `hash`: each one's amount and its outcome (`None`:
/// executed; `Some(error)`: dispatched with that error).
async fn intents_in_block(
	rpc: &Rpc,
	hash: H256,
	senders: &[AccountId],
	workload: Workload,
) -> Result<Vec<(u128, Option<String>)>> {
	let mut out = Vec::new();
	for (bytes, outcome) in crate::chain::extrinsic_outcomes(rpc, hash).await? {
		// Another runtime's extrinsic that this one cannot decode is not one of ours.
		let Ok(xt) = UncheckedExtrinsic::decode(&mut &bytes[..]) else { continue };
		let sp_runtime::generic::Preamble::Signed(sp_runtime::MultiAddress::Id(who), ..) =
			&xt.preamble
		else {
			continue;
		};
		let Some(amount) =
			senders.contains(who).then(|| workload.amount_of(&xt.function)).flatten()
		else {
			continue;
		};
		let outcome = outcome.context("an extrinsic without a result event")?;
		out.push((amount, outcome.err().map(|e| dispatch_name(&e))));
	}
	Ok(out)
}

/// A dispatch error by name: `Provenance.LotExists` (other pallets' errors by index).
fn dispatch_name(e: &sp_runtime::DispatchError) -> String {
	use frame_support::traits::PalletInfoAccess;
	if let sp_runtime::DispatchError::Module(m) = e {
		if m.index == bioledger_runtime::Provenance::index() as u8 {
			if let Ok(err) =
				pallet_provenance::Error::<bioledger_runtime::Runtime>::decode(&mut &m.error[..])
			{
				let name: &'static str = err.into();
				return format!("Provenance.{name}");
			}
		}
		return format!("pallet {} error {:?}", m.index, m.error);
	}
	format!("{e:?}")
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
	/// Its nonce is used on chain ("outdated"): an earlier signing of it was included although
	/// its watch was cut (the node went down). Finality is checked at the end.
	NonceUsed,
	/// Refused for good with this reason.
	Refused(String),
}

/// How long one intent is retried before the sender gives up on it.
const GIVE_UP_AFTER: Duration = Duration::from_secs(180);

/// What one sender sends.
struct Job {
	index: usize,
	workload: Workload,
	/// The finalized height at the start (keeps lot ids of different runs apart).
	run: u32,
	interval: Duration,
}

async fn sender(
	job: Job,
	pair: sr25519::Pair,
	mut nonce: u32,
	urls: Vec<String>,
	stop: Arc<AtomicBool>,
	intents: Arc<Mutex<Vec<Intent>>>,
	counters: Arc<Mutex<(u64, BTreeMap<String, u64>)>>,
) {
	let Job { index, workload, run, interval } = job;
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
		let call = workload.call(index, seq, amount, run);
		let id = {
			let mut all = intents.lock().expect("intents");
			all.push(Intent { sender: index, amount, nonce, refused: None });
			all.len() - 1
		};
		// Sign and submit (the same nonce every time) until a node has it in a block or
		// refuses it for good.
		let give_up = Instant::now() + GIVE_UP_AFTER;
		let sent = loop {
			if Instant::now() > give_up {
				break Sent::Refused("gave up after 180 s".into());
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
					// Only this intent ever signs this nonce while it is open, so a used nonce
					// means one of its own earlier signings made it into a block.
					if why.contains("outdated") || why.contains("Stale") {
						note(&why, false);
						break Sent::NonceUsed;
					}
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
			Sent::NonceUsed => {
				nonce += 1;
				if let Some(r) = rpc.as_ref() {
					if let Ok(n) = r.next_nonce(&account(&pair).to_string()).await {
						nonce = nonce.max(n);
					}
				}
			},
			Sent::Refused(why) => {
				// Refused for good: the nonce is free for the next intent, unless a signing
				// given up on is still in flight (then the node's next nonce says so).
				if let Some(r) = rpc.as_ref() {
					if let Ok(n) = r.next_nonce(&account(&pair).to_string()).await {
						nonce = nonce.max(n);
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
