//! `measure`: observed block time, finality lag and peak RSS of a real dev chain or the
//! four-validator local consortium on this machine. Prints a table; asserts nothing.
//!
//!     cargo run --release -p bioledger-e2e --bin measure -- dev 40
//!     cargo run --release -p bioledger-e2e --bin measure -- consortium 40

use bioledger_e2e::percentile;
use bioledger_e2e::{rpc::header_number, Network, Node, NodeDir, NodeSpec, Rpc};
use std::{
	collections::BTreeMap,
	time::{Duration, Instant},
};

async fn observe(rpc: &Rpc, blocks: u32) -> anyhow::Result<(Vec<f64>, Vec<f64>)> {
	let mut heads = rpc.subscribe_new_heads().await?;
	let mut finals = rpc.subscribe_finalized_heads().await?;
	let mut seen: BTreeMap<u32, Instant> = BTreeMap::new();
	let mut lag = Vec::new();
	let mut finalized_upto = 0u32;
	let start_number = rpc.best_number().await?;
	let deadline = Instant::now() + Duration::from_secs(blocks as u64 * 10 + 60);
	while finalized_upto < start_number + blocks {
		anyhow::ensure!(Instant::now() < deadline, "chain too slow: finalized {finalized_upto}");
		tokio::select! {
			Some(h) = heads.next() => {
				let n = header_number(&h?)?;
				seen.entry(n).or_insert_with(Instant::now);
			}
			Some(f) = finals.next() => {
				let n = header_number(&f?)?;
				if n <= finalized_upto {
					continue;
				}
				let now = Instant::now();
				for (num, t) in seen.range(finalized_upto + 1..=n) {
					if *num > start_number + 1 {
						lag.push(now.duration_since(*t).as_secs_f64());
					}
				}
				finalized_upto = finalized_upto.max(n);
			}
		}
	}
	let times: Vec<(u32, Instant)> =
		seen.into_iter().filter(|(n, _)| *n > start_number + 1).collect();
	let intervals = times
		.windows(2)
		.filter(|w| w[1].0 == w[0].0 + 1)
		.map(|w| w[1].1.duration_since(w[0].1).as_secs_f64())
		.collect();
	Ok((intervals, lag))
}

fn report(label: &str, intervals: &mut [f64], lag: &mut [f64], rss: &[(String, Option<u64>)]) {
	intervals.sort_by(|a, b| a.partial_cmp(b).unwrap());
	lag.sort_by(|a, b| a.partial_cmp(b).unwrap());
	let mean = intervals.iter().sum::<f64>() / intervals.len().max(1) as f64;
	println!("\n## {label}\n");
	println!("| metric | value |\n|---|---|");
	println!("| blocks observed | {} |", intervals.len() + 1);
	println!(
		"| block time mean / p50 / p95 (s) | {mean:.2} / {:.2} / {:.2} |",
		percentile(intervals, 0.5),
		percentile(intervals, 0.95)
	);
	println!(
		"| finality lag p50 / p95 / max (s) | {:.2} / {:.2} / {:.2} |",
		percentile(lag, 0.5),
		percentile(lag, 0.95),
		lag.last().copied().unwrap_or(f64::NAN)
	);
	for (name, kib) in rss {
		println!(
			"| peak RSS {name} (MiB) | {} |",
			kib.map(|k| format!("{:.0}", k as f64 / 1024.0)).unwrap_or("?".into())
		);
	}
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
	let args: Vec<String> = std::env::args().collect();
	let what = args.get(1).map(String::as_str).unwrap_or("dev");
	let blocks: u32 = args.get(2).and_then(|b| b.parse().ok()).unwrap_or(40);
	match what {
		"dev" => {
			let dir = NodeDir::new("measure-dev")?;
			let mut node = Node::start(NodeSpec::new("dev", "dev", 0).validator("alice"), &dir)?;
			let rpc = node.wait_rpc(Duration::from_secs(60)).await?;
			let (mut i, mut l) = observe(&rpc, blocks).await?;
			report(
				"dev chain (1 validator)",
				&mut i,
				&mut l,
				&[("dev".into(), node.peak_rss_kib())],
			);
		},
		"consortium" => {
			let (net, rpcs) = Network::local_consortium().await?;
			let (mut i, mut l) = observe(&rpcs[0], blocks).await?;
			let rss: Vec<_> =
				net.nodes.iter().map(|n| (n.spec.name.clone(), n.peak_rss_kib())).collect();
			report("local consortium (4 validators)", &mut i, &mut l, &rss);
		},
		other => anyhow::bail!("unknown network {other}: use dev or consortium"),
	}
	Ok(())
}
