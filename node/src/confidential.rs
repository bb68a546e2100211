//! Confidential payloads between the nodes of the organisations entitled to them.
//!
//! - **Protocol** `/<genesis>/bioledger/confidential/1` (request-response, behind the member-node
//!   [`crate::gate::Gate`] like every protocol): the request is a commitment (32 bytes), the
//!   answer the payload or nothing. A node answers only if the commitment is on chain at its
//!   latest finalized block, the requesting peer is a node registered for an organisation, and
//!   that organisation may read the payload's collection at that block (a member, or an auditor
//!   or regulator with a grant in force). Anything else gets nothing and a reputation cost.
//! - **Reconciliation**: at every finality notification the node walks the commitments in their
//!   chain-wide order from where it stopped; each one its organisation may read and it lacks is
//!   asked of the nodes of the other organisations entitled to it, checked against the
//!   commitment and stored. A node that was down or joined later catches up the same way.
//! - **Sweep**: a payload whose collection was purged, or to which the organisation lost access
//!   (a grant expired or was revoked), is deleted from the store.

use crate::private_store::{PrivateStore, StoreError};
use bioledger_primitives::{Access, CollectionId, OrgId, PayloadHash};
use bioledger_runtime::{opaque::Block, AccountId};
use codec::{Decode, Encode};
use futures::{FutureExt as _, StreamExt};
use pallet_confidential_runtime_api::ConfidentialApi;
use pallet_consortium_runtime_api::ConsortiumApi;
use sc_client_api::{BlockchainEvents, HeaderBackend};
use sc_network::{
	request_responses::{IncomingRequest, OutgoingResponse},
	service::traits::NetworkService,
	IfDisconnected, PeerId, ProtocolName, ReputationChange,
};
use sp_api::ProvideRuntimeApi;
use std::{
	collections::BTreeMap,
	path::PathBuf,
	sync::{Arc, Mutex},
};

/// Log target.
const LOG: &str = "confidential";
/// How long a payload stored through the local RPC may wait for its commitment on chain.
pub const UNCOMMITTED_TTL: std::time::Duration = std::time::Duration::from_secs(3_600);
/// Commitments looked at per finality notification.
const WINDOW: u32 = 500;
/// Largest answer (a payload and its encoding).
pub const MAX_RESPONSE: u64 = crate::private_store::MAX_PAYLOAD as u64 + 16;

type Hash = <Block as sp_runtime::traits::Block>::Hash;

/// The protocol's name on this chain.
pub fn protocol_name(genesis: &Hash) -> ProtocolName {
	format!("/{}/bioledger/confidential/1", hex::encode(genesis)).into()
}

/// What the store holds and what reconciliation did (the `confidential_status` RPC).
#[derive(Clone, Default, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
	/// The organisation this node serves (from the registry), once known.
	pub org: Option<OrgId>,
	/// Payloads held.
	pub held: u64,
	/// Bytes on disk.
	pub bytes: u64,
	/// The first commitment (sequence number) not yet settled.
	pub cursor: u64,
	/// Commitments on chain.
	pub next_seq: u64,
	/// Payloads fetched from other nodes.
	pub fetched: u64,
	/// Payloads refused because they did not match their commitment.
	pub mismatches: u64,
	/// Payloads deleted (purged collection, or access lost).
	pub deleted: u64,
	/// Requests from other nodes answered with a payload.
	pub served: u64,
	/// Requests from other nodes refused.
	pub refused: u64,
}

/// The shared state of the confidential service.
pub struct Service<C> {
	client: Arc<C>,
	store: PrivateStore,
	local: PeerId,
	cursor_file: PathBuf,
	status: Mutex<Status>,
	/// Grants (collection, end) whose earlier payloads were fetched: a grant made after the
	/// cursor passed a collection's commitments sends the node back over them once.
	rescanned: Mutex<std::collections::BTreeSet<(CollectionId, u64)>>,
}

/// The runtime APIs the service calls.
pub trait Apis: ConfidentialApi<Block> + ConsortiumApi<Block, AccountId> {}
impl<T: ConfidentialApi<Block> + ConsortiumApi<Block, AccountId>> Apis for T {}

impl<C> Service<C>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockchainEvents<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: Apis,
{
	/// Open the store in `dir` (key in `key_dir`).
	pub fn new(
		client: Arc<C>,
		dir: PathBuf,
		key_dir: PathBuf,
		local: PeerId,
	) -> Result<Arc<Self>, StoreError> {
		let store = PrivateStore::open(&dir, &key_dir)?;
		let cursor_file = dir.join("cursor");
		let cursor = std::fs::read_to_string(&cursor_file)
			.ok()
			.and_then(|s| s.trim().parse().ok())
			.unwrap_or(0);
		let status = Mutex::new(Status { cursor, ..Default::default() });
		let rescanned = Default::default();
		Ok(Arc::new(Self { client, store, local, cursor_file, status, rescanned }))
	}

	fn status_mut(&self) -> std::sync::MutexGuard<'_, Status> {
		self.status.lock().unwrap_or_else(|e| e.into_inner())
	}

	/// Member nodes at `at`: peer → organisation.
	fn nodes(&self, at: Hash) -> Result<BTreeMap<PeerId, OrgId>, String> {
		let nodes = self.client.runtime_api().authorized_nodes(at).map_err(|e| e.to_string())?;
		Ok(nodes
			.into_iter()
			.filter_map(|n| Some((PeerId::from_bytes(&n.peer_id).ok()?, n.org)))
			.collect())
	}

	fn access(&self, at: Hash, collection: CollectionId, org: OrgId) -> Access {
		self.client.runtime_api().access(at, collection, org).unwrap_or(Access::None)
	}

	/// The other member nodes whose organisations may read `collection` at `at`.
	fn readers(
		&self,
		at: Hash,
		collection: CollectionId,
		nodes: &BTreeMap<PeerId, OrgId>,
	) -> Vec<PeerId> {
		nodes
			.iter()
			.filter(|(p, o)| **p != self.local && self.access(at, collection, **o).may_read())
			.map(|(p, _)| *p)
			.collect()
	}

	/// The organisation this node serves at the latest finalized block.
	pub fn own_org(&self) -> Option<OrgId> {
		let at = self.client.info().finalized_hash;
		self.nodes(at).ok()?.get(&self.local).copied()
	}

	/// A payload for the local RPC: only one committed on chain whose collection this node's
	/// organisation may read now.
	pub fn read(&self, hash: &PayloadHash) -> Result<Option<Vec<u8>>, String> {
		let at = self.client.info().finalized_hash;
		let org = self.own_org().ok_or("this node is not registered for an organisation")?;
		let meta = self
			.client
			.runtime_api()
			.payload(at, *hash)
			.map_err(|e| e.to_string())?
			.ok_or("no such commitment on chain (finalized)")?;
		if !self.access(at, meta.collection, org).may_read() {
			return Err("this organisation may not read that collection".into());
		}
		self.store.get(meta.collection, hash).map_err(|e| e.to_string())
	}

	/// Store a payload the organisation's own system is about to commit (local RPC): for a
	/// collection the organisation is a member of, or one not created yet (a call that opens a
	/// collection commits its first payload in the same transaction). A payload not committed
	/// within [`UNCOMMITTED_TTL`] is swept.
	pub fn write(&self, collection: CollectionId, payload: &[u8]) -> Result<PayloadHash, String> {
		let at = self.client.info().finalized_hash;
		let org = self.own_org().ok_or("this node is not registered for an organisation")?;
		let exists = collection
			< self.client.runtime_api().next_collection(at).map_err(|e| e.to_string())?;
		if exists && self.access(at, collection, org) != Access::Member {
			return Err("this organisation is not a member of that collection".into());
		}
		let hash = crate::private_store::commitment(payload);
		self.store.put(collection, &hash, payload).map_err(|e| e.to_string())?;
		Ok(hash)
	}

	/// The current status, with the store's size.
	pub fn status(&self) -> Status {
		let list = self.store.list();
		let mut s = self.status_mut().clone();
		s.held = list.len() as u64;
		s.bytes = list.iter().map(|(_, _, b)| b).sum();
		s
	}

	fn answer(&self, peer: &PeerId, request: &[u8]) -> Result<Option<Vec<u8>>, &'static str> {
		let hash = PayloadHash::decode(&mut &request[..]).map_err(|_| "malformed request")?;
		let at = self.client.info().finalized_hash;
		let meta = self
			.client
			.runtime_api()
			.payload(at, hash)
			.map_err(|_| "runtime error")?
			.ok_or("unknown commitment")?;
		let org = *self
			.nodes(at)
			.map_err(|_| "runtime error")?
			.get(peer)
			.ok_or("not a member node")?;
		if !self.access(at, meta.collection, org).may_read() {
			return Err("its organisation may not read the collection");
		}
		Ok(self.store.get(meta.collection, &hash).ok().flatten())
	}

	/// Answer other nodes' requests, forever.
	pub async fn serve(self: Arc<Self>, requests: async_channel::Receiver<IncomingRequest>) {
		while let Ok(request) = requests.recv().await {
			let (answer, reputation_changes) = match self.answer(&request.peer, &request.payload) {
				Ok(payload) => {
					if payload.is_some() {
						self.status_mut().served += 1;
					}
					(payload, Vec::new())
				},
				Err(why) => {
					log::info!(target: LOG, "🔒 refused a payload request from {}: {why}", request.peer);
					self.status_mut().refused += 1;
					(None, vec![ReputationChange::new(-(1 << 12), "confidential: not entitled")])
				},
			};
			let _ = request.pending_response.send(OutgoingResponse {
				result: Ok(answer.encode()),
				reputation_changes,
				sent_feedback: None,
			});
		}
	}

	/// Ask `peers` for `hash` until one answers with a payload that matches it.
	async fn fetch(
		&self,
		network: &Arc<dyn NetworkService>,
		protocol: &ProtocolName,
		peers: &[PeerId],
		collection: CollectionId,
		hash: PayloadHash,
	) -> bool {
		for peer in peers {
			let response = network
				.request(*peer, protocol.clone(), hash.encode(), None, IfDisconnected::TryConnect)
				.await;
			let Ok((bytes, _)) = response else { continue };
			let Ok(Some(payload)) = Option::<Vec<u8>>::decode(&mut &bytes[..]) else { continue };
			match self.store.put(collection, &hash, &payload) {
				Ok(()) => {
					self.status_mut().fetched += 1;
					log::info!(target: LOG, "🔒 fetched payload {} of collection {collection} from {peer}", hex::encode(hash));
					return true;
				},
				Err(e) => {
					self.status_mut().mismatches += 1;
					log::warn!(target: LOG, "refused payload {} from {peer}: {e}", hex::encode(hash));
				},
			}
		}
		false
	}

	/// One reconciliation pass at the latest finalized block, then the sweep.
	async fn reconcile(&self, network: &Arc<dyn NetworkService>, protocol: &ProtocolName) {
		let at = self.client.info().finalized_hash;
		let Ok(nodes) = self.nodes(at) else { return };
		let Some(&own) = nodes.get(&self.local) else { return };
		let api = self.client.runtime_api();
		let next_seq = api.next_seq(at).unwrap_or(0);
		let cursor = self.status_mut().cursor;
		let entries = api.payloads_from(at, cursor, WINDOW).unwrap_or_default();
		let mut settled_to = cursor;
		let mut blocked = false;
		let mut readers: BTreeMap<CollectionId, Vec<PeerId>> = BTreeMap::new();
		for (hash, meta) in entries {
			let settled = if !self.access(at, meta.collection, own).may_read()
				|| self.store.has(meta.collection, &hash)
			{
				true
			} else {
				let peers = readers
					.entry(meta.collection)
					.or_insert_with(|| self.readers(at, meta.collection, &nodes));
				self.fetch(network, protocol, peers, meta.collection, hash).await
			};
			blocked |= !settled;
			if !blocked {
				settled_to = meta.seq + 1;
			}
		}
		if settled_to != cursor {
			let _ = std::fs::write(&self.cursor_file, settled_to.to_string());
		}
		self.rescan_grants(network, protocol, at, own, &nodes, settled_to).await;
		{
			let mut s = self.status_mut();
			s.org = Some(own);
			s.cursor = settled_to;
			s.next_seq = next_seq;
		}
		self.sweep(at, own);
	}

	/// Fetch the earlier payloads of collections the organisation was granted access to after
	/// the cursor passed them (an auditor's or regulator's node), once per grant.
	async fn rescan_grants(
		&self,
		network: &Arc<dyn NetworkService>,
		protocol: &ProtocolName,
		at: Hash,
		own: OrgId,
		nodes: &BTreeMap<PeerId, OrgId>,
		upto: u64,
	) {
		let grants = self.client.runtime_api().grants_of(at, own).unwrap_or_default();
		for (collection, until) in grants {
			if self
				.rescanned
				.lock()
				.unwrap_or_else(|e| e.into_inner())
				.contains(&(collection, until))
				|| !self.access(at, collection, own).may_read()
			{
				continue;
			}
			let peers = self.readers(at, collection, nodes);
			let mut complete = true;
			let mut from = 0;
			while from < upto {
				let api = self.client.runtime_api();
				let entries = api.payloads_from(at, from, 1_000).unwrap_or_default();
				let Some(last) = entries.last().map(|(_, m)| m.seq) else { break };
				for (hash, meta) in entries.into_iter().filter(|(_, m)| m.collection == collection)
				{
					if meta.seq < upto && !self.store.has(collection, &hash) {
						complete &= self.fetch(network, protocol, &peers, collection, hash).await;
					}
				}
				from = last + 1;
			}
			if complete {
				log::info!(target: LOG, "🔒 caught up with collection {collection} (grant until {until})");
				self.rescanned
					.lock()
					.unwrap_or_else(|e| e.into_inner())
					.insert((collection, until));
			}
		}
	}

	/// Delete what the organisation may no longer hold: payloads of collections it may not
	/// read (purged, grant expired or revoked), payloads filed under another collection than
	/// their commitment's, and payloads never committed within [`UNCOMMITTED_TTL`].
	fn sweep(&self, at: Hash, own: OrgId) {
		let api = self.client.runtime_api();
		let held = self.store.list();
		let mut access: BTreeMap<CollectionId, Access> = BTreeMap::new();
		let mut deleted: BTreeMap<CollectionId, u64> = BTreeMap::new();
		for (collection, hash, _) in held {
			let keep = match api.payload(at, hash).ok().flatten() {
				Some(meta) => {
					meta.collection == collection
						&& access
							.entry(collection)
							.or_insert_with(|| self.access(at, collection, own))
							.may_read()
				},
				None => self.store.age(collection, &hash).is_some_and(|a| a < UNCOMMITTED_TTL),
			};
			if !keep && self.store.delete(collection, &hash) {
				*deleted.entry(collection).or_default() += 1;
			}
		}
		for (collection, n) in deleted {
			self.status_mut().deleted += n;
			let why = access.get(&collection).copied().unwrap_or(Access::None);
			log::info!(target: LOG, "🔒 deleted {n} payload(s) of collection {collection} ({why:?})");
		}
	}

	/// Reconcile at start and at every finality notification, forever.
	pub async fn run(self: Arc<Self>, network: Arc<dyn NetworkService>, protocol: ProtocolName) {
		let mut finality = self.client.finality_notification_stream();
		self.reconcile(&network, &protocol).await;
		while finality.next().await.is_some() {
			// Coalesce notifications that arrived while the last pass ran.
			while let Some(Some(_)) = finality.next().now_or_never() {}
			self.reconcile(&network, &protocol).await;
		}
	}
}
