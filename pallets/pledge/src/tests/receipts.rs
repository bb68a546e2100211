//! Issue, transfer and redeem receipts.

use crate::{mock::*, *};
use bioledger_primitives::LockHolder;
use frame_support::{assert_noop, assert_ok};

fn issue(by: u64, holder: OrgId, l: &[&LotId]) -> DispatchResult {
	Pledge::issue_receipt(signed(by), holder, lots(l), TemperatureRange::COLD_CHAIN, YEAR, [1; 32])
}

#[test]
fn warehouse_issues_a_receipt_and_locks_the_lots() {
	ExtBuilder::build_and_execute(|| {
		let a = add_lot("L1", API, CDMO, WAREHOUSE, 300);
		let b = add_lot("L2", API, CDMO, WAREHOUSE, 200);
		assert_ok!(issue(WH_OP, CDMO, &[&a, &b]));
		let q = Quantity::new(500 * KG, bioledger_primitives::Unit::Milligram);
		assert_eq!(
			events(),
			vec![Event::ReceiptIssued {
				receipt: 0,
				warehouse: WAREHOUSE,
				holder: CDMO,
				product: code(API),
				quantity: q,
				lots: 2,
				expires_at: YEAR,
			}]
		);
		let r = Receipts::<Test>::get(0).unwrap();
		assert_eq!((r.holder, r.depositor, r.warehouse, r.quantity), (CDMO, CDMO, WAREHOUSE, q));
		assert_eq!(r.trail.count, 1);
		assert_eq!(lock_of(&a), Some(LockHolder { pallet: LOCK_TAG, id: 0 }));
		assert_eq!(LotReceipt::<Test>::get(&b), Some(0));
		assert_eq!(Pledge::receipts_of(CDMO).len(), 1);
	});
}

#[test]
fn issue_checks_the_warehouse() {
	ExtBuilder::build_and_execute(|| {
		let a = add_lot("L1", API, CDMO, WAREHOUSE, 300);
		assert_noop!(issue(OUTSIDER, CDMO, &[&a]), Error::<Test>::NotAuthorized);
		// A signer of the warehouse is not an operator.
		assert_noop!(issue(WH_SIGNER, CDMO, &[&a]), Error::<Test>::NotAuthorized);
		// The CDMO's operator is not a warehouse.
		assert_noop!(issue(CDMO_OP, CDMO, &[&a]), Error::<Test>::NotWarehouse);
		let u = add_lot("L9", API, CDMO, UNLICENSED, 300);
		assert_noop!(issue(UNLICENSED_OP, CDMO, &[&u]), Error::<Test>::NoLicence);
		assert_noop!(issue(WH_OP, SUSPENDED, &[&a]), Error::<Test>::InactiveOrg);
	});
}

#[test]
fn issue_checks_the_lots() {
	ExtBuilder::build_and_execute(|| {
		let a = add_lot("L1", API, CDMO, WAREHOUSE, 300);
		assert_noop!(issue(WH_OP, CDMO, &[]), Error::<Test>::NoLots);
		assert_noop!(issue(WH_OP, CDMO, &[&a, &a]), Error::<Test>::DuplicateLot);
		assert_noop!(issue(WH_OP, CDMO, &[&lot_id("nope")]), Error::<Test>::LotNotFound);
		let at_cdmo = add_lot("L2", API, CDMO, CDMO, 300);
		assert_noop!(issue(WH_OP, CDMO, &[&at_cdmo]), Error::<Test>::NotCustodian);
		assert_noop!(issue(WH_OP, BUYER, &[&a]), Error::<Test>::NotOwner);
		let bad = add_lot("L3", API, CDMO, WAREHOUSE, 300);
		edit_lot(&bad, |f| f.usable = false);
		assert_noop!(issue(WH_OP, CDMO, &[&bad]), Error::<Test>::LotUnusable);
		let other = add_lot("L4", "GTIN-EXC", CDMO, WAREHOUSE, 300);
		assert_noop!(issue(WH_OP, CDMO, &[&a, &other]), Error::<Test>::MixedLots);
		let each = add_lot("L5", API, CDMO, WAREHOUSE, 300);
		edit_lot(&each, |f| f.remaining.unit = bioledger_primitives::Unit::Each);
		assert_noop!(issue(WH_OP, CDMO, &[&a, &each]), Error::<Test>::MixedLots);
		let huge = add_lot("L6", API, CDMO, WAREHOUSE, 1);
		edit_lot(&huge, |f| f.remaining.amount = u128::MAX);
		assert_noop!(issue(WH_OP, CDMO, &[&a, &huge]), Error::<Test>::Overflow);
		assert_ok!(issue(WH_OP, CDMO, &[&a]));
		assert_noop!(issue(WH_OP, CDMO, &[&a]), Error::<Test>::AlreadyReceipted);
	});
}

#[test]
fn issue_checks_storage_and_expiry() {
	ExtBuilder::build_and_execute(|| {
		let a = add_lot("L1", API, CDMO, WAREHOUSE, 300);
		let call = |storage, expires| {
			Pledge::issue_receipt(signed(WH_OP), CDMO, lots(&[&a]), storage, expires, [1; 32])
		};
		let inverted = TemperatureRange { min: 800, max: 200 };
		assert_noop!(call(inverted, YEAR), Error::<Test>::StorageMismatch);
		// The warehouse may store colder-side narrower, never outside the lot's own range.
		let freezer = TemperatureRange { min: -2000, max: -1000 };
		assert_noop!(call(freezer, YEAR), Error::<Test>::StorageMismatch);
		assert_noop!(call(TemperatureRange::COLD_CHAIN, 1_000), Error::<Test>::InvalidExpiry);
		assert_ok!(call(TemperatureRange { min: 300, max: 700 }, YEAR));
	});
}

#[test]
fn a_lot_locked_elsewhere_cannot_be_receipted() {
	ExtBuilder::build_and_execute(|| {
		let a = add_lot("L1", API, CDMO, WAREHOUSE, 300);
		let b = add_lot("L2", API, CDMO, WAREHOUSE, 300);
		// Someone else (not this pallet) holds a lock on `b`: provenance's error comes back,
		// and the lock taken on `a` in the same call is rolled back.
		assert_ok!(<MockLots as LotLock>::lock(&b, LockHolder { pallet: *b"other___", id: 7 }));
		assert_noop!(issue(WH_OP, CDMO, &[&a, &b]), DispatchError::Other("Locked"));
		assert_eq!(lock_of(&a), None);
		assert_ok!(<MockLots as LotLock>::unlock(&b, LockHolder { pallet: *b"other___", id: 7 }));
	});
}

#[test]
fn transfer_moves_an_unpledged_receipt() {
	ExtBuilder::build_and_execute(|| {
		let r = stored("L1", 500);
		events();
		assert_ok!(Pledge::transfer_receipt(signed(CDMO_SIGNER), r, BUYER));
		assert_eq!(events(), vec![Event::ReceiptTransferred { receipt: r, from: CDMO, to: BUYER }]);
		assert_eq!(Receipts::<Test>::get(r).unwrap().holder, BUYER);
		assert!(Pledge::receipts_of(CDMO).is_empty());
		assert_eq!(Pledge::receipts_of(BUYER)[0].0, r);
		// The lots stay locked by the receipt.
		assert_eq!(lock_of(&lot_id("L1")).map(|h| h.id), Some(r));
	});
}

#[test]
fn transfer_errors() {
	ExtBuilder::build_and_execute(|| {
		let r = stored("L1", 500);
		let t = |who, id, to| Pledge::transfer_receipt(signed(who), id, to);
		assert_noop!(t(CDMO_OP, r, BUYER), Error::<Test>::NotAuthorized);
		assert_noop!(t(CDMO_SIGNER, 42, BUYER), Error::<Test>::ReceiptNotFound);
		assert_noop!(t(BUYER_SIGNER, r, CDMO), Error::<Test>::NotHolder);
		assert_noop!(t(CDMO_SIGNER, r, CDMO), Error::<Test>::SameOrg);
		assert_noop!(t(CDMO_SIGNER, r, SUSPENDED), Error::<Test>::InactiveOrg);
		let p = propose(&[r], 100);
		assert_noop!(t(CDMO_SIGNER, r, BUYER), Error::<Test>::Encumbered);
		assert_ok!(Pledge::withdraw_pledge(signed(CDMO_SIGNER), p));
		Timestamp::set_timestamp(YEAR);
		assert_noop!(t(CDMO_SIGNER, r, BUYER), Error::<Test>::ReceiptExpired);
		assert_ok!(Pledge::redeem(signed(CDMO_SIGNER), r));
		assert_noop!(t(CDMO_SIGNER, r, BUYER), Error::<Test>::Redeemed);
	});
}

#[test]
fn redeem_closes_the_receipt_and_unlocks() {
	ExtBuilder::build_and_execute(|| {
		let r = stored("L1", 500);
		events();
		assert_ok!(Pledge::redeem(signed(CDMO_SIGNER), r));
		assert_eq!(events(), vec![Event::ReceiptRedeemed { receipt: r, holder: CDMO }]);
		assert_eq!(lock_of(&lot_id("L1")), None);
		assert_eq!(LotReceipt::<Test>::get(lot_id("L1")), None);
		let rec = Receipts::<Test>::get(r).unwrap();
		assert_eq!((rec.status, rec.trail.count), (ReceiptStatus::Redeemed, 2));
		// The lot can go under a new receipt.
		assert_eq!(stored_again("L1"), 1);
	});
}

fn stored_again(id: &str) -> ReceiptId {
	let r = NextReceiptId::<Test>::get();
	assert_ok!(issue(WH_OP, CDMO, &[&lot_id(id)]));
	r
}

#[test]
fn redeem_errors() {
	ExtBuilder::build_and_execute(|| {
		let r = stored("L1", 500);
		assert_noop!(Pledge::redeem(signed(WH_OP), r), Error::<Test>::NotAuthorized);
		assert_noop!(Pledge::redeem(signed(CDMO_SIGNER), 9), Error::<Test>::ReceiptNotFound);
		assert_noop!(Pledge::redeem(signed(BUYER_SIGNER), r), Error::<Test>::NotHolder);
		propose(&[r], 100);
		assert_noop!(Pledge::redeem(signed(CDMO_SIGNER), r), Error::<Test>::Encumbered);
	});
}
