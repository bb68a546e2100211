//! Running `bioledger-gateway` as a child process on loopback and talking HTTP to it.

use crate::{free_port, NodeDir};
use anyhow::{anyhow, bail, Context, Result};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::{client::legacy::Client, rt::TokioExecutor};
use serde_json::{json, Value};
use std::{
	fs::File,
	path::PathBuf,
	process::{Child, Command, Stdio},
	time::Duration,
};

/// Path of the `bioledger-gateway` binary next to the running test (as `node_binary`).
pub fn gateway_binary() -> PathBuf {
	crate::target_binary("bioledger-gateway")
}

/// One integrated system: name, signer secret URI, scopes; its API key is `key-{name}`.
pub struct SystemSpec {
	/// Name.
	pub name: &'static str,
	/// Dev secret URI of its signer.
	pub suri: &'static str,
	/// Scopes.
	pub scopes: &'static [&'static str],
	/// Requests per second.
	pub rate: u32,
}

/// A running gateway.
pub struct Gateway {
	child: Option<Child>,
	config: PathBuf,
	log: PathBuf,
	/// Base URL (`http://127.0.0.1:port`).
	pub url: String,
}

impl Gateway {
	/// Write a config for `org` (keystore, store under `dir`) and start the gateway against
	/// `node_url`; waits until `/health` answers.
	pub async fn start(
		dir: &NodeDir,
		org: u32,
		node_url: &str,
		systems: &[SystemSpec],
		parties: Value,
		extra: Value,
	) -> Result<Self> {
		let keys = dir.path().join("keys");
		std::fs::create_dir_all(&keys)?;
		let mut sys = Vec::new();
		for s in systems {
			let path = keys.join(format!("{}.key", s.name));
			std::fs::write(&path, s.suri)?;
			use std::os::unix::fs::PermissionsExt;
			std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
			sys.push(json!({
				"name": s.name,
				"key_sha256": sha256_hex(&format!("key-{}", s.name)),
				"signer": s.name,
				"scopes": s.scopes,
				"rate_per_sec": s.rate,
				"burst": s.rate,
			}));
		}
		let port = free_port();
		let mut config = json!({
			"org": org,
			"listen": format!("127.0.0.1:{port}"),
			"node_url": node_url,
			"store": dir.path().join("store.redb"),
			"keystore": keys,
			"systems": sys,
			"parties": parties,
		});
		if let (Some(c), Some(e)) = (config.as_object_mut(), extra.as_object()) {
			c.extend(e.clone());
		}
		let path = dir.path().join("gateway.json");
		std::fs::write(&path, serde_json::to_vec_pretty(&config)?)?;
		let mut g = Self {
			child: None,
			config: path,
			log: dir.path().join("gateway.log"),
			url: format!("http://127.0.0.1:{port}"),
		};
		g.spawn().await?;
		Ok(g)
	}

	async fn spawn(&mut self) -> Result<()> {
		let log = File::options().create(true).append(true).open(&self.log)?;
		let child = Command::new(gateway_binary())
			.args(["run", "--dev", "--index-from", "1", "--config"])
			.arg(&self.config)
			.stdout(log.try_clone()?)
			.stderr(log)
			.stdin(Stdio::null())
			.spawn()
			.context("starting bioledger-gateway")?;
		self.child = Some(child);
		for _ in 0..100 {
			if let Ok((200, _)) = self.get_raw("/health", None).await {
				return Ok(());
			}
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
		bail!("gateway did not answer /health: {}", self.log_text())
	}

	/// kill -9 and start again on the same store.
	pub async fn crash_restart(&mut self) -> Result<()> {
		self.kill();
		self.spawn().await
	}

	/// kill -9.
	pub fn kill(&mut self) {
		if let Some(mut c) = self.child.take() {
			let _ = c.kill();
			let _ = c.wait();
		}
	}

	/// The process id.
	pub fn pid(&self) -> Option<u32> {
		self.child.as_ref().map(|c| c.id())
	}

	/// Its log.
	pub fn log_text(&self) -> String {
		crate::tail(&std::fs::read_to_string(&self.log).unwrap_or_default(), 40)
	}

	async fn get_raw(&self, path: &str, key: Option<&str>) -> Result<(u16, Value)> {
		let (s, _, v) = self.request("GET", path, key, &[], None).await?;
		Ok((s, v))
	}

	/// GET with the API key of system `system`.
	pub async fn get(&self, system: &str, path: &str) -> Result<(u16, Value)> {
		self.get_raw(path, Some(&format!("key-{system}"))).await
	}

	/// POST JSON (`body` as raw bytes) with an idempotency key.
	pub async fn post(
		&self,
		system: &str,
		path: &str,
		idem: Option<&str>,
		body: &[u8],
	) -> Result<(u16, Value)> {
		let mut h = vec![("content-type", "application/json".to_string())];
		if let Some(k) = idem {
			h.push(("idempotency-key", k.to_string()));
		}
		let (s, _, v) = self
			.request("POST", path, Some(&format!("key-{system}")), &h, Some(body))
			.await?;
		Ok((s, v))
	}

	/// Any request; returns status, headers, JSON body (or `{"raw": text}`).
	pub async fn request(
		&self,
		method: &str,
		path: &str,
		key: Option<&str>,
		headers: &[(&str, String)],
		body: Option<&[u8]>,
	) -> Result<(u16, hyper::HeaderMap, Value)> {
		let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
		let mut req = hyper::Request::builder().method(method).uri(format!("{}{path}", self.url));
		if let Some(k) = key {
			req = req.header("authorization", format!("Bearer {k}"));
		}
		for (k, v) in headers {
			req = req.header(*k, v);
		}
		let req = req.body(Full::new(Bytes::from(body.unwrap_or_default().to_vec())))?;
		let resp = tokio::time::timeout(Duration::from_secs(90), client.request(req))
			.await
			.map_err(|_| anyhow!("{method} {path}: timeout"))??;
		let status = resp.status().as_u16();
		let headers = resp.headers().clone();
		let bytes = resp.into_body().collect().await?.to_bytes();
		let v = serde_json::from_slice(&bytes)
			.unwrap_or_else(|_| json!({ "raw": String::from_utf8_lossy(&bytes) }));
		Ok((status, headers, v))
	}

	/// Read the SSE feed from `last_event_id` for `secs` seconds: `(cursor, event)` pairs.
	pub async fn sse(
		&self,
		system: &str,
		last_event_id: Option<&str>,
		secs: u64,
	) -> Result<Vec<(String, Value)>> {
		let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
		let mut req = hyper::Request::get(format!("{}/v1/feed", self.url))
			.header("authorization", format!("Bearer key-{system}"));
		if let Some(id) = last_event_id {
			req = req.header("last-event-id", id);
		}
		let resp = client.request(req.body(Full::new(Bytes::new()))?).await?;
		if resp.status() != 200 {
			bail!("feed answered {}", resp.status());
		}
		let mut body = resp.into_body();
		let mut text = String::new();
		let _ = tokio::time::timeout(Duration::from_secs(secs), async {
			while let Some(Ok(frame)) = body.frame().await {
				if let Some(d) = frame.data_ref() {
					text.push_str(&String::from_utf8_lossy(d));
				}
			}
		})
		.await;
		let mut out = Vec::new();
		for block in text.split("\n\n") {
			let mut id = None;
			let mut data = String::new();
			for line in block.lines() {
				if let Some(v) = line.strip_prefix("id:") {
					id = Some(v.trim().to_string());
				} else if let Some(v) = line.strip_prefix("data:") {
					data.push_str(v.trim_start());
				}
			}
			if let (Some(id), false) = (id, data.is_empty()) {
				// A frame cut by the timeout is incomplete JSON: not counted.
				if let Ok(v) = serde_json::from_str(&data) {
					out.push((id, v));
				}
			}
		}
		Ok(out)
	}
}

impl Drop for Gateway {
	fn drop(&mut self) {
		self.kill();
	}
}

/// sha256 hex of a string (the API key hash the config holds).
pub fn sha256_hex(s: &str) -> String {
	use sha2::{Digest, Sha256};
	hex::encode(Sha256::digest(s.as_bytes()))
}

/// One webhook delivery as received: the signature header and the body.
#[derive(Clone, Debug)]
pub struct Delivery {
	/// `BioLedger-Signature`.
	pub signature: String,
	/// Raw body.
	pub body: Vec<u8>,
	/// The status the receiver answered.
	pub status: u16,
}

/// A minimal HTTP receiver on loopback for webhook tests: answers 500 to the first
/// `fail_first` requests, then 200; records every request.
pub struct WebhookReceiver {
	/// `http://127.0.0.1:port/hook`.
	pub url: String,
	/// What arrived.
	pub deliveries: std::sync::Arc<std::sync::Mutex<Vec<Delivery>>>,
	task: tokio::task::JoinHandle<()>,
}

impl WebhookReceiver {
	/// Start it.
	pub async fn start(fail_first: usize) -> Result<Self> {
		use tokio::io::{AsyncReadExt, AsyncWriteExt};
		let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
		let url = format!("http://{}/hook", listener.local_addr()?);
		let deliveries = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Delivery>::new()));
		let log = deliveries.clone();
		let task = tokio::spawn(async move {
			while let Ok((mut sock, _)) = listener.accept().await {
				let log = log.clone();
				tokio::spawn(async move {
					loop {
						let mut buf = Vec::new();
						let mut chunk = [0u8; 8192];
						// Read the head, then Content-Length bytes of body.
						let (head_end, len) = loop {
							let Ok(n) = sock.read(&mut chunk).await else { return };
							if n == 0 {
								return;
							}
							buf.extend_from_slice(&chunk[..n]);
							if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
								let head = String::from_utf8_lossy(&buf[..p]).to_ascii_lowercase();
								let len = head
									.lines()
									.find_map(|l| l.strip_prefix("content-length:"))
									.and_then(|v| v.trim().parse::<usize>().ok())
									.unwrap_or(0);
								break (p + 4, len);
							}
						};
						while buf.len() < head_end + len {
							let Ok(n) = sock.read(&mut chunk).await else { return };
							if n == 0 {
								return;
							}
							buf.extend_from_slice(&chunk[..n]);
						}
						let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
						let signature = head
							.lines()
							.find_map(|l| {
								let (k, v) = l.split_once(':')?;
								k.eq_ignore_ascii_case("bioledger-signature")
									.then(|| v.trim().to_string())
							})
							.unwrap_or_default();
						let status = {
							let mut d = log.lock().expect("lock");
							let status = if d.len() < fail_first { 500 } else { 200 };
							d.push(Delivery {
								signature,
								body: buf[head_end..head_end + len].to_vec(),
								status,
							});
							status
						};
						let reply = format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\n\r\n");
						if sock.write_all(reply.as_bytes()).await.is_err() {
							return;
						}
					}
				});
			}
		});
		Ok(Self { url, deliveries, task })
	}
}

impl Drop for WebhookReceiver {
	fn drop(&mut self) {
		self.task.abort();
	}
}

/// Check a `BioLedger-Signature` header against `secret` and the body.
pub fn signature_valid(secret: &str, header: &str, body: &[u8]) -> bool {
	use hmac::{Hmac, Mac};
	let Some((t, v1)) = header.split_once(',') else { return false };
	let (Some(t), Some(v1)) = (t.strip_prefix("t="), v1.strip_prefix("v1=")) else { return false };
	let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("any length");
	mac.update(format!("{t}.").as_bytes());
	mac.update(body);
	hex::decode(v1).map(|sig| mac.verify_slice(&sig).is_ok()).unwrap_or(false)
}
