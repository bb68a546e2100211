//! The EPCIS event hash (CBV 2.0 "EPCIS Event Hash ID"): a canonical pre-hash string of the
//! event, `ni:///sha-256;<hex sha256>?ver=CBV2.0`. Any EPCIS system can recompute it, so it
//! anchors a captured event on the chain (its 32-byte digest is the evidence hash) and serves
//! as the event's `eventID`.
//!
//! Canonicalisation implemented (the rules of the GS1 reference implementation for the fields
//! this gateway handles): the fixed field order; lists sorted as rendered strings; times in UTC
//! with milliseconds; EPC URNs and Digital Links canonical; CBV and GS1 vocabulary as web
//! URIs; numbers in shortest form; every other field (source/destination lists, business
//! transactions, ILMD, extensions as `{namespace}name`) rendered generically and sorted.
//! Not implemented: full JSON-LD expansion of arbitrary remote contexts (extension prefixes
//! must be declared inline in the document, as the reference implementation also requires).

use super::gs1::normalise_uri;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// Event-level fields in hash order.
const ORDER: &[&str] = &[
	"eventTime",
	"eventTimeZoneOffset",
	"certificationInfo",
	"parentID",
	"epcList",
	"inputEPCList",
	"childEPCs",
	"quantityList",
	"childQuantityList",
	"inputQuantityList",
	"outputEPCList",
	"outputQuantityList",
	"action",
	"transformationID",
	"bizStep",
	"disposition",
	"persistentDisposition",
	"readPoint",
	"bizLocation",
	"sensorElementList",
];
/// Fields never hashed.
const EXCLUDED: &[&str] =
	&["type", "recordTime", "eventID", "errorDeclaration", "comment", "rdfs:comment", "@context"];
const METADATA: &[&str] = &[
	"time",
	"startTime",
	"endTime",
	"deviceID",
	"deviceMetadata",
	"rawData",
	"dataProcessingMethod",
	"bizRules",
];
const REPORT: &[&str] = &[
	"type",
	"exception",
	"deviceID",
	"deviceMetadata",
	"rawData",
	"dataProcessingMethod",
	"time",
	"microorganism",
	"chemicalSubstance",
	"value",
	"component",
	"stringValue",
	"booleanValue",
	"hexBinaryValue",
	"uriValue",
	"minValue",
	"maxValue",
	"meanValue",
	"sDev",
	"percRank",
	"percValue",
	"uom",
	"coordinateReferenceSystem",
];

/// Inline `@context` prefixes of a document (prefix → IRI).
pub type Prefixes = HashMap<String, String>;

/// Collect the prefixes declared inline in a `@context` value.
pub fn prefixes(context: &Value) -> Prefixes {
	let mut out = Prefixes::new();
	let items: Vec<&Value> = match context {
		Value::Array(a) => a.iter().collect(),
		v => vec![v],
	};
	for item in items {
		if let Value::Object(m) = item {
			for (k, v) in m {
				if let Some(iri) = v.as_str() {
					out.insert(k.clone(), iri.to_string());
				}
			}
		}
	}
	out
}

/// A time normalised to UTC with milliseconds.
fn norm_time(s: &str) -> String {
	match chrono::DateTime::parse_from_rfc3339(s.trim()) {
		Ok(t) => {
			let t = t.with_timezone(&chrono::Utc);
			// Round to the millisecond, half to even (as the reference does).
			let micros = t.timestamp_subsec_micros() as i64;
			let (q, r) = (micros / 1000, micros % 1000);
			let ms = if r > 500 || (r == 500 && q % 2 == 1) { q + 1 } else { q };
			let base = t.timestamp() * 1000 + ms;
			crate::decode::iso_ms(base as u64)
		},
		Err(_) => s.trim().to_string(),
	}
}

/// A number in the reference's form: integral values without a fraction.
fn norm_number(s: &str) -> Option<String> {
	let f: f64 = s.trim().parse().ok()?;
	if !f.is_finite() || s.trim().chars().any(|c| c.is_ascii_alphabetic()) {
		return None;
	}
	Some(if f.fract() == 0.0 && f.abs() < 1e16 { format!("{}", f as i64) } else { format!("{f}") })
}

/// Expand a vocabulary term of field `key` (bare CBV/GS1 terms and CBV URNs).
fn norm_vocab(key: &str, v: &str) -> Option<String> {
	for (urn, web) in [
		("urn:epcglobal:cbv:bizstep:", "BizStep-"),
		("urn:epcglobal:cbv:disp:", "Disp-"),
		("urn:epcglobal:cbv:btt:", "BTT-"),
		("urn:epcglobal:cbv:sdt:", "SDT-"),
		("urn:epcglobal:cbv:er:", "ER-"),
	] {
		if let Some(t) = v.strip_prefix(urn) {
			return Some(format!("https://ref.gs1.org/cbv/{web}{t}"));
		}
	}
	if v.contains(':') {
		return None;
	}
	let prefix = match key {
		"bizStep" => "https://ref.gs1.org/cbv/BizStep-",
		"disposition" | "set" | "unset" => "https://ref.gs1.org/cbv/Disp-",
		"sourceType" | "destinationType" => "https://ref.gs1.org/cbv/SDT-",
		"bizTransactionType" => "https://ref.gs1.org/cbv/BTT-",
		"errorReason" => "https://ref.gs1.org/cbv/ER-",
		"sensorType" | "exception" => "https://gs1.org/voc/",
		_ => return None,
	};
	Some(format!("{prefix}{v}"))
}

/// A leaf value in canonical form (the mapping reads vocabulary through it too, so an event is
/// mapped by the same values its hash covers).
pub fn leaf(key: &str, v: &Value, ctx: &Prefixes) -> Option<String> {
	let s = match v {
		Value::String(s) => s.trim().to_string(),
		Value::Number(n) => n.to_string(),
		Value::Bool(b) => {
			if *b {
				"true".into()
			} else {
				"false".into()
			}
		},
		_ => return None,
	};
	if s.is_empty() {
		return None;
	}
	let lk = key.to_ascii_lowercase();
	if lk.contains("time") && !lk.contains("offset") {
		return Some(norm_time(&s));
	}
	if let Some(x) = norm_vocab(key, &s) {
		return Some(x);
	}
	if let Some(n) = norm_number(&s) {
		return Some(n);
	}
	if let Some((p, local)) = s.split_once(':') {
		if let Some(iri) = ctx.get(p) {
			if !local.starts_with("//") {
				return Some(format!("{iri}{local}"));
			}
		}
	}
	Some(normalise_uri(&s))
}

/// A key in the hash: `{namespace}local` for prefixed extension keys.
fn ext_key(k: &str, ctx: &Prefixes) -> String {
	match k.split_once(':') {
		Some((p, local)) => match ctx.get(p) {
			Some(iri) => format!("{{{iri}}}{local}"),
			None => k.to_string(),
		},
		None => k.to_string(),
	}
}

/// Generic rendering: `key=value`, or `key` followed by its sorted children.
fn generic(key: &str, v: &Value, ctx: &Prefixes) -> Option<String> {
	let k = ext_key(key, ctx);
	match v {
		Value::Object(m) => {
			let mut parts: Vec<String> =
				m.iter().filter_map(|(ck, cv)| generic(ck, cv, ctx)).collect();
			parts.sort();
			(!parts.is_empty()).then(|| format!("{k}{}", parts.concat()))
		},
		Value::Array(items) => {
			let mut parts: Vec<String> =
				items.iter().filter_map(|i| generic(key, i, ctx)).collect();
			parts.sort();
			(!parts.is_empty()).then(|| parts.concat())
		},
		v => leaf(key, v, ctx).map(|x| format!("{k}={x}")),
	}
}

/// `xxxList` of parties or transactions: each item `type=<expanded>item=<id>`, sorted.
fn typed_list(
	list: &str,
	item_key: &str,
	type_key: &str,
	items: &[Value],
	ctx: &Prefixes,
) -> String {
	let mut parts: Vec<String> = items
		.iter()
		.filter_map(|i| {
			let t = i.get("type").and_then(|t| leaf(type_key, t, ctx));
			let id = i.get(item_key).and_then(|x| leaf(item_key, x, ctx))?;
			Some(format!("{}{item_key}={id}", t.map(|t| format!("type={t}")).unwrap_or_default()))
		})
		.collect();
	parts.sort();
	format!("{list}{}", parts.concat())
}

fn ordered(
	obj: &Value,
	fields: &[&str],
	ctx: &Prefixes,
	vocab_key: impl Fn(&str) -> String,
) -> String {
	let mut out = String::new();
	for f in fields {
		if let Some(v) = obj.get(*f) {
			if let Some(x) = leaf(&vocab_key(f), v, ctx) {
				out.push_str(&format!("{f}={x}"));
			}
		}
	}
	out
}

/// The pre-hash string of one event.
pub fn prehash(event: &Value, ctx: &Prefixes) -> String {
	let mut s = format!("eventType={}", event["type"].as_str().unwrap_or_default());
	for f in ORDER {
		let Some(v) = event.get(*f) else { continue };
		match *f {
			"epcList" | "inputEPCList" | "childEPCs" | "outputEPCList" => {
				let mut epcs: Vec<String> = v
					.as_array()
					.into_iter()
					.flatten()
					.filter_map(|e| leaf("epc", e, ctx))
					.map(|e| format!("epc={e}"))
					.collect();
				epcs.sort();
				if !epcs.is_empty() {
					s.push_str(&format!("{f}{}", epcs.concat()));
				}
			},
			"quantityList" | "childQuantityList" | "inputQuantityList" | "outputQuantityList" => {
				let mut qs: Vec<String> = v
					.as_array()
					.into_iter()
					.flatten()
					.map(|q| {
						format!(
							"quantityElement{}",
							ordered(q, &["epcClass", "quantity", "uom"], ctx, |k| k.to_string())
						)
					})
					.collect();
				qs.sort();
				if !qs.is_empty() {
					s.push_str(&format!("{f}{}", qs.concat()));
				}
			},
			"readPoint" | "bizLocation" => {
				if let Some(id) = v.get("id").and_then(|i| leaf("id", i, ctx)) {
					s.push_str(&format!("{f}id={id}"));
				}
			},
			"persistentDisposition" => {
				let mut parts = Vec::new();
				for k in ["set", "unset"] {
					let mut vals: Vec<String> = v
						.get(k)
						.and_then(Value::as_array)
						.into_iter()
						.flatten()
						.filter_map(|x| leaf(k, x, ctx))
						.map(|x| format!("{k}={x}"))
						.collect();
					vals.sort();
					parts.push(vals.concat());
				}
				s.push_str(&format!("{f}{}", parts.concat()));
			},
			"sensorElementList" => {
				let mut elems: Vec<String> = Vec::new();
				for e in v.as_array().into_iter().flatten() {
					let mut el = String::from("sensorElement");
					if let Some(m) = e.get("sensorMetadata") {
						el.push_str(&format!(
							"sensorMetadata{}",
							ordered(m, METADATA, ctx, |k| k.to_string())
						));
					}
					let mut reports: Vec<String> = e
						.get("sensorReport")
						.and_then(Value::as_array)
						.into_iter()
						.flatten()
						.map(|r| {
							format!(
								"sensorReport{}",
								ordered(r, REPORT, ctx, |k| if k == "type" {
									"sensorType".into()
								} else {
									k.to_string()
								})
							)
						})
						.collect();
					reports.sort();
					el.push_str(&reports.concat());
					elems.push(el);
				}
				elems.sort();
				s.push_str(&format!("{f}{}", elems.concat()));
			},
			_ => {
				if let Some(x) = leaf(f, v, ctx) {
					s.push_str(&format!("{f}={x}"));
				}
			},
		}
	}
	let mut rest: Vec<String> = Vec::new();
	if let Value::Object(m) = event {
		for (k, v) in m {
			if ORDER.contains(&k.as_str()) || EXCLUDED.contains(&k.as_str()) {
				continue;
			}
			let items = v.as_array().map(Vec::as_slice).unwrap_or_default();
			let r = match k.as_str() {
				"sourceList" => Some(typed_list(k, "source", "sourceType", items, ctx)),
				"destinationList" => {
					Some(typed_list(k, "destination", "destinationType", items, ctx))
				},
				"bizTransactionList" => {
					Some(typed_list(k, "bizTransaction", "bizTransactionType", items, ctx))
				},
				_ => generic(k, v, ctx),
			};
			rest.extend(r);
		}
	}
	rest.sort();
	s.push_str(&rest.concat());
	s
}

/// The event's hash id and its 32-byte digest.
pub fn event_hash(event: &Value, ctx: &Prefixes) -> (String, [u8; 32]) {
	let digest: [u8; 32] = Sha256::digest(prehash(event, ctx).as_bytes()).into();
	(format!("ni:///sha-256;{}?ver=CBV2.0", hex::encode(digest)), digest)
}

#[cfg(test)]
mod tests {
	use super::*;

	const EXAMPLES: &str =
		include_str!("../../../docs/notes/gateway-research/bioledger-examples.jsonld");
	const EXPECTED: &str =
		include_str!("../../../docs/notes/gateway-research/bioledger-examples.out");

	#[test]
	fn reference_vectors_of_the_gs1_hash_generator() {
		let doc: Value = serde_json::from_str(EXAMPLES).unwrap();
		let ctx = prefixes(&doc["@context"]);
		let pre: Vec<&str> = EXPECTED
			.split("Pre-hash strings:\n")
			.nth(1)
			.unwrap()
			.split("\n---\n")
			.map(str::trim)
			.collect();
		let hashes: Vec<&str> = EXPECTED.lines().filter(|l| l.starts_with("ni:///")).collect();
		let events = doc["epcisBody"]["eventList"].as_array().unwrap();
		assert_eq!(events.len(), 3);
		for (i, e) in events.iter().enumerate() {
			assert_eq!(prehash(e, &ctx), pre[i], "pre-hash of event {i}");
			assert_eq!(event_hash(e, &ctx).0, hashes[i], "hash of event {i}");
		}
	}

	#[test]
	fn single_event_vector_with_business_transaction() {
		// RalphTro/epcis-event-hash-generator tests/examples/epcisDocWithSingleEvent.jsonld
		let e: Value = serde_json::json!({
			"type": "ObjectEvent",
			"eventTime": "2022-02-16T20:33:31.116000-06:00",
			"eventTimeZoneOffset": "-06:00",
			"epcList": ["urn:epc:id:sgtin:0614141.107346.2018", "urn:epc:id:sgtin:0614141.107346.2017"],
			"action": "OBSERVE",
			"bizStep": "shipping",
			"disposition": "in_transit",
			"readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"},
			"bizTransactionList": [{"type": "po", "bizTransaction": "http://transaction.acme.com/po/12345678"}]
		});
		assert_eq!(
			event_hash(&e, &Prefixes::new()).0,
			"ni:///sha-256;ffa491b16867e34a7791a8d5389d826afc24e63a121026b6a4004ace38631b4b?ver=CBV2.0"
		);
		// Rounding to milliseconds is half-to-even on microseconds.
		assert_eq!(norm_time("2026-01-01T00:00:00.1415Z"), "2026-01-01T00:00:00.142Z");
		assert_eq!(norm_time("2026-01-01T00:00:00.1414Z"), "2026-01-01T00:00:00.141Z");
		assert_eq!(norm_number("26.0").unwrap(), "26");
		assert_eq!(norm_number("0.30").unwrap(), "0.3");
	}
}
