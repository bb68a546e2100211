//! Title is not custody: sales need the owner; consents, agreed promises, cancelled shipments;
//! lock holders consulted on QA decisions and told of changes; title moves through the lock.

use crate::{mock::*, *};
use bioledger_primitives::{LockHolder, LotLock, QaDecision};
use frame_support::{assert_noop, assert_ok};

const HOLDER: LockHolder = LockHolder { pallet: *b"pledge__", id: 1 };

fn one(l: &str) -> BoundedVec<LotId, <Test as Config>::MaxLotsPerShipment> {
	vec![id(l)].try_into().unwrap()
}

/// The supplier's lot `l`, in the CDMO's custody.
fn at_cdmo(l: &str) {
	create(SUP_OP, l, "API", 10);
	assert_ok!(Provenance::ship(signed(SUP_OP), one(l), CDMO, None, 50_000, false));
	let s = NextShipmentId::<Test>::get() - 1;
	assert_ok!(Provenance::receive(signed(CDMO_OP), s, 1));
	events();
}

#[test]
fn a_custodian_sells_only_with_the_owners_consent_for_that_buyer() {
	ExtBuilder::build_and_execute(|| {
		at_cdmo("A");
		assert_noop!(
			Provenance::ship(signed(CDMO_OP), one("A"), MAKER, None, 50_000, true),
			Error::<Test>::NoTitle
		);
		assert_ok!(Provenance::consent_title_transfer(signed(SUP_SIGNER), id("A"), Some(MAKER)));
		assert_eq!(
			events(),
			vec![Event::TitleConsentSet { lot: id("A"), owner: SUPPLIER, to: Some(MAKER) }]
		);
		assert_noop!(
			Provenance::ship(signed(CDMO_OP), one("A"), WAREHOUSE, None, 50_000, true),
			Error::<Test>::NoTitle
		);
		assert_ok!(Provenance::ship(signed(CDMO_OP), one("A"), MAKER, None, 50_000, true));
		// Used up by the shipment.
		assert_eq!(TitleConsents::<Test>::get(id("A")), None);
		assert_ok!(Provenance::receive(signed(MAKER_OP), 1, 1));
		assert_eq!(Lots::<Test>::get(id("A")).unwrap().owner, MAKER);
	});
}

#[test]
fn a_consent_can_be_withdrawn_and_dies_with_the_title() {
	ExtBuilder::build_and_execute(|| {
		at_cdmo("A");
		assert_ok!(Provenance::consent_title_transfer(signed(SUP_SIGNER), id("A"), Some(MAKER)));
		assert_ok!(Provenance::consent_title_transfer(signed(SUP_SIGNER), id("A"), None));
		assert_noop!(
			Provenance::ship(signed(CDMO_OP), one("A"), MAKER, None, 50_000, true),
			Error::<Test>::NoTitle
		);
		// The owner sells itself to the CDMO; an older consent of its does not survive.
		create(SUP_OP, "B", "API", 1);
		assert_ok!(Provenance::consent_title_transfer(signed(SUP_SIGNER), id("B"), Some(MAKER)));
		assert_ok!(Provenance::ship(signed(SUP_OP), one("B"), CDMO, None, 50_000, true));
		let s = NextShipmentId::<Test>::get() - 1;
		assert_ok!(Provenance::receive(signed(CDMO_OP), s, 1));
		assert_eq!(TitleConsents::<Test>::get(id("B")), None);
	});
}

#[test]
fn consent_errors() {
	ExtBuilder::build_and_execute(|| {
		at_cdmo("A");
		assert_noop!(
			Provenance::consent_title_transfer(signed(SUP_OP), id("A"), Some(MAKER)),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Provenance::consent_title_transfer(signed(SUP_SIGNER), id("NOPE"), Some(MAKER)),
			Error::<Test>::LotNotFound
		);
		assert_noop!(
			Provenance::consent_title_transfer(signed(CDMO_SIGNER), id("A"), Some(MAKER)),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Provenance::consent_title_transfer(signed(SUP_SIGNER), id("A"), Some(SUPPLIER)),
			Error::<Test>::SameOrg
		);
		assert_noop!(
			Provenance::consent_title_transfer(signed(SUP_SIGNER), id("A"), Some(SUSPENDED)),
			Error::<Test>::InactiveOrg
		);
		create(SUP_OP, "D", "API", 1);
		assert_ok!(Provenance::destroy(signed(SUP_OP), id("D")));
		assert_noop!(
			Provenance::consent_title_transfer(signed(SUP_SIGNER), id("D"), Some(MAKER)),
			Error::<Test>::InvalidStatus
		);
	});
}

#[test]
fn agree_promise_and_its_errors() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "A", "API", 1);
		assert_ok!(Provenance::ship(signed(SUP_OP), one("A"), CDMO, None, 50_000, true));
		events();
		assert_noop!(Provenance::agree_promise(signed(MAKER_OP), 0), Error::<Test>::NotAuthorized);
		assert_noop!(Provenance::agree_promise(signed(CDMO_QA), 0), Error::<Test>::NotAuthorized);
		assert_noop!(
			Provenance::agree_promise(signed(CDMO_OP), 9),
			Error::<Test>::ShipmentNotFound
		);
		assert_ok!(Provenance::agree_promise(signed(CDMO_OP), 0));
		assert_eq!(events(), vec![Event::PromiseAgreed { shipment: 0, promised_at: 50_000 }]);
		assert_ok!(Provenance::receive(signed(CDMO_OP), 0, 1));
		assert!(!AgreedPromises::<Test>::contains_key(0));
		assert_noop!(Provenance::agree_promise(signed(CDMO_OP), 0), Error::<Test>::ShipmentClosed);
	});
}

#[test]
fn a_shipment_to_an_inactive_receiver_is_taken_back() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "A", "API", 1);
		assert_ok!(Provenance::set_status(signed(SUP_QA), id("A"), LotStatus::Quarantined));
		assert_ok!(Provenance::ship(signed(SUP_OP), one("A"), CDMO, None, 50_000, true));
		assert_noop!(
			Provenance::cancel_shipment(signed(SUP_OP), 0, 1),
			Error::<Test>::ReceiverActive
		);
		INACTIVE.with(|i| i.borrow_mut().push(CDMO));
		assert_noop!(
			Provenance::cancel_shipment(signed(MAKER_OP), 0, 1),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Provenance::cancel_shipment(signed(SUP_OP), 5, 1),
			Error::<Test>::ShipmentNotFound
		);
		assert_noop!(
			Provenance::cancel_shipment(signed(SUP_OP), 0, 0),
			Error::<Test>::WitnessTooLow
		);
		events();
		assert_ok!(Provenance::cancel_shipment(signed(SUP_OP), 0, 1));
		assert_eq!(events(), vec![Event::ShipmentCancelled { shipment: 0, by: SUPPLIER }]);
		let l = Lots::<Test>::get(id("A")).unwrap();
		assert_eq!((l.status, l.owner, l.custodian), (LotStatus::Quarantined, SUPPLIER, SUPPLIER));
		assert_eq!(Shipments::<Test>::get(0).unwrap().status, ShipmentStatus::Cancelled);
		assert_noop!(
			Provenance::cancel_shipment(signed(SUP_OP), 0, 1),
			Error::<Test>::ShipmentClosed
		);
	});
}

#[test]
fn the_lock_holder_decides_on_qa_decisions_and_is_told_of_changes() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "A", "API", 1);
		assert_ok!(<Provenance as LotLock>::lock(&id("A"), HOLDER));
		REFUSED_DECISIONS.with(|r| r.borrow_mut().push(QaDecision::Reject));
		assert_noop!(
			Provenance::set_status(signed(SUP_QA), id("A"), LotStatus::Rejected),
			Error::<Test>::Locked
		);
		assert_ok!(Provenance::set_status(signed(SUP_QA), id("A"), LotStatus::Quarantined));
		assert_eq!(LOCKED_CHANGES.with(|c| c.borrow().clone()), vec![id("A")]);
		// A failed QC result, an excursion and a recall tell it too.
		create(SUP_OP, "B", "API", 1);
		assert_ok!(<Provenance as LotLock>::lock(&id("B"), HOLDER));
		VERDICT.with(|v| *v.borrow_mut() = bioledger_primitives::QcVerdict::Fail);
		assert_ok!(Provenance::record_qc_result(
			signed(SUP_QA),
			id("B"),
			vec![param("PURITY", 1, "%")].try_into().unwrap(),
			[1; 32]
		));
		create(SUP_OP, "C", "API", 1);
		assert_ok!(<Provenance as LotLock>::lock(&id("C"), HOLDER));
		assert_ok!(Provenance::report_excursion(
			signed(SUP_SENSOR),
			id("C"),
			900,
			1_000,
			60,
			[2; 32]
		));
		create(SUP_OP, "D", "API", 1);
		assert_ok!(<Provenance as LotLock>::lock(&id("D"), HOLDER));
		assert_ok!(Provenance::recall(signed(SUP_QA), id("D"), [3; 32]));
		assert_eq!(
			LOCKED_CHANGES.with(|c| c.borrow().clone()),
			vec![id("A"), id("B"), id("C"), id("D")]
		);
		// An unlocked lot bothers no one.
		create(SUP_OP, "E", "API", 1);
		assert_ok!(Provenance::set_status(signed(SUP_QA), id("E"), LotStatus::Rejected));
		assert_eq!(LOCKED_CHANGES.with(|c| c.borrow().len()), 4);
		next_blocks(2);
		events();
	});
}

#[test]
fn title_of_a_locked_lot_moves_only_through_its_lock_holder() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "A", "API", 1);
		assert_noop!(
			<Provenance as LotLock>::transfer_title(&id("A"), HOLDER, CDMO),
			Error::<Test>::NotLockHolder
		);
		assert_ok!(<Provenance as LotLock>::lock(&id("A"), HOLDER));
		let other = LockHolder { pallet: *b"pledge__", id: 2 };
		assert_noop!(
			<Provenance as LotLock>::transfer_title(&id("A"), other, CDMO),
			Error::<Test>::NotLockHolder
		);
		events();
		assert_ok!(<Provenance as LotLock>::transfer_title(&id("A"), HOLDER, CDMO));
		assert_eq!(
			events(),
			vec![Event::TitleTransferred { lot: id("A"), from: SUPPLIER, to: CDMO, by: HOLDER }]
		);
		let l = Lots::<Test>::get(id("A")).unwrap();
		assert_eq!((l.owner, l.custodian), (CDMO, SUPPLIER));
		assert_noop!(
			<Provenance as LotLock>::transfer_title(&id("NOPE"), HOLDER, CDMO),
			Error::<Test>::LotNotFound
		);
	});
}

#[test]
fn consents_end_with_a_lock_a_title_move_or_destruction() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "A", "API", 1);
		assert_ok!(Provenance::consent_title_transfer(signed(SUP_SIGNER), id("A"), Some(MAKER)));
		assert_ok!(<Provenance as LotLock>::lock(&id("A"), HOLDER));
		assert_eq!(TitleConsents::<Test>::get(id("A")), None);
		// While locked, title follows the lock holder: no consent may be given.
		assert_noop!(
			Provenance::consent_title_transfer(signed(SUP_SIGNER), id("A"), Some(MAKER)),
			Error::<Test>::Locked
		);
		assert_ok!(<Provenance as LotLock>::unlock(&id("A"), HOLDER));
		create(SUP_OP, "B", "API", 1);
		assert_ok!(Provenance::consent_title_transfer(signed(SUP_SIGNER), id("B"), Some(MAKER)));
		assert_ok!(Provenance::destroy(signed(SUP_OP), id("B")));
		assert_eq!(TitleConsents::<Test>::get(id("B")), None);
	});
}

#[test]
fn a_promise_is_agreed_before_it_falls_due() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "A", "API", 1);
		assert_ok!(Provenance::ship(signed(SUP_OP), one("A"), CDMO, None, 5_000, true));
		Timestamp::set_timestamp(5_000);
		assert_noop!(Provenance::agree_promise(signed(CDMO_OP), 0), Error::<Test>::InvalidPromise);
		assert_ok!(Provenance::receive(signed(CDMO_OP), 0, 1));
	});
}
