//! Business writes: the calls partner systems make every day. Each checks the caller's scope
//! and the request before anything is recorded, takes an `Idempotency-Key`, and answers
//! `202 Accepted` with the intent's status URL (or the earlier answer for a repeated key).

use super::{lot_id, parse_body, parse_time, reads::lot_view, submit_one, QuantityIn, RangeIn};
use crate::{
	app::{App, Caller},
	errors::{ApiError, ApiResult, Problem},
};
use axum::{
	body::Bytes,
	extract::{Path, State},
	http::{HeaderMap, StatusCode},
	Json,
};
use bioledger_primitives::QcParam;
use bioledger_runtime::RuntimeCall;
use pallet_provenance::{Call as P, LotStatus, OutputLot};
use serde::Deserialize;
use serde_json::Value;
use std::sync::Arc;

type Reply = ApiResult<(StatusCode, Json<Value>)>;

/// A new lot.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateLot {
	/// Lot id (`{GTIN-14}/{batch}` for GS1 products).
	#[schema(example = "09506000134352/L2026-0001")]
	pub id: String,
	/// Product code (GTIN-14, NDC or internal).
	#[schema(example = "09506000134352")]
	pub product: String,
	/// Quantity produced.
	pub quantity: QuantityIn,
	/// Expiry (retest) time, ISO 8601.
	#[schema(example = "2028-01-01T00:00:00Z")]
	pub expires_at: String,
	/// Storage condition, °C.
	pub storage: Option<RangeIn>,
}

fn product(s: &str) -> ApiResult<bioledger_primitives::ProductCode> {
	s.as_bytes()
		.to_vec()
		.try_into()
		.map_err(|_| ApiError::bad_request("product code longer than 32 bytes"))
}

/// Commission a lot (`provenance.create_lot`). Scope `lots:write`.
#[utoipa::path(post, path = "/v1/lots", tag = "lots", request_body = CreateLot,
	params(("Idempotency-Key" = String, Header, description = "unique per intended write")),
	responses((status = 202, body = super::Accepted), (status = 400, body = Problem),
		(status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_lot(
	State(app): State<Arc<App>>,
	caller: Caller,
	headers: HeaderMap,
	body: Bytes,
) -> Reply {
	caller.require("lots:write")?;
	let b: CreateLot = parse_body(&body)?;
	let call = create_lot_call(&b)?;
	submit_one(&app, &caller, &headers, ("POST", "/v1/lots"), &body, "create_lot", call).await
}

/// The `create_lot` call of a request.
pub fn create_lot_call(b: &CreateLot) -> ApiResult<RuntimeCall> {
	Ok(RuntimeCall::Provenance(P::create_lot {
		id: lot_id(&b.id)?,
		product: product(&b.product)?,
		quantity: b.quantity.to_chain()?,
		expires_at: parse_time(&b.expires_at)?,
		storage: b.storage.as_ref().map(RangeIn::to_chain).transpose()?,
	}))
}

/// A lot and a quantity of it.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LotQuantity {
	/// Lot id.
	pub lot: String,
	/// Quantity (in the lot's unit family).
	pub quantity: QuantityIn,
}

/// One output of a transformation.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransformOutput {
	/// New lot id.
	pub id: String,
	/// Its product.
	pub product: String,
	/// Its quantity.
	pub quantity: QuantityIn,
	/// Expiry, ISO 8601.
	pub expires_at: String,
	/// Storage condition, °C.
	pub storage: Option<RangeIn>,
	/// What it consumed.
	pub inputs: Vec<LotQuantity>,
}

/// A transformation.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Transform {
	/// Outputs (1–16).
	pub outputs: Vec<TransformOutput>,
}

/// Transform input lots into output lots (`provenance.transform`). Scope `lots:write`.
#[utoipa::path(post, path = "/v1/lots/transform", tag = "lots", request_body = Transform,
	params(("Idempotency-Key" = String, Header)),
	responses((status = 202, body = super::Accepted), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn transform(
	State(app): State<Arc<App>>,
	caller: Caller,
	headers: HeaderMap,
	body: Bytes,
) -> Reply {
	caller.require("lots:write")?;
	let b: Transform = parse_body(&body)?;
	// The call first (it enforces the list limits), then each input on the chain, unit included.
	let call = transform_call(&b)?;
	for o in &b.outputs {
		for i in &o.inputs {
			same_unit(&app, &i.lot, &i.quantity).await?;
		}
	}
	submit_one(&app, &caller, &headers, ("POST", "/v1/lots/transform"), &body, "transform", call)
		.await
}

/// The `transform` call of a request.
pub fn transform_call(b: &Transform) -> ApiResult<RuntimeCall> {
	let mut outputs = Vec::new();
	for o in &b.outputs {
		let mut inputs = Vec::new();
		for i in &o.inputs {
			inputs.push((lot_id(&i.lot)?, i.quantity.to_chain()?.amount));
		}
		outputs.push(OutputLot {
			id: lot_id(&o.id)?,
			product: product(&o.product)?,
			quantity: o.quantity.to_chain()?,
			expires_at: parse_time(&o.expires_at)?,
			storage: o.storage.as_ref().map(RangeIn::to_chain).transpose()?,
			inputs: inputs
				.try_into()
				.map_err(|_| ApiError::bad_request("at most 16 inputs per output"))?,
		});
	}
	Ok(RuntimeCall::Provenance(P::transform {
		outputs: outputs.try_into().map_err(|_| ApiError::bad_request("at most 16 outputs"))?,
	}))
}

/// 404 `unknown-lot` unless the chain has the lot (checked before anything is recorded).
pub async fn known_lot(app: &Arc<App>, lot: &str) -> ApiResult<()> {
	lot_view(app, lot)
		.await?
		.map(|_| ())
		.ok_or_else(|| ApiError::not_found("unknown-lot", format!("no lot {lot}")))
}

/// 404 `unknown-lot`, or 422 `unit-mismatch` unless `q` is in the lot's unit family (an amount
/// taken from a lot is counted in the lot's base unit).
pub async fn same_unit(app: &Arc<App>, lot: &str, q: &QuantityIn) -> ApiResult<()> {
	let unit = q.to_chain()?.unit;
	let v = lot_view(app, lot)
		.await?
		.ok_or_else(|| ApiError::not_found("unknown-lot", format!("no lot {lot}")))?;
	if v.produced.unit != unit {
		return Err(ApiError::unprocessable(
			"unit-mismatch",
			format!("lot {lot} is counted in {:?}, not {unit:?}", v.produced.unit),
		));
	}
	Ok(())
}

/// A split.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Split {
	/// New lots and their quantities.
	pub parts: Vec<LotQuantity>,
}

/// Split a lot (`provenance.split`). Scope `lots:write`.
#[utoipa::path(post, path = "/v1/lots/{lot}/split", tag = "lots", request_body = Split,
	params(("lot" = String, Path), ("Idempotency-Key" = String, Header)),
	responses((status = 202, body = super::Accepted), (status = 404, body = Problem)))]
pub async fn split(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(lot): Path<String>,
	headers: HeaderMap,
	body: Bytes,
) -> Reply {
	caller.require("lots:write")?;
	let b: Split = parse_body(&body)?;
	let mut parts = Vec::new();
	for p in &b.parts {
		parts.push((lot_id(&p.lot)?, p.quantity.to_chain()?.amount));
	}
	let call = RuntimeCall::Provenance(P::split {
		lot: lot_id(&lot)?,
		parts: parts.try_into().map_err(|_| ApiError::bad_request("at most 16 parts"))?,
	});
	known_lot(&app, &lot).await?;
	for p in &b.parts {
		same_unit(&app, &lot, &p.quantity).await?;
	}
	submit_one(
		&app,
		&caller,
		&headers,
		("POST", &format!("/v1/lots/{lot}/split")),
		&body,
		"split",
		call,
	)
	.await
}

/// A shipment.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Ship {
	/// Lots (1–64).
	pub lots: Vec<String>,
	/// Receiving organisation.
	pub to: u32,
	/// Third-party carrier organisation.
	pub carrier: Option<u32>,
	/// Promised delivery, ISO 8601.
	pub promised_at: String,
	/// A sale (ownership moves on receipt) rather than custody only.
	#[serde(default)]
	pub transfers_ownership: bool,
}

/// Ship lots (`provenance.ship`). Scope `shipments:write`.
#[utoipa::path(post, path = "/v1/shipments", tag = "shipments", request_body = Ship,
	params(("Idempotency-Key" = String, Header)),
	responses((status = 202, body = super::Accepted), (status = 404, body = Problem)))]
pub async fn ship(
	State(app): State<Arc<App>>,
	caller: Caller,
	headers: HeaderMap,
	body: Bytes,
) -> Reply {
	caller.require("shipments:write")?;
	let b: Ship = parse_body(&body)?;
	let call = ship_call(&b)?;
	for l in &b.lots {
		known_lot(&app, l).await?;
	}
	submit_one(&app, &caller, &headers, ("POST", "/v1/shipments"), &body, "ship", call).await
}

/// The `ship` call of a request.
pub fn ship_call(b: &Ship) -> ApiResult<RuntimeCall> {
	let lots = b.lots.iter().map(|l| lot_id(l)).collect::<ApiResult<Vec<_>>>()?;
	Ok(RuntimeCall::Provenance(P::ship {
		lots: lots.try_into().map_err(|_| ApiError::bad_request("at most 64 lots"))?,
		to: b.to,
		carrier: b.carrier,
		promised_at: parse_time(&b.promised_at)?,
		transfers_ownership: b.transfers_ownership,
	}))
}

/// Receive a shipment (`provenance.receive`; the lot-count witness is read from the chain).
/// Scope `shipments:write`.
#[utoipa::path(post, path = "/v1/shipments/{id}/receive", tag = "shipments",
	params(("id" = u64, Path), ("Idempotency-Key" = String, Header)),
	responses((status = 202, body = super::Accepted), (status = 404, body = Problem)))]
pub async fn receive(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(id): Path<u64>,
	headers: HeaderMap,
) -> Reply {
	caller.require("shipments:write")?;
	let call = receive_call(&app, id).await?;
	submit_one(
		&app,
		&caller,
		&headers,
		("POST", &format!("/v1/shipments/{id}/receive")),
		b"",
		"receive",
		call,
	)
	.await
}

/// The `receive` call for shipment `id` (404 `unknown-shipment` if the chain has none).
pub async fn receive_call(app: &Arc<App>, id: u64) -> ApiResult<RuntimeCall> {
	let s = super::reads::shipment_of(app, id)
		.await?
		.ok_or_else(|| ApiError::not_found("unknown-shipment", format!("no shipment {id}")))?;
	Ok(RuntimeCall::Provenance(P::receive { shipment: id, lots: s.lots.len() as u32 }))
}

/// A QC parameter: code, scaled integer value and unit code (which carries the scale).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QcParamIn {
	/// Parameter code (≤ 16 bytes), e.g. `ASSAY`.
	pub code: String,
	/// Measured value as a scaled integer.
	pub value: i64,
	/// Unit code with its scale (≤ 8 bytes), e.g. `%x100`.
	pub unit: String,
}

/// A QC result.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Qc {
	/// Parameters (1–32).
	pub params: Vec<QcParamIn>,
	/// sha256 of the certificate of analysis, 64 hex digits.
	pub coa: String,
}

/// 32-byte hex digest.
pub fn digest(s: &str) -> ApiResult<[u8; 32]> {
	let b = hex::decode(s.trim_start_matches("0x"))
		.map_err(|_| ApiError::bad_request("digest must be hex"))?;
	b.try_into().map_err(|_| ApiError::bad_request("digest must be 32 bytes"))
}

/// Record a QC result (`provenance.record_qc_result`). Scope `qc:write`.
#[utoipa::path(post, path = "/v1/lots/{lot}/qc", tag = "qc", request_body = Qc,
	params(("lot" = String, Path), ("Idempotency-Key" = String, Header)),
	responses((status = 202, body = super::Accepted), (status = 404, body = Problem)))]
pub async fn record_qc(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(lot): Path<String>,
	headers: HeaderMap,
	body: Bytes,
) -> Reply {
	caller.require("qc:write")?;
	let b: Qc = parse_body(&body)?;
	known_lot(&app, &lot).await?;
	let call = qc_call(&lot, &b)?;
	submit_one(
		&app,
		&caller,
		&headers,
		("POST", &format!("/v1/lots/{lot}/qc")),
		&body,
		"record_qc_result",
		call,
	)
	.await
}

/// The `record_qc_result` call of a request.
pub fn qc_call(lot: &str, b: &Qc) -> ApiResult<RuntimeCall> {
	let mut params = Vec::new();
	for p in &b.params {
		params.push(QcParam {
			code: p
				.code
				.as_bytes()
				.to_vec()
				.try_into()
				.map_err(|_| ApiError::bad_request("QC code > 16 bytes"))?,
			value: p.value,
			unit: p
				.unit
				.as_bytes()
				.to_vec()
				.try_into()
				.map_err(|_| ApiError::bad_request("QC unit > 8 bytes"))?,
		});
	}
	Ok(RuntimeCall::Provenance(P::record_qc_result {
		lot: lot_id(lot)?,
		params: params
			.try_into()
			.map_err(|_| ApiError::bad_request("at most 32 QC parameters"))?,
		coa: digest(&b.coa)?,
	}))
}

/// A cold-chain excursion.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Excursion {
	/// Lowest reading, °C.
	pub min: f64,
	/// Highest reading, °C.
	pub max: f64,
	/// How long it lasted, seconds.
	pub duration_secs: u32,
	/// sha256 of the sensor log, 64 hex digits.
	pub evidence: String,
}

/// Report a cold-chain excursion (`provenance.report_excursion`). Scope `sensor:write` (the
/// only scope an IoT gateway key needs).
#[utoipa::path(post, path = "/v1/lots/{lot}/excursions", tag = "sensors", request_body = Excursion,
	params(("lot" = String, Path), ("Idempotency-Key" = String, Header)),
	responses((status = 202, body = super::Accepted), (status = 404, body = Problem)))]
pub async fn excursion(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(lot): Path<String>,
	headers: HeaderMap,
	body: Bytes,
) -> Reply {
	caller.require("sensor:write")?;
	let b: Excursion = parse_body(&body)?;
	known_lot(&app, &lot).await?;
	let call = RuntimeCall::Provenance(P::report_excursion {
		lot: lot_id(&lot)?,
		min: super::centi(b.min)?,
		max: super::centi(b.max)?,
		duration_secs: b.duration_secs,
		evidence: digest(&b.evidence)?,
	});
	submit_one(
		&app,
		&caller,
		&headers,
		("POST", &format!("/v1/lots/{lot}/excursions")),
		&body,
		"report_excursion",
		call,
	)
	.await
}

/// A QA status decision.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Status {
	/// `released`, `quarantined` or `rejected`.
	pub status: String,
}

/// Set a lot's QA status (`provenance.set_status`). Scope `qc:write`.
#[utoipa::path(post, path = "/v1/lots/{lot}/status", tag = "qc", request_body = Status,
	params(("lot" = String, Path), ("Idempotency-Key" = String, Header)),
	responses((status = 202, body = super::Accepted), (status = 404, body = Problem)))]
pub async fn set_status(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(lot): Path<String>,
	headers: HeaderMap,
	body: Bytes,
) -> Reply {
	caller.require("qc:write")?;
	let b: Status = parse_body(&body)?;
	let status = match b.status.as_str() {
		"released" => LotStatus::Released,
		"quarantined" => LotStatus::Quarantined,
		"rejected" => LotStatus::Rejected,
		s => {
			return Err(ApiError::bad_request(format!(
				"status {s:?}: released, quarantined or rejected"
			)))
		},
	};
	known_lot(&app, &lot).await?;
	let call = RuntimeCall::Provenance(P::set_status { lot: lot_id(&lot)?, status });
	submit_one(
		&app,
		&caller,
		&headers,
		("POST", &format!("/v1/lots/{lot}/status")),
		&body,
		"set_status",
		call,
	)
	.await
}
