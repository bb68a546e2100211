//! Emission records: report, verify, reject; organisation totals.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};

fn report(who: u64, kg: u128, subject: Subject) -> DispatchResult {
	Carbon::report_emission(
		signed(who),
		Scope::Scope2,
		kg,
		subject,
		code("F1"),
		code("GHGP"),
		[1; 32],
	)
}

#[test]
fn report_and_verify_count_in_the_period_and_its_year() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(report(MAKER_OP, 1_200, Subject::Period(MONTH)));
		assert_ok!(Carbon::verify_emission(signed(VER_SIGNER), 0));
		assert_eq!(
			events(),
			vec![
				Event::EmissionReported {
					record: 0,
					reporter: MAKER,
					scope: Scope::Scope2,
					kg_co2e: 1_200,
					subject: Subject::Period(MONTH),
				},
				Event::EmissionVerified { record: 0, verifier: VERIFIER },
			]
		);
		let r = Records::<Test>::get(0).unwrap();
		assert_eq!(
			(r.status, r.verifier, r.decided_at),
			(RecordStatus::Verified, Some(VERIFIER), Some(1_000))
		);
		assert_eq!(Carbon::org_emissions(MAKER, MONTH), ([0, 1_200, 0], 0));
		assert_eq!(
			Carbon::org_emissions(MAKER, Period { year: 2026, month: 0 }),
			([0, 1_200, 0], 0)
		);
		// A reported but unverified record does not count.
		assert_ok!(report(MAKER_OP, 5, Subject::Period(MONTH)));
		assert_eq!(Carbon::org_emissions(MAKER, MONTH).0, [0, 1_200, 0]);
	});
}

#[test]
fn report_errors() {
	ExtBuilder::build_and_execute(|| {
		let lot = add_lot("API-1", API_CO, 100, &[]);
		assert_noop!(report(MAKER_SIGNER, 1, Subject::Period(MONTH)), Error::<Test>::NotAuthorized);
		assert_noop!(report(OUTSIDER, 1, Subject::Period(MONTH)), Error::<Test>::NotAuthorized);
		assert_noop!(report(MAKER_OP, 0, Subject::Period(MONTH)), Error::<Test>::InvalidRecord);
		let bad = Period { year: 2026, month: 13 };
		assert_noop!(report(MAKER_OP, 1, Subject::Period(bad)), Error::<Test>::InvalidRecord);
		let old = Period { year: 1999, month: 0 };
		assert_noop!(report(MAKER_OP, 1, Subject::Period(old)), Error::<Test>::InvalidRecord);
		assert_noop!(report(MAKER_OP, 1, Subject::Lot(lot_id("nope"))), Error::<Test>::LotNotFound);
		assert_noop!(report(MAKER_OP, 1, Subject::Lot(lot.clone())), Error::<Test>::NotLotParty);
		assert_ok!(report(API_OP, 1, Subject::Lot(lot)));
	});
}

#[test]
fn verify_and_reject_errors() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(report(MAKER_OP, 10, Subject::Period(MONTH)));
		assert_noop!(Carbon::verify_emission(signed(VER_OP), 0), Error::<Test>::NotAuthorized);
		assert_noop!(Carbon::verify_emission(signed(MAKER_SIGNER), 0), Error::<Test>::NotVerifier);
		assert_noop!(
			Carbon::verify_emission(signed(UNACC_SIGNER), 0),
			Error::<Test>::NoAccreditation
		);
		assert_noop!(Carbon::verify_emission(signed(VER_SIGNER), 7), Error::<Test>::RecordNotFound);
		// The verifier's own emissions need another verifier.
		assert_ok!(report(VER_OP, 10, Subject::Period(MONTH)));
		assert_noop!(
			Carbon::verify_emission(signed(VER_SIGNER), 1),
			Error::<Test>::SelfVerification
		);
		assert_noop!(
			Carbon::reject_emission(signed(VER_SIGNER), 1, [0; 32]),
			Error::<Test>::SelfVerification
		);
		events();
		assert_ok!(Carbon::reject_emission(signed(VER_SIGNER), 0, [9; 32]));
		assert_eq!(
			events(),
			vec![Event::EmissionRejected { record: 0, verifier: VERIFIER, finding: [9; 32] }]
		);
		assert_eq!(Records::<Test>::get(0).unwrap().status, RecordStatus::Rejected);
		assert_eq!(Carbon::org_emissions(MAKER, MONTH).0, [0, 0, 0]);
		assert_noop!(Carbon::verify_emission(signed(VER_SIGNER), 0), Error::<Test>::AlreadyDecided);
		assert_noop!(
			Carbon::reject_emission(signed(VER_SIGNER), 0, [0; 32]),
			Error::<Test>::AlreadyDecided
		);
	});
}

#[test]
fn totals_that_would_overflow_are_refused() {
	ExtBuilder::build_and_execute(|| {
		verified(MAKER_OP, Scope::Scope1, u128::MAX, Subject::Period(MONTH));
		assert_ok!(Carbon::report_emission(
			signed(MAKER_OP),
			Scope::Scope1,
			1,
			Subject::Period(MONTH),
			code("F"),
			code("M"),
			[0; 32]
		));
		assert_noop!(Carbon::verify_emission(signed(VER_SIGNER), 1), Error::<Test>::Overflow);
	});
}
