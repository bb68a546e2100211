//! Node registration.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, BoundedVec};

fn addrs(list: &[&str]) -> AddrsOf<Test> {
	list.iter()
		.map(|a| BoundedVec::try_from(a.as_bytes().to_vec()).unwrap())
		.collect::<Vec<_>>()
		.try_into()
		.unwrap()
}

#[test]
fn register_update_remove() {
	ExtBuilder::default().build_and_execute(|| {
		let a = addrs(&["/ip4/10.0.0.7/tcp/30333"]);
		assert_ok!(Consortium::register_node(signed(SUP_ADMIN), peer(50), a.clone()));
		let b = addrs(&["/dns4/node.acme.example/tcp/30333", "/ip4/10.0.0.8/tcp/30333"]);
		assert_ok!(Consortium::update_node(signed(SUP_ADMIN), peer(50), b.clone()));
		let listed = Consortium::authorized_nodes();
		assert_eq!(listed.len(), 4);
		let mine = listed.iter().find(|n| n.peer_id == peer(50).into_inner()).unwrap();
		assert_eq!(mine.org, 0);
		assert_eq!(mine.addrs, b.iter().map(|x| x.to_vec()).collect::<Vec<_>>());
		assert_ok!(Consortium::remove_node(signed(SUP_ADMIN), peer(50)));
		assert_eq!(
			events(),
			vec![
				Event::NodeRegistered { org: 0, peer_id: peer(50) },
				Event::NodeUpdated { org: 0, peer_id: peer(50) },
				Event::NodeRemoved { org: 0, peer_id: peer(50) },
			]
		);
		assert!(!PeerOwner::<Test>::contains_key(peer(50)));
	});
}

#[test]
fn node_errors() {
	ExtBuilder::default().build_and_execute(|| {
		// InvalidPeerId: short, wrong prefix (sha256 multihash), wrong key type.
		let short: PeerId = ED25519_PEER_ID_PREFIX.to_vec().try_into().unwrap();
		assert_noop!(
			Consortium::register_node(signed(SUP_ADMIN), short, addrs(&[])),
			Error::<Test>::InvalidPeerId
		);
		let mut sha = vec![0x12, 0x20];
		sha.extend([1u8; 32]);
		assert_noop!(
			Consortium::register_node(signed(SUP_ADMIN), sha.try_into().unwrap(), addrs(&[])),
			Error::<Test>::InvalidPeerId
		);
		let mut secp = peer(1).into_inner();
		secp[3] = 0x02;
		assert_noop!(
			Consortium::register_node(signed(SUP_ADMIN), secp.try_into().unwrap(), addrs(&[])),
			Error::<Test>::InvalidPeerId
		);
		// InvalidAddress: not starting with '/', whitespace, empty.
		for bad in ["ip4/1.2.3.4/tcp/1", "/ip4/1.2.3.4 /tcp/1", ""] {
			assert_noop!(
				Consortium::register_node(signed(SUP_ADMIN), peer(60), addrs(&[bad])),
				Error::<Test>::InvalidAddress
			);
		}
		// PeerIdTaken: org 1's node.
		assert_noop!(
			Consortium::register_node(signed(SUP_ADMIN), peer(1), addrs(&[])),
			Error::<Test>::PeerIdTaken
		);
		// NodeNotFound: another organisation's node, or unknown.
		assert_noop!(
			Consortium::remove_node(signed(SUP_ADMIN), peer(1)),
			Error::<Test>::NodeNotFound
		);
		assert_noop!(
			Consortium::update_node(signed(SUP_ADMIN), peer(77), addrs(&[])),
			Error::<Test>::NodeNotFound
		);
		assert_noop!(
			Consortium::update_node(signed(SUP_ADMIN), peer(0), addrs(&["x"])),
			Error::<Test>::InvalidAddress
		);
		// TooManyNodes: two per organisation.
		assert_ok!(Consortium::register_node(signed(SUP_ADMIN), peer(61), addrs(&[])));
		assert_noop!(
			Consortium::register_node(signed(SUP_ADMIN), peer(62), addrs(&[])),
			Error::<Test>::TooManyNodes
		);
		assert_noop!(
			Consortium::register_node(signed(SUP_QA), peer(62), addrs(&[])),
			Error::<Test>::NotAuthorized
		);
		events();
	});
}
