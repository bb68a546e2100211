//! The node's local RPC for confidential payloads (`confidential_*`). All three are unsafe
//! methods: served on the loopback interface (or with `--rpc-methods unsafe`), i.e. to the
//! organisation's own systems, never to the outside.
//!
//! - `confidential_put(collection, payload)`: store a payload before committing it on chain;
//!   returns its commitment. Only for a collection the organisation is a member of.
//! - `confidential_get(commitment)`: a payload committed on chain (finalized) whose collection
//!   the organisation may read now, checked against the commitment; `null` if not held.
//! - `confidential_status()`: what the store holds and what reconciliation did.

use crate::confidential::{Apis, Service, Status};
use bioledger_runtime::opaque::Block;
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
	Extensions,
};
use sc_client_api::{BlockchainEvents, HeaderBackend};
use sp_api::ProvideRuntimeApi;
use sp_core::{Bytes, H256};
use std::sync::Arc;

/// The `confidential_*` methods.
#[rpc(server, namespace = "confidential")]
pub trait ConfidentialRpcApi {
	/// Store a payload of `collection`; returns its commitment.
	#[method(name = "put", with_extensions)]
	fn put(&self, collection: u64, payload: Bytes) -> RpcResult<H256>;
	/// A committed payload this organisation may read.
	#[method(name = "get", with_extensions)]
	fn get(&self, commitment: H256) -> RpcResult<Option<Bytes>>;
	/// The store's status.
	#[method(name = "status", with_extensions)]
	fn status(&self) -> RpcResult<Status>;
}

/// The RPC handler.
pub struct ConfidentialRpc<C> {
	service: Arc<Service<C>>,
}

impl<C> ConfidentialRpc<C> {
	/// Serve `service`.
	pub fn new(service: Arc<Service<C>>) -> Self {
		Self { service }
	}
}

fn refused(e: impl ToString) -> ErrorObjectOwned {
	ErrorObject::owned(4001, e.to_string(), None::<()>)
}

fn check(ext: &Extensions) -> RpcResult<()> {
	sc_rpc_api::check_if_safe(ext).map_err(Into::into)
}

impl<C> ConfidentialRpcApiServer for ConfidentialRpc<C>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockchainEvents<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: Apis,
{
	fn put(&self, ext: &Extensions, collection: u64, payload: Bytes) -> RpcResult<H256> {
		check(ext)?;
		self.service.write(collection, &payload).map(H256).map_err(refused)
	}

	fn get(&self, ext: &Extensions, commitment: H256) -> RpcResult<Option<Bytes>> {
		check(ext)?;
		self.service.read(&commitment.0).map(|p| p.map(Bytes)).map_err(refused)
	}

	fn status(&self, ext: &Extensions) -> RpcResult<Status> {
		check(ext)?;
		Ok(self.service.status())
	}
}
