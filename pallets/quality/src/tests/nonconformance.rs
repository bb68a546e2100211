//! Nonconformance and CAPA workflow, with disputes before the arbitrator.

use super::conformance::qc;
use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};

fn failed_nc() -> NcId {
	active_agreement();
	assert_eq!(
		qc(&[param("PURITY", 900, "0.1%"), param("ENDOTOX", 30, "cEU/mg")], BUYER),
		bioledger_primitives::QcVerdict::Fail
	);
	events();
	0
}

#[test]
fn capa_then_close() {
	ExtBuilder::build_and_execute(|| {
		let nc = failed_nc();
		assert_ok!(Quality::respond(signed(SUP_QA), nc, [7; 32]));
		assert_ok!(Quality::close(signed(BUYER_QA), nc));
		assert_eq!(
			events(),
			vec![
				Event::CapaSubmitted { nc, plan: [7; 32], in_time: true },
				Event::NonconformanceClosed { nc },
			]
		);
		assert!(Quality::open_nonconformances(SUPPLIER).is_empty());
		assert_eq!(Quality::scorecard(SUPPLIER).counters.answered_in_time, 1);
	});
}

#[test]
fn late_capa_counts_late() {
	ExtBuilder::build_and_execute(|| {
		let nc = failed_nc();
		Timestamp::set_timestamp(1_000 + 8 * DAY);
		assert_eq!(Quality::scorecard(SUPPLIER).overdue, 1);
		assert_ok!(Quality::respond(signed(SUP_QA), nc, [7; 32]));
		assert_eq!(events(), vec![Event::CapaSubmitted { nc, plan: [7; 32], in_time: false }]);
		let s = Quality::scorecard(SUPPLIER);
		assert_eq!((s.counters.answered_late, s.overdue), (1, 0));
	});
}

#[test]
fn escalate_dispute_and_arbitrate() {
	ExtBuilder::build_and_execute(|| {
		let nc = failed_nc();
		assert_ok!(Quality::respond(signed(SUP_QA), nc, [7; 32]));
		assert_ok!(Quality::escalate(signed(BUYER_QA), nc));
		assert_ok!(Quality::dispute(signed(SUP_QA), nc));
		assert_noop!(Quality::arbitrate(signed(BUYER_QA), nc, false), Error::<Test>::NotAuthorized);
		assert_ok!(Quality::arbitrate(signed(ARB_QA), nc, false));
		assert_eq!(
			events(),
			vec![
				Event::CapaSubmitted { nc, plan: [7; 32], in_time: true },
				Event::NonconformanceEscalated { nc },
				Event::NonconformanceDisputed { nc, arbitrator: ARBITRATOR },
				Event::DisputeResolved { nc, upheld: false },
			]
		);
		// Dismissed: the failed check no longer counts.
		assert_eq!(Quality::scorecard(SUPPLIER).counters.failed, 0);
		assert_eq!(Nonconformances::<Test>::get(nc).unwrap().status, NcStatus::Dismissed);
	});
}

#[test]
fn upheld_dispute_counts_against_compliance() {
	ExtBuilder::build_and_execute(|| {
		let nc = failed_nc();
		assert_ok!(Quality::respond(signed(SUP_QA), nc, [7; 32]));
		assert_ok!(Quality::escalate(signed(BUYER_QA), nc));
		assert_ok!(Quality::dispute(signed(SUP_QA), nc));
		assert_ok!(Quality::arbitrate(signed(ARB_QA), nc, true));
		let s = Quality::scorecard(SUPPLIER);
		assert_eq!((s.counters.upheld, s.counters.failed), (1, 1));
		assert_eq!(s.compliance, sp_runtime::Permill::from_percent(75));
		events();
	});
}

#[test]
fn nonconformance_errors() {
	ExtBuilder::build_and_execute(|| {
		let nc = failed_nc();
		assert_noop!(Quality::respond(signed(SUP_QA), 9, [7; 32]), Error::<Test>::NcNotFound);
		assert_noop!(Quality::respond(signed(BUYER_QA), nc, [7; 32]), Error::<Test>::NotAuthorized);
		assert_noop!(
			Quality::respond(signed(SUP_SIGNER), nc, [7; 32]),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(Quality::close(signed(BUYER_QA), nc), Error::<Test>::InvalidNcState);
		assert_noop!(Quality::escalate(signed(BUYER_QA), nc), Error::<Test>::InvalidNcState);
		assert_noop!(Quality::dispute(signed(SUP_QA), nc), Error::<Test>::InvalidNcState);
		assert_noop!(Quality::arbitrate(signed(ARB_QA), nc, true), Error::<Test>::InvalidNcState);
		assert_ok!(Quality::respond(signed(SUP_QA), nc, [7; 32]));
		assert_noop!(Quality::respond(signed(SUP_QA), nc, [7; 32]), Error::<Test>::InvalidNcState);
		assert_noop!(Quality::close(signed(SUP_QA), nc), Error::<Test>::NotAuthorized);
		assert_noop!(Quality::escalate(signed(SUP_QA), nc), Error::<Test>::NotAuthorized);
		assert_ok!(Quality::escalate(signed(BUYER_QA), nc));
		assert_noop!(Quality::dispute(signed(BUYER_QA), nc), Error::<Test>::NotAuthorized);
		// Without an arbitrator in the agreement there is no dispute.
		Agreements::<Test>::mutate(0, |a| a.as_mut().unwrap().terms.arbitrator = None);
		assert_noop!(Quality::dispute(signed(SUP_QA), nc), Error::<Test>::NoArbitrator);
		events();
	});
}

#[test]
fn resolve_nc_settles_a_nonconformance_a_party_can_no_longer_act_on() {
	ExtBuilder::build_and_execute(|| {
		let nc = failed_nc();
		assert_ok!(Quality::respond(signed(SUP_QA), nc, [7; 32]));
		events();
		// While buyer and supplier are active, they settle it themselves.
		assert_noop!(
			Quality::resolve_nc(RuntimeOrigin::root(), nc, false),
			Error::<Test>::PartiesActive
		);
		assert_noop!(
			Quality::resolve_nc(signed(SUP_QA), nc, false),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Quality::resolve_nc(RuntimeOrigin::root(), 9, false),
			Error::<Test>::NcNotFound
		);
		// The buyer is suspended: the CAPA would wait for its decision for ever.
		deactivate(BUYER);
		assert_ok!(Quality::resolve_nc(RuntimeOrigin::root(), nc, false));
		assert_eq!(events(), vec![Event::NonconformanceResolved { nc, upheld: false }]);
		assert_eq!(Nonconformances::<Test>::get(nc).unwrap().status, NcStatus::Dismissed);
		assert!(Quality::open_nonconformances(SUPPLIER).is_empty());
		// A dismissed failure no longer counts.
		assert_eq!(Quality::scorecard(SUPPLIER).counters.failed, 0);
		assert_noop!(
			Quality::resolve_nc(RuntimeOrigin::root(), nc, true),
			Error::<Test>::InvalidNcState
		);
	});
}
