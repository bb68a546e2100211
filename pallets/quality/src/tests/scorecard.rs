//! The 40/30/20/10 scorecard, tiers and the policies they drive.

use super::conformance::qc_on;
use crate::{mock::*, *};
use bioledger_primitives::{LotId, OnCredentialLapse, QcHook, ReceiptContext};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Permill;

#[test]
fn weighted_score_with_hand_checked_numbers() {
	ExtBuilder::build_and_execute(|| {
		// 10 checks, 2 failed: 80 %. 4 deliveries, 3 on time: 75 %. 2 answers in time, 1 late,
		// 1 overdue: (2·2 + 1) / (2·4) = 62.5 %. One credential lapse: 75 %.
		let c = Counters {
			checked: 10,
			failed: 2,
			deliveries: 4,
			on_time: 3,
			answered_in_time: 2,
			answered_late: 1,
			lapses: 1,
			upheld: 0,
		};
		let s = Quality::score(c, 1);
		assert_eq!(s.quality, Permill::from_percent(80));
		assert_eq!(s.delivery, Permill::from_percent(75));
		assert_eq!(s.response, Permill::from_parts(625_000));
		assert_eq!(s.compliance, Permill::from_percent(75));
		// 0.4·0.8 + 0.3·0.75 + 0.2·0.625 + 0.1·0.75 = 0.745
		assert_eq!(s.total, Permill::from_parts(745_000));
		assert_eq!(s.tier, Tier::C);
		// A clean record is tier A only with a history of checked lots (`MinHistoryForTierA`,
		// 3 in the mock): no history is no proof of quality.
		assert_eq!(Quality::score(Counters::default(), 0).tier, Tier::B);
		assert_eq!(Quality::score(Counters::default(), 0).total, Permill::one());
		let proven = Counters { checked: 3, ..Default::default() };
		assert_eq!(Quality::score(proven, 0).tier, Tier::A);
		// Four or more hits empty the compliance score; failures beyond checks floor at 0.
		let bad = Counters { checked: 1, failed: 3, lapses: 9, ..Default::default() };
		let s = Quality::score(bad, 0);
		assert_eq!((s.quality, s.compliance), (Permill::zero(), Permill::zero()));
		assert_eq!(s.total, Permill::from_percent(50));
		assert_eq!(s.tier, Tier::D);
	});
}

#[test]
fn thresholds_are_set_by_governance() {
	ExtBuilder::build_and_execute(|| {
		let t = TierThresholds {
			a: Permill::from_percent(95),
			b: Permill::from_percent(80),
			c: Permill::from_percent(70),
		};
		assert_noop!(
			Quality::set_thresholds(signed(BUYER_QA), t),
			sp_runtime::DispatchError::BadOrigin
		);
		let bad = TierThresholds {
			a: Permill::from_percent(70),
			b: Permill::from_percent(80),
			c: Permill::from_percent(60),
		};
		assert_noop!(
			Quality::set_thresholds(frame_system::RawOrigin::Root.into(), bad),
			Error::<Test>::InvalidThresholds
		);
		assert_ok!(Quality::set_thresholds(frame_system::RawOrigin::Root.into(), t));
		assert_eq!(events(), vec![Event::ThresholdsSet { thresholds: t }]);
		let c = Counters { checked: 10, failed: 1, ..Default::default() };
		// 0.4·0.9 + 0.6 = 0.96 → A under 95 %.
		assert_eq!(Quality::score(c, 0).tier, Tier::A);
	});
}

fn receive() -> bool {
	<Quality as QcHook>::on_received(&ReceiptContext {
		lot: &LotId::truncate_from(b"L".to_vec()),
		product: &product(),
		producer: SUPPLIER,
		from: SUPPLIER,
		to: BUYER,
		carrier: None,
		shipment: 0,
		promised_at: 10,
		promise_agreed: true,
		received_at: 5,
	})
	.quarantine
}

#[test]
fn tiers_drive_quarantine_and_skip_lot() {
	ExtBuilder::build_and_execute(|| {
		active_agreement();
		let lot = LotId::truncate_from(b"L".to_vec());
		// A new pair has no history: tier B, so even a skip-lot agreement needs QC for release.
		assert_eq!(Quality::pair_scorecard(BUYER, SUPPLIER).tier, Tier::B);
		assert!(<Quality as QcHook>::qc_required_for_release(&lot, &product(), SUPPLIER, BUYER));
		// Three conforming lots later: tier A, and skip-lot applies.
		for i in 0..3 {
			let l = LotId::truncate_from(alloc::format!("OK{i}").into_bytes());
			qc_on(&l, &[param("PURITY", 990, "0.1%"), param("ENDOTOX", 1, "cEU/mg")], BUYER);
		}
		assert!(!<Quality as QcHook>::qc_required_for_release(&lot, &product(), SUPPLIER, BUYER));
		assert!(!receive());
		// Six failed checks of nine: quality 1/3 → total ≈ 0.73 → C.
		for i in 0..6 {
			let l = LotId::truncate_from(alloc::format!("BAD{i}").into_bytes());
			qc_on(&l, &[param("PURITY", 1, "0.1%")], BUYER);
		}
		assert_eq!(Quality::scorecard(SUPPLIER).tier, Tier::C);
		assert!(receive(), "tier C lots arrive quarantined");
		assert!(<Quality as QcHook>::qc_required_for_release(&lot, &product(), SUPPLIER, BUYER));
		// Other buyers without an agreement: release always needs QC.
		assert!(<Quality as QcHook>::qc_required_for_release(&lot, &product(), SUPPLIER, OTHER));
		events();
	});
}

#[test]
fn credential_lapses_and_the_window() {
	ExtBuilder::build_and_execute(|| {
		<Quality as OnCredentialLapse>::on_credential_lapse(
			SUPPLIER,
			bioledger_primitives::CredentialKind::GMP_CERTIFICATE,
			1_000,
		);
		assert_eq!(Quality::scorecard(SUPPLIER).counters.lapses, 1);
		// Twelve 30-day buckets later the lapse is out of the window.
		Timestamp::set_timestamp(1_000 + 12 * 30 * DAY);
		assert_eq!(Quality::scorecard(SUPPLIER).counters.lapses, 0);
		<Quality as OnCredentialLapse>::on_credential_lapse(
			SUPPLIER,
			bioledger_primitives::CredentialKind::GMP_CERTIFICATE,
			0,
		);
		assert_eq!(SupplierCounters::<Test>::get(SUPPLIER).len(), 1, "old buckets dropped");
	});
}
