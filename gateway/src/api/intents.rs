//! The status URL of a write: `queued → pending → in_block → finalized`, or `failed` with the
//! named error.

use super::intent_json;
use crate::{
	app::{App, Caller},
	errors::{ApiError, ApiResult, Problem},
};
use axum::{
	extract::{Path, Query, State},
	Json,
};
use serde::Deserialize;
use serde_json::Value;
use std::{sync::Arc, time::Duration};

/// Long-poll.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct WaitQuery {
	/// Wait up to this many seconds (≤ 60) for a final state.
	pub wait: Option<u64>,
}

/// An intent's status. Only the system that made it may read it.
#[utoipa::path(get, path = "/v1/intents/{id}", tag = "intents", params(("id" = u64, Path), WaitQuery),
	responses((status = 200, body = Object), (status = 404, body = Problem)))]
pub async fn get_intent(
	State(app): State<Arc<App>>,
	caller: Caller,
	Path(id): Path<u64>,
	Query(q): Query<WaitQuery>,
) -> ApiResult<Json<Value>> {
	let deadline = tokio::time::Instant::now() + Duration::from_secs(q.wait.unwrap_or(0).min(60));
	loop {
		let i = app
			.submitter
			.intent(id)
			.await?
			.filter(|i| i.system == caller.system)
			.ok_or_else(|| {
				ApiError::not_found("unknown-intent", format!("no intent {id} of this system"))
			})?;
		if i.state.is_final() || tokio::time::Instant::now() >= deadline {
			return Ok(Json(intent_json(&i)));
		}
		tokio::time::sleep(Duration::from_millis(250)).await;
	}
}
