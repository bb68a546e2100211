//! Quality agreements, warehouse receipts, prices and emissions: writes and reads. Request
//! bodies use the same JSON shape the reads return ([`crate::json_scale`]), so an agreement's
//! terms can be read, edited and posted back.

use super::{parse_body, reads::call, submit_one, writes::digest};
use crate::{
	app::{App, Caller},
	decode::to_json,
	errors::{ApiError, ApiResult, Problem},
	json_scale::from_json,
};
use axum::{
	body::Bytes,
	extract::{Path, State},
	http::{HeaderMap, StatusCode},
	Json,
};
use bioledger_runtime::{Runtime, RuntimeCall};
use serde::Deserialize;
use serde_json::Value;
use std::sync::Arc;

type Reply = ApiResult<(StatusCode, Json<Value>)>;

fn field<T: scale_info::TypeInfo + codec::Decode + 'static>(v: &Value, name: &str) -> ApiResult<T> {
	from_json(v.get(name).unwrap_or(&Value::Null))
		.map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "bad-field", format!("{name}{e}")))
}

/// A draft agreement: the supplier and the terms (the shape `GET /v1/agreements/{id}` returns
/// under `terms`).
#[derive(Deserialize, utoipa::ToSchema)]
pub struct Draft {
	/// Supplier organisation.
	pub supplier: u32,
	/// Terms.
	#[schema(value_type = Object)]
	pub terms: Value,
}

/// Draft a quality agreement as the buyer (`quality.draft`). Scope `agreements:write`.
#[utoipa::path(post, path = "/v1/agreements", tag = "agreements", request_body = Draft,
	params(("Idempotency-Key" = String, Header)),
	responses((status = 202, body = super::Accepted), (status = 400, body = Problem)))]
pub async fn draft(
	State(app): State<Arc<App>>,
	caller: Caller,
	headers: HeaderMap,
	body: Bytes,
) -> Reply {
	caller.require("agreements:write")?;
	let b: Value = parse_body(&body)?;
	let supplier: u32 = field(&b, "supplier")?;
	let terms: pallet_quality::TermsOf<Runtime> = field(&b, "terms")?;
	let call = RuntimeCall::Quality(pallet_quality::Call::draft { supplier, terms });
	submit_one(&app, &caller, &headers, ("POST", "/v1/agreements"), &body, "draft_agreement", call)
		.await
}

/// An e-seal signature made by the organisation's own signing service (the gateway holds no
/// e-seal keys).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Seal {
	/// `Authorship`, `Review` or `Approval`.
	pub meaning: String,
	/// SM2 signature, 64 bytes as hex.
	pub signature: String,
}

/// Seal (sign) an agreement (`quality.sign`). Scope `agreements:write`.
#[utoipa::path(post, path = "/v1/agreements/{id}/signatures", tag = "agreements", request_body = Seal,
	params(("id" = u32, Path), ("Idempotency-Key" = String, Header)),
	responses((status = 202, body = super::Accepted), (status = 400, body = Problem)))]
pub async fn seal(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(id): Path<u32>,
	headers: HeaderMap,
	body: Bytes,
) -> Reply {
	caller.require("agreements:write")?;
	let b: Seal = parse_body(&body)?;
	let meaning: pallet_quality::SignatureMeaning = from_json(&Value::String(b.meaning.clone()))
		.map_err(|e| ApiError::bad_request(format!("meaning{e}")))?;
	let sig = hex::decode(b.signature.trim_start_matches("0x"))
		.ok()
		.and_then(|s| <[u8; 64]>::try_from(s).ok())
		.ok_or_else(|| ApiError::bad_request("signature: 64 bytes of hex"))?;
	let call =
		RuntimeCall::Quality(pallet_quality::Call::sign { agreement: id, meaning, signature: sig });
	submit_one(
		&app,
		&caller,
		&headers,
		("POST", &format!("/v1/agreements/{id}/signatures")),
		&body,
		"seal_agreement",
		call,
	)
	.await
}

/// Issue a warehouse receipt as the warehouse (`pledge.issue_receipt`): `{holder, lots,
/// storage: {min, max} (centi-°C), expires_at, document}`. Scope `finance:write`.
#[utoipa::path(post, path = "/v1/receipts", tag = "finance", request_body = Object,
	params(("Idempotency-Key" = String, Header)),
	responses((status = 202, body = super::Accepted), (status = 400, body = Problem)))]
pub async fn issue_receipt(
	State(app): State<Arc<App>>,
	caller: Caller,
	headers: HeaderMap,
	body: Bytes,
) -> Reply {
	caller.require("finance:write")?;
	let b: Value = parse_body(&body)?;
	let call = RuntimeCall::Pledge(pallet_pledge::Call::issue_receipt {
		holder: field(&b, "holder")?,
		lots: field(&b, "lots")?,
		storage: field(&b, "storage")?,
		expires_at: super::parse_time(b["expires_at"].as_str().unwrap_or_default())?,
		document: digest(b["document"].as_str().unwrap_or_default())?,
	});
	submit_one(&app, &caller, &headers, ("POST", "/v1/receipts"), &body, "issue_receipt", call)
		.await
}

/// Post a price as an admitted price source (`pledge.post_price`): `{product, price: {currency,
/// amount, per: {amount, unit}}}`. Scope `finance:write`.
#[utoipa::path(post, path = "/v1/prices", tag = "finance", request_body = Object,
	params(("Idempotency-Key" = String, Header)),
	responses((status = 202, body = super::Accepted), (status = 400, body = Problem)))]
pub async fn post_price(
	State(app): State<Arc<App>>,
	caller: Caller,
	headers: HeaderMap,
	body: Bytes,
) -> Reply {
	caller.require("finance:write")?;
	let b: Value = parse_body(&body)?;
	let call = RuntimeCall::Pledge(pallet_pledge::Call::post_price {
		product: field(&b, "product")?,
		price: field(&b, "price")?,
	});
	submit_one(&app, &caller, &headers, ("POST", "/v1/prices"), &body, "post_price", call).await
}

/// Report an emission (`carbon.report_emission`): `{scope, kg_co2e, subject, facility,
/// methodology, evidence}`. Scope `carbon:write`.
#[utoipa::path(post, path = "/v1/emissions", tag = "carbon", request_body = Object,
	params(("Idempotency-Key" = String, Header)),
	responses((status = 202, body = super::Accepted), (status = 400, body = Problem)))]
pub async fn report_emission(
	State(app): State<Arc<App>>,
	caller: Caller,
	headers: HeaderMap,
	body: Bytes,
) -> Reply {
	caller.require("carbon:write")?;
	let b: Value = parse_body(&body)?;
	let call = RuntimeCall::Carbon(pallet_carbon::Call::report_emission {
		scope: field(&b, "scope")?,
		kg_co2e: field(&b, "kg_co2e")?,
		subject: field(&b, "subject")?,
		facility: field(&b, "facility")?,
		methodology: field(&b, "methodology")?,
		evidence: digest(b["evidence"].as_str().unwrap_or_default())?,
	});
	submit_one(&app, &caller, &headers, ("POST", "/v1/emissions"), &body, "report_emission", call)
		.await
}

async fn read<T: codec::Decode + scale_info::TypeInfo + codec::Encode + 'static>(
	app: &Arc<App>,
	method: &str,
	args: impl codec::Encode,
	what: &str,
) -> ApiResult<Json<Value>> {
	let v: Option<T> = call(app, method, args).await?;
	v.map(|v| Json(to_json(&v)))
		.ok_or_else(|| ApiError::not_found(&format!("unknown-{what}"), format!("no such {what}")))
}

/// A quality agreement. Scope `read`.
#[utoipa::path(get, path = "/v1/agreements/{id}", tag = "agreements", params(("id" = u32, Path)),
	responses((status = 200, body = Object), (status = 404, body = Problem)))]
pub async fn get_agreement(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(id): Path<u32>,
) -> ApiResult<Json<Value>> {
	caller.require("read")?;
	read::<pallet_quality::AgreementOf<Runtime>>(&app, "QualityApi_agreement", id, "agreement")
		.await
}

/// A supplier's quality scorecard. Scope `read`.
#[utoipa::path(get, path = "/v1/scorecards/{org}", tag = "agreements", params(("org" = u32, Path)),
	responses((status = 200, body = Object)))]
pub async fn scorecard(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(org): Path<u32>,
) -> ApiResult<Json<Value>> {
	caller.require("read")?;
	let s: pallet_quality::Scorecard = call(&app, "QualityApi_scorecard", org).await?;
	Ok(Json(to_json(&s)))
}

/// A warehouse receipt. Scope `read`.
#[utoipa::path(get, path = "/v1/receipts/{id}", tag = "finance", params(("id" = u64, Path)),
	responses((status = 200, body = Object), (status = 404, body = Problem)))]
pub async fn get_receipt(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(id): Path<u64>,
) -> ApiResult<Json<Value>> {
	caller.require("read")?;
	read::<pallet_pledge::ReceiptOf<Runtime>>(&app, "PledgeApi_receipt", id, "receipt").await
}

/// A pledge. Scope `read`.
#[utoipa::path(get, path = "/v1/pledges/{id}", tag = "finance", params(("id" = u64, Path)),
	responses((status = 200, body = Object), (status = 404, body = Problem)))]
pub async fn get_pledge(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(id): Path<u64>,
) -> ApiResult<Json<Value>> {
	caller.require("read")?;
	read::<pallet_pledge::PledgeOf<Runtime>>(&app, "PledgeApi_pledge", id, "pledge").await
}

/// A lot's carbon footprint. Scope `read`.
#[utoipa::path(get, path = "/v1/lots/{lot}/footprint", tag = "carbon", params(("lot" = String, Path)),
	responses((status = 200, body = Object), (status = 404, body = Problem)))]
pub async fn footprint(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(lot): Path<String>,
) -> ApiResult<Json<Value>> {
	caller.require("read")?;
	read::<pallet_carbon::Footprint>(&app, "CarbonApi_footprint", super::lot_id(&lot)?, "footprint")
		.await
}
