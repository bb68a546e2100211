//! `overload`: does the four-validator consortium degrade or collapse when it is offered more
//! than it can take?
//!
//! For each node configuration (a *variant*: `before` is how the validators ran until this
//! tool, `after` is the configuration the operator guide recommends), a fresh local consortium
//! gets transfers from 200 senders spread over the four members' nodes, offered at a fixed rate
//! whatever happens (an ERP posts business events as they occur): first the sustained rate
//! for `--base-blocks`, then `--factor` times it for `--hold-blocks`, then nothing while the
//! backlog drains. The senders behave as a real client (or the partner gateway) does: each
//! submits its transactions in nonce order and keeps at most a window (32) of them in flight
//! (submitted, not yet finalized), so that an offered rate above capacity queues at the
//! sender instead of flooding the pool; a refused transaction is re-signed (a new signature,
//! so a new hash the pool has not banned) and resubmitted with back-off; one the pool
//! accepted but that is not finalized after a minute is checked against the account's next
//! nonce and re-signed if the pool no longer has it; a nonce the chain has used means an
//! earlier signing was included. Every intent is followed to a finalized block, extrinsic by
//! extrinsic.
//!
//! Per phase: the finalized rate, and its lowest 30 s window (a collapse shows there); latency
//! from the first submission to finality; refusals by reason; re-signings. Per variant: intents
//! finalized, failed in dispatch, refused for good, unfinished (sent and none of these by the
//! end of the drain), never sent (still queued at their sender), duplicated (a second
//! finalized signing of one intent: a harness or chain fault); reorgs and discarded proposals
//! from the validators' logs.
//!
//!     cargo run --release -p bioledger-e2e --bin overload              # before and after, 2× for 100 blocks
//!     cargo run --release -p bioledger-e2e --bin overload -- --variants after --hold-blocks 30   # CI
//!     … --variant 'name[/window]=--flag,value,--flag2'                  # another configuration

use anyhow::{bail, Context, Result};
use bioledger_e2e::percentile;
use bioledger_e2e::{
	chain::extrinsic_outcomes, rpc::header_number, senders, traffic, tx, Network, Rpc,
};
use bioledger_runtime::{Address, RuntimeCall};
use codec::Encode;
use sp_core::sr25519;
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::{BlakeTwo256, Hash as _};
use std::{
	collections::{BTreeMap, HashMap},
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

/// Seconds per block.
const SLOT_SECS: u64 = 3;
/// A pool acceptance with no finality after this long is re-signed and resubmitted.
const SILENCE: Duration = Duration::from_secs(60);
/// The longest the backlog may take to drain after the offered load stops.
const DRAIN: Duration = Duration::from_secs(240);
/// The window over which the lowest finalized rate is reported.
const WINDOW: Duration = Duration::from_secs(30);
/// A phase's rates are measured from this long after its start (four blocks: the time a
/// change of load takes to reach finality).
const SETTLE: Duration = Duration::from_secs(12);

/// A configuration under test: the validators' flags and the clients' window.
#[derive(Clone, Debug)]
struct Variant {
	name: String,
	args: Vec<String>,
	/// Most transactions of one sender in flight; `None`: every intent is submitted when it
	/// is offered (a flood).
	window: Option<usize>,
}

impl Variant {
	fn new(name: &str, args: &[&str], window: Option<usize>) -> Self {
		Self { name: name.into(), args: args.iter().map(|a| a.to_string()).collect(), window }
	}

	/// `name[/window]=--flag,value,…` (`window`: a number or `flood`; default 32).
	fn parse(s: &str) -> Result<Self> {
		let (head, args) = s.split_once('=').context("--variant NAME[/WINDOW]=ARG,ARG,…")?;
		let (name, window) = match head.split_once('/') {
			None => (head, Some(32)),
			Some((n, "flood")) => (n, None),
			Some((n, w)) => (n, Some(w.parse().context("window")?)),
		};
		Ok(Self {
			name: name.into(),
			args: args.split(',').filter(|a| !a.is_empty()).map(Into::into).collect(),
			window,
		})
	}

	fn known(name: &str) -> Result<Self> {
		Ok(match name {
			// How `load` ran the validators (and drove them: every transaction submitted when
			// it is due), and Aura's lenience as Substrate ships it.
			"before" => Self::new(
				"before",
				&[
					"--pool-type",
					"single-state",
					"--pool-limit",
					"65536",
					"--pool-kbytes",
					"262144",
					"--proposal-lenience",
					"exponential",
				],
				None,
			),
			// The operator guide's validator flags (the node's defaults otherwise) and clients
			// that keep a window of 32 transactions per account in flight.
			"after" => Self::new("after", &["--pool-type", "single-state"], Some(32)),
			other => bail!("unknown variant {other}: before, after or NAME=ARGS"),
		})
	}
}

struct Args {
	sustained: u32,
	factor: f64,
	base_blocks: u32,
	hold_blocks: u32,
	senders: u32,
	variants: Vec<Variant>,
	out: Option<std::path::PathBuf>,
	/// Fail (exit 1) unless the last variant meets the goal.
	check: bool,
}

fn parse_args() -> Result<Args> {
	let mut a = Args {
		sustained: 400,
		factor: 2.0,
		base_blocks: 20,
		hold_blocks: 100,
		senders: 200,
		variants: Vec::new(),
		out: None,
		check: false,
	};
	let mut it = std::env::args().skip(1);
	while let Some(flag) = it.next() {
		let mut val = || it.next().with_context(|| format!("{flag} needs a value"));
		match flag.as_str() {
			"--sustained" => a.sustained = val()?.parse()?,
			"--factor" => a.factor = val()?.parse()?,
			"--base-blocks" => a.base_blocks = val()?.parse()?,
			"--hold-blocks" => a.hold_blocks = val()?.parse()?,
			"--senders" => a.senders = val()?.parse()?,
			"--variants" => {
				for v in val()?.split(',') {
					a.variants.push(Variant::known(v)?);
				}
			},
			"--variant" => a.variants.push(Variant::parse(&val()?)?),
			"--out" => a.out = Some(val()?.into()),
			"--check" => a.check = true,
			other => bail!("unknown flag {other}"),
		}
	}
	if a.base_blocks == 0 || a.hold_blocks == 0 {
		bail!("--base-blocks and --hold-blocks must be at least 1");
	}
	if a.variants.is_empty() {
		a.variants = vec![Variant::known("before")?, Variant::known("after")?];
	}
	Ok(a)
}

/// One transfer a sender means to make, through however many signings it takes.
struct Intent {
	sender: usize,
	nonce: u32,
	phase: usize,
	/// When the business event occurred (the intent was offered).
	offered: Instant,
	/// When the client first submitted it (it may wait in its sender's queue before that).
	sent: Option<Instant>,
	/// When the pool last accepted a signing of it.
	accepted: Option<Instant>,
	finalized: Option<Instant>,
	/// Dispatched successfully (else `ExtrinsicFailed`).
	ok: bool,
	/// The chain has used its nonce: an earlier signing was included.
	nonce_used: bool,
	/// Refused for good (a reason no re-signing cures).
	refused: Option<String>,
	/// Being (re)submitted right now.
	in_flight: bool,
	/// Submissions refused so far (for the back-off).
	refusals: u32,
	/// Not before this instant may it be resubmitted.
	retry_at: Option<Instant>,
}

#[derive(Default)]
struct State {
	intents: Vec<Intent>,
	by_hash: HashMap<[u8; 32], usize>,
	/// Refusals by the node's reason (every submission, retries included).
	refusals: BTreeMap<String, u64>,
	/// Re-signed after a refusal.
	resigned: u64,
	/// Re-signed after a minute of silence, and accepted: the pool had dropped it.
	redriven: u64,
	/// A signing found in a second finalized extrinsic.
	duplicates: u64,
	/// Intents submitted and not yet finalized or refused for good.
	open: std::collections::BTreeSet<usize>,
}

type Shared = Arc<Mutex<State>>;

fn transfer() -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
		dest: Address::Id(Sr25519Keyring::Bob.to_account_id()),
		value: 1_000_000_000,
	})
}

/// Whether the pool's answer means a signing of this nonce is already in the pool (the new
/// signing would only replace it).
fn still_pooled(reason: &str) -> bool {
	let r = reason.to_lowercase();
	r.contains("too low priority")
		|| r.contains("priority is too low")
		|| r.contains("already imported")
}

/// Sign intent `i` afresh and submit it; record the answer. `probe`: a re-signing after a
/// minute of silence, whose acceptance means the pool had dropped the earlier one.
async fn submit(
	state: Shared,
	rpc: Arc<Rpc>,
	pair: sr25519::Pair,
	chain: Arc<tx::ChainInfo>,
	i: usize,
	probe: bool,
) {
	let nonce = state.lock().expect("not poisoned").intents[i].nonce;
	let xt = tx::sign(transfer(), &pair, nonce, &chain).encode();
	let hash = BlakeTwo256::hash(&xt).0;
	state.lock().expect("not poisoned").by_hash.insert(hash, i);
	let answer = rpc.submit(&xt).await;
	let mut s = state.lock().expect("not poisoned");
	let now = Instant::now();
	let State { intents, refusals, redriven, open, .. } = &mut *s;
	let it = &mut intents[i];
	it.in_flight = false;
	match answer {
		Ok(_) => {
			if probe {
				*redriven += 1;
			}
			it.accepted = Some(now);
			it.retry_at = None;
		},
		Err(e) => {
			let reason = bioledger_e2e::rpc::error_text(&e);
			// One count per kind: the discarded block's hash and priorities are left out.
			let kind = reason
				.split(" for 0x")
				.next()
				.and_then(|r| r.split(": (").next())
				.unwrap_or(&reason)
				.to_string();
			*refusals.entry(kind).or_default() += 1;
			if still_pooled(&reason) || reason.contains("Request timeout") {
				// In the pool already, or perhaps (the node did not answer in time): wait, and
				// let the silence check find out.
				it.accepted = Some(now);
			} else if reason.contains("Stale") || reason.contains("outdated") {
				// An earlier signing was included; if that block is re-orged away, the silence
				// check finds the nonce free again and re-signs.
				it.nonce_used = true;
				it.accepted = Some(now);
			} else if traffic::transient(&reason) {
				it.refusals += 1;
				// The next block, then up to eight blocks later.
				let backoff = SLOT_SECS * (1u64 << it.refusals.min(4).saturating_sub(1));
				it.retry_at = Some(now + Duration::from_secs(backoff));
			} else {
				it.refused = Some(reason);
				open.remove(&i);
			}
		},
	}
}

/// The silence check of one sender: its next nonce as its node sees it (chain plus ready
/// pool). Silent intents below it are in the pool's ready queue or in a block: they wait
/// another minute. The others are re-signed and resubmitted.
async fn check_silent(
	state: Shared,
	rpc: Arc<Rpc>,
	pair: sr25519::Pair,
	chain: Arc<tx::ChainInfo>,
	silent: Vec<usize>,
) {
	let who = sp_runtime::AccountId32::from(sp_core::Pair::public(&pair)).to_string();
	let next = rpc.next_nonce(&who).await.ok();
	let mut resend = Vec::new();
	{
		let mut s = state.lock().expect("not poisoned");
		let now = Instant::now();
		for i in silent {
			let it = &mut s.intents[i];
			if next.is_none_or(|n| n > it.nonce) {
				it.accepted = Some(now);
				it.in_flight = false;
			} else {
				it.nonce_used = false;
				resend.push(i);
			}
		}
	}
	for i in resend {
		submit(state.clone(), rpc.clone(), pair.clone(), chain.clone(), i, true).await;
	}
}

/// Follow finality: every finalized block's extrinsics matched to the intents' signings.
async fn follow(rpc: Rpc, state: Shared) -> Result<()> {
	let mut finals = rpc.subscribe_finalized_heads().await?;
	let mut done = rpc.finalized().await?.0;
	while let Some(head) = finals.next().await {
		let n = header_number(&head?)?;
		for b in done + 1..=n {
			let hash = rpc.block_hash(b).await?.context("a finalized block")?;
			let outcomes = extrinsic_outcomes(&rpc, hash).await?;
			let now = Instant::now();
			let mut s = state.lock().expect("not poisoned");
			for (bytes, outcome) in outcomes {
				let Some(&i) = s.by_hash.get(&BlakeTwo256::hash(&bytes).0) else { continue };
				let ok = matches!(outcome, Some(Ok(())));
				if s.intents[i].finalized.is_some() {
					s.duplicates += 1;
				} else {
					s.intents[i].finalized = Some(now);
					s.intents[i].ok = ok;
					s.open.remove(&i);
				}
			}
		}
		done = done.max(n);
	}
	bail!("finality subscription ended")
}

/// What a phase of offered load did.
#[derive(Debug, serde::Serialize)]
struct PhaseResult {
	offered_tps: u32,
	secs: u64,
	intents: usize,
	finalized_ok: usize,
	/// Finalized successfully per second, from 12 s into the phase to its end.
	finalized_tps: f64,
	/// The lowest finalized rate over a 30 s window of the phase.
	lowest_window_tps: f64,
	/// First submission → finalized, of the phase's intents (s): p50, p95, p99, max. The
	/// chain's latency, with re-signings.
	submitted_to_final: [f64; 4],
	/// Offered → finalized (s): the client's view, with the time an intent waited in its
	/// sender's queue for a free place in the window.
	offered_to_final: [f64; 4],
}

#[derive(Debug, serde::Serialize)]
struct VariantResult {
	variant: String,
	node_args: Vec<String>,
	/// The clients' window (`None`: flood).
	window: Option<usize>,
	phases: Vec<PhaseResult>,
	intents: usize,
	finalized_ok: usize,
	failed_in_dispatch: usize,
	refused_for_good: usize,
	/// Sent, and neither finalized nor refused for good by the end of the drain.
	unfinished: usize,
	/// Still queued at their sender at the end of the drain.
	unsent: usize,
	duplicates: u64,
	refusals: BTreeMap<String, u64>,
	resigned_after_refusal: u64,
	resigned_after_silence: u64,
	drain_secs: f64,
	/// Per validator: `Discarding proposal … took too long` (a proposal not ready by its
	/// deadline; a lenient deadline past the slot's end is not counted here).
	discarded_proposals: Vec<usize>,
	/// Per validator: `Reorg on …` (the best chain switched forks).
	reorgs: Vec<usize>,
	cpu_pct_per_node: Vec<f64>,
	/// The overload phase's finalized rate over the sustained phase's (same run).
	degradation: f64,
}

fn phase_result(s: &State, phase: usize, rate: u32, from: Instant, secs: u64) -> PhaseResult {
	let to = from + Duration::from_secs(secs);
	let from = from + SETTLE.min(Duration::from_secs(secs / 2));
	let mine: Vec<&Intent> = s.intents.iter().filter(|i| i.phase == phase).collect();
	let spread = |from: fn(&Intent) -> Option<Instant>| {
		let mut v: Vec<f64> = mine
			.iter()
			.filter(|i| i.ok)
			.filter_map(|i| Some((i.finalized? - from(i)?).as_secs_f64()))
			.collect();
		v.sort_by(f64::total_cmp);
		[
			percentile(&v, 0.5),
			percentile(&v, 0.95),
			percentile(&v, 0.99),
			v.last().copied().unwrap_or(f64::NAN),
		]
	};
	let finalized_ok = mine.iter().filter(|i| i.ok && i.finalized.is_some()).count();
	// Everything finalized inside the phase's time, whichever phase offered it: that is the
	// chain's throughput while this load was offered.
	let finals: Vec<Instant> = s
		.intents
		.iter()
		.filter(|i| i.ok)
		.filter_map(|i| i.finalized)
		.filter(|f| *f >= from && *f < to)
		.collect();
	let mut lowest = f64::INFINITY;
	let mut w = from;
	while w + WINDOW <= to {
		let n = finals.iter().filter(|f| **f >= w && **f < w + WINDOW).count();
		lowest = lowest.min(n as f64 / WINDOW.as_secs_f64());
		w += Duration::from_secs(10);
	}
	PhaseResult {
		offered_tps: rate,
		secs,
		intents: mine.len(),
		finalized_ok,
		finalized_tps: finals.len() as f64 / (to - from).as_secs_f64(),
		lowest_window_tps: if lowest.is_finite() { lowest } else { f64::NAN },
		submitted_to_final: spread(|i| i.sent),
		offered_to_final: spread(|i| Some(i.offered)),
	}
}

fn count_lines(text: &str, needle: &str) -> usize {
	text.lines().filter(|l| l.contains(needle)).count()
}

async fn run_variant(args: &Args, v: &Variant) -> Result<VariantResult> {
	eprintln!("== {}: starting a consortium with {:?}", v.name, v.args);
	let extra: Vec<&str> = v.args.iter().map(String::as_str).collect();
	let (net, _) = Network::local_consortium_with(&extra).await?;
	let urls: Vec<String> = net.nodes.iter().map(|n| n.ws_url()).collect();
	let rpc0 = Rpc::connect(&urls[0]).await?;
	let chain = Arc::new(tx::ChainInfo::fetch(&rpc0).await?);
	eprintln!("   funding {} senders …", args.senders);
	let pairs = senders::fund_and_link(&rpc0, &chain, "overload", args.senders).await?;
	// Four connections per node; sender k always uses connection k mod 16, so all its
	// transactions go to one node (each member's ERP submits to its own node). Each submission
	// is its own task, so nonces may arrive out of order: the pool's future queue holds the
	// early ones.
	let mut conns = Vec::new();
	for k in 0..4 * urls.len() {
		conns.push(Arc::new(Rpc::connect(&urls[k % urls.len()]).await?));
	}
	let mut next_nonce: Vec<u32> = vec![0; pairs.len()];
	// Each sender's offered intents not yet submitted, oldest first.
	let mut queues: Vec<std::collections::VecDeque<usize>> = vec![Default::default(); pairs.len()];
	let state: Shared = Arc::default();
	let follower = tokio::spawn(follow(Rpc::connect(&urls[0]).await?, state.clone()));
	let pids: Vec<u32> = net.nodes.iter().filter_map(|n| n.pid()).collect();
	let cpu0: Vec<f64> = pids.iter().map(|p| bioledger_e2e::cpu_secs(*p).unwrap_or(0.0)).collect();
	let t0 = Instant::now();
	let high = (args.sustained as f64 * args.factor).round() as u32;
	let phases = [(args.sustained, args.base_blocks), (high, args.hold_blocks)];
	// The backlog of the overload phase takes about as long again to clear.
	let drain = DRAIN.max(Duration::from_secs_f64(
		args.hold_blocks as f64 * SLOT_SECS as f64 * (args.factor - 1.0) * 1.5,
	));
	let mut starts = Vec::new();
	let tick = Duration::from_millis(100);
	let mut sender = 0usize;
	let resend = |state: &Shared, who: usize, i: usize| {
		tokio::spawn(submit(
			state.clone(),
			conns[who % conns.len()].clone(),
			pairs[who].0.clone(),
			chain.clone(),
			i,
			false,
		));
	};
	// Offer the phases, then drain; every tick: new intents into their senders' queues,
	// submissions while a sender's window has room, due retries, silent ones checked.
	let mut n_tick = 0u64;
	let mut drain_started = None;
	loop {
		let now = Instant::now();
		let elapsed_ms = (now - t0).as_millis() as u64;
		let mut offset = 0;
		let mut current = None;
		for (p, (rate, blocks)) in phases.iter().enumerate() {
			let len = *blocks as u64 * SLOT_SECS * 1000;
			if elapsed_ms < offset + len {
				current = Some((p, *rate));
				break;
			}
			offset += len;
		}
		if let Some((p, rate)) = current {
			if starts.len() == p {
				eprintln!("   phase {p}: {rate} tx/s for {} s", phases[p].1 as u64 * SLOT_SECS);
				starts.push(now);
			}
			// Whole intents per tick, spread so that each second offers `rate`.
			let due = (rate as u64 * (n_tick % 10 + 1)).div_ceil(10)
				- (rate as u64 * (n_tick % 10)).div_ceil(10);
			let mut s = state.lock().expect("not poisoned");
			for _ in 0..due {
				let who = sender % pairs.len();
				sender += 1;
				s.intents.push(Intent {
					sender: who,
					nonce: next_nonce[who],
					phase: p,
					offered: now,
					sent: None,
					accepted: None,
					finalized: None,
					ok: false,
					nonce_used: false,
					refused: None,
					in_flight: false,
					refusals: 0,
					retry_at: None,
				});
				queues[who].push_back(s.intents.len() - 1);
				next_nonce[who] += 1;
			}
		} else if drain_started.is_none() {
			eprintln!("   offered load ended; draining …");
			drain_started = Some(now);
		}
		// New submissions while windows have room; due retries; silent acceptances.
		let (fresh, retry, probe, open, queued) = {
			let mut s = state.lock().expect("not poisoned");
			let mut in_window = vec![0usize; pairs.len()];
			for i in &s.open {
				in_window[s.intents[*i].sender] += 1;
			}
			let mut fresh = Vec::new();
			for (who, q) in queues.iter_mut().enumerate() {
				while v.window.is_none_or(|w| in_window[who] < w) {
					let Some(i) = q.pop_front() else { break };
					in_window[who] += 1;
					fresh.push((who, i));
				}
			}
			for (_, i) in &fresh {
				s.open.insert(*i);
				s.intents[*i].sent = Some(now);
				s.intents[*i].in_flight = true;
			}
			let (mut retry, mut probe) = (Vec::new(), Vec::new());
			// Retries and silence checks every half second (the open set can be large).
			let open: Vec<usize> = if n_tick.is_multiple_of(5) {
				s.open.iter().copied().collect()
			} else {
				Vec::new()
			};
			for i in open.iter().copied() {
				let it = &mut s.intents[i];
				if it.in_flight {
					continue;
				}
				if it.retry_at.is_some_and(|t| t <= now) {
					it.in_flight = true;
					it.retry_at = None;
					retry.push((it.sender, i));
				} else if it.retry_at.is_none() && it.accepted.is_some_and(|a| now - a > SILENCE) {
					it.in_flight = true;
					probe.push((it.sender, i));
				}
			}
			s.resigned += retry.len() as u64;
			let queued: usize = queues.iter().map(|q| q.len()).sum();
			(fresh, retry, probe, s.open.len(), queued)
		};
		for (who, i) in fresh.into_iter().chain(retry) {
			resend(&state, who, i);
		}
		let mut silent: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
		for (who, i) in probe {
			silent.entry(who).or_default().push(i);
		}
		for (who, list) in silent {
			tokio::spawn(check_silent(
				state.clone(),
				conns[who % conns.len()].clone(),
				pairs[who].0.clone(),
				chain.clone(),
				list,
			));
		}
		if n_tick.is_multiple_of(300) {
			let s = state.lock().expect("not poisoned");
			let finalized = s.intents.iter().filter(|i| i.finalized.is_some()).count();
			eprintln!(
				"   {:>4.0} s: {} offered, {finalized} finalized, {open} in flight, {queued} queued at the senders, {} refusals",
				(now - t0).as_secs_f64(),
				s.intents.len(),
				s.refusals.values().sum::<u64>()
			);
		}
		if let Some(d) = drain_started {
			if (open == 0 && queued == 0) || now - d > drain {
				break;
			}
		}
		if follower.is_finished() {
			bail!("the finality follower stopped");
		}
		n_tick += 1;
		tokio::time::sleep_until((t0 + tick * n_tick as u32).into()).await;
	}
	let drain_secs = drain_started.map(|d| d.elapsed().as_secs_f64()).unwrap_or(0.0);
	let wall = t0.elapsed().as_secs_f64();
	let cpu: Vec<f64> = pids
		.iter()
		.zip(cpu0)
		.map(|(p, c0)| (bioledger_e2e::cpu_secs(*p).unwrap_or(c0) - c0) / wall * 100.0)
		.collect();
	follower.abort();
	let logs: Vec<String> = net.nodes.iter().map(|n| n.log_text()).collect();
	let s = state.lock().expect("not poisoned");
	let phase_results: Vec<PhaseResult> = phases
		.iter()
		.enumerate()
		.zip(&starts)
		.map(|((p, (rate, blocks)), from)| {
			phase_result(&s, p, *rate, *from, *blocks as u64 * SLOT_SECS)
		})
		.collect();
	let done = |i: &&Intent| i.finalized.is_some();
	let finalized_ok = s.intents.iter().filter(done).filter(|i| i.ok).count();
	let failed = s.intents.iter().filter(done).filter(|i| !i.ok).count();
	let refused = s
		.intents
		.iter()
		.filter(|i| i.finalized.is_none() && i.refused.is_some())
		.count();
	let unsent = s.intents.iter().filter(|i| i.sent.is_none()).count();
	let unfinished = s.intents.len() - finalized_ok - failed - refused - unsent;
	// Against the rate the same consortium finalized in the sustained phase of this run.
	let degradation = match phase_results.as_slice() {
		[base, over] => over.finalized_tps / base.finalized_tps,
		_ => f64::NAN,
	};
	Ok(VariantResult {
		variant: v.name.clone(),
		node_args: v.args.clone(),
		window: v.window,
		phases: phase_results,
		intents: s.intents.len(),
		finalized_ok,
		failed_in_dispatch: failed,
		refused_for_good: refused,
		unfinished,
		unsent,
		duplicates: s.duplicates,
		refusals: s.refusals.clone(),
		resigned_after_refusal: s.resigned,
		resigned_after_silence: s.redriven,
		drain_secs,
		discarded_proposals: logs.iter().map(|l| count_lines(l, "Discarding proposal")).collect(),
		reorgs: logs.iter().map(|l| count_lines(l, "Reorg on")).collect(),
		cpu_pct_per_node: cpu,
		degradation,
	})
}

fn print(r: &VariantResult) {
	println!(
		"\n## {} ({}; clients: {})\n",
		r.variant,
		r.node_args.join(" "),
		r.window.map_or("every transaction submitted when due".into(), |w| format!(
			"at most {w} transactions per account in flight"
		))
	);
	println!("| phase | offered tx/s | s | finalized tx/s | lowest 30 s window | submitted → final p50 / p95 / p99 / max (s) | offered → final p50 / p95 / max (s) |");
	println!("|---|---|---|---|---|---|---|");
	for (n, p) in r.phases.iter().enumerate() {
		println!(
			"| {} | {} | {} | {:.0} | {} | {:.1} / {:.1} / {:.1} / {:.1} | {:.0} / {:.0} / {:.0} |",
			if n == 0 { "sustained" } else { "overload" },
			p.offered_tps,
			p.secs,
			p.finalized_tps,
			// A phase shorter than the settling time plus one window has none.
			if p.lowest_window_tps.is_nan() {
				"—".to_string()
			} else {
				format!("{:.0}", p.lowest_window_tps)
			},
			p.submitted_to_final[0],
			p.submitted_to_final[1],
			p.submitted_to_final[2],
			p.submitted_to_final[3],
			p.offered_to_final[0],
			p.offered_to_final[1],
			p.offered_to_final[3],
		);
	}
	println!(
		"\nintents {}: finalized {} + failed in dispatch {} + refused for good {} + unfinished {} + never sent {}; duplicates {}; re-signed after a refusal {}, after a minute of silence {}; drained in {:.0} s",
		r.intents,
		r.finalized_ok,
		r.failed_in_dispatch,
		r.refused_for_good,
		r.unfinished,
		r.unsent,
		r.duplicates,
		r.resigned_after_refusal,
		r.resigned_after_silence,
		r.drain_secs
	);
	println!(
		"discarded proposals per validator {:?}, reorgs {:?}, CPU % per node {:?}; overload finalized {:.0} % of the sustained phase's rate ({:.0} % of the rate offered then)",
		r.discarded_proposals,
		r.reorgs,
		r.cpu_pct_per_node.iter().map(|c| c.round()).collect::<Vec<_>>(),
		r.degradation * 100.0,
		r.phases.get(1).map_or(f64::NAN, |p| p.finalized_tps) /
			r.phases.first().map_or(f64::NAN, |p| p.offered_tps as f64) *
			100.0
	);
	for (reason, n) in r.refusals.iter() {
		println!("  refused {n}×: {reason}");
	}
}

#[tokio::main]
async fn main() -> Result<()> {
	let args = parse_args()?;
	let mut results = Vec::new();
	for v in &args.variants {
		let r = run_variant(&args, v).await?;
		print(&r);
		results.push(r);
	}
	let path = args
		.out
		.clone()
		.unwrap_or_else(|| bioledger_e2e::results_dir("overload").join("overload.json"));
	std::fs::write(
		&path,
		serde_json::to_string_pretty(&serde_json::json!({
			"sustained_tps": args.sustained, "factor": args.factor,
			"base_blocks": args.base_blocks, "hold_blocks": args.hold_blocks,
			"senders": args.senders, "variants": results,
		}))?,
	)?;
	println!("\nraw results: {}", path.display());
	if args.check {
		let last = results.last().context("no variant ran")?;
		// The goal: the overload phase finalizes at least 80 % of the sustained rate, and no
		// intent is left unfinished, unsent or duplicated.
		let lost = last.unfinished + last.unsent;
		if !(last.degradation >= 0.8 && lost == 0 && last.duplicates == 0) {
			bail!(
				"{}: overload finalized {:.0} % of the sustained rate, {} lost, {} duplicated",
				last.variant,
				last.degradation * 100.0,
				lost,
				last.duplicates
			);
		}
	}
	Ok(())
}
