//! # BioLedger partner gateway
//!
//! The service a member runs next to its node so that its ERP, MES, LIMS, WMS, IoT gateways and
//! bank systems never build extrinsics, manage nonces or decode blocks:
//! - a business JSON API (lots, shipments, QC, excursions, status; reads of lots, genealogy,
//!   shipments, QC results) — [`api`];
//! - exactly-once submission: idempotency keys, a write-ahead intent log, nonce windows,
//!   re-signing — [`submit`];
//! - a resumable feed of finalized domain events (SSE, JSON pages, HMAC-signed webhooks) —
//!   [`feed`], fed by [`indexer`];
//! - GS1 EPCIS 2.0 capture and query with the standard event hash — [`epcis`];
//! - API keys per integrated system with scopes and rate limits — [`app`];
//! - an OpenAPI 3.1 description generated from the handlers (`GET /openapi.json`).

pub mod api;
pub mod app;
pub mod config;
pub mod decode;
pub mod epcis;
pub mod errors;
pub mod feed;
pub mod indexer;
pub mod json_scale;
pub mod node;
pub mod store;
pub mod submit;

use anyhow::Result;
use app::{App, SystemAuth};
use axum::{extract::State, routing::get, Json};
use std::{path::PathBuf, sync::Arc};
use utoipa::OpenApi;
use utoipa_axum::{router::OpenApiRouter, routes};

/// The OpenAPI document's fixed part.
#[derive(OpenApi)]
#[openapi(
	info(title = "BioLedger partner gateway", description = "Business JSON API, GS1 EPCIS 2.0 capture and query, finalized event feed. Writes take an Idempotency-Key and answer 202 with a status URL. Authenticate with `Authorization: Bearer <API key>`."),
	components(schemas(errors::Problem, store::FeedEvent)),
	modifiers(&BearerAuth),
	security(("api_key" = [])),
)]
struct ApiDoc;

struct BearerAuth;
impl utoipa::Modify for BearerAuth {
	fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
		use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
		if let Some(c) = openapi.components.as_mut() {
			c.add_security_scheme(
				"api_key",
				SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
			);
		}
	}
}

/// The router and the OpenAPI document, from the same handler list.
pub fn router() -> (axum::Router<Arc<App>>, utoipa::openapi::OpenApi) {
	OpenApiRouter::with_openapi(ApiDoc::openapi())
		.routes(routes!(api::writes::create_lot))
		.routes(routes!(api::writes::transform))
		.routes(routes!(api::writes::split))
		.routes(routes!(api::writes::ship))
		.routes(routes!(api::writes::receive))
		.routes(routes!(api::writes::record_qc))
		.routes(routes!(api::writes::excursion))
		.routes(routes!(api::writes::set_status))
		.routes(routes!(api::domain::draft))
		.routes(routes!(api::domain::seal))
		.routes(routes!(api::domain::issue_receipt))
		.routes(routes!(api::domain::post_price))
		.routes(routes!(api::domain::report_emission))
		.routes(routes!(api::domain::get_agreement))
		.routes(routes!(api::domain::scorecard))
		.routes(routes!(api::domain::get_receipt))
		.routes(routes!(api::domain::get_pledge))
		.routes(routes!(api::domain::footprint))
		.routes(routes!(api::reads::get_lot))
		.routes(routes!(api::reads::genealogy))
		.routes(routes!(api::reads::get_shipment))
		.routes(routes!(api::reads::qc_results))
		.routes(routes!(api::intents::get_intent))
		.routes(routes!(feed::sse))
		.routes(routes!(feed::page))
		.routes(routes!(epcis::capture::capture))
		.routes(routes!(epcis::capture::capture_job))
		.routes(routes!(epcis::query::events))
		.split_for_parts()
}

/// The OpenAPI document as JSON.
pub fn openapi_json() -> String {
	router().1.to_pretty_json().expect("serialisable")
}

/// How to run.
pub struct Options {
	/// Configuration file.
	pub config: PathBuf,
	/// Allow development keys.
	pub dev: bool,
	/// Override the listen address.
	pub listen: Option<String>,
	/// First block a new store indexes.
	pub index_from: Option<u32>,
}

async fn health(State(app): State<Arc<App>>) -> Json<serde_json::Value> {
	let connected = app.node.rpc().await.is_ok();
	Json(serde_json::json!({
		"node": if connected { "connected" } else { "unreachable" },
		"indexed": *app.indexed.borrow(),
		"backlog": app.submitter.backlog().await,
		"org": app.config.org,
	}))
}

/// Start the gateway and serve until the process is stopped.
pub async fn run(opts: Options) -> Result<()> {
	let config = config::Config::load(&opts.config)?;
	let store = Arc::new(store::Store::open(&config.store)?);
	let node = Arc::new(node::Node::new(&config.node_url));
	let mut systems = Vec::new();
	let mut pairs = Vec::new();
	for s in &config.systems {
		let pair = config::load_signer(&config.keystore, &s.signer, opts.dev)?;
		systems.push(SystemAuth::new(s.clone(), decode::ss58(sp_core::Pair::public(&pair))));
		pairs.push(pair);
	}
	let submitter = submit::Submitter::new(store.clone(), node.clone(), config.window, pairs)?;
	let start = store.meta("indexed")?.unwrap_or(0) as u32;
	let (tx, rx) = tokio::sync::watch::channel(start);
	let listen = opts.listen.clone().unwrap_or_else(|| config.listen.clone());
	let app = Arc::new(App {
		config,
		store,
		node,
		submitter: submitter.clone(),
		decoder: Default::default(),
		indexed: rx,
		systems,
	});
	tokio::spawn(submitter.run());
	tokio::spawn(indexer::run(app.clone(), tx, opts.index_from));
	for hook in app.config.webhooks.clone() {
		tokio::spawn(feed::webhook(app.clone(), hook));
	}
	let (api, _) = router();
	let spec = openapi_json();
	let router = api
		.route(
			"/openapi.json",
			get(move || async move { ([("content-type", "application/json")], spec) }),
		)
		.route("/health", get(health))
		.layer(axum::extract::DefaultBodyLimit::max(4 * 1024 * 1024))
		.with_state(app);
	let listener = tokio::net::TcpListener::bind(&listen).await?;
	eprintln!("bioledger-gateway listening on http://{}", listener.local_addr()?);
	axum::serve(listener, router)
		.with_graceful_shutdown(async {
			let _ = tokio::signal::ctrl_c().await;
		})
		.await?;
	Ok(())
}

#[cfg(test)]
mod tests {
	#[test]
	fn openapi_is_generated_from_the_handlers_and_checked_in() {
		let spec = super::openapi_json();
		let v: serde_json::Value = serde_json::from_str(&spec).unwrap();
		for path in ["/v1/lots", "/v1/intents/{id}", "/v1/feed", "/epcis/capture", "/epcis/events"]
		{
			assert!(v["paths"].get(path).is_some(), "{path} missing from the OpenAPI document");
		}
		let checked_in = include_str!("../openapi.json");
		assert!(
			checked_in.trim() == spec.trim(),
			"gateway/openapi.json is stale: run `bioledger-gateway openapi > gateway/openapi.json`"
		);
	}
}
