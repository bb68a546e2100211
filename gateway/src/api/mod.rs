//! The business JSON API: shared pieces (units, times, idempotent writes, intent status).

pub mod domain;
pub mod intents;
pub mod reads;
pub mod writes;

use crate::{
	app::{App, Caller},
	errors::{ApiError, ApiResult},
	store::{Intent, IntentState},
	submit::NewIntent,
};
use axum::{
	http::{HeaderMap, StatusCode},
	Json,
};
use bioledger_primitives::{LotId, Quantity, TemperatureRange, Unit};
use bioledger_runtime::RuntimeCall;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// A quantity with its unit, as partners write it: `{"value": "12.5", "unit": "kg"}`.
/// Units: mass `kg`, `g`, `mg` (base: mg); volume `L`, `mL`, `uL` (base: µL); `each`. Also the
/// UN/ECE Rec 20 codes EPCIS uses (`KGM`, `GRM`, `MGM`, `LTR`, `MLT`, `4G`, `H87`, `EA`).
#[derive(Clone, Debug, Deserialize, Serialize, utoipa::ToSchema)]
pub struct QuantityIn {
	/// Decimal value (number or string); must be a whole number of base units.
	#[schema(value_type = String, example = "12.5")]
	pub value: Value,
	/// Unit.
	#[schema(example = "kg")]
	pub unit: String,
}

/// Base unit and power of ten of a unit name.
fn unit_scale(unit: &str) -> Option<(Unit, u32)> {
	Some(match unit {
		"kg" | "KGM" => (Unit::Milligram, 6),
		"g" | "GRM" => (Unit::Milligram, 3),
		"mg" | "MGM" => (Unit::Milligram, 0),
		"L" | "l" | "LTR" => (Unit::Microlitre, 6),
		"mL" | "ml" | "MLT" => (Unit::Microlitre, 3),
		"uL" | "µL" | "ul" | "4G" => (Unit::Microlitre, 0),
		"each" | "EA" | "H87" => (Unit::Each, 0),
		_ => return None,
	})
}

/// An exact decimal string times 10^scale as an integer (no floating point).
pub fn scaled(text: &str, scale: u32) -> Option<u128> {
	let text = text.trim();
	if text.starts_with('-') || text.is_empty() || text.contains(['e', 'E']) {
		return None;
	}
	let (int, frac) = text.split_once('.').unwrap_or((text, ""));
	let frac = frac.trim_end_matches('0');
	if frac.len() as u32 > scale || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
		return None;
	}
	let digits = format!("{int}{frac}{}", "0".repeat((scale - frac.len() as u32) as usize));
	digits.parse::<u128>().ok()
}

impl QuantityIn {
	/// The chain's quantity.
	pub fn to_chain(&self) -> ApiResult<Quantity> {
		let (unit, scale) = unit_scale(&self.unit)
			.ok_or_else(|| ApiError::bad_request(format!("unknown unit {:?}", self.unit)))?;
		let text = match &self.value {
			Value::String(s) => s.clone(),
			Value::Number(n) => n.to_string(),
			_ => return Err(ApiError::bad_request("quantity value must be a number or a string")),
		};
		let amount = scaled(&text, scale).ok_or_else(|| {
			ApiError::bad_request(format!(
				"quantity {text} {} is not a whole number of base units",
				self.unit
			))
		})?;
		Ok(Quantity::new(amount, unit))
	}
}

/// A temperature range in °C (`{"min": 2, "max": 8}`).
#[derive(Clone, Debug, Deserialize, Serialize, utoipa::ToSchema)]
pub struct RangeIn {
	/// Lowest, °C.
	pub min: f64,
	/// Highest, °C.
	pub max: f64,
}

/// °C → centi-°C (rounded to the nearest hundredth).
pub fn centi(c: f64) -> ApiResult<i32> {
	let v = (c * 100.0).round();
	if !v.is_finite() || v.abs() > 100_000.0 {
		return Err(ApiError::bad_request(format!("temperature {c} out of range")));
	}
	Ok(v as i32)
}

impl RangeIn {
	/// The chain's range.
	pub fn to_chain(&self) -> ApiResult<TemperatureRange> {
		Ok(TemperatureRange { min: centi(self.min)?, max: centi(self.max)? })
	}
}

/// ISO 8601 / RFC 3339 → ms since the epoch.
pub fn parse_time(s: &str) -> ApiResult<u64> {
	chrono::DateTime::parse_from_rfc3339(s.trim())
		.map(|t| t.timestamp_millis().max(0) as u64)
		.map_err(|e| ApiError::bad_request(format!("time {s:?} is not ISO 8601: {e}")))
}

/// A lot id as the chain stores it (printable ASCII, ≤ 64 bytes).
pub fn lot_id(s: &str) -> ApiResult<LotId> {
	if s.is_empty() || !s.bytes().all(|b| (0x21..0x7f).contains(&b)) {
		return Err(ApiError::bad_request(format!("lot id {s:?} must be printable ASCII")));
	}
	s.as_bytes()
		.to_vec()
		.try_into()
		.map_err(|_| ApiError::bad_request("lot id longer than 64 bytes"))
}

/// Parse a JSON body into `T` with a named 400 on failure.
pub fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> ApiResult<T> {
	serde_json::from_slice(body).map_err(|e| {
		ApiError::new(StatusCode::BAD_REQUEST, "bad-json", format!("request body: {e}"))
	})
}

/// The answer to a write: where to follow it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Accepted {
	/// Intent id.
	pub intent: u64,
	/// `queued`, `pending`, `in_block`, `finalized` or `failed`.
	pub status: IntentState,
	/// Where to poll (`?wait=N` waits up to N seconds for a final state).
	pub status_url: String,
	/// Transaction hash once signed.
	pub tx_hash: Option<String>,
}

/// The JSON of an intent as the status URL shows it.
pub fn intent_json(i: &Intent) -> Value {
	json!({
		"intent": i.id,
		"kind": i.kind,
		"status": i.state,
		"status_url": format!("/v1/intents/{}", i.id),
		"account": i.account,
		"nonce": i.nonce,
		"tx_hash": i.tx_hash,
		"block": i.block,
		"block_hash": i.block_hash,
		"extrinsic_index": i.extrinsic_index,
		"error": i.error,
		"attempts": i.attempts,
		"created": crate::decode::iso_ms(i.created_ms),
		"finalized": i.finalized_ms.map(crate::decode::iso_ms),
	})
}

/// The idempotency key of a write (header `Idempotency-Key`, 1–128 visible characters).
pub fn idempotency_key(headers: &HeaderMap) -> ApiResult<String> {
	let k = headers
		.get("idempotency-key")
		.and_then(|v| v.to_str().ok())
		.map(str::trim)
		.unwrap_or_default();
	if k.is_empty() || k.len() > 128 || !k.bytes().all(|b| (0x21..0x7f).contains(&b)) {
		return Err(ApiError::new(
			StatusCode::BAD_REQUEST,
			"idempotency-key-required",
			"every write needs an Idempotency-Key header (1-128 visible ASCII characters)",
		));
	}
	Ok(k.to_string())
}

/// Fingerprint of a request (method, path, body).
pub fn fingerprint(method: &str, path: &str, body: &[u8]) -> String {
	let mut h = Sha256::new();
	h.update(method.as_bytes());
	h.update([0]);
	h.update(path.as_bytes());
	h.update([0]);
	h.update(body);
	hex::encode(h.finalize())
}

/// The previous answer to this idempotency key, if any: the same request gets it again (with
/// the intent's current status); a different request under the same key is refused.
pub async fn replay(
	app: &Arc<App>,
	store_key: &str,
	fp: &str,
) -> ApiResult<Option<(StatusCode, Json<Value>)>> {
	let Some(prev) = app.store.idempotent(store_key)? else { return Ok(None) };
	if prev["fingerprint"] != fp {
		return Err(ApiError::unprocessable(
			"idempotency-key-reused",
			"this Idempotency-Key was used for a different request",
		));
	}
	let mut body = prev.clone();
	if let Some(id) = prev["intent"].as_u64() {
		if let Some(i) = app.submitter.intent(id).await? {
			body = intent_json(&i);
		}
	}
	if let Some(c) = prev.get("capture") {
		body["capture"] = c.clone();
		body["status_url"] = format!("/epcis/capture/{}", c.as_str().unwrap_or_default()).into();
	}
	body["fingerprint"] = fp.into();
	body["replayed"] = true.into();
	Ok(Some((StatusCode::OK, Json(body))))
}

/// Record a write of one call under the caller's idempotency key and queue it.
pub async fn submit_one(
	app: &Arc<App>,
	caller: &Caller,
	headers: &HeaderMap,
	method_path: (&str, &str),
	body: &[u8],
	kind: &str,
	call: RuntimeCall,
) -> ApiResult<(StatusCode, Json<Value>)> {
	let key = idempotency_key(headers)?;
	let fp = fingerprint(method_path.0, method_path.1, body);
	let store_key = format!("{}\u{0}{key}", caller.system);
	let _guard = app.submitter.record_lock.lock().await;
	if let Some(prev) = replay(app, &store_key, &fp).await? {
		return Ok(prev);
	}
	let response = json!({ "fingerprint": fp });
	let new = NewIntent {
		system: caller.system.clone(),
		kind: kind.into(),
		account: caller.account.clone(),
		call,
	};
	let (intents, _) =
		app.submitter.enqueue(vec![new], Some((&store_key, &response)), None).await?;
	let mut body = intent_json(&intents[0]);
	body["fingerprint"] = fp.into();
	Ok((StatusCode::ACCEPTED, Json(body)))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn quantities_convert_exactly() {
		let q = |v: Value, u: &str| QuantityIn { value: v, unit: u.into() }.to_chain();
		assert_eq!(q(json!("12.5"), "kg").unwrap(), Quantity::new(12_500_000, Unit::Milligram));
		assert_eq!(q(json!("0.001"), "g").unwrap(), Quantity::new(1, Unit::Milligram));
		assert_eq!(q(json!("2"), "L").unwrap(), Quantity::new(2_000_000, Unit::Microlitre));
		assert_eq!(q(json!("400"), "each").unwrap(), Quantity::new(400, Unit::Each));
		assert!(q(json!("0.5"), "each").is_err(), "half a vial");
		assert!(q(json!("0.0001"), "g").is_err(), "below a milligram");
		assert!(q(json!("-1"), "kg").is_err());
		assert!(q(json!("1"), "furlong").is_err());
		assert!(q(json!(true), "kg").is_err());
	}

	#[test]
	fn times_lots_and_keys_are_checked() {
		assert_eq!(parse_time("2027-01-01T00:00:00Z").unwrap(), 1_798_761_600_000);
		assert_eq!(parse_time("2027-01-01T08:00:00+08:00").unwrap(), 1_798_761_600_000);
		assert!(parse_time("tomorrow").is_err());
		assert!(lot_id("09506000134352/L1").is_ok());
		assert!(lot_id("bad id").is_err());
		assert!(lot_id(&"x".repeat(65)).is_err());
		let mut h = HeaderMap::new();
		assert!(idempotency_key(&h).is_err());
		h.insert("idempotency-key", "po-4711".parse().unwrap());
		assert_eq!(idempotency_key(&h).unwrap(), "po-4711");
		assert_ne!(fingerprint("POST", "/v1/lots", b"{}"), fingerprint("POST", "/v1/lots", b"{ }"));
	}
}
