//! `GET /epcis/events`: EPCIS 2.0 events built from the chain's finalized provenance events.
//! An event that came from a capture is returned as captured (its `eventID` is its hash);
//! every other chain event is turned into the EPCIS event it corresponds to (commissioning,
//! transformation, shipping, receiving, inspecting, sensor reporting, status, destruction),
//! with its own hash as `eventID`. Each carries `bl:proof`: the block number and hash and the
//! event's (and extrinsic's) index there, which any node can be asked to confirm.

use super::{
	gs1::{lot_class, lot_of_class, normalise_uri},
	hash::{event_hash, prefixes},
	BL_NS, EPCIS_CONTEXT,
};
use crate::{
	app::{App, Caller},
	decode::iso_ms,
	errors::{ApiError, ApiResult},
	store::{parse_cursor, FeedEvent},
};
use axum::{
	extract::{Query, State},
	http::{header, HeaderMap},
	response::{IntoResponse, Response},
	Json,
};
use serde::Deserialize;
use serde_json::{json, Value};
use std::{collections::HashMap, sync::Arc};

/// The EPCIS query parameters this gateway answers.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[allow(non_snake_case)]
pub struct EventQuery {
	/// `ObjectEvent`, `TransformationEvent`, … (comma-separated).
	pub eventType: Option<String>,
	/// Business step (bare CBV term or URI).
	pub EQ_bizStep: Option<String>,
	/// Disposition (bare CBV term or URI).
	pub EQ_disposition: Option<String>,
	/// Lot class (LGTIN URN or Digital Link) in any quantity list.
	pub MATCH_epcClass: Option<String>,
	/// Same as `MATCH_epcClass` (inputs and outputs too).
	pub MATCH_anyEPCClass: Option<String>,
	/// eventTime ≥.
	pub GE_eventTime: Option<String>,
	/// eventTime <.
	pub LT_eventTime: Option<String>,
	/// Page size (≤ 500, default 100).
	pub perPage: Option<usize>,
	/// From a previous page's `Link: rel="next"`.
	pub nextPageToken: Option<String>,
}

fn tz(ms: u64) -> (String, String) {
	(iso_ms(ms), "+00:00".into())
}

fn qty(lot: &str, q: &Value) -> Value {
	let (amount, uom) = match (q["amount"].as_u64(), q["unit"].as_str()) {
		(Some(a), Some("Milligram")) => (a as f64 / 1e6, "KGM"),
		(Some(a), Some("Microlitre")) => (a as f64 / 1e6, "LTR"),
		(Some(a), _) => (a as f64, "H87"),
		_ => return json!({ "epcClass": lot_class(lot) }),
	};
	json!({ "epcClass": lot_class(lot), "quantity": amount, "uom": uom })
}

fn object(e: &FeedEvent, action: &str, step: &str, disp: Option<&str>, lots: &[String]) -> Value {
	let (t, off) = tz(e.timestamp_ms);
	let mut v = json!({
		"type": "ObjectEvent", "eventTime": t, "eventTimeZoneOffset": off, "action": action, "bizStep": step,
		"quantityList": lots.iter().map(|l| json!({ "epcClass": lot_class(l) })).collect::<Vec<_>>(),
	});
	if let Some(d) = disp {
		v["disposition"] = d.into();
	}
	v
}

/// The EPCIS event of a chain event (`None` for events with no EPCIS meaning).
fn synthesize(
	party_of: &dyn Fn(u32) -> String,
	e: &FeedEvent,
	shipments: &HashMap<u64, Vec<String>>,
) -> Option<Value> {
	if e.pallet != "Provenance" {
		return None;
	}
	let f = &e.fields;
	let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
	let party = |k: &str| f[k].as_u64().map(|o| party_of(o as u32));
	let mut v = match e.event.as_str() {
		"LotCreated" => {
			let mut v = object(e, "ADD", "commissioning", Some("active"), &[]);
			v["quantityList"] = json!([qty(&s("lot"), &f["quantity"])]);
			v
		},
		"Transformed" => {
			let (t, off) = tz(e.timestamp_ms);
			let inputs: Vec<Value> = f["inputs"]
				.as_array()
				.into_iter()
				.flatten()
				.filter_map(|p| Some(json!({ "epcClass": lot_class(p[0].as_str()?) })))
				.collect();
			json!({ "type": "TransformationEvent", "eventTime": t, "eventTimeZoneOffset": off,
				"inputQuantityList": inputs, "outputQuantityList": [qty(&s("output"), &f["quantity"])],
				"bizStep": "commissioning", "disposition": "active" })
		},
		"Shipped" => {
			let lots: Vec<String> = f["lots"]
				.as_array()
				.into_iter()
				.flatten()
				.filter_map(|l| l.as_str().map(String::from))
				.collect();
			let mut v = object(e, "OBSERVE", "shipping", Some("in_transit"), &lots);
			v["sourceList"] = json!([{ "type": "owning_party", "source": party("from")? }]);
			v["destinationList"] =
				json!([{ "type": "possessing_party", "destination": party("to")? }]);
			v
		},
		"Received" => {
			let lots = shipments.get(&f["shipment"].as_u64()?).cloned().unwrap_or_default();
			let mut v = object(e, "OBSERVE", "receiving", Some("in_progress"), &lots);
			v["destinationList"] =
				json!([{ "type": "possessing_party", "destination": party("by")? }]);
			v
		},
		"QcRecorded" => {
			let pass = f["verdict"].as_str().is_none_or(|v| !v.contains("Fail"));
			object(
				e,
				"OBSERVE",
				"inspecting",
				Some(if pass { "conformant" } else { "non_conformant" }),
				&[s("lot")],
			)
		},
		"ColdChainExcursion" => {
			let mut v = object(e, "OBSERVE", "sensor_reporting", None, &[s("lot")]);
			let c = |k: &str| f[k].as_i64().map(|x| x as f64 / 100.0);
			v["sensorElementList"] = json!([{ "sensorReport": [{ "type": "Temperature", "minValue": c("min")?, "maxValue": c("max")?, "uom": "CEL" }] }]);
			v
		},
		"StatusChanged" => {
			let disp = match f["to"].as_str()? {
				"Released" => "available",
				"Quarantined" => "non_sellable_other",
				"Rejected" => "non_conformant",
				"Recalled" => "recalled",
				_ => return None,
			};
			object(e, "OBSERVE", "holding", Some(disp), &[s("lot")])
		},
		"LotDestroyed" => object(e, "DELETE", "destroying", Some("destroyed"), &[s("lot")]),
		_ => return None,
	};
	let (id, _) = event_hash(&v, &Default::default());
	v["eventID"] = id.into();
	Some(v)
}

fn proof(e: &FeedEvent) -> Value {
	json!({ "bl:blockNumber": e.block, "bl:blockHash": e.block_hash, "bl:eventIndex": e.event_index,
		"bl:extrinsicIndex": e.extrinsic_index })
}

fn matches(q: &EventQuery, v: &Value) -> bool {
	let term = |x: &str| x.rsplit(['-', ':', '/']).next().unwrap_or(x).to_string();
	if let Some(t) = &q.eventType {
		if !t.split(',').any(|t| v["type"] == t.trim()) {
			return false;
		}
	}
	if let Some(b) = &q.EQ_bizStep {
		if v["bizStep"].as_str().map(term) != Some(term(b)) {
			return false;
		}
	}
	if let Some(d) = &q.EQ_disposition {
		if v["disposition"].as_str().map(term) != Some(term(d)) {
			return false;
		}
	}
	if let Some(c) = q.MATCH_epcClass.as_ref().or(q.MATCH_anyEPCClass.as_ref()) {
		let want = lot_of_class(c).map(|l| lot_class(&l)).unwrap_or_else(|| normalise_uri(c));
		let found = ["quantityList", "inputQuantityList", "outputQuantityList"].iter().any(|l| {
			v[*l].as_array().into_iter().flatten().any(|q| {
				q["epcClass"].as_str().map(normalise_uri).as_deref() == Some(want.as_str())
			})
		});
		if !found {
			return false;
		}
	}
	let time = v["eventTime"]
		.as_str()
		.and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok());
	for (bound, ge) in [(&q.GE_eventTime, true), (&q.LT_eventTime, false)] {
		if let Some(b) = bound {
			let (Some(t), Ok(b)) = (time, chrono::DateTime::parse_from_rfc3339(b)) else {
				return false;
			};
			if (ge && t < b) || (!ge && t >= b) {
				return false;
			}
		}
	}
	true
}

/// EPCIS events matching the query (an `EPCISQueryDocument`). Scope `read`.
#[utoipa::path(get, path = "/epcis/events", tag = "epcis", params(EventQuery),
	responses((status = 200, description = "EPCISQueryDocument (application/ld+json); Link rel=next when more")))]
pub async fn events(
	State(app): State<Arc<App>>,
	caller: Caller,
	_h: HeaderMap,
	Query(q): Query<EventQuery>,
) -> ApiResult<Response> {
	caller.require("read")?;
	let per_page = q.perPage.unwrap_or(100).clamp(1, 500);
	let after = match &q.nextPageToken {
		Some(t) => Some(parse_cursor(t).ok_or_else(|| ApiError::bad_request("bad nextPageToken"))?),
		None => None,
	};
	// Captured events by the (block, extrinsic) that carried them.
	let mut captured: HashMap<(u32, u32), Vec<(String, Value)>> = HashMap::new();
	for (intent, evs) in app.store.captured_by_intent()? {
		if let Some(i) = app.store.intent(intent)? {
			if let (Some(b), Some(x)) = (i.block, i.extrinsic_index) {
				if i.state == crate::store::IntentState::Finalized {
					captured.entry((b, x)).or_default().extend(evs);
				}
			}
		}
	}
	let mut shipments: HashMap<u64, Vec<String>> = HashMap::new();
	let mut contexts: Vec<Value> = vec![EPCIS_CONTEXT.into(), json!({ "bl": BL_NS })];
	let mut out: Vec<Value> = Vec::new();
	let mut last = None;
	let mut cursor = None;
	let mut done_xts = std::collections::HashSet::new();
	'scan: loop {
		let (page, scanned) = app.store.events_after(cursor, 1000, |e| e.pallet == "Provenance")?;
		if scanned.is_none() {
			break;
		}
		cursor = scanned;
		for e in &page {
			if e.event == "Shipped" {
				let lots = e.fields["lots"]
					.as_array()
					.into_iter()
					.flatten()
					.filter_map(|l| l.as_str().map(String::from))
					.collect();
				shipments.insert(e.fields["shipment"].as_u64().unwrap_or_default(), lots);
			}
			if after.is_some_and(|a| (e.block, e.event_index) <= a) {
				continue;
			}
			let xt = e.extrinsic_index.map(|x| (e.block, x));
			let evs: Vec<Value> = match xt.and_then(|k| captured.get(&k)) {
				Some(caps) => {
					if !done_xts.insert(xt) {
						continue;
					}
					caps.iter()
						.map(|(_, ev)| {
							let mut ev = ev.clone();
							for (k, v) in prefixes(&ev["@context"]) {
								let obj = json!({ k: v });
								if !contexts.contains(&obj) {
									contexts.push(obj);
								}
							}
							if let Some(m) = ev.as_object_mut() {
								m.remove("@context");
							}
							ev
						})
						.collect()
				},
				None => synthesize(&|o| app.config.party(o), e, &shipments).into_iter().collect(),
			};
			for mut ev in evs {
				if !matches(&q, &ev) {
					continue;
				}
				ev["bl:proof"] = proof(e);
				if out.len() == per_page {
					break 'scan;
				}
				out.push(ev);
				last = Some(e.cursor.clone());
			}
		}
	}
	let more = out.len() == per_page;
	let doc = json!({
		"@context": contexts,
		"type": "EPCISQueryDocument",
		"schemaVersion": "2.0",
		"creationDate": iso_ms(crate::submit::now_ms()),
		"epcisBody": { "queryResults": { "queryName": "SimpleEventQuery", "resultsBody": { "eventList": out } } },
	});
	let mut resp = (
		[
			(header::CONTENT_TYPE, "application/ld+json"),
			(header::HeaderName::from_static("gs1-epcis-version"), "2.0.0"),
		],
		Json(doc),
	)
		.into_response();
	if let (true, Some(l)) = (more, last) {
		let link = format!("</epcis/events?perPage={per_page}&nextPageToken={l}>; rel=\"next\"");
		if let Ok(v) = link.parse() {
			resp.headers_mut().insert(header::LINK, v);
		}
	}
	Ok(resp)
}

#[cfg(test)]
mod tests {
	use super::*;
	use bioledger_runtime::RuntimeEvent;

	fn feed(ev: pallet_provenance::Event<bioledger_runtime::Runtime>) -> FeedEvent {
		let d = crate::decode::EventDecoder::default()
			.decode(&RuntimeEvent::Provenance(ev))
			.unwrap();
		FeedEvent {
			cursor: "9:1".into(),
			block: 9,
			block_hash: "0x01".into(),
			event_index: 1,
			extrinsic_index: Some(2),
			pallet: d.pallet,
			event: d.event,
			fields: d.fields,
			orgs: d.orgs,
			lots: d.lots,
			timestamp_ms: 1_700_000_000_000,
		}
	}

	#[test]
	fn chain_events_become_epcis_events() {
		let party = |o: u32| format!("urn:bioledger:org:{o}");
		let lot: bioledger_primitives::LotId = b"09506000134369/E-OUT".to_vec().try_into().unwrap();
		let shipped = feed(pallet_provenance::Event::Shipped {
			shipment: 7,
			from: 0,
			to: 1,
			carrier: None,
			lots: vec![lot.clone()].try_into().unwrap(),
			promised_at: 1,
		});
		let s = synthesize(&party, &shipped, &HashMap::new()).expect("shipping");
		assert_eq!(
			(s["bizStep"].as_str(), s["disposition"].as_str()),
			(Some("shipping"), Some("in_transit"))
		);
		let mut ships = HashMap::new();
		ships.insert(7u64, vec!["09506000134369/E-OUT".to_string()]);
		let received = feed(pallet_provenance::Event::Received {
			shipment: 7,
			by: 1,
			ownership: true,
			quarantined: Default::default(),
		});
		let r = synthesize(&party, &received, &ships).expect("receiving");
		assert_eq!(
			r["quantityList"][0]["epcClass"],
			"https://id.gs1.org/01/09506000134369/10/E-OUT"
		);
		assert!(r["eventID"].as_str().unwrap().starts_with("ni:///sha-256;"));
	}
}
