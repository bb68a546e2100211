//! Credit batches: issue, transfer (ranges split and merge), retire, cancel.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};

fn held(org: OrgId, batch: BatchId) -> Vec<SerialRange> {
	Holdings::<Test>::get(org, batch).into_inner()
}

fn transfer(who: u64, batch: BatchId, r: SerialRange, to: OrgId) -> DispatchResult {
	Carbon::transfer_credits(signed(who), batch, r, to)
}

fn retire(who: u64, batch: BatchId, r: SerialRange, claim: Option<Claim>) -> DispatchResult {
	Carbon::retire_credits(signed(who), batch, r, text("Apex Pharma"), text("2026 offset"), claim)
}

#[test]
fn batches_get_contiguous_unique_serials() {
	ExtBuilder::build_and_execute(|| {
		let a = issue(1_000);
		let b = issue(500);
		assert_eq!(
			events(),
			vec![
				Event::CreditsIssued {
					batch: a,
					issuer: VERIFIER,
					serials: range(0, 1_000),
					vintage: 2025
				},
				Event::CreditsIssued {
					batch: b,
					issuer: VERIFIER,
					serials: range(1_000, 1_500),
					vintage: 2025
				},
			]
		);
		assert_eq!(held(VERIFIER, b), vec![range(1_000, 1_500)]);
		assert_eq!(Batches::<Test>::get(b).unwrap().trail.count, 1);
	});
}

#[test]
fn issue_errors() {
	ExtBuilder::build_and_execute(|| {
		let call = |who, vintage, q| {
			Carbon::issue_credits(signed(who), code("P"), vintage, code("M"), q, [0; 32])
		};
		assert_noop!(call(VER_OP, 2025, 1), Error::<Test>::NotAuthorized);
		assert_noop!(call(MAKER_SIGNER, 2025, 1), Error::<Test>::NotVerifier);
		assert_noop!(call(UNACC_SIGNER, 2025, 1), Error::<Test>::NoAccreditation);
		assert_noop!(call(VER_SIGNER, 2025, 0), Error::<Test>::InvalidQuantity);
		assert_noop!(call(VER_SIGNER, 1999, 1), Error::<Test>::InvalidQuantity);
		// One batch cannot take the serial space (the mock's limit is 1,000,000).
		assert_noop!(call(VER_SIGNER, 2025, u64::MAX), Error::<Test>::BatchTooLarge);
		assert_noop!(call(VER_SIGNER, 2025, 1_000_001), Error::<Test>::BatchTooLarge);
		assert_ok!(call(VER_SIGNER, 2025, 1_000_000));
		// Near the end of the space (1.8e13 full batches later) issuing overflows cleanly.
		NextSerial::<Test>::put(u64::MAX - 10);
		assert_noop!(call(VER_SIGNER, 2025, 11), Error::<Test>::Overflow);
	});
}

#[test]
fn transfers_split_and_merge_ranges() {
	ExtBuilder::build_and_execute(|| {
		let b = issue(100);
		events();
		assert_ok!(transfer(VER_SIGNER, b, range(10, 20), MAKER));
		assert_eq!(
			events(),
			vec![Event::CreditsTransferred {
				batch: b,
				serials: range(10, 20),
				from: VERIFIER,
				to: MAKER
			}]
		);
		assert_eq!(held(VERIFIER, b), vec![range(0, 10), range(20, 100)]);
		assert_ok!(transfer(VER_SIGNER, b, range(30, 40), MAKER));
		assert_ok!(transfer(VER_SIGNER, b, range(20, 30), MAKER));
		// Adjacent ranges merge: 10..20 + 20..30 + 30..40.
		assert_eq!(held(MAKER, b), vec![range(10, 40)]);
		assert_ok!(transfer(MAKER_SIGNER, b, range(10, 40), VERIFIER));
		assert_eq!(held(VERIFIER, b), vec![range(0, 100)]);
		assert!(!Holdings::<Test>::contains_key(MAKER, b));
	});
}

#[test]
fn transfer_errors() {
	ExtBuilder::build_and_execute(|| {
		let b = issue(100);
		assert_noop!(transfer(VER_OP, b, range(0, 1), MAKER), Error::<Test>::NotAuthorized);
		assert_noop!(transfer(VER_SIGNER, 9, range(0, 1), MAKER), Error::<Test>::BatchNotFound);
		assert_noop!(transfer(VER_SIGNER, b, range(5, 5), MAKER), Error::<Test>::InvalidRange);
		assert_noop!(transfer(VER_SIGNER, b, range(90, 101), MAKER), Error::<Test>::InvalidRange);
		assert_noop!(transfer(VER_SIGNER, b, range(0, 1), VERIFIER), Error::<Test>::SameOrg);
		assert_noop!(transfer(VER_SIGNER, b, range(0, 1), SUSPENDED), Error::<Test>::InactiveOrg);
		assert_noop!(transfer(MAKER_SIGNER, b, range(0, 1), BUYER), Error::<Test>::NotHeld);
		assert_ok!(transfer(VER_SIGNER, b, range(10, 20), MAKER));
		// 5..15 straddles a held and a given-away range.
		assert_noop!(transfer(VER_SIGNER, b, range(5, 15), MAKER), Error::<Test>::NotHeld);
		// Four ranges at most per holding: 0..10, 20..30, 40..50, 60..100 → a fifth is refused.
		assert_ok!(transfer(VER_SIGNER, b, range(30, 40), BUYER));
		assert_ok!(transfer(VER_SIGNER, b, range(50, 60), BUYER));
		assert_eq!(held(VERIFIER, b).len(), 4);
		assert_noop!(transfer(VER_SIGNER, b, range(70, 80), BUYER), Error::<Test>::TooManyRanges);
		// ... and on the receiving side: serials 0, 2, 4, 6 to the maker, 1, 3, 5 to the buyer
		// (the sender's holding never splits), then serial 8 would be the maker's fifth range.
		let c = issue(100);
		let s = Batches::<Test>::get(c).unwrap().serials.start;
		for i in 0..7u64 {
			let to = if i % 2 == 0 { MAKER } else { BUYER };
			assert_ok!(transfer(VER_SIGNER, c, range(s + i, s + i + 1), to));
		}
		assert_eq!(held(MAKER, c).len(), 4);
		assert_ok!(transfer(VER_SIGNER, c, range(s + 7, s + 8), BUYER));
		assert_noop!(
			transfer(VER_SIGNER, c, range(s + 8, s + 9), MAKER),
			Error::<Test>::TooManyRanges
		);
	});
}

#[test]
fn retirement_creates_a_certificate_and_the_serials_never_move_again() {
	ExtBuilder::build_and_execute(|| {
		let b = issue(100);
		let lot = add_lot("VIAL-1", MAKER, 10, &[]);
		assert_ok!(transfer(VER_SIGNER, b, range(0, 50), MAKER));
		events();
		assert_ok!(retire(MAKER_SIGNER, b, range(0, 5), Some(Claim::Lot(lot.clone()))));
		assert_eq!(
			events(),
			vec![Event::CreditsRetired {
				certificate: 0,
				batch: b,
				serials: range(0, 5),
				by: MAKER,
				claim: Some(Claim::Lot(lot.clone())),
			}]
		);
		let c = Certificates::<Test>::get(0).unwrap();
		assert_eq!(
			(c.retired_by, c.beneficiary.to_vec(), c.at),
			(MAKER, b"Apex Pharma".to_vec(), 1_000)
		);
		assert_eq!(LotOffsets::<Test>::get(&lot), 5);
		assert_eq!(Batches::<Test>::get(b).unwrap().retired, 5);
		assert_noop!(retire(MAKER_SIGNER, b, range(0, 5), None), Error::<Test>::NotHeld);
		assert_noop!(transfer(MAKER_SIGNER, b, range(0, 5), BUYER), Error::<Test>::NotHeld);
		assert_noop!(
			Carbon::cancel_credits(signed(VER_SIGNER), b, MAKER, range(0, 5), text("x")),
			Error::<Test>::NotHeld
		);
		// A period claim.
		assert_ok!(retire(MAKER_SIGNER, b, range(5, 7), Some(Claim::OrgPeriod(MAKER, MONTH))));
		assert_eq!(Carbon::org_emissions(MAKER, MONTH).1, 2);
	});
}

#[test]
fn retire_errors() {
	ExtBuilder::build_and_execute(|| {
		let b = issue(100);
		assert_noop!(retire(VER_OP, b, range(0, 1), None), Error::<Test>::NotAuthorized);
		assert_noop!(retire(VER_SIGNER, 3, range(0, 1), None), Error::<Test>::BatchNotFound);
		assert_noop!(retire(VER_SIGNER, b, range(1, 0), None), Error::<Test>::InvalidRange);
		assert_noop!(retire(MAKER_SIGNER, b, range(0, 1), None), Error::<Test>::NotHeld);
		assert_noop!(
			retire(VER_SIGNER, b, range(0, 1), Some(Claim::Lot(lot_id("none")))),
			Error::<Test>::LotNotFound
		);
		assert_noop!(
			retire(
				VER_SIGNER,
				b,
				range(0, 1),
				Some(Claim::OrgPeriod(MAKER, Period { year: 2026, month: 14 }))
			),
			Error::<Test>::InvalidRecord
		);
		// Retiring from the middle of the only range splits it; the fifth range is refused.
		for i in 0..3 {
			assert_ok!(retire(VER_SIGNER, b, range(10 + 10 * i, 11 + 10 * i), None));
		}
		assert_eq!(held(VERIFIER, b).len(), 4);
		assert_noop!(retire(VER_SIGNER, b, range(50, 51), None), Error::<Test>::TooManyRanges);
	});
}

#[test]
fn the_issuer_cancels_held_serials() {
	ExtBuilder::build_and_execute(|| {
		let b = issue(100);
		assert_ok!(transfer(VER_SIGNER, b, range(0, 50), MAKER));
		events();
		let cancel =
			|who, holder, r| Carbon::cancel_credits(signed(who), b, holder, r, text("reversal"));
		assert_noop!(cancel(VER_OP, MAKER, range(0, 1)), Error::<Test>::NotAuthorized);
		assert_noop!(
			Carbon::cancel_credits(signed(VER_SIGNER), 8, MAKER, range(0, 1), text("x")),
			Error::<Test>::BatchNotFound
		);
		assert_noop!(cancel(MAKER_SIGNER, MAKER, range(0, 1)), Error::<Test>::NotIssuer);
		assert_noop!(cancel(VER_SIGNER, MAKER, range(0, 0)), Error::<Test>::InvalidRange);
		assert_noop!(cancel(VER_SIGNER, MAKER, range(40, 60)), Error::<Test>::NotHeld);
		assert_ok!(cancel(VER_SIGNER, MAKER, range(40, 50)));
		assert_eq!(
			events(),
			vec![Event::CreditsCancelled {
				cancellation: 0,
				batch: b,
				serials: range(40, 50),
				holder: MAKER
			}]
		);
		assert_eq!(held(MAKER, b), vec![range(0, 40)]);
		assert_eq!(Batches::<Test>::get(b).unwrap().cancelled, 10);
		assert_eq!(Cancellations::<Test>::get(0).unwrap().reason.to_vec(), b"reversal".to_vec());
		assert_noop!(transfer(MAKER_SIGNER, b, range(40, 50), BUYER), Error::<Test>::NotHeld);
	});
}
