//! The gateway's configuration file (JSON) and its keystore.
//!
//! ```json
//! {
//!   "org": 0,
//!   "listen": "127.0.0.1:8088",
//!   "node_url": "ws://127.0.0.1:9944",
//!   "store": "/var/lib/bioledger-gateway/store.redb",
//!   "keystore": "/etc/bioledger-gateway/keys",
//!   "systems": [
//!     { "name": "erp", "key_sha256": "<hex>", "signer": "erp",
//!       "scopes": ["lots:write", "shipments:write", "epcis:capture", "read", "feed"],
//!       "rate_per_sec": 50, "burst": 100 }
//!   ],
//!   "parties": { "0": "https://id.gs1.org/417/9506000000009" },
//!   "webhooks": [ { "id": "erp", "url": "http://10.0.0.5/hooks", "secret": "…",
//!                   "filter": { "pallets": ["Provenance"] } } ]
//! }
//! ```
//!
//! The keystore is a directory with one file per signer, `<signer>.key`, holding the account's
//! secret (a hex seed or a secret URI), readable by the gateway's user only. Dev keys (`//Alice`,
//! the dev phrase) are refused unless the gateway runs with `--dev`.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use sp_core::{sr25519, Pair};
use std::{collections::HashMap, path::PathBuf};

/// What one integrated system (an API key) may do.
pub const SCOPES: &[&str] = &[
	// create, transform and split lots, destroy
	"lots:write",
	// ship, receive, refuse
	"shipments:write",
	// record QC results, set QA status
	"qc:write",
	// report cold-chain excursions (an IoT gateway's only scope)
	"sensor:write",
	// quality agreements
	"agreements:write",
	// warehouse receipts and prices
	"finance:write",
	// emission reports
	"carbon:write",
	// EPCIS capture (each event still needs the scope of the call it maps to)
	"epcis:capture",
	// every read (business API and EPCIS query)
	"read",
	// the event feed
	"feed",
];

/// One integrated system.
#[derive(Clone, Debug, Deserialize)]
pub struct System {
	/// Name (appears in intents and logs).
	pub name: String,
	/// sha256 of its API key, hex (the key itself is never stored).
	pub key_sha256: String,
	/// The keystore entry it signs with (one account per system).
	pub signer: String,
	/// What it may do ([`SCOPES`]).
	pub scopes: Vec<String>,
	/// Sustained requests per second.
	#[serde(default = "default_rate")]
	pub rate_per_sec: u32,
	/// Burst.
	#[serde(default = "default_burst")]
	pub burst: u32,
}

fn default_rate() -> u32 {
	20
}
fn default_burst() -> u32 {
	40
}

/// A webhook subscription.
#[derive(Clone, Debug, Deserialize)]
pub struct Webhook {
	/// Id (its delivery cursor is kept under this id).
	pub id: String,
	/// `http://` URL it POSTs to.
	pub url: String,
	/// HMAC-SHA256 secret.
	pub secret: String,
	/// Which events.
	#[serde(default)]
	pub filter: crate::feed::Filter,
}

/// The configuration file.
#[derive(Clone, Debug, Deserialize)]
pub struct Config {
	/// The organisation this gateway serves.
	pub org: u32,
	/// Listen address.
	#[serde(default = "default_listen")]
	pub listen: String,
	/// The node's WebSocket RPC URL.
	pub node_url: String,
	/// Store file.
	pub store: PathBuf,
	/// Keystore directory.
	pub keystore: PathBuf,
	/// Integrated systems.
	pub systems: Vec<System>,
	/// Organisation id → party identifier (PGLN as a GS1 Digital Link URI) for EPCIS.
	#[serde(default)]
	pub parties: HashMap<String, String>,
	/// Webhooks.
	#[serde(default)]
	pub webhooks: Vec<Webhook>,
	/// Transactions in flight per signing account (the client contract: 32).
	#[serde(default = "default_window")]
	pub window: usize,
}

fn default_listen() -> String {
	"127.0.0.1:8088".into()
}
fn default_window() -> usize {
	32
}

impl Config {
	/// Read and check a configuration file.
	pub fn load(path: &std::path::Path) -> Result<Self> {
		let text = std::fs::read_to_string(path)
			.with_context(|| format!("reading config {}", path.display()))?;
		let c: Config = serde_json::from_str(&text).context("parsing the config")?;
		let mut names = std::collections::HashSet::new();
		for s in &c.systems {
			if !names.insert(&s.name) {
				bail!("system {} is configured twice", s.name);
			}
			if hex::decode(&s.key_sha256).map(|k| k.len()) != Ok(32) {
				bail!("system {}: key_sha256 must be 64 hex digits", s.name);
			}
			for scope in &s.scopes {
				if !SCOPES.contains(&scope.as_str()) {
					bail!("system {}: unknown scope {scope}", s.name);
				}
			}
			if s.rate_per_sec == 0 || s.burst == 0 {
				bail!("system {}: rate_per_sec and burst must be positive", s.name);
			}
		}
		if c.window == 0 || c.window > 256 {
			bail!("window must be 1..=256");
		}
		Ok(c)
	}

	/// The party identifier of an organisation (its PGLN URI, or a private URN).
	pub fn party(&self, org: u32) -> String {
		self.parties
			.get(&org.to_string())
			.cloned()
			.unwrap_or_else(|| format!("urn:bioledger:org:{org}"))
	}

	/// The organisation of a party identifier.
	pub fn org_of_party(&self, party: &str) -> Option<u32> {
		let party = crate::epcis::gs1::normalise_uri(party);
		self.parties
			.iter()
			.find(|(_, p)| crate::epcis::gs1::normalise_uri(p) == party)
			.and_then(|(o, _)| o.parse().ok())
			.or_else(|| party.strip_prefix("urn:bioledger:org:").and_then(|o| o.parse().ok()))
	}
}

/// Whether a secret is one of the well-known development keys.
pub fn is_dev_secret(secret: &str) -> bool {
	let s = secret.trim();
	s.starts_with("//") || s.starts_with(sp_core::crypto::DEV_PHRASE)
}

/// Load signer `name` from the keystore.
pub fn load_signer(keystore: &std::path::Path, name: &str, dev: bool) -> Result<sr25519::Pair> {
	if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
		bail!("signer name {name:?} must be [A-Za-z0-9_-]+");
	}
	let path = keystore.join(format!("{name}.key"));
	let secret = std::fs::read_to_string(&path)
		.with_context(|| format!("reading signer key {}", path.display()))?;
	#[cfg(unix)]
	{
		use std::os::unix::fs::PermissionsExt;
		let mode = std::fs::metadata(&path)?.permissions().mode();
		if mode & 0o077 != 0 {
			bail!(
				"{} is readable by others (mode {:o}); chmod 600 it",
				path.display(),
				mode & 0o777
			);
		}
	}
	if is_dev_secret(&secret) && !dev {
		bail!("{} holds a development key; these are accepted only with --dev", path.display());
	}
	let secret = secret.trim();
	let pair = if let Some(hex_seed) = secret.strip_prefix("0x") {
		let seed = hex::decode(hex_seed).context("hex seed")?;
		sr25519::Pair::from_seed_slice(&seed).map_err(|e| anyhow::anyhow!("seed: {e:?}"))?
	} else {
		sr25519::Pair::from_string(secret, None)
			.map_err(|e| anyhow::anyhow!("secret URI: {e:?}"))?
	};
	Ok(pair)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn dev_keys_are_refused_outside_dev_mode() {
		let dir = tempfile::tempdir().unwrap();
		let path = dir.path().join("erp.key");
		std::fs::write(&path, "//Alice//ops\n").unwrap();
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
		}
		let err = load_signer(dir.path(), "erp", false).err().unwrap().to_string();
		assert!(err.contains("development key"), "{err}");
		assert!(load_signer(dir.path(), "erp", true).is_ok());
		assert!(load_signer(dir.path(), "../erp", true).is_err(), "no path traversal");
		std::fs::write(&path, format!("0x{}", "11".repeat(32))).unwrap();
		assert!(load_signer(dir.path(), "erp", false).is_ok(), "a real seed loads");
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
			assert!(load_signer(dir.path(), "erp", false)
				.err()
				.unwrap()
				.to_string()
				.contains("chmod"));
		}
	}
}
