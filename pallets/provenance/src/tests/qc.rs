//! QC results, QA status, release rules, cold chain.

use crate::{mock::*, *};
use bioledger_primitives::QcVerdict;
use frame_support::{assert_noop, assert_ok, BoundedVec};

fn params() -> BoundedVec<QcParam, <Test as Config>::MaxQcParams> {
	vec![param("PURITY", 985, "0.1%"), param("ENDOTOX", 30, "cEU/mg")]
		.try_into()
		.unwrap()
}

#[test]
fn qc_pass_then_release() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 5);
		events();
		assert_noop!(
			Provenance::set_status(signed(SUP_QA), id("API-1"), LotStatus::Released),
			Error::<Test>::QcMissing
		);
		VERDICT.with(|v| *v.borrow_mut() = QcVerdict::Pass);
		assert_ok!(Provenance::record_qc_result(signed(SUP_QA), id("API-1"), params(), [5; 32]));
		assert_ok!(Provenance::set_status(signed(SUP_QA), id("API-1"), LotStatus::Released));
		assert_eq!(
			events(),
			vec![
				Event::QcRecorded {
					lot: id("API-1"),
					index: 0,
					tested_by: SUPPLIER,
					verdict: QcVerdict::Pass
				},
				Event::StatusChanged {
					lot: id("API-1"),
					from: LotStatus::Active,
					to: LotStatus::Released
				},
			]
		);
		assert_eq!(QcResults::<Test>::get(id("API-1"), 0).unwrap().params, params());
	});
}

#[test]
fn failing_qc_quarantines_and_blocks_release() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 5);
		VERDICT.with(|v| *v.borrow_mut() = QcVerdict::Fail);
		events();
		assert_ok!(Provenance::record_qc_result(signed(SUP_QA), id("API-1"), params(), [5; 32]));
		assert_eq!(
			events(),
			vec![
				Event::QcRecorded {
					lot: id("API-1"),
					index: 0,
					tested_by: SUPPLIER,
					verdict: QcVerdict::Fail
				},
				Event::StatusChanged {
					lot: id("API-1"),
					from: LotStatus::Active,
					to: LotStatus::Quarantined
				},
			]
		);
		// Even with skip-lot allowed, a failed lot is not released.
		QC_REQUIRED.with(|q| *q.borrow_mut() = false);
		assert_noop!(
			Provenance::set_status(signed(SUP_QA), id("API-1"), LotStatus::Released),
			Error::<Test>::QcMissing
		);
		// A retest that passes allows it again.
		VERDICT.with(|v| *v.borrow_mut() = QcVerdict::Pass);
		assert_ok!(Provenance::record_qc_result(signed(SUP_QA), id("API-1"), params(), [6; 32]));
		assert_ok!(Provenance::set_status(signed(SUP_QA), id("API-1"), LotStatus::Released));
		events();
	});
}

#[test]
fn skip_lot_release_without_qc() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 5);
		QC_REQUIRED.with(|q| *q.borrow_mut() = false);
		assert_ok!(Provenance::set_status(signed(SUP_QA), id("API-1"), LotStatus::Released));
		events();
	});
}

#[test]
fn contract_lab_records_results() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 5);
		events();
		assert_noop!(
			Provenance::record_qc_result(signed(LAB_QA), id("API-1"), params(), [5; 32]),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(Provenance::set_contract_lab(signed(SUP_ADMIN), LAB, true));
		assert_ok!(Provenance::record_qc_result(signed(LAB_QA), id("API-1"), params(), [5; 32]));
		NO_CREDENTIALS.with(|n| n.borrow_mut().push(LAB));
		assert_noop!(
			Provenance::record_qc_result(signed(LAB_QA), id("API-1"), params(), [5; 32]),
			Error::<Test>::MissingCredential
		);
		assert_ok!(Provenance::set_contract_lab(signed(SUP_ADMIN), LAB, false));
		assert_noop!(
			Provenance::set_contract_lab(signed(SUP_ADMIN), SUPPLIER, true),
			Error::<Test>::SameOrg
		);
		assert_noop!(
			Provenance::set_contract_lab(signed(SUP_ADMIN), SUSPENDED, true),
			Error::<Test>::InactiveOrg
		);
		assert_noop!(
			Provenance::set_contract_lab(signed(SUP_OP), LAB, true),
			Error::<Test>::NotAuthorized
		);
		assert_eq!(
			events(),
			vec![
				Event::ContractLabSet { owner: SUPPLIER, lab: LAB, allowed: true },
				Event::QcRecorded {
					lot: id("API-1"),
					index: 0,
					tested_by: LAB,
					verdict: QcVerdict::NotChecked
				},
				Event::ContractLabSet { owner: SUPPLIER, lab: LAB, allowed: false },
			]
		);
	});
}

#[test]
fn qc_and_status_errors() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 5);
		assert_noop!(
			Provenance::record_qc_result(signed(SUP_QA), id("NOPE"), params(), [5; 32]),
			Error::<Test>::LotNotFound
		);
		assert_noop!(
			Provenance::record_qc_result(signed(SUP_QA), id("API-1"), Default::default(), [5; 32]),
			Error::<Test>::Empty
		);
		assert_noop!(
			Provenance::record_qc_result(signed(SUP_OP), id("API-1"), params(), [5; 32]),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Provenance::set_status(signed(CDMO_QA), id("API-1"), LotStatus::Quarantined),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			Provenance::set_status(signed(SUP_QA), id("API-1"), LotStatus::Consumed),
			Error::<Test>::InvalidStatus
		);
		assert_noop!(
			Provenance::set_status(signed(SUP_QA), id("NOPE"), LotStatus::Quarantined),
			Error::<Test>::LotNotFound
		);
		VERDICT.with(|v| *v.borrow_mut() = QcVerdict::Pass);
		assert_ok!(Provenance::record_qc_result(signed(SUP_QA), id("API-1"), params(), [5; 32]));
		NO_CREDENTIALS.with(|n| n.borrow_mut().push(SUPPLIER));
		assert_noop!(
			Provenance::set_status(signed(SUP_QA), id("API-1"), LotStatus::Released),
			Error::<Test>::MissingCredential
		);
		NO_CREDENTIALS.with(|n| n.borrow_mut().clear());
		Timestamp::set_timestamp(YEAR);
		assert_noop!(
			Provenance::set_status(signed(SUP_QA), id("API-1"), LotStatus::Released),
			Error::<Test>::Expired
		);
		assert_ok!(Provenance::destroy(signed(SUP_OP), id("API-1")));
		assert_noop!(
			Provenance::record_qc_result(signed(SUP_QA), id("API-1"), params(), [5; 32]),
			Error::<Test>::InvalidStatus
		);
		events();
	});
}

#[test]
fn excursion_quarantines_in_the_same_block() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 5);
		events();
		// 9.5 °C for 40 minutes against 2–8 °C.
		assert_ok!(Provenance::report_excursion(
			signed(SUP_SENSOR),
			id("API-1"),
			410,
			950,
			2_400,
			[8; 32]
		));
		assert_eq!(
			events(),
			vec![
				Event::ColdChainExcursion {
					lot: id("API-1"),
					min: 410,
					max: 950,
					duration_secs: 2_400,
					evidence: [8; 32],
					quarantined: true
				},
				Event::StatusChanged {
					lot: id("API-1"),
					from: LotStatus::Active,
					to: LotStatus::Quarantined
				},
			]
		);
		assert_eq!(Lots::<Test>::get(id("API-1")).unwrap().status, LotStatus::Quarantined);
	});
}

#[test]
fn tolerated_excursion_and_in_transit_excursion() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 5);
		TOLERATE.with(|t| *t.borrow_mut() = true);
		assert_ok!(Provenance::report_excursion(
			signed(SUP_SENSOR),
			id("API-1"),
			150,
			700,
			600,
			[8; 32]
		));
		assert_eq!(Lots::<Test>::get(id("API-1")).unwrap().status, LotStatus::Active);
		TOLERATE.with(|t| *t.borrow_mut() = false);
		// On the road, the carrier's gateway reports; the lot arrives quarantined.
		assert_ok!(Provenance::ship(
			signed(SUP_OP),
			vec![id("API-1")].try_into().unwrap(),
			CDMO,
			Some(CARRIER),
			50_000,
			true
		));
		assert_ok!(Provenance::report_excursion(
			signed(CARRIER_SENSOR),
			id("API-1"),
			900,
			1_200,
			1_800,
			[9; 32]
		));
		assert_eq!(
			Lots::<Test>::get(id("API-1")).unwrap().held_status,
			Some(LotStatus::Quarantined)
		);
		assert_ok!(Provenance::receive(signed(CDMO_OP), 0, 1));
		assert_eq!(Lots::<Test>::get(id("API-1")).unwrap().status, LotStatus::Quarantined);
		let ev = events();
		assert!(ev
			.iter()
			.any(|e| matches!(e, Event::ColdChainExcursion { quarantined: false, .. })));
		assert!(ev
			.iter()
			.any(|e| matches!(e, Event::ColdChainExcursion { quarantined: true, .. })));
	});
}

#[test]
fn excursion_errors() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 5);
		assert_ok!(Provenance::create_lot(
			signed(SUP_OP),
			id("AMBIENT"),
			product("EXC"),
			kg(1),
			YEAR,
			None
		));
		assert_noop!(
			Provenance::report_excursion(signed(SUP_OP), id("API-1"), 0, 900, 60, [0; 32]),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Provenance::report_excursion(signed(CDMO_SENSOR), id("API-1"), 0, 900, 60, [0; 32]),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Provenance::report_excursion(signed(SUP_SENSOR), id("NOPE"), 0, 900, 60, [0; 32]),
			Error::<Test>::LotNotFound
		);
		assert_noop!(
			Provenance::report_excursion(signed(SUP_SENSOR), id("AMBIENT"), 0, 900, 60, [0; 32]),
			Error::<Test>::NoStorageCondition
		);
		assert_noop!(
			Provenance::report_excursion(signed(SUP_SENSOR), id("API-1"), 300, 700, 60, [0; 32]),
			Error::<Test>::InvalidRange
		);
		assert_noop!(
			Provenance::report_excursion(signed(SUP_SENSOR), id("API-1"), 900, 100, 60, [0; 32]),
			Error::<Test>::InvalidRange
		);
		events();
	});
}

/// Calls that consult the quality rules declare the rules' own weight on top of theirs.
#[test]
fn hook_weights_are_charged() {
	use frame_support::dispatch::GetDispatchInfo;
	let qc = Call::<Test>::record_qc_result { lot: id("API-1"), params: params(), coa: [5; 32] };
	assert_eq!(
		qc.get_dispatch_info().call_weight,
		<() as WeightInfo>::record_qc_result(2)
			.saturating_add(MockQc::on_qc_result_weight(2))
			.saturating_add(<() as WeightInfo>::check_ancestry(SPLIT_ORIGIN_DEPTH))
			.saturating_add(MockLockHooks::on_locked_lot_changed_weight())
	);
	// `receive` is charged for the lots its witness names, at most `MaxLotsPerShipment`.
	let max: u32 = <<Test as Config>::MaxLotsPerShipment as frame_support::traits::Get<u32>>::get();
	for (witness, charged) in [(1, 1), (3, 3), (max, max), (u32::MAX, max)] {
		assert_eq!(
			Call::<Test>::receive { shipment: 0, lots: witness }
				.get_dispatch_info()
				.call_weight,
			<() as WeightInfo>::receive(charged)
				.saturating_add(MockQc::on_received_weight().saturating_mul(charged.into()))
		);
		assert_eq!(
			Call::<Test>::refuse { shipment: 0, lots: witness }
				.get_dispatch_info()
				.call_weight,
			<() as WeightInfo>::refuse(charged)
		);
	}
	assert_eq!(
		Call::<Test>::report_excursion {
			lot: id("API-1"),
			min: 0,
			max: 900,
			duration_secs: 60,
			evidence: [1; 32]
		}
		.get_dispatch_info()
		.call_weight,
		<() as WeightInfo>::report_excursion()
			.saturating_add(MockQc::on_excursion_weight())
			.saturating_add(<() as WeightInfo>::check_ancestry(SPLIT_ORIGIN_DEPTH))
			.saturating_add(MockLockHooks::on_locked_lot_changed_weight())
	);
	assert!(Call::<Test>::set_status { lot: id("API-1"), status: LotStatus::Released }
		.get_dispatch_info()
		.call_weight
		.all_gte(MockQc::qc_required_for_release_weight()));
}
