//! Automatic conformance checks through the `QcHook`.

use crate::{mock::*, *};
use bioledger_primitives::{
	ExcursionContext, LotId, QcContext, QcHook, QcParam, QcVerdict, ReceiptContext,
};

fn lot() -> LotId {
	b"LOT-1".to_vec().try_into().unwrap()
}

pub fn qc(params: &[QcParam], owner: OrgId) -> QcVerdict {
	qc_on(&lot(), params, owner)
}

/// A QC result on `lot` (each lot counts once per agreement).
pub fn qc_on(lot: &LotId, params: &[QcParam], owner: OrgId) -> QcVerdict {
	<Quality as QcHook>::on_qc_result(&QcContext {
		lot,
		origin: lot,
		product: &product(),
		producer: SUPPLIER,
		owner,
		tested_by: owner,
		index: 0,
		params,
		coa: [1; 32],
		at: Timestamp::now(),
		committed: &[],
	})
}

#[test]
fn conforming_result_passes() {
	ExtBuilder::build_and_execute(|| {
		let id = active_agreement();
		events();
		assert_eq!(
			qc(&[param("PURITY", 985, "0.1%"), param("ENDOTOX", 30, "cEU/mg")], BUYER),
			QcVerdict::Pass
		);
		assert_eq!(events(), vec![Event::Conforming { lot: lot(), agreement: id }]);
		// Boundaries are inclusive.
		assert_eq!(
			qc(&[param("PURITY", 980, "0.1%"), param("ENDOTOX", 50, "cEU/mg")], BUYER),
			QcVerdict::Pass
		);
		events();
	});
}

#[test]
fn each_failing_item_is_recorded() {
	ExtBuilder::build_and_execute(|| {
		let id = active_agreement();
		let t = terms();
		assert_eq!(
			Quality::check(&t, &[param("PURITY", 979, "0.1%"), param("ENDOTOX", 30, "cEU/mg")])[0]
				.reason,
			FailReason::BelowMin
		);
		assert_eq!(
			Quality::check(&t, &[param("PURITY", 990, "0.1%"), param("ENDOTOX", 51, "cEU/mg")])[0]
				.reason,
			FailReason::AboveMax
		);
		assert_eq!(
			Quality::check(&t, &[param("PURITY", 990, "%"), param("ENDOTOX", 30, "cEU/mg")])[0]
				.reason,
			FailReason::UnitMismatch
		);
		assert_eq!(
			Quality::check(&t, &[param("PURITY", 990, "0.1%")])[0].reason,
			FailReason::Missing
		);
		events();
		assert_eq!(
			qc(&[param("PURITY", 975, "0.1%"), param("ENDOTOX", 70, "cEU/mg")], BUYER),
			QcVerdict::Fail
		);
		assert_eq!(
			events(),
			vec![Event::NonconformanceOpened {
				nc: 0,
				lot: lot(),
				agreement: id,
				supplier: SUPPLIER
			}]
		);
		let nc = Nonconformances::<Test>::get(0).unwrap();
		assert_eq!(nc.failed.len(), 2);
		assert_eq!(
			nc.failed[1],
			FailedItem {
				code: code("ENDOTOX"),
				value: Some(70),
				min: None,
				max: Some(50),
				reason: FailReason::AboveMax
			}
		);
		assert_eq!(Quality::open_nonconformances(SUPPLIER).len(), 1);
		assert_eq!(Quality::open_nonconformances(BUYER).len(), 1);
	});
}

#[test]
fn without_an_agreement_nothing_is_checked() {
	ExtBuilder::build_and_execute(|| {
		active_agreement();
		events();
		// Tested while the supplier still owns it: no agreement of the supplier with itself.
		assert_eq!(qc(&[param("PURITY", 1, "0.1%")], SUPPLIER), QcVerdict::NotChecked);
		assert_eq!(qc(&[param("PURITY", 1, "0.1%")], OTHER), QcVerdict::NotChecked);
		assert_eq!(events(), vec![]);
	});
}

fn excursion(duration_secs: u32, carrier: Option<OrgId>) -> bool {
	<Quality as QcHook>::on_excursion(&ExcursionContext {
		lot: &lot(),
		origin: &lot(),
		product: &product(),
		producer: SUPPLIER,
		owner: SUPPLIER,
		custodian: SUPPLIER,
		carrier,
		consignee: Some(BUYER),
		// One shipment per report here (a lot's excursion counts once per shipment).
		shipment: Some(duration_secs as u64),
		observed: (850, 950),
		duration_secs,
		at: Timestamp::now(),
	})
}

#[test]
fn excursions_are_tolerated_up_to_the_agreed_duration_and_charged_as_agreed() {
	ExtBuilder::build_and_execute(|| {
		let id = active_agreement();
		events();
		assert!(excursion(1_800, Some(CARRIER)));
		assert!(!excursion(1_801, Some(CARRIER)));
		assert_eq!(
			events(),
			vec![
				Event::ExcursionAssessed {
					lot: lot(),
					agreement: id,
					tolerated: true,
					liable: SUPPLIER
				},
				Event::ExcursionAssessed {
					lot: lot(),
					agreement: id,
					tolerated: false,
					liable: SUPPLIER
				},
			]
		);
		assert_eq!(Quality::scorecard(SUPPLIER).counters.failed, 1);
		// An amendment that puts the carrier on the hook.
		let mut t = terms();
		t.excursion_liability = Liability::Carrier;
		assert_ok_amend(id, t);
		events();
		assert!(!excursion(3_600, Some(CARRIER)));
		assert_eq!(Quality::scorecard(CARRIER).counters.failed, 1);
		assert_eq!(Quality::scorecard(SUPPLIER).counters.failed, 1);
		events();
	});
}

fn assert_ok_amend(id: AgreementId, t: TermsOf<Test>) {
	frame_support::assert_ok!(Quality::amend(signed(BUYER_QA), id, t));
	seal_both(id + 1);
}

#[test]
fn deliveries_count_on_time() {
	ExtBuilder::build_and_execute(|| {
		active_agreement();
		let receive = |promised_at, received_at, promise_agreed| {
			<Quality as QcHook>::on_received(&ReceiptContext {
				lot: &lot(),
				product: &product(),
				producer: SUPPLIER,
				from: SUPPLIER,
				to: BUYER,
				carrier: None,
				shipment: 0,
				promised_at,
				promise_agreed,
				received_at,
			})
		};
		assert!(!receive(10, 10, true).quarantine);
		assert!(!receive(10, 11, true).quarantine);
		let c = Quality::pair_scorecard(BUYER, SUPPLIER).counters;
		assert_eq!((c.deliveries, c.on_time), (2, 1));
		// A promise the receiver did not agree to is not scored, early or late.
		assert!(!receive(10, 5, false).quarantine);
		assert!(!receive(10, 50, false).quarantine);
		let c = Quality::pair_scorecard(BUYER, SUPPLIER).counters;
		assert_eq!((c.deliveries, c.on_time), (2, 1));
		events();
	});
}

#[test]
fn a_lot_counts_once_per_agreement() {
	ExtBuilder::build_and_execute(|| {
		active_agreement();
		let fail = [param("PURITY", 1, "0.1%")];
		for _ in 0..5 {
			assert_eq!(qc(&fail, BUYER), QcVerdict::Fail, "every retest is still checked");
		}
		let c = Quality::scorecard(SUPPLIER).counters;
		assert_eq!((c.checked, c.failed), (1, 1));
		assert_eq!(Quality::open_nonconformances(SUPPLIER).len(), 1);
		// Another lot counts on its own.
		let other: LotId = b"LOT-2".to_vec().try_into().unwrap();
		qc_on(&other, &fail, BUYER);
		assert_eq!(Quality::scorecard(SUPPLIER).counters.checked, 2);
		events();
	});
}

#[test]
fn an_excursion_counts_once_per_lot_and_shipment() {
	ExtBuilder::build_and_execute(|| {
		active_agreement();
		let report = |shipment| {
			<Quality as QcHook>::on_excursion(&ExcursionContext {
				lot: &lot(),
				origin: &lot(),
				product: &product(),
				producer: SUPPLIER,
				owner: BUYER,
				custodian: SUPPLIER,
				carrier: None,
				consignee: Some(BUYER),
				shipment,
				observed: (900, 1_000),
				duration_secs: 100_000,
				at: Timestamp::now(),
			})
		};
		for _ in 0..3 {
			assert!(!report(Some(4)));
		}
		assert_eq!(Quality::scorecard(SUPPLIER).counters.failed, 1);
		report(Some(5));
		report(None);
		assert_eq!(Quality::scorecard(SUPPLIER).counters.failed, 3);
		events();
	});
}
