//! Genealogy benchmark: builds a 100,000-descendant genealogy in the real runtime (native,
//! in-memory state) and measures `recall` with its bounded walk, the trace APIs and paging the
//! recall impact. Prints figures; asserts nothing about speed.
//!
//!     cargo run --release -p bioledger-runtime --example genealogy [-- <intermediates> <per>]
//!
//! Shape: one API lot → `intermediates` drug-substance lots (default 100) → `per` finished lots
//! each (default 1,000): 100,100 descendants. Execution times here are native and in memory;
//! the block-weight column uses the runtime's benchmarked weights (ParityDB read/write costs).

use bioledger_primitives::{Quantity, TemperatureRange, Unit};
use bioledger_runtime::{
	genesis_config_presets, BuildStorage, Provenance, Runtime, RuntimeGenesisConfig, RuntimeOrigin,
	System,
};
use frame_support::traits::Hooks;
use pallet_provenance::{OutputLot, WeightInfo};
use sp_core::{sr25519, Pair};
use std::time::Instant;

fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(b), serde_json::Value::Object(p)) => {
			for (k, v) in p {
				merge(b.entry(k).or_insert(serde_json::Value::Null), v);
			}
		},
		(b, p) => *b = p,
	}
}

fn id(s: &str) -> bioledger_primitives::LotId {
	s.as_bytes().to_vec().try_into().unwrap()
}

fn peak_rss_mib() -> f64 {
	std::fs::read_to_string("/proc/self/status")
		.ok()
		.and_then(|s| {
			s.lines()
				.find(|l| l.starts_with("VmHWM:"))
				.and_then(|l| l.split_whitespace().nth(1))
				.and_then(|v| v.parse::<f64>().ok())
		})
		.map(|kib| kib / 1024.0)
		.unwrap_or(f64::NAN)
}

fn main() {
	let args: Vec<String> = std::env::args().collect();
	let intermediates: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100);
	let per: u32 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1_000);

	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, genesis_config_presets::local_consortium());
	let config: RuntimeGenesisConfig = serde_json::from_value(config).unwrap();
	let mut ext = sp_io::TestExternalities::new(config.build_storage().unwrap());

	ext.execute_with(|| {
		System::set_block_number(1);
		pallet_timestamp::Now::<Runtime>::put(1_000);
		// Alice's organisation (GMP holder): her operator and QA accounts.
		let op: bioledger_runtime::AccountId =
			sr25519::Pair::from_string("//Alice//ops", None).unwrap().public().into();
		let qa: bioledger_runtime::AccountId =
			sr25519::Pair::from_string("//Alice//qa", None).unwrap().public().into();
		let origin = || RuntimeOrigin::signed(op.clone());
		let far = u64::MAX / 2;
		let cold = Some(TemperatureRange::COLD_CHAIN);

		let t0 = Instant::now();
		Provenance::create_lot(
			origin(),
			id("API"),
			b"API".to_vec().try_into().unwrap(),
			Quantity::new(u64::MAX as u128, Unit::Milligram),
			far,
			cold,
		)
		.unwrap();
		let out = |name: String, input: &str| OutputLot {
			id: id(&name),
			product: b"DS".to_vec().try_into().unwrap(),
			quantity: Quantity::new(1_000_000_000, Unit::Milligram),
			expires_at: far,
			storage: cold,
			inputs: vec![(id(input), 1_000_000)].try_into().unwrap(),
		};
		let batch = 16usize;
		let ds: Vec<String> = (0..intermediates).map(|i| format!("DS-{i}")).collect();
		for chunk in ds.chunks(batch) {
			let outs: Vec<_> = chunk.iter().map(|n| out(n.clone(), "API")).collect();
			Provenance::transform(origin(), outs.try_into().unwrap()).unwrap();
		}
		for d in &ds {
			let fp: Vec<String> = (0..per).map(|j| format!("{d}-FP-{j}")).collect();
			for chunk in fp.chunks(batch) {
				let outs: Vec<_> = chunk.iter().map(|n| out(n.clone(), d)).collect();
				Provenance::transform(origin(), outs.try_into().unwrap()).unwrap();
			}
		}
		let built = t0.elapsed();
		let total = intermediates as u64 * (per as u64 + 1);
		System::reset_events();

		let t = Instant::now();
		let fwd = Provenance::trace_forward(&id("API"), 2).unwrap();
		let fwd_time = t.elapsed();
		let leaf = format!("DS-{}-FP-{}", intermediates - 1, per - 1);
		let t = Instant::now();
		let back = Provenance::trace_back(&id(&leaf), 10).unwrap();
		let back_time = t.elapsed();

		let t = Instant::now();
		Provenance::recall(RuntimeOrigin::signed(qa.clone()), id("API"), [9; 32]).unwrap();
		let recall_time = t.elapsed();
		let mut blocks = 0u32;
		let mut worst = std::time::Duration::ZERO;
		let mut busy = std::time::Duration::ZERO;
		let mut max_weight = frame_support::weights::Weight::zero();
		while !pallet_provenance::Propagating::<Runtime>::get().is_empty() {
			System::set_block_number(System::block_number() + 1);
			System::reset_events();
			let t = Instant::now();
			let w = <Provenance as Hooks<u32>>::on_initialize(System::block_number());
			let dt = t.elapsed();
			worst = worst.max(dt);
			busy += dt;
			max_weight = max_weight.max(w);
			blocks += 1;
		}
		let reached = pallet_provenance::Recalls::<Runtime>::get(0).unwrap().reached;

		let t = Instant::now();
		let mut cursor = None;
		let mut pages = 0;
		let mut listed = 0usize;
		loop {
			let page = Provenance::recall_impact(0, cursor.clone(), 1_000);
			if page.is_empty() {
				break;
			}
			listed += page.len();
			pages += 1;
			cursor = page.last().map(|e| e.lot.clone());
		}
		let impact_time = t.elapsed();

		let max_block = bioledger_runtime::configs::RuntimeBlockWeights::get().max_block;
		let bench_weight =
			<Runtime as pallet_provenance::Config>::WeightInfo::propagate_recall(1_000);
		println!("## Genealogy benchmark ({total} descendants, {intermediates} × {per})\n");
		println!("| figure | value |\n|---|---|");
		println!("| build the genealogy (native, in memory) | {:.1} s |", built.as_secs_f64());
		println!("| `recall` extrinsic (native) | {:.3} ms |", recall_time.as_secs_f64() * 1e3);
		println!("| lots reached by the walk | {reached} |");
		println!("| blocks to complete the walk | {blocks} ({} s at 3 s blocks) |", blocks * 3);
		println!(
			"| walk per block: worst / mean native time | {:.1} ms / {:.1} ms |",
			worst.as_secs_f64() * 1e3,
			busy.as_secs_f64() * 1e3 / blocks as f64
		);
		println!(
			"| walk per block: benchmarked weight (1,000 visits) | {:.1} ms = {:.1} % of a block |",
			bench_weight.ref_time() as f64 / 1e9,
			100.0 * bench_weight.ref_time() as f64 / max_block.ref_time() as f64
		);
		println!(
			"| walk per block: weight returned by `on_initialize` (max) | {:.1} ms |",
			max_weight.ref_time() as f64 / 1e9
		);
		println!(
			"| `trace_forward(API, 2)` | {} lots (truncated: {}) in {:.1} ms |",
			fwd.lots.len(),
			fwd.truncated,
			fwd_time.as_secs_f64() * 1e3
		);
		println!(
			"| `trace_back(leaf, 10)` | {} lots in {:.3} ms |",
			back.lots.len(),
			back_time.as_secs_f64() * 1e3
		);
		println!(
			"| `recall_impact` paged (1,000 per page) | {listed} lots in {pages} pages, {:.1} ms |",
			impact_time.as_secs_f64() * 1e3
		);
		println!("| peak RSS of the process | {:.0} MiB |", peak_rss_mib());
	});
}
