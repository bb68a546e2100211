//! The member-node gate: a request-response request is answered only when the remote peer is a
//! node registered on chain for an active organisation.
//!
//! Each request-response protocol the node serves gets its own gate in front of its handler's
//! inbound queue ([`Gate::guard`]). A request from a member node is passed on untouched (if the
//! handler's queue is full it is refused, as the network itself does when a queue is full). Any
//! other request is refused with a fatal reputation change: the peer is banned, which makes both
//! network backends refuse its further requests before they reach any handler and disconnect it
//! from every notification protocol, and its idle connection is then closed. The ban decays in
//! about a minute; a peer that comes back is refused and banned again, so a peer that keeps
//! dialling costs a connection attempt and one refused request a minute.
//!
//! The set of member nodes is the one permissioned peering uses
//! (`ConsortiumApi_authorized_nodes` at the latest finalized block), set by
//! [`crate::peering`]. It is read once before the network starts, so no member is refused while
//! the node boots.

use bioledger_runtime::opaque::Block;
use sc_network::{
	config::{IncomingRequest, OutgoingResponse},
	NetworkBackend, PeerId, ProtocolName, ReputationChange,
};
use sc_service::SpawnTaskHandle;
use std::{
	collections::HashSet,
	sync::{Arc, RwLock},
};
use substrate_prometheus_endpoint::{register, CounterVec, Opts, Registry, U64};

type Hash = <Block as sp_runtime::traits::Block>::Hash;

/// Log target.
const LOG: &str = "member-gate";

/// The reason given to the peer store when an outsider's request is refused.
const NOT_A_MEMBER: &str = "not a registered member node";

/// A network backend whose request-response configurations expose their inbound queue (both of
/// Substrate's backends do, as a public field of their configuration type).
pub trait GatedBackend: NetworkBackend<Block, Hash> {
	/// The channel the network pushes incoming requests of this protocol into (`None`: the node
	/// only sends requests on it).
	fn inbound_queue(
		config: &mut Self::RequestResponseProtocolConfig,
	) -> &mut Option<async_channel::Sender<IncomingRequest>>;
}

impl GatedBackend for sc_network::Litep2pNetworkBackend {
	fn inbound_queue(
		config: &mut Self::RequestResponseProtocolConfig,
	) -> &mut Option<async_channel::Sender<IncomingRequest>> {
		&mut config.inbound_queue
	}
}

impl GatedBackend for sc_network::NetworkWorker<Block, Hash> {
	fn inbound_queue(
		config: &mut Self::RequestResponseProtocolConfig,
	) -> &mut Option<async_channel::Sender<IncomingRequest>> {
		&mut config.inbound_queue
	}
}

/// Who may be answered.
#[derive(Debug)]
enum Admit {
	/// Everyone (`--dev` or an explicitly public network).
	Anyone,
	/// The registered nodes of active member organisations.
	Members(HashSet<PeerId>),
}

/// The gate, shared by every protocol's forwarder and by the peering task that updates it.
#[derive(Clone)]
pub struct Gate {
	admit: Arc<RwLock<Admit>>,
	refused: Option<CounterVec<U64>>,
}

impl Gate {
	/// A gate that lets every request through (no permissioned peering).
	pub fn open() -> Self {
		Self { admit: Arc::new(RwLock::new(Admit::Anyone)), refused: None }
	}

	/// A gate that admits the member nodes in `members` (updated with [`Gate::set_members`]),
	/// counting refusals in `bioledger_gate_refused_requests_total{protocol}` when metrics are on.
	pub fn members(members: HashSet<PeerId>, registry: Option<&Registry>) -> Self {
		let refused = registry.and_then(|r| {
			let counter = CounterVec::new(
				Opts::new(
					"bioledger_gate_refused_requests_total",
					"Request-response requests refused because the peer is not a member node",
				),
				&["protocol"],
			)
			.ok()?;
			register(counter, r).ok()
		});
		Self { admit: Arc::new(RwLock::new(Admit::Members(members))), refused }
	}

	/// Replace the member set (a no-op on an open gate).
	pub fn set_members(&self, members: HashSet<PeerId>) {
		let mut admit = self.admit.write().unwrap_or_else(|e| e.into_inner());
		if let Admit::Members(current) = &mut *admit {
			*current = members;
		}
	}

	/// Whether a request from `peer` is answered.
	pub fn admits(&self, peer: &PeerId) -> bool {
		match &*self.admit.read().unwrap_or_else(|e| e.into_inner()) {
			Admit::Anyone => true,
			Admit::Members(members) => members.contains(peer),
		}
	}

	fn is_open(&self) -> bool {
		matches!(&*self.admit.read().unwrap_or_else(|e| e.into_inner()), Admit::Anyone)
	}

	/// Put the gate in front of the handler of `config`: the network pushes requests to the
	/// gate, which passes members' requests on to the handler's queue and refuses the rest.
	pub fn guard<N: GatedBackend>(
		&self,
		config: &mut N::RequestResponseProtocolConfig,
		spawn: &SpawnTaskHandle,
	) {
		if self.is_open() {
			return;
		}
		let protocol =
			sc_network::service::traits::RequestResponseConfig::protocol_name(&*config).clone();
		let queue = N::inbound_queue(config);
		let Some(handler) = queue.take() else { return };
		let (to_gate, from_network) =
			async_channel::bounded(handler.capacity().unwrap_or(64).max(1));
		*queue = Some(to_gate);
		log::debug!(target: LOG, "🔐 {protocol} answers member nodes only");
		spawn.spawn(
			"member-gate",
			Some("networking"),
			self.clone().forward(protocol, from_network, handler),
		);
	}

	async fn forward(
		self,
		protocol: ProtocolName,
		from_network: async_channel::Receiver<IncomingRequest>,
		handler: async_channel::Sender<IncomingRequest>,
	) {
		while let Ok(request) = from_network.recv().await {
			if self.admits(&request.peer) {
				match handler.try_send(request) {
					// A full queue refuses the request (dropping it answers with an error), as
					// the network does when it cannot queue a request.
					Ok(()) | Err(async_channel::TrySendError::Full(_)) => {},
					Err(async_channel::TrySendError::Closed(_)) => return,
				}
				continue;
			}
			log::debug!(target: LOG, "refused {protocol} request from {}: {NOT_A_MEMBER}", request.peer);
			if let Some(counter) = &self.refused {
				counter.with_label_values(&[&protocol]).inc();
			}
			let _ = request.pending_response.send(OutgoingResponse {
				result: Err(()),
				reputation_changes: vec![ReputationChange::new_fatal(NOT_A_MEMBER)],
				sent_feedback: None,
			});
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use futures::channel::oneshot;

	fn request(peer: PeerId) -> (IncomingRequest, oneshot::Receiver<OutgoingResponse>) {
		let (tx, rx) = oneshot::channel();
		(IncomingRequest { peer, payload: vec![1, 2, 3], pending_response: tx }, rx)
	}

	/// A member's request reaches the handler untouched; an outsider's is answered with an error
	/// and a fatal reputation change (a ban) and never reaches the handler; a member removed
	/// from the set is refused from then on.
	#[tokio::test]
	async fn members_pass_outsiders_are_refused_and_banned() {
		let (member, outsider) = (PeerId::random(), PeerId::random());
		let gate = Gate::members(HashSet::from([member]), None);
		let (to_handler, handler) = async_channel::bounded(8);
		let (to_gate, from_network) = async_channel::bounded(8);
		let task = tokio::spawn(gate.clone().forward("/test/1".into(), from_network, to_handler));

		let (req, _member_answer) = request(member);
		to_gate.send(req).await.unwrap();
		let passed = handler.recv().await.unwrap();
		assert_eq!((passed.peer, passed.payload), (member, vec![1, 2, 3]));

		let (req, answer) = request(outsider);
		to_gate.send(req).await.unwrap();
		let answer = answer.await.expect("the gate answers an outsider");
		assert_eq!(answer.result, Err(()));
		assert_eq!(answer.reputation_changes, vec![ReputationChange::new_fatal(NOT_A_MEMBER)]);
		assert!(handler.try_recv().is_err(), "an outsider's request reached the handler");

		gate.set_members(HashSet::new());
		let (req, answer) = request(member);
		to_gate.send(req).await.unwrap();
		assert_eq!(answer.await.unwrap().result, Err(()));
		assert!(handler.try_recv().is_err());
		drop(to_gate);
		task.await.unwrap();
	}

	#[test]
	fn an_open_gate_admits_anyone_and_ignores_member_sets() {
		let gate = Gate::open();
		gate.set_members(HashSet::new());
		assert!(gate.admits(&PeerId::random()));
	}
}
