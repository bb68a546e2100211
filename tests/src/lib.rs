//! # BioLedger end-to-end harness
//!
//! Starts real `bioledger` binaries on loopback, talks to them over JSON-RPC (WebSocket) and signs
//! extrinsics with the runtime's own types. Used by the end-to-end tests in `tests/tests/`, the
//! measurement tool (`src/bin/measure.rs`) and the load generator.
//!
//! Every node gets its own temporary base path and free loopback ports; mDNS, telemetry and
//! Prometheus are off, so nothing but 127.0.0.1 is ever touched. Dropping a [`Node`] kills its
//! process; dropping its [`NodeDir`] removes its files.

pub mod chain;
pub mod forged;
pub mod gateway;
pub mod rpc;
pub mod senders;
pub mod traffic;
pub mod tx;
pub mod watch;

use anyhow::{anyhow, bail, Context, Result};
use std::{
	fs::File,
	net::TcpListener,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

pub use rpc::Rpc;

/// Path of the `bioledger` binary under test: `$BIOLEDGER_BIN`, else the `bioledger` built into
/// the same cargo target directory as the running test or tool (found from its own path, so it
/// works whatever `CARGO_TARGET_DIR` or `build.target-dir` says).
pub fn node_binary() -> PathBuf {
	if let Ok(p) = std::env::var("BIOLEDGER_BIN") {
		return PathBuf::from(p);
	}
	target_binary("bioledger")
}

/// A workspace binary `name` built into the same cargo target directory as the running test or
/// tool (found from its own path), else `target/release/{name}`.
pub fn target_binary(name: &str) -> PathBuf {
	let exe = std::env::current_exe().expect("own path");
	for dir in exe.ancestors().skip(1).take(3) {
		let candidate = dir.join(name);
		if candidate.is_file() {
			return candidate;
		}
	}
	Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/release").join(name)
}

/// Percentile `p` (0–1) of sorted values, `NaN` if there are none.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
	if sorted.is_empty() {
		return f64::NAN;
	}
	sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// A free TCP port on 127.0.0.1 (bound once and released, so a race is possible but unlikely;
/// the harness retries node start-up on a port clash).
pub fn free_port() -> u16 {
	TcpListener::bind("127.0.0.1:0")
		.and_then(|l| l.local_addr())
		.map(|a| a.port())
		.expect("loopback is available")
}

/// CPU seconds (user + system) a process has used, from `/proc/<pid>/stat`.
pub fn cpu_secs(pid: u32) -> Option<f64> {
	let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
	let after = stat.rsplit_once(')')?.1;
	let f: Vec<&str> = after.split_whitespace().collect();
	let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
	Some(ticks / 100.0)
}

/// Peak resident set size (VmHWM) of a process in KiB, from `/proc`.
pub fn peak_rss_kib(pid: u32) -> Option<u64> {
	let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
	status
		.lines()
		.find(|l| l.starts_with("VmHWM:"))
		.and_then(|l| l.split_whitespace().nth(1))
		.and_then(|v| v.parse().ok())
}

/// The on-disk home of one node: base path (database, keystore, network key) and log file.
/// Removed when dropped unless [`NodeDir::keep`] was called.
pub struct NodeDir {
	dir: tempfile::TempDir,
}

impl NodeDir {
	/// A fresh, empty node directory under the system temp dir.
	pub fn new(name: &str) -> Result<Self> {
		Ok(Self { dir: tempfile::Builder::new().prefix(&format!("bioledger-{name}-")).tempdir()? })
	}

	/// The base path to pass as `--base-path`.
	pub fn path(&self) -> &Path {
		self.dir.path()
	}

	/// The node's log file.
	pub fn log(&self) -> PathBuf {
		self.dir.path().join("node.log")
	}

	/// Total size in bytes of the database directory.
	pub fn db_size(&self) -> u64 {
		fn walk(p: &Path) -> u64 {
			std::fs::read_dir(p)
				.map(|rd| {
					rd.flatten()
						.map(|e| match e.metadata() {
							Ok(m) if m.is_dir() => walk(&e.path()),
							Ok(m) => m.len(),
							Err(_) => 0,
						})
						.sum()
				})
				.unwrap_or(0)
		}
		walk(&self.dir.path().join("chains"))
	}
}

/// How to start one node.
#[derive(Clone, Debug)]
pub struct NodeSpec {
	/// Name shown in logs and telemetry.
	pub name: String,
	/// `--chain` argument (`dev`, `local_consortium`, or a path).
	pub chain: String,
	/// Dev key to validate with (`alice`, `bob`, ...), or `None` for a non-validating node.
	pub validator: Option<String>,
	/// The libp2p node key (32 bytes hex): fixes the node's peer id.
	pub node_key: String,
	/// Multiaddresses of nodes to connect to first.
	pub bootnodes: Vec<String>,
	/// Extra command-line arguments.
	pub extra_args: Vec<String>,
	/// Serve Prometheus metrics on a loopback port (otherwise `--no-prometheus`).
	pub metrics: bool,
	/// Keep a member node's RPC defaults (safe methods only, the per-connection rate limit).
	/// Otherwise the harness, a trusted local client that sends thousands of calls, passes
	/// `--rpc-methods unsafe` and exempts loopback from the rate limit.
	pub member_rpc_defaults: bool,
}

impl NodeSpec {
	/// A spec for `chain` with a node key derived from `index` (deterministic peer ids).
	pub fn new(name: &str, chain: &str, index: u8) -> Self {
		Self {
			name: name.into(),
			chain: chain.into(),
			validator: None,
			node_key: format!("{:064x}", u64::from(index) + 1),
			bootnodes: Vec::new(),
			extra_args: Vec::new(),
			metrics: false,
			member_rpc_defaults: false,
		}
	}

	/// Validate with the dev key `seed` (e.g. `alice`).
	pub fn validator(mut self, seed: &str) -> Self {
		self.validator = Some(seed.into());
		self
	}

	/// Add extra command-line arguments.
	pub fn args<I: IntoIterator<Item = S>, S: Into<String>>(mut self, args: I) -> Self {
		self.extra_args.extend(args.into_iter().map(Into::into));
		self
	}
}

/// A running (or stopped) `bioledger` process.
pub struct Node {
	/// What it was started with.
	pub spec: NodeSpec,
	/// Libp2p port on 127.0.0.1.
	pub p2p_port: u16,
	/// JSON-RPC port on 127.0.0.1.
	pub rpc_port: u16,
	/// The node's peer id (from its node key).
	pub peer_id: String,
	/// Prometheus port on 127.0.0.1 (served when `spec.metrics`).
	pub prometheus_port: u16,
	child: Option<Child>,
	base: PathBuf,
	log: PathBuf,
}

impl Node {
	/// Start a node with `spec` in `dir`, on fresh loopback ports.
	pub fn start(spec: NodeSpec, dir: &NodeDir) -> Result<Self> {
		let peer_id = peer_id_of(&spec.node_key)?;
		let mut node = Node {
			spec,
			p2p_port: free_port(),
			rpc_port: free_port(),
			prometheus_port: free_port(),
			peer_id,
			child: None,
			base: dir.path().to_path_buf(),
			log: dir.log(),
		};
		node.spawn()?;
		Ok(node)
	}

	/// The multiaddress other nodes use to reach this one.
	pub fn multiaddr(&self) -> String {
		format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", self.p2p_port, self.peer_id)
	}

	/// WebSocket URL of the node's RPC server.
	pub fn ws_url(&self) -> String {
		format!("ws://127.0.0.1:{}", self.rpc_port)
	}

	/// OS process id, if running.
	pub fn pid(&self) -> Option<u32> {
		self.child.as_ref().map(|c| c.id())
	}

	/// The node's log so far.
	pub fn log_text(&self) -> String {
		std::fs::read_to_string(&self.log).unwrap_or_default()
	}

	fn spawn(&mut self) -> Result<()> {
		let log = File::options().create(true).append(true).open(&self.log)?;
		let mut cmd = Command::new(node_binary());
		cmd.arg("--chain")
			.arg(&self.spec.chain)
			.arg("--base-path")
			.arg(&self.base)
			.arg("--name")
			.arg(&self.spec.name)
			.arg("--node-key")
			.arg(&self.spec.node_key)
			.arg("--listen-addr")
			.arg(format!("/ip4/127.0.0.1/tcp/{}", self.p2p_port))
			.arg("--rpc-port")
			.arg(self.rpc_port.to_string())
			.args(["--no-mdns", "--no-telemetry"]);
		if !self.spec.member_rpc_defaults {
			cmd.args(["--rpc-methods", "unsafe", "--rpc-max-connections", "1000"])
				.args(["--rpc-rate-limit-whitelisted-ips", "127.0.0.0/8"]);
		}
		if self.spec.metrics {
			cmd.arg("--prometheus-port").arg(self.prometheus_port.to_string());
		} else {
			cmd.arg("--no-prometheus");
		}
		if let Some(seed) = &self.spec.validator {
			cmd.arg("--validator").arg(format!("--{seed}"));
		}
		for b in &self.spec.bootnodes {
			cmd.arg("--bootnodes").arg(b);
		}
		cmd.args(&self.spec.extra_args)
			.env("RUST_LOG", std::env::var("BIOLEDGER_NODE_LOG").unwrap_or_else(|_| "info".into()))
			.stdin(Stdio::null())
			.stdout(log.try_clone()?)
			.stderr(log);
		let child = cmd
			.spawn()
			.with_context(|| format!("starting {} (build it first)", node_binary().display()))?;
		self.child = Some(child);
		Ok(())
	}

	/// Wait until the RPC server answers, up to `timeout`.
	pub async fn wait_rpc(&mut self, timeout: Duration) -> Result<Rpc> {
		let deadline = Instant::now() + timeout;
		loop {
			if let Some(child) = self.child.as_mut() {
				if let Some(status) = child.try_wait()? {
					bail!(
						"node {} exited with {status}; log:\n{}",
						self.spec.name,
						tail(&self.log_text(), 40)
					);
				}
			}
			// The node falls back to a random port when its port was taken meanwhile (possible
			// on a restart: another process may have got it as an ephemeral port); follow it.
			if let Some(port) = self.logged_rpc_port() {
				self.rpc_port = port;
			}
			if let Ok(rpc) = Rpc::connect(&self.ws_url()).await {
				return Ok(rpc);
			}
			if Instant::now() > deadline {
				bail!(
					"node {} did not open RPC within {timeout:?}; log:\n{}",
					self.spec.name,
					tail(&self.log_text(), 40)
				);
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	}

	/// The IPv4 port of the last "Running JSON-RPC server" line in the log.
	fn logged_rpc_port(&self) -> Option<u16> {
		let text = self.log_text();
		let line = text
			.lines()
			.rev()
			.find(|l| l.contains("Running JSON-RPC server: addr=127.0.0.1:"))?;
		let rest = line.split("addr=127.0.0.1:").nth(1)?;
		rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
	}

	/// The exit status, if the process has exited by itself (it can then be restarted).
	pub fn exit_status(&mut self) -> Option<std::process::ExitStatus> {
		let status = self.child.as_mut()?.try_wait().ok().flatten()?;
		self.child = None;
		Some(status)
	}

	/// Wait up to `timeout` for the process to exit by itself; its exit status.
	pub async fn wait_exit(&mut self, timeout: Duration) -> Result<std::process::ExitStatus> {
		let deadline = Instant::now() + timeout;
		loop {
			if let Some(status) = self.exit_status() {
				return Ok(status);
			}
			if Instant::now() > deadline {
				bail!("node {} still running after {timeout:?}", self.spec.name);
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	}

	/// Stop with SIGKILL (a crash: nothing is flushed).
	pub fn kill(&mut self) {
		if let Some(mut c) = self.child.take() {
			let _ = c.kill();
			let _ = c.wait();
		}
	}

	/// Stop with SIGTERM and wait for a clean exit (up to 30 s, then SIGKILL).
	pub fn stop(&mut self) -> Result<()> {
		if let Some(mut c) = self.child.take() {
			let _ = Command::new("kill").arg("-TERM").arg(c.id().to_string()).status();
			let deadline = Instant::now() + Duration::from_secs(30);
			loop {
				if c.try_wait()?.is_some() {
					break;
				}
				if Instant::now() > deadline {
					let _ = c.kill();
					let _ = c.wait();
					bail!("node {} ignored SIGTERM for 30 s", self.spec.name);
				}
				std::thread::sleep(Duration::from_millis(100));
			}
		}
		Ok(())
	}

	/// Start again on the same base path and ports (database and keys are kept).
	pub fn restart(&mut self) -> Result<()> {
		if self.child.is_some() {
			bail!("node {} is still running", self.spec.name);
		}
		self.spawn()
	}

	/// Peak RSS of the running process in KiB.
	pub fn peak_rss_kib(&self) -> Option<u64> {
		self.pid().and_then(peak_rss_kib)
	}
}

impl Drop for Node {
	fn drop(&mut self) {
		self.kill();
	}
}

/// `$CARGO_TARGET_DIR/<name>` (or the workspace's `target/<name>`), created: where the slow
/// end-to-end tests leave their figures for CI.
pub fn results_dir(name: &str) -> PathBuf {
	let target = std::env::var("CARGO_TARGET_DIR")
		.map(PathBuf::from)
		.unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
	let dir = target.join(name);
	std::fs::create_dir_all(&dir).expect("output directory");
	dir
}

/// The last `n` lines of `text`.
pub fn tail(text: &str, n: usize) -> String {
	let lines: Vec<&str> = text.lines().collect();
	lines[lines.len().saturating_sub(n)..].join("\n")
}

/// The libp2p peer id of a 32-byte ed25519 node key, as printed by the node itself.
pub fn peer_id_of(node_key_hex: &str) -> Result<String> {
	let dir = tempfile::tempdir()?;
	let key_file = dir.path().join("node-key");
	std::fs::write(&key_file, node_key_hex)?;
	let out = Command::new(node_binary())
		.args(["key", "inspect-node-key", "--file"])
		.arg(&key_file)
		.output()
		.with_context(|| format!("running {}", node_binary().display()))?;
	if !out.status.success() {
		bail!("inspect-node-key failed: {}", String::from_utf8_lossy(&out.stderr));
	}
	let id = String::from_utf8(out.stdout)?.trim().to_string();
	if id.is_empty() {
		return Err(anyhow!("inspect-node-key printed nothing"));
	}
	Ok(id)
}

/// Poll `f` every 250 ms until it returns `Some`, or fail after `timeout` with `what`.
pub async fn wait_for<T, F, Fut>(timeout: Duration, what: &str, mut f: F) -> Result<T>
where
	F: FnMut() -> Fut,
	Fut: std::future::Future<Output = Result<Option<T>>>,
{
	let deadline = Instant::now() + timeout;
	loop {
		if let Some(v) = f().await? {
			return Ok(v);
		}
		if Instant::now() > deadline {
			bail!("timed out after {timeout:?} waiting for {what}");
		}
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
}

/// Serializes the multi-node tests of one test binary: two four-node networks at once on a
/// two-core machine would make block times, not the code, decide the outcome.
pub async fn exclusive() -> tokio::sync::MutexGuard<'static, ()> {
	static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
	LOCK.lock().await
}

/// The libp2p peer id bytes of the dev node key `index + 1` (as registered on chain).
pub fn dev_peer_id_bytes(index: usize) -> Vec<u8> {
	hex::decode(bioledger_runtime::genesis_config_presets::DEV_PEER_IDS[index])
		.expect("hex constant")
}

/// A set of nodes forming one network, each with its own directory.
pub struct Network {
	/// The nodes, in start order.
	pub nodes: Vec<Node>,
	/// Their directories (kept separately so a node can be killed and restarted).
	pub dirs: Vec<NodeDir>,
}

impl Network {
	/// Start the four-validator `local_consortium` (Alice, Bob, Charlie, Dave), each node
	/// bootstrapping from the first, and wait until every RPC server answers.
	pub async fn local_consortium() -> Result<(Self, Vec<Rpc>)> {
		Self::local_consortium_with(&[]).await
	}

	/// As [`Network::local_consortium`], with extra arguments for every node.
	pub async fn local_consortium_with(extra: &[&str]) -> Result<(Self, Vec<Rpc>)> {
		Self::consortium_from("local_consortium", extra).await
	}

	/// The four validators (Alice, Bob, Charlie, Dave) of `chain` (a built-in chain name or a
	/// chain-spec path whose founders are the local consortium's), with extra arguments.
	pub async fn consortium_from(chain: &str, extra: &[&str]) -> Result<(Self, Vec<Rpc>)> {
		Self::start_consortium(chain, extra, false).await
	}

	/// The local consortium with every node serving Prometheus metrics (`Node::prometheus_port`).
	pub async fn local_consortium_with_metrics() -> Result<(Self, Vec<Rpc>)> {
		Self::start_consortium("local_consortium", &[], true).await
	}

	async fn start_consortium(
		chain: &str,
		extra: &[&str],
		metrics: bool,
	) -> Result<(Self, Vec<Rpc>)> {
		let seeds = ["alice", "bob", "charlie", "dave"];
		let mut nodes: Vec<Node> = Vec::new();
		let mut dirs = Vec::new();
		for (i, seed) in seeds.iter().enumerate() {
			let dir = NodeDir::new(seed)?;
			let mut spec =
				NodeSpec::new(seed, chain, i as u8).validator(seed).args(extra.iter().copied());
			spec.metrics = metrics;
			if let Some(first) = nodes.first() {
				spec.bootnodes.push(first.multiaddr());
			}
			nodes.push(Node::start(spec, &dir)?);
			dirs.push(dir);
		}
		// Four nodes compile the runtime at once on this 2-core machine, beside other tests'
		// nodes: a start-up is not what any test measures, so it gets two minutes.
		let mut rpcs = Vec::new();
		for n in nodes.iter_mut() {
			rpcs.push(n.wait_rpc(Duration::from_secs(120)).await?);
		}
		Ok((Self { nodes, dirs }, rpcs))
	}
}
