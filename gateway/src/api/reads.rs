//! Business reads, answered from the node's best state through the runtime APIs; JSON with
//! the runtime's own field names (ids as text, times as ISO 8601).

use super::lot_id;
use crate::{
	app::{App, Caller},
	decode::to_json,
	errors::{ApiError, ApiResult, Problem},
};
use axum::{
	extract::{Path, Query, State},
	Json,
};
use bioledger_client::chain::api;
use bioledger_runtime::Runtime;
use pallet_provenance::{LotView, QcResultOf, ShipmentOf, Trace};
use serde::Deserialize;
use serde_json::Value;
use std::sync::Arc;

/// A runtime API call; 503 `node-unavailable` (and a fresh connection next time) if it fails.
pub(super) async fn call<T: codec::Decode>(
	app: &Arc<App>,
	method: &str,
	args: impl codec::Encode,
) -> ApiResult<T> {
	let rpc = app.node.rpc().await.map_err(|e| ApiError::unavailable(format!("{e:#}")))?;
	match api::<T>(&rpc, method, args).await {
		Ok(v) => Ok(v),
		Err(e) => {
			app.node.reset().await;
			Err(ApiError::unavailable(format!("{method}: {e:#}")))
		},
	}
}

/// The chain's view of a lot.
pub async fn lot_view(app: &Arc<App>, lot: &str) -> ApiResult<Option<LotView>> {
	call(app, "ProvenanceApi_lot", lot_id(lot)?).await
}

/// A shipment.
pub async fn shipment_of(app: &Arc<App>, id: u64) -> ApiResult<Option<ShipmentOf<Runtime>>> {
	call(app, "ProvenanceApi_shipment", id).await
}

/// A lot: status, quantities, genealogy links, documents, QC summary, lock, trail. Scope `read`.
#[utoipa::path(get, path = "/v1/lots/{lot}", tag = "lots", params(("lot" = String, Path)),
	responses((status = 200, body = Object), (status = 404, body = Problem)))]
pub async fn get_lot(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(lot): Path<String>,
) -> ApiResult<Json<Value>> {
	caller.require("read")?;
	let v = lot_view(&app, &lot)
		.await?
		.ok_or_else(|| ApiError::not_found("unknown-lot", format!("no lot {lot}")))?;
	Ok(Json(to_json(&v)))
}

/// Genealogy query.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct GenealogyQuery {
	/// `back` (ancestors, default) or `forward` (descendants).
	pub direction: Option<String>,
	/// Generations (default 8, at most 64).
	pub depth: Option<u32>,
}

/// A lot's ancestors or descendants, each once, breadth first. Scope `read`.
#[utoipa::path(get, path = "/v1/lots/{lot}/genealogy", tag = "lots",
	params(("lot" = String, Path), GenealogyQuery),
	responses((status = 200, body = Object), (status = 404, body = Problem)))]
pub async fn genealogy(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(lot): Path<String>,
	Query(q): Query<GenealogyQuery>,
) -> ApiResult<Json<Value>> {
	caller.require("read")?;
	let method = match q.direction.as_deref().unwrap_or("back") {
		"back" => "ProvenanceApi_trace_back",
		"forward" => "ProvenanceApi_trace_forward",
		d => return Err(ApiError::bad_request(format!("direction {d:?}: back or forward"))),
	};
	let depth = q.depth.unwrap_or(8).min(64);
	let t: Option<Trace> = call(&app, method, (lot_id(&lot)?, depth)).await?;
	let t = t.ok_or_else(|| ApiError::not_found("unknown-lot", format!("no lot {lot}")))?;
	Ok(Json(to_json(&t)))
}

/// A shipment. Scope `read`.
#[utoipa::path(get, path = "/v1/shipments/{id}", tag = "shipments", params(("id" = u64, Path)),
	responses((status = 200, body = Object), (status = 404, body = Problem)))]
pub async fn get_shipment(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(id): Path<u64>,
) -> ApiResult<Json<Value>> {
	caller.require("read")?;
	let s = shipment_of(&app, id)
		.await?
		.ok_or_else(|| ApiError::not_found("unknown-shipment", format!("no shipment {id}")))?;
	Ok(Json(to_json(&s)))
}

/// A lot's QC results, oldest first. Scope `read`.
#[utoipa::path(get, path = "/v1/lots/{lot}/qc", tag = "qc", params(("lot" = String, Path)),
	responses((status = 200, body = Object)))]
pub async fn qc_results(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(lot): Path<String>,
) -> ApiResult<Json<Value>> {
	caller.require("read")?;
	let r: Vec<QcResultOf<Runtime>> = call(&app, "ProvenanceApi_qc_results", lot_id(&lot)?).await?;
	Ok(Json(to_json(&r)))
}
