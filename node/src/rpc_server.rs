//! The node's JSON-RPC server: Substrate's RPC module served the way `sc-rpc-server` serves it
//! (same limits, same `DenyUnsafe` rule per listen address, same rate-limit middleware), plus a
//! browser-origin filter, which `sc-rpc-server` does not have.
//!
//! `sc-rpc-server` answers any request whatever its `Origin` header says: its CORS layer only
//! adds response headers (a browser still sends the request; a WebSocket upgrade is never
//! checked), so a web page open on the node's host can drive the node's loopback RPC. Here a
//! request that carries an `Origin` not on the allowed list gets `403` before it reaches the
//! RPC module; a request without `Origin` (every non-browser client: the gateway, ERP
//! connectors, `@polkadot/api` under Node.js, `curl`) is served.
//!
//! The node asks `sc-service` to bind its own server where nobody can use it (a loopback port
//! with a connection limit of 0) and serves the operator's endpoints from here, with the RPC
//! module `sc-service` built (`RpcHandlers::handle`). On a network connection the module's
//! methods read `DenyUnsafe` from the request, which this server sets per listen address exactly
//! as `sc-rpc-server` does; the module's own `DenyUnsafe::No` applies only to in-memory calls.

use futures::future::BoxFuture;
use jsonrpsee::{
	core::BoxError,
	server::{serve_with_graceful_shutdown, stop_channel, PingConfig, StopHandle},
	Methods, RpcModule,
};
use sc_rpc_server::{
	utils::deny_unsafe, MiddlewareLayer, NodeHealthProxyLayer, RpcEndpoint, RpcServiceBuilder,
};
use std::{
	net::SocketAddr,
	task::{Context, Poll},
	time::Duration,
};
use tower::Service;

/// Log target.
const LOG: &str = "rpc";
const MEGABYTE: u32 = 1024 * 1024;

/// A running server: dropping it stops every listener.
pub struct Server {
	_stop: jsonrpsee::server::ServerHandle,
}

/// The endpoint `sc-service` is given for its own server: a random loopback port that accepts
/// no connection (the limit is 0) and no unsafe call.
pub fn unusable_endpoint() -> RpcEndpoint {
	RpcEndpoint {
		listen_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
		batch_config: jsonrpsee::server::BatchRequestConfig::Disabled,
		max_connections: 0,
		max_payload_in_mb: 1,
		max_payload_out_mb: 1,
		max_subscriptions_per_connection: 0,
		max_buffer_capacity_per_connection: 1,
		rate_limit: None,
		rate_limit_trust_proxy_headers: false,
		rate_limit_whitelisted_ips: Vec::new(),
		cors: Some(Vec::new()),
		rpc_methods: sc_rpc_server::RpcMethods::Safe,
		is_optional: false,
		retry_random_port: true,
	}
}

/// Bind `endpoints` (each with its own limits, unsafe-method rule and allowed browser origins
/// in `cors`: `None` any, an empty list none) and serve `module` on them.
pub fn start(
	endpoints: Vec<RpcEndpoint>,
	module: &RpcModule<()>,
	spawn: sc_service::SpawnTaskHandle,
) -> Result<Server, BoxError> {
	let (stop_handle, server_handle) = stop_channel();
	let methods: Methods = with_rpc_methods(module.clone()).into();
	let mut bound_any = false;
	for endpoint in endpoints {
		let bound = std::net::TcpListener::bind(endpoint.listen_addr).or_else(|e| {
			if endpoint.retry_random_port {
				let mut addr = endpoint.listen_addr;
				addr.set_port(0);
				std::net::TcpListener::bind(addr)
			} else {
				Err(e)
			}
		});
		let listener = match bound {
			Ok(l) => l,
			Err(_) if endpoint.is_optional => continue,
			Err(e) => return Err(e.into()),
		};
		listener.set_nonblocking(true)?;
		let listener = tokio::net::TcpListener::from_std(listener)?;
		let local = listener.local_addr()?;
		log::info!(
			target: LOG,
			"Running JSON-RPC server: addr={local}, unsafe methods {}, browser origins {}, rate limit {}",
			if matches!(deny_unsafe(&local, &endpoint.rpc_methods), sc_rpc_api::DenyUnsafe::No) {
				"allowed"
			} else {
				"refused"
			},
			match &endpoint.cors {
				None => "any".to_string(),
				Some(list) if list.is_empty() => "refused".to_string(),
				Some(list) => list.join(" "),
			},
			match endpoint.rate_limit {
				Some(n) => format!("{n} calls/min per connection"),
				None => "off".to_string(),
			},
		);
		bound_any = true;
		let accept = accept_loop(listener, endpoint, methods.clone(), stop_handle.clone());
		spawn.spawn("rpc-listener", Some("rpc"), accept);
	}
	if !bound_any {
		return Err("no RPC listen address could be bound".into());
	}
	Ok(Server { _stop: server_handle })
}

/// `rpc_methods`, as `sc-rpc-server` adds it.
fn with_rpc_methods(mut module: RpcModule<()>) -> RpcModule<()> {
	let mut names: Vec<&'static str> = module.method_names().collect();
	names.push("rpc_methods");
	names.sort();
	module
		.register_method("rpc_methods", move |_, _, _| serde_json::json!({ "methods": names }))
		.expect("rpc_methods is not registered by Substrate's modules; qed");
	module
}

async fn accept_loop(
	listener: tokio::net::TcpListener,
	endpoint: RpcEndpoint,
	methods: Methods,
	stop: StopHandle,
) {
	let local = listener.local_addr().expect("bound; qed");
	let origins = endpoint.cors.clone();
	let unsafe_policy = deny_unsafe(&local, &endpoint.rpc_methods);
	let http_middleware = tower::ServiceBuilder::new()
		.layer(OriginFilterLayer { allowed: origins.clone() })
		.layer(NodeHealthProxyLayer)
		.layer(cors(origins));
	let builder = jsonrpsee::server::Server::builder()
		.max_request_body_size(endpoint.max_payload_in_mb.saturating_mul(MEGABYTE))
		.max_response_body_size(endpoint.max_payload_out_mb.saturating_mul(MEGABYTE))
		.max_connections(endpoint.max_connections)
		.max_subscriptions_per_connection(endpoint.max_subscriptions_per_connection)
		.enable_ws_ping(
			PingConfig::new()
				.ping_interval(Duration::from_secs(30))
				.inactive_limit(Duration::from_secs(60))
				.max_failures(3),
		)
		.set_http_middleware(http_middleware)
		.set_message_buffer_capacity(endpoint.max_buffer_capacity_per_connection)
		.set_batch_request_config(endpoint.batch_config)
		.set_id_provider(jsonrpsee::core::id_providers::RandomStringIdProvider::new(16))
		.to_service_builder();
	loop {
		let (sock, remote) = tokio::select! {
			accepted = listener.accept() => match accepted {
				Ok(s) => s,
				Err(e) => {
					log::debug!(target: LOG, "failed to accept an RPC connection: {e}");
					continue;
				},
			},
			_ = stop.clone().shutdown() => break,
		};
		let whitelisted =
			endpoint.rate_limit_whitelisted_ips.iter().any(|n| n.contains(remote.ip()));
		let rate_limit = if whitelisted { None } else { endpoint.rate_limit };
		let (methods, stop2, builder) = (methods.clone(), stop.clone(), builder.clone());
		let svc = tower::service_fn(move |mut req: http::Request<hyper::body::Incoming>| {
			req.extensions_mut().insert(unsafe_policy);
			// One limiter per WebSocket connection (per HTTP request otherwise), as in
			// `sc-rpc-server`.
			let layer = rate_limit.map(|n| MiddlewareLayer::new().with_rate_limit_per_minute(n));
			let mut svc = builder
				.clone()
				.set_rpc_middleware(RpcServiceBuilder::new().option_layer(layer))
				.build(methods.clone(), stop2.clone());
			async move { svc.call(req).await }
		});
		tokio::spawn(serve_with_graceful_shutdown(sock, svc, stop.clone().shutdown()));
	}
}

fn cors(origins: Option<Vec<String>>) -> tower_http::cors::CorsLayer {
	use tower_http::cors::{AllowOrigin, CorsLayer};
	match origins {
		None => CorsLayer::permissive(),
		Some(list) => CorsLayer::new().allow_origin(AllowOrigin::list(
			list.iter().filter_map(|o| http::HeaderValue::from_str(o).ok()),
		)),
	}
}

/// Refuses (403) a request whose `Origin` header is not allowed.
#[derive(Clone)]
struct OriginFilterLayer {
	allowed: Option<Vec<String>>,
}

impl<S> tower::Layer<S> for OriginFilterLayer {
	type Service = OriginFilter<S>;
	fn layer(&self, inner: S) -> Self::Service {
		OriginFilter { inner, allowed: self.allowed.clone() }
	}
}

/// See [`OriginFilterLayer`].
#[derive(Clone)]
pub struct OriginFilter<S> {
	inner: S,
	allowed: Option<Vec<String>>,
}

/// Whether a request with this `Origin` header (if any) is served.
pub fn origin_allowed(allowed: &Option<Vec<String>>, origin: Option<&[u8]>) -> bool {
	match (allowed, origin) {
		(_, None) | (None, _) => true,
		(Some(list), Some(origin)) => list.iter().any(|a| a.as_bytes() == origin),
	}
}

impl<S, B> Service<http::Request<B>> for OriginFilter<S>
where
	S: Service<http::Request<B>, Response = jsonrpsee::server::HttpResponse>,
	S::Response: 'static,
	S::Error: Into<BoxError> + 'static,
	S::Future: Send + 'static,
{
	type Response = S::Response;
	type Error = BoxError;
	type Future = BoxFuture<'static, Result<Self::Response, Self::Error>>;

	fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
		self.inner.poll_ready(cx).map_err(Into::into)
	}

	fn call(&mut self, req: http::Request<B>) -> Self::Future {
		let origin = req.headers().get(http::header::ORIGIN).map(|v| v.as_bytes());
		if !origin_allowed(&self.allowed, origin) {
			let shown = String::from_utf8_lossy(origin.unwrap_or_default()).into_owned();
			log::debug!(target: LOG, "refused an RPC request from browser origin {shown}");
			let response = http::Response::builder()
				.status(http::StatusCode::FORBIDDEN)
				.body(jsonrpsee::server::HttpBody::from(
					"browser origin not allowed (see --rpc-cors)\n",
				))
				.expect("static response; qed");
			return Box::pin(async move { Ok(response) });
		}
		let fut = self.inner.call(req);
		Box::pin(async move { fut.await.map_err(Into::into) })
	}
}

#[cfg(test)]
mod tests {
	use super::origin_allowed;

	#[test]
	fn origins() {
		let none: Option<Vec<String>> = Some(vec![]);
		let explorer = Some(vec!["http://explorer.example:5173".to_string()]);
		// No Origin header: not a browser, served.
		assert!(origin_allowed(&none, None));
		// A browser page: refused unless listed.
		assert!(!origin_allowed(&none, Some(b"http://evil.example")));
		assert!(!origin_allowed(&explorer, Some(b"http://evil.example")));
		assert!(!origin_allowed(&explorer, Some(b"http://explorer.example:5174")));
		assert!(origin_allowed(&explorer, Some(b"http://explorer.example:5173")));
		// `--dev` (any origin).
		assert!(origin_allowed(&None, Some(b"http://evil.example")));
	}
}
