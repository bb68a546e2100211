//! The resumable event feed: finalized domain events in cursor order `(block, index)`.
//! - `GET /v1/feed` (Server-Sent Events): each event's SSE `id` is its cursor; a client that
//!   reconnects with `Last-Event-ID` (or `?after=`) gets every later event exactly once.
//! - `GET /v1/events?after=&limit=` the same as JSON pages (for pollers).
//! - Webhooks: batches POSTed in cursor order, signed
//!   `BioLedger-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, retried with
//!   exponential back-off; the delivered cursor is kept in the store, so delivery resumes after
//!   a restart (at least once: receivers deduplicate by cursor).

use crate::{
	app::{App, Caller},
	errors::{ApiError, ApiResult},
	store::{parse_cursor, FeedEvent},
	submit::log_warn,
};
use axum::{
	extract::{Query, State},
	http::HeaderMap,
	response::sse::{Event, KeepAlive, Sse},
	Json,
};
use futures::Stream;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::Sha256;
use std::{convert::Infallible, sync::Arc, time::Duration};

/// Which events.
#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::IntoParams, utoipa::ToSchema)]
pub struct Filter {
	/// Only events naming this organisation.
	pub org: Option<u32>,
	/// Only events naming this lot.
	pub lot: Option<String>,
	/// Only these event types, comma-separated (`LotCreated,Shipped` or `Provenance.Shipped`).
	#[serde(rename = "type")]
	pub types: Option<String>,
}

impl Filter {
	/// Whether `e` passes.
	pub fn keeps(&self, e: &FeedEvent) -> bool {
		self.org.is_none_or(|o| e.orgs.contains(&o))
			&& self.lot.as_ref().is_none_or(|l| e.lots.iter().any(|x| x == l))
			&& self.types.as_ref().is_none_or(|t| {
				t.split(',')
					.map(str::trim)
					.any(|t| t == e.event || t == format!("{}.{}", e.pallet, e.event))
			})
	}
}

/// Feed query: a filter and where to start.
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct FeedQuery {
	/// Start after this cursor (`block:index`); `Last-Event-ID` wins if both are given.
	pub after: Option<String>,
	/// Page size for `/v1/events` (≤ 1000, default 100).
	pub limit: Option<usize>,
	/// Filter.
	#[serde(flatten)]
	#[param(inline)]
	pub filter: Filter,
}

fn start_cursor(headers: &HeaderMap, q: &FeedQuery) -> ApiResult<Option<(u32, u32)>> {
	let raw = headers
		.get("last-event-id")
		.and_then(|v| v.to_str().ok())
		.map(str::to_string)
		.or_else(|| q.after.clone());
	match raw {
		None => Ok(None),
		Some(s) if s.trim().is_empty() => Ok(None),
		Some(s) => parse_cursor(&s)
			.map(Some)
			.ok_or_else(|| ApiError::bad_request(format!("cursor {s:?} must be block:index"))),
	}
}

/// The event feed as Server-Sent Events (finalized blocks only). Scope `feed`.
#[utoipa::path(get, path = "/v1/feed", tag = "feed", params(FeedQuery,
	("Last-Event-ID" = Option<String>, Header, description = "resume after this cursor")),
	responses((status = 200, description = "text/event-stream of FeedEvent; id = cursor")))]
pub async fn sse(
	State(app): State<Arc<App>>,
	caller: Caller,
	headers: HeaderMap,
	Query(q): Query<FeedQuery>,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
	caller.require("feed")?;
	let mut cursor = start_cursor(&headers, &q)?;
	let (tx, rx) = tokio::sync::mpsc::channel::<Event>(256);
	let mut tip = app.indexed.clone();
	tokio::spawn(async move {
		loop {
			let (page, scanned) = match app.store.events_after(cursor, 500, |e| q.filter.keeps(e)) {
				Ok(p) => p,
				Err(e) => {
					log_warn(&format!("feed: {e:#}"));
					return;
				},
			};
			for e in page {
				let ev = Event::default().id(e.cursor.clone()).event("event").json_data(&e);
				let Ok(ev) = ev else { continue };
				if tx.send(ev).await.is_err() {
					return;
				}
			}
			// Past every row scanned, matching or not; wait only when nothing new was there.
			let progressed = scanned.is_some();
			cursor = scanned.or(cursor);
			if !progressed {
				// Up to date: wait for the next finalized block (or notice a closed client).
				tokio::select! {
					r = tip.changed() => if r.is_err() { return },
					_ = tx.closed() => return,
				}
			}
		}
	});
	let stream = futures::StreamExt::map(tokio_stream::wrappers::ReceiverStream::new(rx), Ok);
	Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

/// A page of the feed as JSON, for pollers. Scope `feed`.
#[utoipa::path(get, path = "/v1/events", tag = "feed", params(FeedQuery),
	responses((status = 200, body = Object)))]
pub async fn page(
	State(app): State<Arc<App>>,
	caller: Caller,
	headers: HeaderMap,
	Query(q): Query<FeedQuery>,
) -> ApiResult<Json<serde_json::Value>> {
	caller.require("feed")?;
	let after = start_cursor(&headers, &q)?;
	let limit = q.limit.unwrap_or(100).clamp(1, 1000);
	let (events, scanned) = app.store.events_after(after, limit, |e| q.filter.keeps(e))?;
	let next = scanned.or(after).map(|(b, i)| format!("{b}:{i}"));
	Ok(Json(json!({ "events": events, "next": next, "indexed": *app.indexed.borrow() })))
}

/// `BioLedger-Signature` value for `body` at unix time `t`.
pub fn signature(secret: &str, t: u64, body: &[u8]) -> String {
	let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
	mac.update(format!("{t}.").as_bytes());
	mac.update(body);
	format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Deliver one webhook forever.
pub async fn webhook(app: Arc<App>, hook: crate::config::Webhook) {
	use http_body_util::Full;
	use hyper_util::{client::legacy::Client, rt::TokioExecutor};
	let client: Client<_, Full<axum::body::Bytes>> =
		Client::builder(TokioExecutor::new()).build_http();
	let key = format!("webhook:{}", hook.id);
	let mut tip = app.indexed.clone();
	let mut backoff = Duration::from_secs(1);
	loop {
		let after = app.store.meta(&key).ok().flatten().map(|c| ((c >> 32) as u32, c as u32));
		let (batch, scanned) = match app.store.events_after(after, 100, |e| hook.filter.keeps(e)) {
			Ok(b) => b,
			Err(e) => {
				log_warn(&format!("webhook {}: {e:#}", hook.id));
				tokio::time::sleep(backoff).await;
				continue;
			},
		};
		let Some(last) = scanned.map(|(b, i)| crate::store::cursor_key(b, i)) else {
			let _ = tokio::time::timeout(Duration::from_secs(30), tip.changed()).await;
			continue;
		};
		if batch.is_empty() {
			// Rows scanned, none for this hook: move past them.
			if let Err(e) = app.store.set_meta(&key, last) {
				log_warn(&format!("webhook {}: {e:#}", hook.id));
			}
			continue;
		}
		let body =
			serde_json::to_vec(&json!({ "webhook": hook.id, "events": batch })).unwrap_or_default();
		let t = crate::submit::now_ms() / 1000;
		let req = axum::http::Request::post(&hook.url)
			.header("content-type", "application/json")
			.header("bioledger-signature", signature(&hook.secret, t, &body))
			.header("bioledger-webhook-id", &hook.id)
			.body(Full::new(axum::body::Bytes::from(body)));
		let ok = match req {
			Ok(req) => matches!(
				tokio::time::timeout(Duration::from_secs(10), client.request(req)).await,
				Ok(Ok(resp)) if resp.status().is_success()
			),
			Err(_) => false,
		};
		if ok {
			if let Err(e) = app.store.set_meta(&key, last) {
				log_warn(&format!("webhook {}: {e:#}", hook.id));
			}
			backoff = Duration::from_secs(1);
		} else {
			log_warn(&format!("webhook {}: delivery failed; retry in {backoff:?}", hook.id));
			tokio::time::sleep(backoff).await;
			backoff = (backoff * 2).min(Duration::from_secs(60));
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn webhook_signature_is_hmac_sha256_of_time_and_body() {
		// Reference: python3 -c 'import hmac,hashlib;print(hmac.new(b"s3cret",b"1700000000.{}",hashlib.sha256).hexdigest())'
		assert_eq!(
			signature("s3cret", 1_700_000_000, b"{}"),
			"t=1700000000,v1=97926816e98fbb41ccb1673225ff29a2f35369099990e1b1561651e7bd097ebf"
		);
	}

	#[test]
	fn filters_match_orgs_lots_and_types() {
		let e = FeedEvent {
			cursor: "1:0".into(),
			block: 1,
			block_hash: "0x".into(),
			event_index: 0,
			extrinsic_index: None,
			pallet: "Provenance".into(),
			event: "Shipped".into(),
			fields: json!({}),
			orgs: vec![0, 1],
			lots: vec!["A".into()],
			timestamp_ms: 0,
		};
		assert!(Filter::default().keeps(&e));
		assert!(Filter { org: Some(1), ..Default::default() }.keeps(&e));
		assert!(!Filter { org: Some(2), ..Default::default() }.keeps(&e));
		assert!(Filter { lot: Some("A".into()), ..Default::default() }.keeps(&e));
		assert!(!Filter { lot: Some("B".into()), ..Default::default() }.keeps(&e));
		assert!(Filter {
			types: Some("LotCreated, Provenance.Shipped".into()),
			..Default::default()
		}
		.keeps(&e));
		assert!(!Filter { types: Some("LotCreated".into()), ..Default::default() }.keeps(&e));
	}
}
