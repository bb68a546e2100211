//! Permissioned peering: the node talks only to the nodes that active member organisations
//! registered on chain (`ConsortiumApi_authorized_nodes`).
//!
//! With peering on, the default (sync / block-announce) peer set is reserved-only: non-reserved
//! peers are refused inbound and never dialled. GRANDPA and transaction gossip open substreams
//! only with connected sync peers, so an outsider gets neither blocks nor transactions nor
//! votes. The reserved set is the authorized set at the latest finalized block; it is updated at
//! every finality notification: new member nodes are added (and dialled) without restarting
//! anyone, nodes of suspended organisations or removed peer ids are dropped from the reserved set,
//! which in reserved-only mode closes their connections. The same set is the member-node
//! [`crate::gate::Gate`] in front of every request-response protocol.

use bioledger_runtime::{opaque::Block, AccountId};
use futures::StreamExt;
use pallet_consortium_runtime_api::ConsortiumApi;
use sc_client_api::{BlockchainEvents, HeaderBackend};
use sc_network::{
	config::MultiaddrWithPeerId, service::traits::NetworkService, Multiaddr, PeerId, ProtocolName,
};
use sp_api::ProvideRuntimeApi;
use std::{
	collections::{BTreeMap, BTreeSet},
	sync::Arc,
};

/// Log target.
const LOG: &str = "consortium-peering";

/// Authorized peers and their on-chain addresses.
pub type AuthorizedSet = BTreeMap<PeerId, BTreeSet<Multiaddr>>;

/// Read the authorized set at `at`. Malformed entries are skipped (the runtime refuses them at
/// registration, so this only guards against future formats).
pub fn authorized_at<C>(
	client: &C,
	at: <Block as sp_runtime::traits::Block>::Hash,
) -> Result<AuthorizedSet, String>
where
	C: ProvideRuntimeApi<Block>,
	C::Api: ConsortiumApi<Block, AccountId>,
{
	let nodes = client.runtime_api().authorized_nodes(at).map_err(|e| e.to_string())?;
	let mut set = AuthorizedSet::new();
	for node in nodes {
		let Ok(peer) = PeerId::from_bytes(&node.peer_id) else {
			log::warn!(target: LOG, "skipping a malformed peer id of organisation {}", node.org);
			continue;
		};
		let addrs = node
			.addrs
			.iter()
			.filter_map(|a| core::str::from_utf8(a).ok()?.parse::<Multiaddr>().ok())
			.collect();
		set.insert(peer, addrs);
	}
	Ok(set)
}

/// Bring the network's reserved set from `old` to `new` and report on our own standing.
///
/// A peer dropped from the reserved set is also disconnected on the block-announce protocol:
/// sc-network's litep2p peerset keeps a removed reserved peer as a regular one when a slot is
/// free, even in reserved-only mode, so removal alone would not cut it off.
fn apply(
	network: &dyn NetworkService,
	sync_protocol: &ProtocolName,
	local: PeerId,
	old: &AuthorizedSet,
	new: &AuthorizedSet,
) {
	for (peer, addrs) in new {
		if *peer == local || old.get(peer) == Some(addrs) {
			continue;
		}
		let targets: Vec<Multiaddr> = if addrs.is_empty() {
			vec![Multiaddr::empty()]
		} else {
			addrs.iter().cloned().collect()
		};
		for multiaddr in targets {
			if let Err(e) =
				network.add_reserved_peer(MultiaddrWithPeerId { multiaddr, peer_id: *peer })
			{
				log::warn!(target: LOG, "could not reserve {peer}: {e}");
			}
		}
		log::info!(target: LOG, "🔐 authorized member node {peer} ({} address(es))", addrs.len());
	}
	for peer in old.keys().filter(|p| !new.contains_key(p) && **p != local) {
		network.remove_reserved_peer(*peer);
		network.disconnect_peer(*peer, sync_protocol.clone());
		log::info!(target: LOG, "🔐 {peer} is no longer an authorized member node: disconnected");
	}
	let (was, is) = (old.contains_key(&local), new.contains_key(&local));
	if !is && (was || old.is_empty()) {
		log::error!(
			target: LOG,
			"⛔ this node ({local}) is not an authorized member node of the consortium: no member \
			 node will talk to it and it will not sync. An active member's admin must register its \
			 peer id with `consortium.register_node`."
		);
	} else if is && !was {
		log::info!(target: LOG, "🔐 this node ({local}) is an authorized member node");
	}
}

/// Keep the reserved set and the member-node gate equal to the authorized set at the latest
/// finalized block, forever. `sync_protocol` is the chain's block-announce protocol name (the
/// default peer set).
pub async fn run<C>(
	client: Arc<C>,
	network: Arc<dyn NetworkService>,
	sync_protocol: ProtocolName,
	gate: crate::gate::Gate,
) where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockchainEvents<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: ConsortiumApi<Block, AccountId>,
{
	let local = network.local_peer_id();
	let mut current = AuthorizedSet::new();
	let start = client.info().finalized_hash;
	match authorized_at(&*client, start) {
		Ok(set) => {
			gate.set_members(set.keys().copied().collect());
			apply(&*network, &sync_protocol, local, &current, &set);
			current = set;
		},
		Err(e) => log::error!(target: LOG, "cannot read the authorized nodes: {e}"),
	}
	let mut finality = client.finality_notification_stream();
	while let Some(notification) = finality.next().await {
		match authorized_at(&*client, notification.hash) {
			Ok(set) if set != current => {
				// The gate first: a suspended organisation's node gets no answer from here on.
				gate.set_members(set.keys().copied().collect());
				apply(&*network, &sync_protocol, local, &current, &set);
				current = set;
			},
			Ok(_) => {},
			Err(e) => log::warn!(target: LOG, "cannot read the authorized nodes: {e}"),
		}
	}
}
