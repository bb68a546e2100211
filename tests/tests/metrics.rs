//! The node's Prometheus metrics and the alert rules operators load
//! (`ops/prometheus/alerts.yml`), against a running four-validator consortium: every metric a
//! rule names is served by every node; on a healthy network no alert condition holds; with two
//! of four validators down, the finality-stalled and low-peers conditions hold on a live node
//! while block production goes on.

use anyhow::{bail, Context, Result};
use bioledger_e2e::{exclusive, wait_for, Network};
use std::{
	collections::{BTreeMap, BTreeSet},
	io::{Read, Write},
	path::PathBuf,
	time::Duration,
};

/// One scrape: series (name plus labels, without the `chain` label) to value.
struct Scrape(BTreeMap<String, f64>);

impl Scrape {
	/// GET /metrics from the node's Prometheus port.
	fn of(port: u16) -> Result<Self> {
		let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).context("metrics port")?;
		s.set_read_timeout(Some(Duration::from_secs(10)))?;
		s.write_all(b"GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")?;
		let mut body = String::new();
		s.read_to_string(&mut body)?;
		let (head, text) = body.split_once("\r\n\r\n").context("HTTP response")?;
		if !head.starts_with("HTTP/1.1 200") && !head.starts_with("HTTP/1.0 200") {
			bail!("metrics answered {head}");
		}
		let mut series = BTreeMap::new();
		for line in text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
			let Some((key, value)) = line.rsplit_once(' ') else { continue };
			let key = match key.split_once('{') {
				Some((name, labels)) => {
					let labels: Vec<&str> = labels
						.trim_end_matches('}')
						.split(',')
						.filter(|l| !l.starts_with("chain="))
						.collect();
					if labels.is_empty() {
						name.to_string()
					} else {
						format!("{name}{{{}}}", labels.join(","))
					}
				},
				None => key.to_string(),
			};
			series.insert(key, value.parse::<f64>().unwrap_or(f64::NAN));
		}
		Ok(Scrape(series))
	}

	fn has_metric(&self, name: &str) -> bool {
		self.0.keys().any(|k| k == name || k.starts_with(&format!("{name}{{")))
	}

	fn get(&self, series: &str) -> f64 {
		*self.0.get(series).unwrap_or_else(|| panic!("series {series} not served"))
	}

	fn best(&self) -> f64 {
		self.get("substrate_block_height{status=\"best\"}")
	}

	fn finalized(&self) -> f64 {
		self.get("substrate_block_height{status=\"finalized\"}")
	}
}

/// The alert rules: alert name to the metric names its expression reads.
fn rules() -> Result<BTreeMap<String, BTreeSet<String>>> {
	let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ops/prometheus/alerts.yml");
	let text = std::fs::read_to_string(&file).with_context(|| format!("{}", file.display()))?;
	let mut rules: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
	let mut current = None;
	for line in text.lines().map(str::trim) {
		if let Some(name) = line.strip_prefix("- alert:") {
			current = Some(name.trim().to_string());
			rules.insert(name.trim().to_string(), BTreeSet::new());
		} else if let (Some(expr), Some(name)) = (line.strip_prefix("expr:"), &current) {
			let metrics = expr
				.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
				.filter(|t| t.starts_with("substrate_"))
				.map(String::from);
			rules.get_mut(name).expect("inserted above").extend(metrics);
		}
	}
	Ok(rules)
}

#[tokio::test(flavor = "multi_thread")]
async fn metrics_serve_every_alert_and_the_alerts_tell_faults_apart() -> Result<()> {
	let _g = exclusive().await;
	let rules = rules()?;
	let names: BTreeSet<&str> = rules.keys().map(String::as_str).collect();
	let expected = [
		"BioLedgerNodeDown",
		"BioLedgerBlockProductionStalled",
		"BioLedgerFinalityStalled",
		"BioLedgerFinalityLag",
		"BioLedgerLowPeers",
		"BioLedgerTxPoolBacklog",
		"BioLedgerMajorSyncing",
	];
	assert_eq!(names, expected.into_iter().collect(), "alert rules");
	// Every rule but `NodeDown` (Prometheus's own `up`) reads the node's metrics.
	for (alert, metrics) in &rules {
		assert!(alert == "BioLedgerNodeDown" || !metrics.is_empty(), "{alert} reads no metric");
	}

	let (mut net, _rpcs) = Network::local_consortium_with_metrics().await?;
	wait_for(Duration::from_secs(120), "finalized >= 3 and three peers", || async {
		let s = Scrape::of(net.nodes[0].prometheus_port)?;
		Ok((s.finalized() >= 3.0 && s.get("substrate_sub_libp2p_peers_count") >= 3.0).then_some(()))
	})
	.await?;

	// Every metric a rule reads is served by every node.
	for node in &net.nodes {
		let s = Scrape::of(node.prometheus_port)?;
		for (alert, metrics) in &rules {
			for m in metrics {
				assert!(s.has_metric(m), "{}: {m} (read by {alert}) not served", node.spec.name);
			}
		}
	}

	// Healthy: none of the conditions holds.
	let port = net.nodes[0].prometheus_port;
	let a = Scrape::of(port)?;
	tokio::time::sleep(Duration::from_secs(12)).await;
	let b = Scrape::of(port)?;
	assert!(b.best() > a.best(), "BlockProductionStalled would fire on a healthy network");
	assert!(b.finalized() > a.finalized(), "FinalityStalled would fire on a healthy network");
	assert!(b.best() - b.finalized() <= 20.0, "FinalityLag would fire on a healthy network");
	assert!(b.get("substrate_sub_libp2p_peers_count") >= 2.0, "LowPeers would fire");
	assert!(b.get("substrate_ready_transactions_number") <= 4096.0, "TxPoolBacklog would fire");
	assert_eq!(b.get("substrate_sub_libp2p_is_major_syncing"), 0.0, "MajorSyncing would fire");

	// Two of four validators down: blocks go on, finality stops, peers drop.
	net.nodes[2].kill();
	net.nodes[3].kill();
	// (Votes already in flight may finalize a block or two more.)
	tokio::time::sleep(Duration::from_secs(10)).await;
	let c = Scrape::of(port)?;
	tokio::time::sleep(Duration::from_secs(15)).await;
	let d = Scrape::of(port)?;
	assert!(d.best() > c.best(), "blocks should still be produced with 2 of 4");
	assert_eq!(d.finalized(), c.finalized(), "FinalityStalled does not hold with 2 of 4 down");
	assert!(d.get("substrate_sub_libp2p_peers_count") < 2.0, "LowPeers does not hold");
	Ok(())
}
