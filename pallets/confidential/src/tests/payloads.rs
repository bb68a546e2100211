//! Commitments and reconciliation order.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};

#[test]
fn members_commit_in_sequence() {
	ExtBuilder::build_and_execute(|| {
		let c = open_pair();
		assert_ok!(Confidential::commit(signed(BUYER_QA), c, [1; 32]));
		assert_ok!(Confidential::commit(signed(SUPPLIER_OP), c, [2; 32]));
		assert_eq!(
			events(),
			vec![
				Event::PayloadCommitted { collection: c, payload: [1; 32], by: BUYER, seq: 0 },
				Event::PayloadCommitted { collection: c, payload: [2; 32], by: SUPPLIER, seq: 1 },
			]
		);
		let from = Confidential::payloads_from(1, 10);
		assert_eq!(from.len(), 1);
		assert_eq!(from[0].0, [2; 32]);
		assert_eq!(from[0].1.by, SUPPLIER);
		assert_eq!(Confidential::payloads_from(0, 1).len(), 1);
	});
}

#[test]
fn commits_are_checked() {
	ExtBuilder::build_and_execute(|| {
		let c = open_pair();
		// A competitor cannot put anything into another pair's collection.
		assert_noop!(Confidential::commit(signed(RIVAL_OP), c, [1; 32]), Error::<Test>::NotMember);
		assert_noop!(
			Confidential::commit(signed(BUYER_SIGNER), c, [1; 32]),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Confidential::commit(signed(BUYER_QA), 9, [1; 32]),
			Error::<Test>::UnknownCollection
		);
		assert_ok!(Confidential::commit(signed(BUYER_QA), c, [1; 32]));
		assert_noop!(
			Confidential::commit(signed(BUYER_QA), c, [1; 32]),
			Error::<Test>::PayloadExists
		);
		assert_ok!(Confidential::commit(signed(BUYER_QA), c, [2; 32]));
		assert_ok!(Confidential::commit(signed(BUYER_QA), c, [3; 32]));
		assert_noop!(
			Confidential::commit(signed(BUYER_QA), c, [4; 32]),
			Error::<Test>::TooManyPayloads
		);
	});
}
