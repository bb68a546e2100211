//! Locks held by other pallets.

use crate::{mock::*, *};
use bioledger_primitives::{LockHolder, LotLock, Lots as LotsTrait};
use frame_support::{assert_noop, assert_ok};

const PLEDGE: LockHolder = LockHolder { pallet: *b"pledge__", id: 7 };
const OTHER: LockHolder = LockHolder { pallet: *b"pledge__", id: 8 };

#[test]
fn a_locked_lot_cannot_move_or_be_used() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "A", "API", 2);
		create(SUP_OP, "B", "API", 2);
		events();
		assert_ok!(<Provenance as LotLock>::lock(&id("A"), PLEDGE));
		assert_eq!(events(), vec![Event::LotLocked { lot: id("A"), holder: PLEDGE }]);
		assert_eq!(Provenance::locked_by(&id("A")), Some(PLEDGE));
		assert_noop!(<Provenance as LotLock>::lock(&id("A"), OTHER), Error::<Test>::Locked);
		let ship = Provenance::ship(
			signed(SUP_OP),
			vec![id("A")].try_into().unwrap(),
			CDMO,
			None,
			50_000,
			true,
		);
		assert_noop!(ship, Error::<Test>::Locked);
		assert_noop!(
			Provenance::split(signed(SUP_OP), id("A"), vec![(id("X"), 1)].try_into().unwrap()),
			Error::<Test>::Locked
		);
		assert_noop!(
			Provenance::merge(signed(SUP_OP), vec![id("A"), id("B")].try_into().unwrap(), id("M")),
			Error::<Test>::Locked
		);
		assert_noop!(
			Provenance::transform(
				signed(SUP_OP),
				vec![output("O", "P", kg(1), &[("A", 1)])].try_into().unwrap()
			),
			Error::<Test>::Locked
		);
		assert_noop!(Provenance::destroy(signed(SUP_OP), id("A")), Error::<Test>::Locked);
		// QA may still quarantine a locked lot.
		assert_ok!(Provenance::set_status(signed(SUP_QA), id("A"), LotStatus::Quarantined));
		assert_noop!(
			<Provenance as LotLock>::unlock(&id("A"), OTHER),
			Error::<Test>::NotLockHolder
		);
		assert_noop!(
			<Provenance as LotLock>::unlock(&id("B"), PLEDGE),
			Error::<Test>::NotLockHolder
		);
		assert_ok!(<Provenance as LotLock>::unlock(&id("A"), PLEDGE));
		assert_ok!(Provenance::ship(
			signed(SUP_OP),
			vec![id("A")].try_into().unwrap(),
			CDMO,
			None,
			50_000,
			true
		));
		events();
	});
}

#[test]
fn lock_errors_and_facts() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "A", "API", 2);
		create(SUP_OP, "R", "API", 2);
		assert_noop!(
			<Provenance as LotLock>::lock(&id("NOPE"), PLEDGE),
			Error::<Test>::LotNotFound
		);
		assert_ok!(Provenance::recall(signed(SUP_QA), id("R"), [0; 32]));
		assert_noop!(<Provenance as LotLock>::lock(&id("R"), PLEDGE), Error::<Test>::Recalled);
		assert_ok!(Provenance::destroy(signed(SUP_OP), id("A")));
		assert_noop!(<Provenance as LotLock>::lock(&id("A"), PLEDGE), Error::<Test>::InvalidStatus);
		let facts = Provenance::facts(&id("R")).unwrap();
		assert!(!facts.usable);
		assert_eq!(facts.remaining, kg(2));
		next_blocks(1);
		events();
	});
}
