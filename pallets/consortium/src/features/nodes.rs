//! Registered nodes: the peer ids a permissioned node may talk to.

use crate::*;
use bioledger_primitives::OrgStatus;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// A BioLedger peer id is the identity multihash of an ed25519 public key (38 bytes).
	/// Anything else (truncated, other key types, sha256 multihashes) is refused here rather than
	/// silently ignored by the node later.
	pub(crate) fn ensure_peer_id(peer_id: &PeerId) -> DispatchResult {
		ensure!(
			peer_id.len() == PEER_ID_LEN as usize && peer_id.starts_with(&ED25519_PEER_ID_PREFIX),
			Error::<T>::InvalidPeerId
		);
		Ok(())
	}

	/// Multiaddresses are printable ASCII text starting with `/` (the node parses them fully).
	pub(crate) fn ensure_addrs(addrs: &AddrsOf<T>) -> DispatchResult {
		for a in addrs.iter() {
			ensure!(
				a.first() == Some(&b'/') && a.iter().all(|c| c.is_ascii_graphic()),
				Error::<T>::InvalidAddress
			);
		}
		Ok(())
	}

	pub(crate) fn do_register_node(
		org: OrgId,
		peer_id: PeerId,
		addrs: AddrsOf<T>,
	) -> DispatchResult {
		Self::ensure_peer_id(&peer_id)?;
		Self::ensure_addrs(&addrs)?;
		ensure!(!PeerOwner::<T>::contains_key(&peer_id), Error::<T>::PeerIdTaken);
		let mut nodes = Nodes::<T>::get(org);
		nodes
			.try_push(NodeRecord { peer_id: peer_id.clone(), addrs })
			.map_err(|_| Error::<T>::TooManyNodes)?;
		Nodes::<T>::insert(org, nodes);
		PeerOwner::<T>::insert(&peer_id, org);
		Self::deposit_event(Event::NodeRegistered { org, peer_id });
		Ok(())
	}

	pub(crate) fn do_update_node(org: OrgId, peer_id: PeerId, addrs: AddrsOf<T>) -> DispatchResult {
		Self::ensure_addrs(&addrs)?;
		let mut nodes = Nodes::<T>::get(org);
		let node = nodes
			.iter_mut()
			.find(|n| n.peer_id == peer_id)
			.ok_or(Error::<T>::NodeNotFound)?;
		node.addrs = addrs;
		Nodes::<T>::insert(org, nodes);
		Self::deposit_event(Event::NodeUpdated { org, peer_id });
		Ok(())
	}

	pub(crate) fn do_remove_node(org: OrgId, peer_id: PeerId) -> DispatchResult {
		let mut nodes = Nodes::<T>::get(org);
		let pos = nodes
			.iter()
			.position(|n| n.peer_id == peer_id)
			.ok_or(Error::<T>::NodeNotFound)?;
		nodes.remove(pos);
		Nodes::<T>::insert(org, nodes);
		PeerOwner::<T>::remove(&peer_id);
		Self::deposit_event(Event::NodeRemoved { org, peer_id });
		Ok(())
	}

	/// Nodes of active organisations: the set a permissioned node keeps its networking to.
	pub fn authorized_nodes() -> Vec<AuthorizedNode> {
		Nodes::<T>::iter()
			.filter(|(org, _)| Orgs::<T>::get(org).is_some_and(|o| o.status == OrgStatus::Active))
			.flat_map(|(org, nodes)| {
				nodes.into_iter().map(move |n| AuthorizedNode {
					org,
					peer_id: n.peer_id.into_inner(),
					addrs: n.addrs.into_iter().map(|a| a.into_inner()).collect(),
				})
			})
			.collect()
	}
}
