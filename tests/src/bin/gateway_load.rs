//! `gateway_load`: EPCIS commissioning events captured through the partner gateway, to
//! finalized, against direct `create_lot` transactions in the same run on one dev node.
//!
//! Both sides follow the same client contract (docs/reliability.md): N signing accounts, at
//! most 32 transactions per account waiting in the pool. Phases, each `--secs` long:
//! 1. direct: N accounts sign and submit `create_lot` themselves, as fast as the contract lets;
//! 2. gateway, full: N integrated systems (one signing account each) POST EPCIS documents of
//!    `--events` ObjectEvents (ADD, commissioning) as fast as the gateway accepts them;
//! 3. gateway, half load: documents offered open-loop at half the direct rate; latency from
//!    the POST to the finalized block that carries the event.
//!
//! Prints finalized events/s per phase, the ratio gateway/direct, p50/p95 capture→finalized
//! at half load, and the gateway's peak RSS and CPU. `--short` is the CI form (15-s phases).
//! `--out FILE` writes the figures as JSON. `--check` fails unless the gateway finalized at
//! least 0.8 × the direct rate, every half-load event was finalized and its p95 is ≤ 9 s.

use anyhow::{bail, Result};
use bioledger_e2e::percentile;
use bioledger_e2e::{
	cpu_secs,
	gateway::{Gateway, SystemSpec},
	peak_rss_kib, senders,
	tx::{self, ChainInfo},
	Node, NodeDir, NodeSpec, Rpc,
};
use bioledger_primitives::{Quantity, TemperatureRange, Unit};
use bioledger_runtime::{RuntimeCall, UncheckedExtrinsic};
use codec::{Decode, Encode};
use serde_json::json;
use sp_core::{sr25519, Pair};
use std::{
	collections::HashMap,
	sync::{Arc, Mutex},
	time::{Duration, Instant},
};

const WINDOW: usize = 32;

/// What the chain shows: per account the next nonce in best blocks, per lot when finalized.
#[derive(Default)]
struct Seen {
	best_next: HashMap<String, u32>,
	finalized: HashMap<String, Instant>,
}

fn lot_of(call: &RuntimeCall) -> Option<String> {
	match call {
		RuntimeCall::Provenance(pallet_provenance::Call::create_lot { id, .. }) => {
			Some(String::from_utf8_lossy(id).into_owned())
		},
		_ => None,
	}
}

async fn block_xts(rpc: &Rpc, n: u32) -> Result<Vec<UncheckedExtrinsic>> {
	let Some(hash) = rpc.block_hash(n).await? else { return Ok(vec![]) };
	let body = rpc.call("chain_getBlock", jsonrpsee::rpc_params![format!("{hash:?}")]).await?;
	Ok(body["block"]["extrinsics"]
		.as_array()
		.into_iter()
		.flatten()
		.filter_map(|x| hex::decode(x.as_str()?.trim_start_matches("0x")).ok())
		.filter_map(|b| UncheckedExtrinsic::decode(&mut &b[..]).ok())
		.collect())
}

/// Follow best and finalized blocks (every number, no gap).
async fn follow(rpc: Rpc, seen: Arc<Mutex<Seen>>) -> Result<()> {
	let (mut best_done, mut fin_done) = (rpc.best_number().await?, rpc.finalized().await?.0);
	loop {
		let best = rpc.best_number().await?;
		for n in best_done + 1..=best {
			for x in block_xts(&rpc, n).await? {
				if let sp_runtime::generic::Preamble::Signed(
					sp_runtime::MultiAddress::Id(who),
					_,
					ext,
				) = &x.preamble
				{
					let mut s = seen.lock().unwrap();
					let e = s.best_next.entry(who.to_string()).or_default();
					*e = (*e).max(ext.6 .0 + 1);
				}
			}
		}
		best_done = best_done.max(best);
		let (fin, _) = rpc.finalized().await?;
		for n in fin_done + 1..=fin {
			let now = Instant::now();
			for x in block_xts(&rpc, n).await? {
				if let Some(l) = lot_of(&x.function) {
					seen.lock().unwrap().finalized.entry(l).or_insert(now);
				}
			}
		}
		fin_done = fin_done.max(fin);
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
}

fn create_lot(id: &str) -> RuntimeCall {
	RuntimeCall::Provenance(pallet_provenance::Call::create_lot {
		id: id.as_bytes().to_vec().try_into().expect("short id"),
		product: b"09506000134352".to_vec().try_into().expect("short code"),
		quantity: Quantity::new(1_000_000, Unit::Milligram),
		expires_at: 1_893_456_000_000,
		storage: Some(TemperatureRange::COLD_CHAIN),
	})
}

fn count_in(seen: &Seen, prefix: &str, from: Instant, to: Instant) -> usize {
	seen.finalized
		.iter()
		.filter(|(l, t)| l.contains(prefix) && **t >= from && **t < to)
		.count()
}

/// Phase 1: direct senders under the contract, one task per account.
async fn direct(
	url: &str,
	info: &ChainInfo,
	senders: &[(sr25519::Pair, u32)],
	seen: &Arc<Mutex<Seen>>,
	secs: u64,
) -> Result<f64> {
	let start = Instant::now();
	let end = start + Duration::from_secs(secs);
	let mut tasks = Vec::new();
	for (i, (pair, nonce)) in senders.iter().cloned().enumerate() {
		let (seen, info, rpc) = (seen.clone(), *info, Rpc::connect(url).await?);
		tasks.push(tokio::spawn(async move {
			let who = sp_runtime::AccountId32::from(pair.public()).to_string();
			let (mut next, mut k) = (nonce, 0u64);
			while Instant::now() < end {
				let included = seen.lock().unwrap().best_next.get(&who).copied().unwrap_or(0);
				if (next.saturating_sub(included) as usize) >= WINDOW {
					tokio::time::sleep(Duration::from_millis(50)).await;
					continue;
				}
				k += 1;
				let xt =
					tx::sign(create_lot(&format!("09506000134352/DIR{i}-{k}")), &pair, next, &info)
						.encode();
				rpc.submit(&xt).await?;
				next += 1;
			}
			Ok::<_, anyhow::Error>(())
		}));
	}
	for t in tasks {
		t.await??;
	}
	// Count what was finalized in the phase's window, shifted by the pipeline's latency.
	tokio::time::sleep(Duration::from_secs(12)).await;
	let s = seen.lock().unwrap();
	Ok(count_in(&s, "/DIR", start + Duration::from_secs(6), end + Duration::from_secs(6)) as f64
		/ secs as f64)
}

fn doc(prefix: &str, first: u64, n: u64) -> Vec<u8> {
	let events: Vec<_> = (first..first + n)
		.map(|i| json!({
			"type": "ObjectEvent", "eventTime": "2026-12-03T10:00:00.000Z", "eventTimeZoneOffset": "+00:00",
			"action": "ADD", "bizStep": "commissioning", "disposition": "active",
			"quantityList": [{ "epcClass": format!("https://id.gs1.org/01/09506000134352/10/{prefix}-{i}"), "quantity": 1, "uom": "KGM" }],
			"ilmd": { "cbvmda:itemExpirationDate": "2030-01-01" },
		}))
		.collect();
	serde_json::to_vec(&json!({
		"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld", { "cbvmda": "urn:epcglobal:cbv:mda:" }],
		"type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-12-03T10:00:00Z",
		"epcisBody": { "eventList": events },
	}))
	.expect("json")
}

/// Phase 2/3: systems POST documents; `rate` = events/s offered in total (`None`: each system
/// posts its next document as soon as the gateway answered the last, keeping at most a
/// window's worth of its events unfinalized).
async fn through_gateway(
	g: &Arc<Gateway>,
	systems: usize,
	events: u64,
	prefix: &'static str,
	rate: Option<f64>,
	seen: &Arc<Mutex<Seen>>,
	secs: u64,
	posted: Arc<Mutex<HashMap<String, Instant>>>,
) -> Result<()> {
	let end = Instant::now() + Duration::from_secs(secs);
	let mut tasks = Vec::new();
	for s in 0..systems {
		let g = g.clone();
		let seen = seen.clone();
		let posted = posted.clone();
		tasks.push(tokio::spawn(async move {
			let name = format!("s{s}");
			let mut k = 0u64;
			let mut mine: Vec<String> = Vec::new();
			let period = rate.map(|r| Duration::from_secs_f64(events as f64 * systems as f64 / r));
			let mut tick = Instant::now();
			while Instant::now() < end {
				if rate.is_none() {
					let fin = {
						let s = seen.lock().unwrap();
						mine.iter().filter(|l| s.finalized.contains_key(*l)).count()
					};
					if mine.len() - fin >= 4 * WINDOW {
						tokio::time::sleep(Duration::from_millis(50)).await;
						continue;
					}
				}
				let p = format!("{prefix}{s}");
				let body = doc(&p, k, events);
				let t0 = Instant::now();
				let (st, v) = g.post(&name, "/epcis/capture", None, &body).await?;
				if st != 202 {
					bail!("capture answered {st}: {v}");
				}
				{
					let mut pm = posted.lock().unwrap();
					for i in k..k + events {
						let lot = format!("09506000134352/{p}-{i}");
						pm.insert(lot.clone(), t0);
						mine.push(lot);
					}
				}
				k += events;
				if let Some(per) = period {
					tick += per;
					if let Some(wait) = tick.checked_duration_since(Instant::now()) {
						tokio::time::sleep(wait).await;
					}
				}
			}
			Ok::<_, anyhow::Error>(())
		}));
	}
	for t in tasks {
		t.await??;
	}
	Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
	let args: Vec<String> = std::env::args().collect();
	let short = args.iter().any(|a| a == "--short");
	let arg =
		|name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
	let secs: u64 =
		arg("--secs")
			.map(|s| s.parse())
			.transpose()?
			.unwrap_or(if short { 15 } else { 60 });
	let n: usize = arg("--systems").map(|s| s.parse()).transpose()?.unwrap_or(16);
	let events: u64 = arg("--events").map(|s| s.parse()).transpose()?.unwrap_or(10);
	let out = arg("--out");

	let dir = NodeDir::new("gateway-load")?;
	let mut node = Node::start(NodeSpec::new("dev", "dev", 0).validator("alice"), &dir)?;
	let rpc = node.wait_rpc(Duration::from_secs(60)).await?;
	let info = ChainInfo::fetch(&rpc).await?;
	let direct_senders = senders::fund_and_link(&rpc, &info, "gld", n as u32).await?;
	let gw_senders = senders::fund_and_link(&rpc, &info, "glg", n as u32).await?;
	let systems: Vec<SystemSpec> = (0..n)
		.map(|i| SystemSpec {
			name: Box::leak(format!("s{i}").into_boxed_str()),
			suri: Box::leak(format!("//glg//{i}").into_boxed_str()),
			scopes: &["lots:write", "epcis:capture", "read"],
			rate: 10_000,
		})
		.collect();
	let _ = gw_senders;
	let gdir = NodeDir::new("gateway-load-gw")?;
	let g =
		Arc::new(Gateway::start(&gdir, 0, &node.ws_url(), &systems, json!({}), json!({})).await?);
	let gpid = g.pid().expect("running");
	let seen = Arc::new(Mutex::new(Seen::default()));
	tokio::spawn(follow(Rpc::connect(&node.ws_url()).await?, seen.clone()));

	println!("gateway_load: dev node, {n} accounts per side, window {WINDOW}, {events} events per document, {secs}-s phases");
	let direct_rate = direct(&node.ws_url(), &info, &direct_senders, &seen, secs).await?;
	println!("direct create_lot:           {direct_rate:.0} finalized/s");

	let cpu0 = cpu_secs(gpid).unwrap_or(0.0);
	let posted = Arc::new(Mutex::new(HashMap::new()));
	let start = Instant::now();
	through_gateway(&g, n, events, "GWF", None, &seen, secs, posted.clone()).await?;
	let end = start + Duration::from_secs(secs);
	tokio::time::sleep(Duration::from_secs(12)).await;
	let gw_rate = count_in(
		&seen.lock().unwrap(),
		"/GWF",
		start + Duration::from_secs(6),
		end + Duration::from_secs(6),
	) as f64
		/ secs as f64;
	let cpu = (cpu_secs(gpid).unwrap_or(0.0) - cpu0) / start.elapsed().as_secs_f64() * 100.0;
	println!("gateway EPCIS capture:       {gw_rate:.0} finalized/s = {:.2} x direct; gateway CPU {cpu:.0} % of a core", gw_rate / direct_rate);

	let half = direct_rate / 2.0;
	let posted_half = Arc::new(Mutex::new(HashMap::new()));
	through_gateway(&g, n, events, "GWH", Some(half), &seen, secs, posted_half.clone()).await?;
	tokio::time::sleep(Duration::from_secs(20)).await;
	let lat: Vec<f64> = {
		let s = seen.lock().unwrap();
		posted_half
			.lock()
			.unwrap()
			.iter()
			.filter_map(|(l, t0)| s.finalized.get(l).map(|t| t.duration_since(*t0).as_secs_f64()))
			.collect()
	};
	let offered = posted_half.lock().unwrap().len();
	let mut sorted = lat.clone();
	sorted.sort_by(f64::total_cmp);
	let (p50, p95) = (percentile(&sorted, 0.5), percentile(&sorted, 0.95));
	let rss = peak_rss_kib(gpid).unwrap_or(0) / 1024;
	println!(
		"gateway at half load ({half:.0}/s offered): {}/{offered} finalized, capture→finalized p50 {p50:.1} s, p95 {p95:.1} s; gateway peak RSS {rss} MiB",
		lat.len()
	);
	if let Some(path) = out {
		std::fs::write(
			&path,
			serde_json::to_vec_pretty(&json!({
				"accounts": n, "events_per_document": events, "phase_secs": secs,
				"direct_per_s": direct_rate, "gateway_per_s": gw_rate, "ratio": gw_rate / direct_rate,
				"half_load_offered_per_s": half, "half_load_finalized": lat.len(), "half_load_offered": offered,
				"p50_s": p50, "p95_s": p95, "gateway_peak_rss_mib": rss, "gateway_cpu_pct": cpu,
			}))?,
		)?;
	}
	drop(g);
	node.kill();
	if args.iter().any(|a| a == "--check") {
		if gw_rate < 0.8 * direct_rate {
			bail!("gateway {gw_rate:.0}/s is below 0.8 x direct {direct_rate:.0}/s");
		}
		if lat.len() != offered || p95.is_nan() || p95 > 9.0 {
			bail!(
				"half load: {}/{offered} finalized, p95 {p95:.1} s (goal: all, <= 9 s)",
				lat.len()
			);
		}
		println!(
			"check passed: ratio {:.2} >= 0.8, all finalized, p95 {p95:.1} s <= 9 s",
			gw_rate / direct_rate
		);
	}
	Ok(())
}
