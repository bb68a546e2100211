//! `load`: open-loop load generator. Starts a real dev chain (or the four-validator local
//! consortium) on loopback, creates and funds many sender accounts (linked to the dev
//! organisation as operators), pre-signs every transaction of a step (each sender its own nonce
//! sequence, so nonces never collide), submits them at a fixed offered rate over several
//! WebSocket connections, and follows the new and finalized heads to time every transaction:
//! submit → in block → finalized. The rate steps up until fewer than 95 % of the offered
//! transactions are finalized successfully within the step (plus a short drain) or the pool
//! keeps growing. Prints a table per workload and writes the raw figures as JSON.
//!
//! Signing uses the runtime's own types and `sp-core` (the same code as the end-to-end tests),
//! over `jsonrpsee`: no metadata round trip, no generated client, so the generator costs little
//! CPU next to the node it measures on the same machine.
//!
//!     cargo run --release -p bioledger-e2e --bin load -- --network dev --workload transfer \
//!         --rates 100,200,400,800 --step-blocks 100
//!     cargo run --release -p bioledger-e2e --bin load -- --short     # CI: a few small steps

use anyhow::{bail, Context, Result};
use bioledger_e2e::{
	chain::{map_key, value_key},
	rpc::{header_number, Rpc},
	tx, Network, Node, NodeDir, NodeSpec,
};
use bioledger_primitives::{Quantity, Role, RoleSet, TemperatureRange, Unit};
use bioledger_runtime::{AccountId, Address, RuntimeCall, RuntimeEvent};
use codec::{Decode, Encode};
use frame_support::{
	dispatch::{DispatchClass, PerDispatchClass},
	weights::Weight,
	Blake2_128Concat,
};
use sp_core::{sr25519, Pair, H256};
use sp_keyring::Sr25519Keyring;
use sp_runtime::traits::{BlakeTwo256, Hash as _};
use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

/// What the transactions do.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Workload {
	/// `balances.transfer_keep_alive`: the baseline every Substrate chain is compared on.
	Transfer,
	/// `provenance.create_lot`: one provenance event per transaction.
	CreateLot,
}

impl Workload {
	fn name(self) -> &'static str {
		match self {
			Workload::Transfer => "transfer",
			Workload::CreateLot => "create_lot",
		}
	}

	fn call(self, step: usize, i: usize) -> RuntimeCall {
		match self {
			Workload::Transfer => {
				RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
					dest: Address::Id(Sr25519Keyring::Bob.to_account_id()),
					value: 1_000_000_000,
				})
			},
			Workload::CreateLot => RuntimeCall::Provenance(pallet_provenance::Call::create_lot {
				id: format!("LOAD/{step}/{i}").into_bytes().try_into().expect("short id"),
				product: b"GTIN-06912345000024".to_vec().try_into().expect("short code"),
				quantity: Quantity::new(1_000_000, Unit::Milligram),
				expires_at: 4_102_444_800_000,
				storage: Some(TemperatureRange::COLD_CHAIN),
			}),
		}
	}
}

struct Args {
	network: String,
	workloads: Vec<Workload>,
	rates: Vec<u32>,
	step_blocks: u32,
	accounts: u32,
	conns: usize,
	out: Option<std::path::PathBuf>,
}

fn parse_args() -> Result<Args> {
	let mut a = Args {
		network: "dev".into(),
		workloads: vec![Workload::Transfer, Workload::CreateLot],
		rates: vec![100, 200, 400, 800, 1_600, 3_200],
		step_blocks: 100,
		accounts: 256,
		conns: 4,
		out: None,
	};
	let mut it = std::env::args().skip(1);
	while let Some(flag) = it.next() {
		let mut val = || it.next().with_context(|| format!("{flag} needs a value"));
		match flag.as_str() {
			"--network" => a.network = val()?,
			"--workload" => {
				a.workloads = val()?
					.split(',')
					.map(|w| match w {
						"transfer" => Ok(Workload::Transfer),
						"create_lot" => Ok(Workload::CreateLot),
						other => bail!("unknown workload {other}"),
					})
					.collect::<Result<_>>()?
			},
			"--rates" => {
				a.rates = val()?.split(',').map(|r| r.parse()).collect::<Result<_, _>>()?
			},
			"--step-blocks" => a.step_blocks = val()?.parse()?,
			"--accounts" => a.accounts = val()?.parse()?,
			"--connections" => a.conns = val()?.parse()?,
			"--out" => a.out = Some(val()?.into()),
			"--short" => {
				a.rates = vec![50, 100];
				a.step_blocks = 10;
				a.accounts = 64;
			},
			other => bail!("unknown flag {other}"),
		}
	}
	Ok(a)
}

/// The transaction hash (as the pool and explorers show it).
fn blake2_256(xt: &[u8]) -> [u8; 32] {
	BlakeTwo256::hash(xt).0
}

/// One submitted transaction.
struct Sent {
	submitted: Instant,
	step: usize,
	included: Option<Instant>,
	finalized: Option<Instant>,
	ok: Option<bool>,
}

/// Shared bookkeeping between the submitters and the block follower.
#[derive(Default)]
struct Book {
	sent: HashMap<[u8; 32], Sent>,
	/// Block number → (our transactions in it, block weight used (ps), block length (bytes)).
	blocks: HashMap<u32, (Vec<[u8; 32]>, u64, usize)>,
	finalized: u32,
}

/// Follow new heads (inclusion, success, fullness) and finalized heads (finality).
async fn follow(rpc: Rpc, book: Arc<Mutex<Book>>) -> Result<()> {
	let mut heads = rpc.subscribe_new_heads().await?;
	let mut finals = rpc.subscribe_finalized_heads().await?;
	loop {
		tokio::select! {
			Some(h) = heads.next() => {
				let n = header_number(&h?)?;
				let Some(hash) = rpc.block_hash(n).await? else { continue };
				let now = Instant::now();
				let body = rpc.call("chain_getBlock", jsonrpsee::rpc_params![format!("{hash:?}")]).await?;
				let xts: Vec<Vec<u8>> = body["block"]["extrinsics"]
					.as_array()
					.map(|a| a.iter().filter_map(|x| x.as_str()).filter_map(|x| hex::decode(x.trim_start_matches("0x")).ok()).collect())
					.unwrap_or_default();
				let events: Vec<frame_system::EventRecord<RuntimeEvent, H256>> = rpc
					.storage(&value_key("System", "Events"), Some(hash))
					.await?
					.map(|b| Decode::decode(&mut &b[..]))
					.transpose()?
					.unwrap_or_default();
				let weight: PerDispatchClass<Weight> = rpc
					.storage(&value_key("System", "BlockWeight"), Some(hash))
					.await?
					.map(|b| Decode::decode(&mut &b[..]))
					.transpose()?
					.unwrap_or_default();
				let mut book = book.lock().expect("not poisoned");
				let mut ours = Vec::new();
				for (i, xt) in xts.iter().enumerate() {
					let id = blake2_256(xt);
					if let Some(s) = book.sent.get_mut(&id) {
						s.included.get_or_insert(now);
						let ok = events.iter().any(|e| {
							e.phase == frame_system::Phase::ApplyExtrinsic(i as u32) &&
								matches!(e.event, RuntimeEvent::System(frame_system::Event::ExtrinsicSuccess { .. }))
						});
						s.ok = Some(ok);
						ours.push(id);
					}
				}
				let len = xts.iter().map(Vec::len).sum();
				book.blocks.insert(n, (ours, weight.get(DispatchClass::Normal).ref_time(), len));
			}
			Some(f) = finals.next() => {
				let n = header_number(&f?)?;
				let now = Instant::now();
				let mut book = book.lock().expect("not poisoned");
				let from = book.finalized + 1;
				let ids: Vec<[u8; 32]> = (from..=n)
					.filter_map(|b| book.blocks.get(&b).map(|x| x.0.clone()))
					.flatten()
					.collect();
				for id in ids {
					if let Some(s) = book.sent.get_mut(&id) {
						s.finalized.get_or_insert(now);
					}
				}
				book.finalized = book.finalized.max(n);
			}
			else => bail!("subscriptions ended"),
		}
	}
}

/// Percentile of sorted seconds.
fn pct(sorted: &[f64], p: f64) -> f64 {
	if sorted.is_empty() {
		return f64::NAN;
	}
	sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// CPU seconds (user + system) a process has used, from `/proc/<pid>/stat`.
fn cpu_secs(pid: u32) -> Option<f64> {
	let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
	let after = stat.rsplit_once(')')?.1;
	let f: Vec<&str> = after.split_whitespace().collect();
	let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
	Some(ticks / 100.0)
}

/// Create `n` sender accounts: funded by Alice and linked to her organisation as operators.
async fn senders(
	rpc: &Rpc,
	chain_info: &tx::ChainInfo,
	n: u32,
) -> Result<Vec<(sr25519::Pair, u32)>> {
	let alice = Sr25519Keyring::Alice.pair();
	let mut nonce = rpc.next_nonce(&Sr25519Keyring::Alice.to_account_id().to_string()).await?;
	let pairs: Vec<sr25519::Pair> = (0..n)
		.map(|i| sr25519::Pair::from_string(&format!("//load//{i}"), None).expect("valid path"))
		.collect();
	for p in &pairs {
		let who: AccountId = p.public().into();
		let fund = RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
			dest: Address::Id(who.clone()),
			value: 100 * bioledger_runtime::UNIT,
		});
		let link = RuntimeCall::Consortium(pallet_consortium::Call::link_account {
			account: who,
			roles: RoleSet::from_roles(&[Role::Operator]),
		});
		for call in [fund, link] {
			rpc.submit(&tx::sign(call, &alice, nonce, chain_info).encode()).await?;
			nonce += 1;
		}
	}
	// Wait until the last sender is funded and linked in a finalized block.
	let last: AccountId = pairs.last().expect("n > 0").public().into();
	let key = map_key::<Blake2_128Concat, _>("Consortium", "Accounts", &last);
	let deadline = Instant::now() + Duration::from_secs(120 + n as u64 / 10);
	loop {
		let (_, fin) = rpc.finalized().await?;
		if rpc.storage(&key, Some(fin)).await?.is_some() {
			break;
		}
		if Instant::now() > deadline {
			bail!("senders not set up in time");
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	Ok(pairs.into_iter().map(|p| (p, 0)).collect())
}

/// Result of one step.
#[derive(Debug)]
struct StepResult {
	offered: u32,
	sent: usize,
	rejected: usize,
	finalized_ok: usize,
	failed: usize,
	tps: f64,
	incl: [f64; 3],
	fin: [f64; 3],
	pool_end: usize,
	blocks: usize,
	weight_pct: f64,
	length_kib: f64,
	cpu_pct: Vec<f64>,
}

async fn run_step(
	rpcs: &[Arc<Rpc>],
	chain_info: &tx::ChainInfo,
	book: &Arc<Mutex<Book>>,
	senders: &mut [(sr25519::Pair, u32)],
	workload: Workload,
	step: usize,
	rate: u32,
	secs: u64,
	pids: &[u32],
) -> Result<StepResult> {
	// Pre-sign every transaction of the step, round-robin over the senders.
	let total = (rate as u64 * secs) as usize;
	let xts: Vec<Vec<u8>> = (0..total)
		.map(|i| {
			let s = i % senders.len();
			let (pair, nonce) = &mut senders[s];
			let xt = tx::sign(workload.call(step, i), pair, *nonce, chain_info).encode();
			*nonce += 1;
			xt
		})
		.collect();
	let cpu0: Vec<f64> = pids.iter().map(|p| cpu_secs(*p).unwrap_or(0.0)).collect();
	let best0 = rpcs[0].best_number().await?;
	let start = Instant::now();
	let tick = Duration::from_millis(100);
	let per_tick = (rate as usize).div_ceil(10);
	let rejected = Arc::new(Mutex::new(0usize));
	let mut handles = Vec::new();
	for (t, chunk) in xts.chunks(per_tick).enumerate() {
		let due = start + tick * t as u32;
		tokio::time::sleep_until(due.into()).await;
		let now = Instant::now();
		{
			let mut b = book.lock().expect("not poisoned");
			for xt in chunk {
				b.sent.insert(
					blake2_256(xt),
					Sent { submitted: now, step, included: None, finalized: None, ok: None },
				);
			}
		}
		for (j, xt) in chunk.iter().enumerate() {
			let rpc = rpcs[(t + j) % rpcs.len()].clone();
			let xt = xt.clone();
			let rejected = rejected.clone();
			handles.push(tokio::spawn(async move {
				if rpc.submit(&xt).await.is_err() {
					*rejected.lock().expect("not poisoned") += 1;
				}
			}));
		}
	}
	for h in handles {
		let _ = h.await;
	}
	let window = start.elapsed().as_secs_f64().max(secs as f64);
	// Drain: up to 4 blocks for the last transactions to be included and finalized.
	let drain_until = Instant::now() + Duration::from_secs(12);
	loop {
		let pending = book
			.lock()
			.expect("not poisoned")
			.sent
			.values()
			.filter(|s| s.step == step && s.finalized.is_none())
			.count();
		if pending == 0 || Instant::now() > drain_until {
			break;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	let pool_end = rpcs[0]
		.call("author_pendingExtrinsics", jsonrpsee::rpc_params![])
		.await?
		.as_array()
		.map(Vec::len)
		.unwrap_or(0);
	let best1 = rpcs[0].best_number().await?;
	let wall = start.elapsed().as_secs_f64();
	let cpu_pct: Vec<f64> = pids
		.iter()
		.zip(cpu0)
		.map(|(p, c0)| (cpu_secs(*p).unwrap_or(c0) - c0) / wall * 100.0)
		.collect();
	let b = book.lock().expect("not poisoned");
	let mine: Vec<&Sent> = b.sent.values().filter(|s| s.step == step).collect();
	let ok: Vec<&&Sent> =
		mine.iter().filter(|s| s.ok == Some(true) && s.finalized.is_some()).collect();
	let failed = mine.iter().filter(|s| s.ok == Some(false)).count();
	let mut incl: Vec<f64> = ok
		.iter()
		.filter_map(|s| s.included.map(|i| (i - s.submitted).as_secs_f64()))
		.collect();
	let mut fin: Vec<f64> = ok
		.iter()
		.filter_map(|s| s.finalized.map(|f| (f - s.submitted).as_secs_f64()))
		.collect();
	incl.sort_by(|a, b| a.total_cmp(b));
	fin.sort_by(|a, b| a.total_cmp(b));
	let blocks: Vec<&(Vec<[u8; 32]>, u64, usize)> =
		(best0 + 1..=best1).filter_map(|n| b.blocks.get(&n)).collect();
	let max_normal = 1.5e12 * 0.75;
	let weight_pct =
		blocks.iter().map(|x| x.1 as f64).sum::<f64>() / blocks.len().max(1) as f64 / max_normal
			* 100.0;
	let length_kib =
		blocks.iter().map(|x| x.2 as f64).sum::<f64>() / blocks.len().max(1) as f64 / 1024.0;
	let rejected = *rejected.lock().expect("not poisoned");
	Ok(StepResult {
		offered: rate,
		sent: total,
		rejected,
		finalized_ok: ok.len(),
		failed,
		tps: ok.len() as f64 / window,
		incl: [pct(&incl, 0.5), pct(&incl, 0.95), pct(&incl, 0.99)],
		fin: [pct(&fin, 0.5), pct(&fin, 0.95), pct(&fin, 0.99)],
		pool_end,
		blocks: blocks.len(),
		weight_pct,
		length_kib,
		cpu_pct,
	})
}

fn step_json(r: &StepResult) -> serde_json::Value {
	serde_json::json!({
		"offered_tps": r.offered, "sent": r.sent, "rejected_by_pool": r.rejected,
		"finalized_ok": r.finalized_ok, "failed": r.failed, "tps": r.tps,
		"inclusion_s": {"p50": r.incl[0], "p95": r.incl[1], "p99": r.incl[2]},
		"finality_s": {"p50": r.fin[0], "p95": r.fin[1], "p99": r.fin[2]},
		"pool_at_end": r.pool_end, "blocks": r.blocks,
		"block_weight_pct_of_normal": r.weight_pct, "block_length_kib": r.length_kib,
		"cpu_pct_per_node": r.cpu_pct,
	})
}

#[tokio::main]
async fn main() -> Result<()> {
	let args = parse_args()?;
	let pool_args = ["--pool-limit", "65536", "--pool-kbytes", "262144"];
	// Keep the network's nodes and directories alive for the whole run.
	let mut dev: Option<(Node, NodeDir)> = None;
	let mut net: Option<Network> = None;
	let url = match args.network.as_str() {
		"dev" => {
			let dir = NodeDir::new("load-dev")?;
			let mut node = Node::start(
				NodeSpec::new("dev", "dev", 0).validator("alice").args(pool_args),
				&dir,
			)?;
			node.wait_rpc(Duration::from_secs(60)).await?;
			let url = node.ws_url();
			dev = Some((node, dir));
			url
		},
		"consortium" => {
			let (n, _) = Network::local_consortium_with(&pool_args).await?;
			let url = n.nodes[0].ws_url();
			net = Some(n);
			url
		},
		other => bail!("unknown network {other}: dev or consortium"),
	};
	let pids: Vec<u32> = match (&dev, &net) {
		(Some((node, _)), _) => node.pid().into_iter().collect(),
		(_, Some(n)) => n.nodes.iter().filter_map(|x| x.pid()).collect(),
		_ => Vec::new(),
	};
	let db_size = || match (&dev, &net) {
		(Some((_, dir)), _) => dir.db_size(),
		(_, Some(n)) => n.dirs.iter().map(NodeDir::db_size).sum(),
		_ => 0,
	};
	let rpc0 = Rpc::connect(&url).await?;
	let mut rpcs = Vec::new();
	for _ in 0..args.conns {
		rpcs.push(Arc::new(Rpc::connect(&url).await?));
	}
	let chain_info = tx::ChainInfo::fetch(&rpc0).await?;
	eprintln!("setting up {} senders …", args.accounts);
	let mut senders = senders(&rpc0, &chain_info, args.accounts).await?;
	let book = Arc::new(Mutex::new(Book::default()));
	{
		let (rpc, book) = (Rpc::connect(&url).await?, book.clone());
		tokio::spawn(async move {
			// Ends with an error when the nodes stop at the end of the run; a follower that
			// stops early shows up as transactions never included.
			let _ = follow(rpc, book).await;
		});
	}
	let secs = args.step_blocks as u64 * 3;
	let mut report = Vec::new();
	let mut step = 0usize;
	for workload in &args.workloads {
		println!("\n## {} on {} ({} s steps)\n", workload.name(), args.network, secs);
		println!("| offered tx/s | finalized ok tx/s | incl. p50/p95/p99 (s) | final. p50/p95/p99 (s) | failed | pool rejects | pool at end | weight % | KiB/block | CPU % per node |");
		println!("|---|---|---|---|---|---|---|---|---|---|");
		let mut steps = Vec::new();
		let mut sustained = 0f64;
		let db0 = db_size();
		let mut events = 0usize;
		for &rate in &args.rates {
			let r = run_step(
				&rpcs,
				&chain_info,
				&book,
				&mut senders,
				*workload,
				step,
				rate,
				secs,
				&pids,
			)
			.await?;
			step += 1;
			events += r.finalized_ok;
			println!(
				"| {} | {:.0} | {:.1} / {:.1} / {:.1} | {:.1} / {:.1} / {:.1} | {} | {} | {} | {:.1} | {:.1} | {} |",
				r.offered, r.tps, r.incl[0], r.incl[1], r.incl[2], r.fin[0], r.fin[1], r.fin[2],
				r.failed, r.rejected, r.pool_end, r.weight_pct, r.length_kib,
				r.cpu_pct.iter().map(|c| format!("{c:.0}")).collect::<Vec<_>>().join(", ")
			);
			let held = r.tps >= 0.95 * r.offered as f64 && r.pool_end < r.offered as usize * 3;
			steps.push(step_json(&r));
			if !held {
				break;
			}
			sustained = r.tps;
		}
		let growth = db_size().saturating_sub(db0);
		let per_100k = if events > 0 {
			growth as f64 * 100_000.0 / events as f64 / 1_048_576.0
		} else {
			f64::NAN
		};
		println!("\nsustained: {sustained:.0} tx/s; database growth {per_100k:.1} MiB per 100k transactions");
		report.push(serde_json::json!({
			"workload": workload.name(), "sustained_tps": sustained,
			"db_mib_per_100k": per_100k, "steps": steps,
		}));
	}
	let rss: Vec<Option<u64>> = pids.iter().map(|p| bioledger_e2e::peak_rss_kib(*p)).collect();
	let out = serde_json::json!({
		"network": args.network, "step_blocks": args.step_blocks, "senders": args.accounts,
		"connections": args.conns, "peak_rss_kib_per_node": rss, "workloads": report,
	});
	let path = args.out.unwrap_or_else(|| {
		std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!(
			"../bench/results/{}-{}.json",
			args.network,
			chrono_free_stamp()
		))
	});
	if let Some(d) = path.parent() {
		std::fs::create_dir_all(d)?;
	}
	std::fs::write(&path, serde_json::to_string_pretty(&out)?)?;
	println!("\nraw results: {}", path.display());
	Ok(())
}

/// Seconds since the Unix epoch, for file names.
fn chrono_free_stamp() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_secs())
		.unwrap_or(0)
}
