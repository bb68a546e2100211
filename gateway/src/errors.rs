//! Errors as RFC 9457 problem documents (`application/problem+json`) with a stable `code`.

use axum::{
	http::{header, HeaderValue, StatusCode},
	response::{IntoResponse, Response},
};
use serde::Serialize;

/// An API error: HTTP status, a stable machine-readable code and a human-readable detail.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Problem {
	/// `urn:bioledger:error:{code}`.
	#[serde(rename = "type")]
	pub kind: String,
	/// Short title (the code).
	pub title: String,
	/// HTTP status.
	pub status: u16,
	/// What went wrong.
	pub detail: String,
	/// Stable code (`unauthenticated`, `forbidden`, `bad-request`, `unknown-lot`,
	/// `idempotency-key-reused`, `Provenance.LotExists`, …).
	pub code: String,
	/// Seconds to wait before retrying (429 and 503).
	#[serde(skip_serializing_if = "Option::is_none")]
	pub retry_after: Option<u64>,
}

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

/// The error type handlers return.
#[derive(Debug, Clone)]
pub struct ApiError(pub StatusCode, pub String, pub String, pub Option<u64>);

impl ApiError {
	/// Any status, code and detail.
	pub fn new(status: StatusCode, code: &str, detail: impl Into<String>) -> Self {
		Self(status, code.to_string(), detail.into(), None)
	}
	/// 400.
	pub fn bad_request(detail: impl Into<String>) -> Self {
		Self::new(StatusCode::BAD_REQUEST, "bad-request", detail)
	}
	/// 404 with a code.
	pub fn not_found(code: &str, detail: impl Into<String>) -> Self {
		Self::new(StatusCode::NOT_FOUND, code, detail)
	}
	/// 422 (well-formed but not acceptable).
	pub fn unprocessable(code: &str, detail: impl Into<String>) -> Self {
		Self::new(StatusCode::UNPROCESSABLE_ENTITY, code, detail)
	}
	/// 403.
	pub fn forbidden(detail: impl Into<String>) -> Self {
		Self::new(StatusCode::FORBIDDEN, "forbidden", detail)
	}
	/// 503: the node is unreachable or the chain is not ready.
	pub fn unavailable(detail: impl Into<String>) -> Self {
		Self(StatusCode::SERVICE_UNAVAILABLE, "node-unavailable".into(), detail.into(), Some(5))
	}
	/// 500.
	pub fn internal(e: impl std::fmt::Display) -> Self {
		Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", e.to_string())
	}
}

impl From<anyhow::Error> for ApiError {
	fn from(e: anyhow::Error) -> Self {
		ApiError::internal(format!("{e:#}"))
	}
}

impl IntoResponse for ApiError {
	fn into_response(self) -> Response {
		let ApiError(status, code, detail, retry_after) = self;
		let body = Problem {
			kind: format!("urn:bioledger:error:{code}"),
			title: code.clone(),
			status: status.as_u16(),
			detail,
			code,
			retry_after,
		};
		let mut resp = (status, axum::Json(body)).into_response();
		resp.headers_mut()
			.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
		if let Some(s) = retry_after {
			resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
		}
		resp
	}
}

/// The HTTP status a chain error maps to (`Pallet.Error` names from the runtime).
pub fn status_of_chain_error(name: &str) -> StatusCode {
	let err = name.rsplit('.').next().unwrap_or(name);
	match err {
		"NotAuthorized" | "MissingCredential" | "NotOwner" | "NotCustodian" | "NoTitle" => {
			StatusCode::FORBIDDEN
		},
		"LotNotFound" | "ShipmentNotFound" | "AgreementNotFound" | "ReceiptNotFound" => {
			StatusCode::NOT_FOUND
		},
		"LotExists" | "InvalidStatus" | "Locked" | "Recalled" | "RecallInProgress"
		| "ShipmentClosed" | "AlreadyRecalled" | "Stale" => StatusCode::CONFLICT,
		_ => StatusCode::UNPROCESSABLE_ENTITY,
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn chain_errors_map_to_statuses() {
		assert_eq!(status_of_chain_error("Provenance.LotExists"), StatusCode::CONFLICT);
		assert_eq!(status_of_chain_error("Provenance.NotAuthorized"), StatusCode::FORBIDDEN);
		assert_eq!(status_of_chain_error("Provenance.LotNotFound"), StatusCode::NOT_FOUND);
		assert_eq!(
			status_of_chain_error("Provenance.InvalidQuantity"),
			StatusCode::UNPROCESSABLE_ENTITY
		);
	}
}
