//! The audit trail can be recomputed from the events that name the lot.

use crate::{mock::*, *};
use bioledger_primitives::QcVerdict;
use codec::Encode;
use frame_support::assert_ok;
use sp_runtime::traits::{BlakeTwo256, Hash};

/// Whether `event` belongs to `lot`'s trail: it names the lot, or (received/refused) a shipment
/// the lot was on.
fn names(event: &Event<Test>, lot: &LotId) -> bool {
	match event {
		Event::LotCreated { lot: l, .. }
		| Event::LotConsumed { lot: l }
		| Event::QcRecorded { lot: l, .. }
		| Event::StatusChanged { lot: l, .. }
		| Event::RecallStarted { lot: l, .. }
		| Event::LotRecalled { lot: l, .. }
		| Event::ColdChainExcursion { lot: l, .. }
		| Event::LotDestroyed { lot: l, .. }
		| Event::DocumentAnchored { lot: l, .. }
		| Event::LotLocked { lot: l, .. }
		| Event::LotUnlocked { lot: l, .. }
		| Event::TitleConsentSet { lot: l, .. }
		| Event::TitleTransferred { lot: l, .. } => l == lot,
		Event::Transformed { output, inputs, .. } => {
			output == lot || inputs.iter().any(|(i, _)| i == lot)
		},
		Event::Split { lot: l, parts } => l == lot || parts.iter().any(|(p, _)| p == lot),
		Event::Merged { inputs, output, .. } => output == lot || inputs.contains(lot),
		Event::Shipped { lots, .. } => lots.contains(lot),
		Event::Received { shipment, .. }
		| Event::Refused { shipment, .. }
		| Event::ShipmentCancelled { shipment, .. } => {
			Shipments::<Test>::get(shipment).is_some_and(|s| s.lots.contains(lot))
		},
		Event::RecallCompleted { .. }
		| Event::ContractLabSet { .. }
		| Event::PromiseAgreed { .. } => false,
		Event::__Ignore(..) => false,
	}
}

fn recompute(log: &[Event<Test>], lot: &LotId) -> Trail {
	log.iter().filter(|e| names(e, lot)).fold(Trail::default(), |t, e| {
		let mut data = t.head.to_vec();
		data.extend(e.encode());
		Trail { head: BlakeTwo256::hash(&data).into(), count: t.count + 1 }
	})
}

#[test]
fn trail_matches_the_event_history() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 10);
		create(SUP_OP, "EXC-1", "EXC", 10);
		VERDICT.with(|v| *v.borrow_mut() = QcVerdict::Pass);
		assert_ok!(Provenance::record_qc_result(
			signed(SUP_QA),
			id("API-1"),
			vec![param("PURITY", 990, "0.1%")].try_into().unwrap(),
			[1; 32]
		));
		assert_ok!(Provenance::set_status(signed(SUP_QA), id("API-1"), LotStatus::Released));
		assert_ok!(Provenance::transform(
			signed(SUP_OP),
			vec![output("DS-1", "DS", kg(5), &[("API-1", 4_000_000), ("EXC-1", 1_000_000)])]
				.try_into()
				.unwrap()
		));
		assert_ok!(Provenance::ship(
			signed(SUP_OP),
			vec![id("DS-1"), id("API-1")].try_into().unwrap(),
			CDMO,
			None,
			50_000,
			true
		));
		assert_ok!(Provenance::receive(signed(CDMO_OP), 0, 2));
		assert_ok!(Provenance::add_document(
			signed(CDMO_OP),
			id("DS-1"),
			DocKind::ShippingDoc,
			[2; 32]
		));
		assert_ok!(Provenance::recall(signed(SUP_QA), id("API-1"), [3; 32]));
		next_blocks(2);
		let log = events();
		for lot in ["API-1", "EXC-1", "DS-1"] {
			let stored = Lots::<Test>::get(id(lot)).unwrap().trail;
			assert_eq!(recompute(&log, &id(lot)), stored, "trail of {lot}");
		}
		// Transformed, Shipped, Received, DocumentAnchored, LotRecalled.
		assert_eq!(Lots::<Test>::get(id("DS-1")).unwrap().trail.count, 5);
		// A forged history (one event dropped) does not match.
		let forged: Vec<_> = log
			.iter()
			.filter(|e| !matches!(e, Event::DocumentAnchored { .. }))
			.cloned()
			.collect();
		assert_ne!(recompute(&forged, &id("DS-1")), Lots::<Test>::get(id("DS-1")).unwrap().trail);
	});
}
