//! The gateway's shared state, API-key authentication with scopes, and per-system rate limits.

use crate::{
	config::{Config, System},
	decode::EventDecoder,
	errors::{ApiError, ApiResult},
	node::Node,
	store::Store,
	submit::Submitter,
};
use axum::{extract::FromRequestParts, http::request::Parts, http::StatusCode};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use sha2::{Digest, Sha256};
use std::{collections::HashMap, num::NonZeroU32, sync::Arc};
use subtle::ConstantTimeEq;
use tokio::sync::watch;

/// Everything a handler needs.
pub struct App {
	/// Configuration.
	pub config: Config,
	/// Store.
	pub store: Arc<Store>,
	/// Node.
	pub node: Arc<Node>,
	/// Submitter.
	pub submitter: Arc<Submitter>,
	/// Event decoder.
	pub decoder: EventDecoder,
	/// Latest indexed finalized block (the feed waits on it).
	pub indexed: watch::Receiver<u32>,
	/// Systems with their key hash, signing account and limiter.
	pub systems: Vec<SystemAuth>,
}

/// A configured system, ready to authenticate.
pub struct SystemAuth {
	/// Its configuration.
	pub system: System,
	/// sha256 of its key.
	pub key_hash: [u8; 32],
	/// Its signing account (SS58).
	pub account: String,
	/// Its rate limiter.
	pub limiter: DefaultDirectRateLimiter,
}

impl SystemAuth {
	/// Build from config and the signer's account.
	pub fn new(system: System, account: String) -> Self {
		let mut key_hash = [0u8; 32];
		key_hash.copy_from_slice(&hex::decode(&system.key_sha256).expect("checked on load"));
		let quota = Quota::per_second(NonZeroU32::new(system.rate_per_sec).expect("checked"))
			.allow_burst(NonZeroU32::new(system.burst).expect("checked"));
		Self { system, key_hash, account, limiter: RateLimiter::direct(quota) }
	}
}

/// The authenticated caller of a request.
#[derive(Clone, Debug)]
pub struct Caller {
	/// System name.
	pub system: String,
	/// Its signing account.
	pub account: String,
	/// Its scopes.
	pub scopes: Vec<String>,
}

impl Caller {
	/// 403 unless the caller has `scope`.
	pub fn require(&self, scope: &str) -> ApiResult<()> {
		if self.scopes.iter().any(|s| s == scope) {
			Ok(())
		} else {
			Err(ApiError::forbidden(format!("system {} lacks the scope {scope}", self.system)))
		}
	}
}

/// sha256 of an API key, hex (for the configuration file).
pub fn key_hash_hex(key: &str) -> String {
	hex::encode(Sha256::digest(key.trim().as_bytes()))
}

impl FromRequestParts<Arc<App>> for Caller {
	type Rejection = ApiError;

	async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, ApiError> {
		let key = parts
			.headers
			.get(axum::http::header::AUTHORIZATION)
			.and_then(|v| v.to_str().ok())
			.and_then(|v| v.strip_prefix("Bearer "))
			.ok_or_else(|| {
				ApiError::new(
					StatusCode::UNAUTHORIZED,
					"unauthenticated",
					"Authorization: Bearer <API key> required",
				)
			})?;
		let hash: [u8; 32] = Sha256::digest(key.trim().as_bytes()).into();
		// Compare against every key in constant time (no early exit on the match).
		let mut found = None;
		for (i, s) in app.systems.iter().enumerate() {
			if bool::from(s.key_hash.ct_eq(&hash)) {
				found = Some(i);
			}
		}
		let s = found.map(|i| &app.systems[i]).ok_or_else(|| {
			ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated", "unknown API key")
		})?;
		if let Err(not_until) = s.limiter.check() {
			let wait = not_until.wait_time_from(governor::clock::Clock::now(
				&governor::clock::DefaultClock::default(),
			));
			let mut e = ApiError::new(
				StatusCode::TOO_MANY_REQUESTS,
				"rate-limited",
				format!("system {} is over {} requests/s", s.system.name, s.system.rate_per_sec),
			);
			e.3 = Some(wait.as_secs().max(1));
			return Err(e);
		}
		Ok(Caller {
			system: s.system.name.clone(),
			account: s.account.clone(),
			scopes: s.system.scopes.clone(),
		})
	}
}

/// Map of system name → account (for settling and reporting).
pub fn accounts(systems: &[SystemAuth]) -> HashMap<String, String> {
	systems.iter().map(|s| (s.system.name.clone(), s.account.clone())).collect()
}
