//! `POST /epcis/capture`: EPCIS 2.0 documents mapped onto provenance calls.
//!
//! | EPCIS event | call |
//! |---|---|
//! | ObjectEvent ADD `commissioning`, quantityList of lot classes, ILMD expiry | `create_lot` per lot |
//! | TransformationEvent, inputQuantityList → one output class | `transform` |
//! | ObjectEvent OBSERVE `shipping`, destinationList party | `ship` |
//! | ObjectEvent OBSERVE `receiving` | `receive` (the lot's open shipment) |
//! | ObjectEvent OBSERVE `inspecting` with sensor reports | `record_qc_result` |
//! | ObjectEvent OBSERVE `sensor_reporting`, Temperature outside the lot's range | `report_excursion` |
//! | anything else (and readings inside the range) | stored and queryable, no call |
//!
//! The document is checked whole before anything is recorded: a malformed document is a 400
//! `epcis-invalid`, an event that cannot be mapped (unknown lot, unknown party, missing expiry)
//! a 422 `epcis-unmappable`, a missing scope a 403. Each event's hash is its `eventID`; an
//! event captured before (same hash) is not submitted again. With
//! `GS1-Capture-Error-Behaviour: rollback` the calls go in one `utility.batch_all`.

use super::{
	gs1::lot_of_class,
	hash::{event_hash, prefixes, Prefixes},
	BL_NS,
};
use crate::{
	api::{fingerprint, parse_body, parse_time, reads::lot_view, replay, QuantityIn},
	app::{App, Caller},
	errors::{ApiError, ApiResult, Problem},
	store::Capture,
	submit::{now_ms, NewIntent},
};
use axum::{
	body::Bytes,
	extract::{Path, State},
	http::{header, HeaderMap, StatusCode},
	response::{IntoResponse, Response},
	Json,
};
use bioledger_runtime::RuntimeCall;
use pallet_provenance::Call as P;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Events per captured document (a larger document is refused whole: 413 `capture-limit`).
pub const MAX_CAPTURE_EVENTS: usize = 500;

/// The value of an extension or ILMD field whose key expands to `{iri}{local}`.
fn ext<'a>(obj: &'a Value, ctx: &Prefixes, iri: &str, local: &str) -> Option<&'a Value> {
	obj.as_object()?.iter().find_map(|(k, v)| {
		let (p, l) = k.split_once(':')?;
		(l == local
			&& (ctx.get(p).map(String::as_str) == Some(iri)
				|| (p == "cbvmda" && iri == super::CBVMDA)))
			.then_some(v)
	})
}

/// Structural checks of an EPCIS 2.0 document (the JSON schema's required parts).
pub fn validate(doc: &Value) -> Vec<String> {
	let mut p = Vec::new();
	if doc.get("@context").is_none() {
		p.push("/@context: required".into());
	}
	if doc["type"] != "EPCISDocument" {
		p.push("/type: must be EPCISDocument".into());
	}
	if doc["schemaVersion"].as_str().is_none_or(|v| !v.starts_with('2')) {
		p.push("/schemaVersion: must be 2.0".into());
	}
	if doc["creationDate"]
		.as_str()
		.is_none_or(|d| chrono::DateTime::parse_from_rfc3339(d).is_err())
	{
		p.push("/creationDate: required, date-time".into());
	}
	let Some(events) = doc["epcisBody"]["eventList"].as_array() else {
		p.push("/epcisBody/eventList: required array".into());
		return p;
	};
	if events.is_empty() {
		p.push("/epcisBody/eventList: empty".into());
	}
	for (i, e) in events.iter().enumerate() {
		let at = format!("/epcisBody/eventList/{i}");
		let t = e["type"].as_str().unwrap_or_default();
		if ![
			"ObjectEvent",
			"AggregationEvent",
			"TransactionEvent",
			"TransformationEvent",
			"AssociationEvent",
		]
		.contains(&t)
		{
			p.push(format!("{at}/type: unknown event type {t:?}"));
		}
		if e["eventTime"]
			.as_str()
			.is_none_or(|d| chrono::DateTime::parse_from_rfc3339(d).is_err())
		{
			p.push(format!("{at}/eventTime: required, date-time"));
		}
		let off = e["eventTimeZoneOffset"].as_str().unwrap_or_default();
		let ok_off = off.len() == 6
			&& (off.starts_with('+') || off.starts_with('-'))
			&& off.as_bytes()[3] == b':';
		if !ok_off {
			p.push(format!("{at}/eventTimeZoneOffset: required, ±hh:mm"));
		}
		if t != "TransformationEvent"
			&& !["ADD", "OBSERVE", "DELETE"].contains(&e["action"].as_str().unwrap_or_default())
		{
			p.push(format!("{at}/action: ADD, OBSERVE or DELETE"));
		}
		for list in ["quantityList", "inputQuantityList", "outputQuantityList"] {
			for (j, q) in e[list].as_array().into_iter().flatten().enumerate() {
				if q["epcClass"].as_str().is_none() {
					p.push(format!("{at}/{list}/{j}/epcClass: required"));
				}
			}
		}
	}
	p
}

/// The business step as a bare CBV term, read through the same normalisation as the hash
/// (so an event cannot hash as one step and map as another).
fn bizstep(e: &Value, ctx: &Prefixes) -> String {
	let full = super::hash::leaf("bizStep", &e["bizStep"], ctx).unwrap_or_default();
	full.strip_prefix("https://ref.gs1.org/cbv/BizStep-").unwrap_or("").to_string()
}

/// The scope an event's call needs (checked before the event is mapped, so a key without it
/// learns nothing about the chain from the mapping's errors).
fn scope_of(e: &Value, ctx: &Prefixes) -> Option<&'static str> {
	let action = e["action"].as_str().unwrap_or_default();
	match (e["type"].as_str().unwrap_or_default(), action, bizstep(e, ctx).as_str()) {
		("ObjectEvent", "ADD", "commissioning") | ("TransformationEvent", _, _) => {
			Some("lots:write")
		},
		("ObjectEvent", "OBSERVE", "shipping" | "receiving") => Some("shipments:write"),
		("ObjectEvent", "OBSERVE", "inspecting") => Some("qc:write"),
		("ObjectEvent", "OBSERVE", "sensor_reporting") => Some("sensor:write"),
		_ => None,
	}
}

/// The serialised `@context` a document may carry (it is kept with each captured event).
pub const MAX_CONTEXT_BYTES: usize = 8 * 1024;

/// Units of the lots commissioned or produced earlier in the same document.
type Local = std::collections::HashMap<String, bioledger_primitives::Unit>;

/// An input's amount in its lot's unit: the unit must be the lot's (a lot made earlier in the
/// same document counts).
async fn in_lot_unit(
	app: &Arc<App>,
	local: &Local,
	lot: &str,
	q: bioledger_primitives::Quantity,
) -> Result<u128, String> {
	let unit = match local.get(lot) {
		Some(u) => *u,
		None => {
			lot_view(app, lot)
				.await
				.map_err(|e| e.2)?
				.ok_or_else(|| format!("unknown lot {lot}"))?
				.produced
				.unit
		},
	};
	if unit != q.unit {
		return Err(format!("lot {lot} is counted in {unit:?}, not {:?}", q.unit));
	}
	Ok(q.amount)
}

fn lots_in<'a>(e: &'a Value, list: &str) -> Result<Vec<(String, &'a Value)>, String> {
	e[list]
		.as_array()
		.into_iter()
		.flatten()
		.map(|q| {
			let class = q["epcClass"].as_str().unwrap_or_default();
			lot_of_class(class)
				.map(|l| (l, q))
				.ok_or_else(|| format!("{class} is not a lot class (LGTIN)"))
		})
		.collect()
}

fn quantity(q: &Value) -> Result<bioledger_primitives::Quantity, String> {
	let unit = q["uom"].as_str().unwrap_or("EA").to_string();
	QuantityIn { value: q["quantity"].clone(), unit }.to_chain().map_err(|e| e.2)
}

fn expiry(e: &Value, ctx: &Prefixes) -> Result<u64, String> {
	let ilmd = &e["ilmd"];
	let d = ext(ilmd, ctx, super::CBVMDA, "itemExpirationDate")
		.or_else(|| ext(ilmd, ctx, super::CBVMDA, "bestBeforeDate"))
		.and_then(Value::as_str)
		.ok_or("ilmd cbvmda:itemExpirationDate is required to commission a lot")?;
	parse_time(&format!("{d}T00:00:00Z")).map_err(|e| e.2)
}

fn storage(e: &Value, ctx: &Prefixes) -> Option<bioledger_primitives::TemperatureRange> {
	let min = ext(e, ctx, BL_NS, "storageMinC")?.as_f64()?;
	let max = ext(e, ctx, BL_NS, "storageMaxC")?.as_f64()?;
	Some(bioledger_primitives::TemperatureRange {
		min: (min * 100.0).round() as i32,
		max: (max * 100.0).round() as i32,
	})
}

fn product_of(lot: &str) -> Result<bioledger_primitives::ProductCode, String> {
	let p = lot.split_once('/').map(|(g, _)| g).unwrap_or(lot);
	p.as_bytes()
		.to_vec()
		.try_into()
		.map_err(|_| "product code longer than 32 bytes".to_string())
}

fn lot(l: &str) -> Result<bioledger_primitives::LotId, String> {
	crate::api::lot_id(l).map_err(|e| e.2)
}

/// A mapped event: the scope it needs, its kind and its call (`None`: stored only).
type Mapped = Option<(&'static str, String, RuntimeCall)>;

async fn map_event(
	app: &Arc<App>,
	e: &Value,
	ctx: &Prefixes,
	digest: [u8; 32],
	local: &mut Local,
) -> Result<Mapped, String> {
	let t = e["type"].as_str().unwrap_or_default();
	let action = e["action"].as_str().unwrap_or_default();
	let step = bizstep(e, ctx);
	match (t, action, step.as_str()) {
		("ObjectEvent", "ADD", "commissioning") => {
			let lots = lots_in(e, "quantityList")?;
			let [(id, q)] = lots.as_slice() else {
				return Err("commissioning needs exactly one lot class".into());
			};
			let call = RuntimeCall::Provenance(P::create_lot {
				id: lot(id)?,
				product: product_of(id)?,
				quantity: {
					let q = quantity(q)?;
					local.insert(id.clone(), q.unit);
					q
				},
				expires_at: expiry(e, ctx)?,
				storage: storage(e, ctx),
			});
			Ok(Some(("lots:write", "epcis:commissioning".into(), call)))
		},
		("TransformationEvent", _, _) => {
			let inputs = lots_in(e, "inputQuantityList")?;
			let outputs = lots_in(e, "outputQuantityList")?;
			let [(out, oq)] = outputs.as_slice() else {
				return Err("a transformation needs exactly one output class".into());
			};
			if inputs.len() > 16 {
				return Err("at most 16 inputs".into());
			}
			let mut ins = Vec::new();
			for (l, q) in &inputs {
				ins.push((lot(l)?, in_lot_unit(app, local, l, quantity(q)?).await?));
			}
			let output = pallet_provenance::OutputLot {
				id: lot(out)?,
				product: product_of(out)?,
				quantity: {
					let q = quantity(oq)?;
					local.insert(out.clone(), q.unit);
					q
				},
				expires_at: expiry(e, ctx)?,
				storage: storage(e, ctx),
				inputs: ins.try_into().map_err(|_| "at most 16 inputs")?,
			};
			let call = RuntimeCall::Provenance(P::transform {
				outputs: vec![output].try_into().expect("one output"),
			});
			Ok(Some(("lots:write", "epcis:transformation".into(), call)))
		},
		("ObjectEvent", "OBSERVE", "shipping") => {
			let lots = lots_in(e, "quantityList")?;
			let dest = e["destinationList"]
				.as_array()
				.into_iter()
				.flatten()
				.find_map(|d| d["destination"].as_str())
				.ok_or("shipping needs a destinationList party")?;
			let to =
				app.config.org_of_party(dest).ok_or_else(|| format!("unknown party {dest}"))?;
			let owning = e["destinationList"]
				.as_array()
				.into_iter()
				.flatten()
				.any(|d| d["type"].as_str().is_some_and(|t| t.ends_with("owning_party")));
			let carrier = match ext(e, ctx, BL_NS, "carrier").and_then(Value::as_str) {
				Some(c) => {
					Some(app.config.org_of_party(c).ok_or_else(|| format!("unknown carrier {c}"))?)
				},
				None => None,
			};
			let promised = match ext(e, ctx, BL_NS, "promisedAt").and_then(Value::as_str) {
				Some(p) => parse_time(p).map_err(|e| e.2)?,
				None => {
					parse_time(e["eventTime"].as_str().unwrap_or_default()).map_err(|e| e.2)?
						+ 48 * 3_600_000
				},
			};
			let ids = lots.iter().map(|(l, _)| lot(l)).collect::<Result<Vec<_>, _>>()?;
			let call = RuntimeCall::Provenance(P::ship {
				lots: ids.try_into().map_err(|_| "at most 64 lots per shipment")?,
				to,
				carrier,
				promised_at: promised,
				transfers_ownership: owning,
			});
			Ok(Some(("shipments:write", "epcis:shipping".into(), call)))
		},
		("ObjectEvent", "OBSERVE", "receiving") => {
			let lots = lots_in(e, "quantityList")?;
			let (l, _) = lots.first().ok_or("receiving needs a lot class")?;
			let view = lot_view(app, l)
				.await
				.map_err(|e| e.2)?
				.ok_or_else(|| format!("unknown lot {l}"))?;
			let shipment = view.shipment.ok_or_else(|| format!("lot {l} is not in transit"))?;
			let call = crate::api::writes::receive_call(app, shipment).await.map_err(|e| e.2)?;
			Ok(Some(("shipments:write", "epcis:receiving".into(), call)))
		},
		("ObjectEvent", "OBSERVE", "inspecting") => {
			let lots = lots_in(e, "quantityList")?;
			let (l, _) = lots.first().ok_or("inspecting needs a lot class")?;
			let mut params = Vec::new();
			for r in e["sensorElementList"]
				.as_array()
				.into_iter()
				.flatten()
				.flat_map(|s| s["sensorReport"].as_array().into_iter().flatten())
			{
				let name = r["chemicalSubstance"]
					.as_str()
					.or(r["microorganism"].as_str())
					.or(r["type"].as_str())
					.unwrap_or("VALUE");
				let code: String =
					name.rsplit(['/', ':', '-']).next().unwrap_or(name).chars().take(16).collect();
				let value = r["value"].as_f64().ok_or("inspection reports need a value")?;
				let uom = r["uom"].as_str().unwrap_or("");
				params.push(bioledger_primitives::QcParam {
					code: code.into_bytes().try_into().map_err(|_| "code")?,
					value: (value * 1000.0).round() as i64,
					unit: format!("{uom}/1000")
						.chars()
						.take(8)
						.collect::<String>()
						.into_bytes()
						.try_into()
						.map_err(|_| "unit")?,
				});
			}
			if params.is_empty() {
				return Err("inspecting needs sensorReport values".into());
			}
			let coa = match e["certificationInfo"].as_str() {
				Some(c) => Sha256::digest(c.as_bytes()).into(),
				None => digest,
			};
			let call = RuntimeCall::Provenance(P::record_qc_result {
				lot: lot(l)?,
				params: params.try_into().map_err(|_| "at most 32 QC parameters")?,
				coa,
			});
			Ok(Some(("qc:write", "epcis:inspecting".into(), call)))
		},
		("ObjectEvent", "OBSERVE", "sensor_reporting") => {
			let lots = lots_in(e, "quantityList")?;
			let (l, _) = lots.first().ok_or("sensor_reporting needs a lot class")?;
			let (mut min, mut max, mut secs) = (f64::MAX, f64::MIN, 0u32);
			for s in e["sensorElementList"].as_array().into_iter().flatten() {
				let m = &s["sensorMetadata"];
				if let (Some(a), Some(b)) = (m["startTime"].as_str(), m["endTime"].as_str()) {
					if let (Ok(a), Ok(b)) = (parse_time(a), parse_time(b)) {
						secs = secs.max((b.saturating_sub(a) / 1000) as u32);
					}
				}
				for r in s["sensorReport"].as_array().into_iter().flatten() {
					if !r["type"].as_str().is_some_and(|t| t.ends_with("Temperature")) {
						continue;
					}
					let to_c = |v: f64| match r["uom"].as_str() {
						Some("FAH") => (v - 32.0) * 5.0 / 9.0,
						Some("KEL") => v - 273.15,
						_ => v,
					};
					for k in ["value", "minValue", "maxValue"] {
						if let Some(v) = r[k].as_f64() {
							min = min.min(to_c(v));
							max = max.max(to_c(v));
						}
					}
				}
			}
			if min > max {
				return Ok(None);
			}
			let (min, max) = ((min * 100.0).round() as i32, (max * 100.0).round() as i32);
			let view = lot_view(app, l)
				.await
				.map_err(|e| e.2)?
				.ok_or_else(|| format!("unknown lot {l}"))?;
			let Some(range) = view.storage else { return Ok(None) };
			if min >= range.min && max <= range.max {
				return Ok(None);
			}
			let call = RuntimeCall::Provenance(P::report_excursion {
				lot: lot(l)?,
				min,
				max,
				duration_secs: secs,
				evidence: digest,
			});
			Ok(Some(("sensor:write", "epcis:excursion".into(), call)))
		},
		_ => Ok(None),
	}
}

/// Whether an event (by hash) is to be recorded: never captured, or captured by an intent that
/// failed (a retry after fixing the cause).
async fn recapture(app: &Arc<App>, hash: &str) -> ApiResult<bool> {
	let Some(prev) = app.store.captured(hash)? else { return Ok(true) };
	let Some(intent) = prev.intent else { return Ok(false) };
	let failed = app
		.submitter
		.intent(intent)
		.await?
		.is_some_and(|i| i.state == crate::store::IntentState::Failed);
	Ok(failed)
}

/// Capture an EPCIS 2.0 document. Scope `epcis:capture` plus the scope of each mapped call.
#[utoipa::path(post, path = "/epcis/capture", tag = "epcis",
	request_body(content = Object, content_type = "application/ld+json", description = "EPCISDocument"),
	params(("GS1-Capture-Error-Behaviour" = Option<String>, Header, description = "rollback: all calls in one batch_all"),
		("Idempotency-Key" = Option<String>, Header)),
	responses((status = 202, description = "capture job; Location: /epcis/capture/{id}"),
		(status = 400, body = Problem), (status = 403, body = Problem), (status = 413, body = Problem),
		(status = 422, body = Problem)))]
pub async fn capture(
	State(app): State<Arc<App>>,
	caller: Caller,
	headers: HeaderMap,
	body: Bytes,
) -> ApiResult<Response> {
	caller.require("epcis:capture")?;
	let doc: Value = parse_body(&body)?;
	let n = doc["epcisBody"]["eventList"].as_array().map(Vec::len).unwrap_or(0);
	if n > MAX_CAPTURE_EVENTS {
		return Err(ApiError::new(
			StatusCode::PAYLOAD_TOO_LARGE,
			"capture-limit",
			format!("{n} events; at most {MAX_CAPTURE_EVENTS} per document"),
		));
	}
	let problems = validate(&doc);
	if !problems.is_empty() {
		return Err(ApiError::new(StatusCode::BAD_REQUEST, "epcis-invalid", problems.join("; ")));
	}
	if serde_json::to_vec(&doc["@context"]).map(|c| c.len()).unwrap_or(0) > MAX_CONTEXT_BYTES {
		return Err(ApiError::bad_request(format!(
			"@context larger than {MAX_CONTEXT_BYTES} bytes"
		)));
	}
	let ctx = prefixes(&doc["@context"]);
	let rollback = headers.get("gs1-capture-error-behaviour").and_then(|v| v.to_str().ok())
		== Some("rollback");
	let fp = fingerprint("POST", "/epcis/capture", &body);
	let idem = headers
		.get("idempotency-key")
		.and_then(|v| v.to_str().ok())
		.map(|k| format!("{}\u{0}{k}", caller.system));
	let events = doc["epcisBody"]["eventList"].as_array().cloned().unwrap_or_default();
	// Scopes first, then the mapping (node reads) without holding the store's write lock.
	for e in &events {
		if let Some(scope) = scope_of(e, &ctx) {
			caller.require(scope)?;
		}
	}
	let mut mapped = Vec::new();
	let mut errors = Vec::new();
	let mut local = Local::new();
	for (i, e) in events.iter().enumerate() {
		let (hash, digest) = event_hash(e, &ctx);
		if !recapture(&app, &hash).await? {
			// Captured before: not mapped again (a received shipment cannot be received twice).
			mapped.push((hash, e, None));
			continue;
		}
		match map_event(&app, e, &ctx, digest, &mut local).await {
			Ok(m) => mapped.push((hash, e, Some(m))),
			Err(msg) => errors.push(format!("/epcis/eventList/{i}: {msg}")),
		}
	}
	let _guard = app.submitter.record_lock.lock().await;
	if let Some(k) = &idem {
		if let Some((status, body)) = replay(&app, k, &fp).await? {
			return Ok((status, body).into_response());
		}
	}
	let mut ids = Vec::new();
	let mut stored: Vec<(String, Value, Option<usize>)> = Vec::new();
	let mut calls: Vec<(String, RuntimeCall)> = Vec::new();
	for (hash, e, m) in mapped {
		ids.push(hash.clone());
		if stored.iter().any(|(h, _, _)| h == &hash) || !recapture(&app, &hash).await? {
			continue;
		}
		let Some(m) = m else { continue };
		let mut ev = e.clone();
		ev["eventID"] = hash.clone().into();
		ev["recordTime"] = crate::decode::iso_ms(now_ms()).into();
		match m {
			Some((_, kind, call)) => {
				stored.push((hash, ev, Some(calls.len())));
				calls.push((kind, call));
			},
			None => stored.push((hash, ev, None)),
		}
	}
	if !errors.is_empty() {
		return Err(ApiError::unprocessable("epcis-unmappable", errors.join("; ")));
	}
	let new = |kind: String, call| NewIntent {
		system: caller.system.clone(),
		kind,
		account: caller.account.clone(),
		call,
	};
	let intents: Vec<NewIntent> = if rollback && calls.len() > 1 {
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: calls.into_iter().map(|(_, c)| c).collect(),
		});
		for s in stored.iter_mut() {
			s.2 = s.2.map(|_| 0);
		}
		vec![new("epcis:batch".into(), batch)]
	} else {
		calls.into_iter().map(|(k, c)| new(k, c)).collect()
	};
	// Keep the document's inline context with each event, so queries can return it.
	for s in stored.iter_mut() {
		s.1["@context"] = doc["@context"].clone();
	}
	let id = hex::encode(
		&Sha256::digest(format!("{}{}{}", caller.system, now_ms(), fp).as_bytes())[..12],
	);
	let job = Capture {
		id: id.clone(),
		system: caller.system.clone(),
		events: ids,
		intents: vec![],
		errors: vec![],
		created_ms: now_ms(),
	};
	let response = json!({ "fingerprint": fp });
	let idem_ref = idem.as_deref().map(|k| (k, &response));
	let (_, job) = app.submitter.enqueue(intents, idem_ref, Some((job, stored))).await?;
	let job = job.expect("capture recorded");
	let body = json!({ "captureID": job.id, "status_url": format!("/epcis/capture/{}", job.id), "eventIDs": job.events, "intents": job.intents });
	Ok((StatusCode::ACCEPTED, [(header::LOCATION, format!("/epcis/capture/{id}"))], Json(body))
		.into_response())
}

/// A capture job: `running` until every intent is final; `success` if none failed.
#[utoipa::path(get, path = "/epcis/capture/{id}", tag = "epcis", params(("id" = String, Path)),
	responses((status = 200, body = Object), (status = 404, body = Problem)))]
pub async fn capture_job(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
	caller.require("epcis:capture")?;
	let job = app
		.store
		.capture(&id)?
		.filter(|j| j.system == caller.system)
		.ok_or_else(|| ApiError::not_found("unknown-capture", format!("no capture {id}")))?;
	let mut running = false;
	let mut errors = Vec::new();
	let mut intents = Vec::new();
	for i in &job.intents {
		if let Some(i) = app.submitter.intent(*i).await? {
			running |= !i.state.is_final();
			if let Some(e) = &i.error {
				errors.push(json!({ "intent": i.id, "error": e }));
			}
			intents.push(crate::api::intent_json(&i));
		}
	}
	Ok(Json(json!({
		"captureID": job.id,
		"createdAt": crate::decode::iso_ms(job.created_ms),
		"running": running,
		"success": !running && errors.is_empty(),
		"captureErrorBehaviour": "proceed",
		"errors": errors,
		"eventIDs": job.events,
		"intents": intents,
	})))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn malformed_documents_are_named() {
		let p = validate(&json!({"type": "EPCISDocument"}));
		assert!(p.iter().any(|m| m.starts_with("/@context")), "{p:?}");
		assert!(p.iter().any(|m| m.starts_with("/epcisBody/eventList")), "{p:?}");
		let doc = json!({"@context": ["x"], "type": "EPCISDocument", "schemaVersion": "2.0",
			"creationDate": "2026-01-01T00:00:00Z", "epcisBody": {"eventList": [
				{"type": "ObjectEvent", "eventTime": "2026-01-01T00:00:00Z", "eventTimeZoneOffset": "+00:00", "action": "JUMP"}]}});
		let p = validate(&doc);
		assert_eq!(p, vec!["/epcisBody/eventList/0/action: ADD, OBSERVE or DELETE".to_string()]);
	}

	#[test]
	fn an_event_maps_by_the_values_its_hash_covers() {
		// A CURIE that expands to the commissioning step hashes as commissioning, so it must
		// also map (and be scope-checked) as commissioning, not as "stored only".
		let ctx = prefixes(&json!([{ "x": "https://ref.gs1.org/cbv/BizStep-commissioning" }]));
		let e = json!({ "type": "ObjectEvent", "action": "ADD", "bizStep": "x:" });
		assert_eq!(bizstep(&e, &ctx), "commissioning");
		assert_eq!(scope_of(&e, &ctx), Some("lots:write"));
		let plain = json!({ "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "urn:epcglobal:cbv:bizstep:shipping" });
		assert_eq!(scope_of(&plain, &Prefixes::new()), Some("shipments:write"));
		assert_eq!(scope_of(&json!({ "type": "AssociationEvent" }), &Prefixes::new()), None);
	}
}
