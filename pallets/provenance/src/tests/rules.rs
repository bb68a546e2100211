//! Trust round 3 in provenance: lot deposits, merge keeps the producer, inputs that expired,
//! release after nonconformances, the agreed storage range and release party, shipments a
//! receiver leaves unanswered, QC results per lot, and fair recall walks.

use crate::{mock::*, *};
use bioledger_primitives::QcVerdict;
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};

fn held(who: u64) -> u64 {
	<Balances as InspectHold<u64>>::balance_on_hold(&HoldReason::LotDeposit.into(), &who)
}

fn ship_one(lot: &str, to: OrgId, sale: bool) -> DispatchResultWithPostInfo {
	Provenance::ship(signed(SUP_OP), vec![id(lot)].try_into().unwrap(), to, None, 50_000, sale)
}

#[test]
fn a_lot_holds_a_deposit_until_it_is_used_up_or_destroyed() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "A", "API", 10);
		assert_eq!(held(SUP_OP), LOT_DEPOSIT);
		assert_eq!(LotDeposits::<Test>::get(id("A")), Some((SUP_OP, LOT_DEPOSIT)));
		// Split into two parts: two more deposits; the source is used up and gives its back.
		assert_ok!(Provenance::split(
			signed(SUP_OP),
			id("A"),
			vec![(id("A1"), 4_000_000), (id("A2"), 6_000_000)].try_into().unwrap()
		));
		assert_eq!(held(SUP_OP), 2 * LOT_DEPOSIT);
		assert!(LotDeposits::<Test>::get(id("A")).is_none());
		// Destroying a part gives its deposit back.
		assert_ok!(Provenance::destroy(signed(SUP_OP), id("A1")));
		assert_eq!(held(SUP_OP), LOT_DEPOSIT);
		// An account that cannot hold the deposit makes no lot.
		assert_ok!(Provenance::create_lot(
			signed(POOR),
			id("P1"),
			product("API"),
			kg(1),
			YEAR,
			None
		));
		assert_noop!(
			Provenance::create_lot(signed(POOR), id("P2"), product("API"), kg(1), YEAR, None),
			Error::<Test>::InsufficientDeposit
		);
		assert_noop!(
			Provenance::split(
				signed(POOR),
				id("P1"),
				vec![(id("P3"), 1), (id("P4"), 1)].try_into().unwrap()
			),
			Error::<Test>::InsufficientDeposit
		);
	});
}

#[test]
fn a_merge_keeps_the_producer_and_the_tightest_range() {
	ExtBuilder::build_and_execute(|| {
		// The CDMO holds two lots the supplier made and one it made itself.
		create(SUP_OP, "S1", "API", 1);
		create(SUP_OP, "S2", "API", 1);
		assert_ok!(Provenance::create_lot(
			signed(SUP_OP),
			id("S3"),
			product("API"),
			kg(1),
			YEAR,
			Some(TemperatureRange { min: 300, max: 2_500 })
		));
		create(CDMO_OP, "C1", "API", 1);
		for lot in ["S1", "S2", "S3"] {
			assert_ok!(ship_one(lot, CDMO, true));
		}
		let shipments = NextShipmentId::<Test>::get();
		for s in 0..shipments {
			assert_ok!(Provenance::receive(signed(CDMO_OP), s, 1));
		}
		// Blending lots of two producers would make the merger a producer: refused.
		assert_noop!(
			Provenance::merge(
				signed(CDMO_OP),
				vec![id("S1"), id("C1")].try_into().unwrap(),
				id("M")
			),
			Error::<Test>::ProducerMismatch
		);
		// A merge of one producer's lots stays that producer's, within every input's range.
		assert_ok!(Provenance::merge(
			signed(CDMO_OP),
			vec![id("S1"), id("S2"), id("S3")].try_into().unwrap(),
			id("M")
		));
		let m = Lots::<Test>::get(id("M")).unwrap();
		assert_eq!(m.producer, SUPPLIER);
		assert_eq!(m.storage, Some(TemperatureRange { min: 300, max: 800 }));
		// Blending is manufacturing: without GMP, no merge.
		create(CDMO_OP, "C2", "API", 1);
		NO_CREDENTIALS.with(|n| n.borrow_mut().push(CDMO));
		assert_noop!(
			Provenance::merge(
				signed(CDMO_OP),
				vec![id("C1"), id("C2")].try_into().unwrap(),
				id("N")
			),
			Error::<Test>::MissingCredential
		);
	});
}

#[test]
fn ranges_that_do_not_meet_and_expired_inputs_are_refused() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "W", "API", 1);
		assert_ok!(Provenance::create_lot(
			signed(SUP_OP),
			id("F"),
			product("API"),
			kg(1),
			YEAR,
			Some(TemperatureRange { min: -2_000, max: -1_000 })
		));
		assert_noop!(
			Provenance::merge(signed(SUP_OP), vec![id("W"), id("F")].try_into().unwrap(), id("M")),
			Error::<Test>::InvalidRange
		);
		// What is made from an input may not outlive it.
		assert_ok!(Provenance::create_lot(
			signed(SUP_OP),
			id("SHORT"),
			product("API"),
			kg(1),
			2_000_000,
			None
		));
		let mut o = output("OUT", "VIAL", kg(1), &[("SHORT", 1_000)]);
		o.expires_at = 2_000_001;
		assert_noop!(
			Provenance::transform(signed(SUP_OP), vec![o].try_into().unwrap()),
			Error::<Test>::InvalidExpiry
		);
		// Once expired, an input is not consumed at all.
		Timestamp::set_timestamp(2_000_000);
		let mut o = output("OUT", "VIAL", kg(1), &[("SHORT", 1_000)]);
		o.expires_at = YEAR;
		assert_noop!(
			Provenance::transform(signed(SUP_OP), vec![o].try_into().unwrap()),
			Error::<Test>::Expired
		);
		assert_ok!(Provenance::create_lot(
			signed(SUP_OP),
			id("SHORT2"),
			product("API"),
			kg(1),
			3_000_000,
			None
		));
		Timestamp::set_timestamp(3_000_000);
		assert_noop!(
			Provenance::merge(
				signed(SUP_OP),
				vec![id("W"), id("SHORT2")].try_into().unwrap(),
				id("M2")
			),
			Error::<Test>::Expired
		);
	});
}

#[test]
fn release_waits_for_open_nonconformances() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "L", "API", 1);
		assert_ok!(Provenance::record_qc_result(
			signed(SUP_QA),
			id("L"),
			vec![param("ASSAY", 990, "0.1%")].try_into().unwrap(),
			[1; 32]
		));
		OPEN_NCS.with(|o| o.borrow_mut().push(id("L")));
		assert_noop!(
			Provenance::set_status(signed(SUP_QA), id("L"), LotStatus::Released),
			Error::<Test>::OpenNonconformance
		);
		// A part split off it waits for the same nonconformance.
		assert_ok!(Provenance::split(
			signed(SUP_OP),
			id("L"),
			vec![(id("L1"), 1_000)].try_into().unwrap()
		));
		assert_noop!(
			Provenance::set_status(signed(SUP_QA), id("L1"), LotStatus::Released),
			Error::<Test>::OpenNonconformance
		);
		OPEN_NCS.with(|o| o.borrow_mut().clear());
		assert_ok!(Provenance::set_status(signed(SUP_QA), id("L1"), LotStatus::Released));
	});
}

#[test]
fn the_buyer_releases_where_the_agreement_says_so() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "L", "API", 1);
		VERDICT.with(|v| *v.borrow_mut() = QcVerdict::NotChecked);
		assert_ok!(Provenance::record_qc_result(
			signed(SUP_QA),
			id("L"),
			vec![param("ASSAY", 990, "0.1%")].try_into().unwrap(),
			[1; 32]
		));
		assert_ok!(Provenance::set_status(signed(SUP_QA), id("L"), LotStatus::Released));
		// The agreement makes the buyer's QA release: the supplier's release and its own
		// unchecked result do not travel with the goods.
		DROP_RELEASE_ON_RECEIPT.with(|d| *d.borrow_mut() = true);
		assert_ok!(ship_one("L", CDMO, true));
		assert_ok!(Provenance::receive(signed(CDMO_OP), 0, 1));
		let lot = Lots::<Test>::get(id("L")).unwrap();
		assert_eq!((lot.status, lot.qc.passed), (LotStatus::Active, false));
		assert_noop!(
			Provenance::set_status(signed(CDMO_QA), id("L"), LotStatus::Released),
			Error::<Test>::QcMissing
		);
		// Its own passing inspection releases it.
		VERDICT.with(|v| *v.borrow_mut() = QcVerdict::Pass);
		assert_ok!(Provenance::record_qc_result(
			signed(CDMO_QA),
			id("L"),
			vec![param("ASSAY", 990, "0.1%")].try_into().unwrap(),
			[2; 32]
		));
		assert_ok!(Provenance::set_status(signed(CDMO_QA), id("L"), LotStatus::Released));
	});
}

#[test]
fn excursions_are_judged_against_the_agreed_range() {
	ExtBuilder::build_and_execute(|| {
		// The producer chose 2–25 °C for its lot; the agreement says 2–8 °C.
		assert_ok!(Provenance::create_lot(
			signed(SUP_OP),
			id("L"),
			product("API"),
			kg(1),
			YEAR,
			Some(TemperatureRange { min: 200, max: 2_500 })
		));
		assert_noop!(
			Provenance::report_excursion(signed(SUP_SENSOR), id("L"), 900, 1_200, 600, [1; 32]),
			Error::<Test>::InvalidRange
		);
		AGREED_STORAGE.with(|s| *s.borrow_mut() = Some(TemperatureRange::COLD_CHAIN));
		assert_ok!(Provenance::report_excursion(
			signed(SUP_SENSOR),
			id("L"),
			900,
			1_200,
			600,
			[1; 32]
		));
		assert_eq!(Lots::<Test>::get(id("L")).unwrap().status, LotStatus::Quarantined);
	});
}

#[test]
fn a_shipment_left_unanswered_can_be_taken_back_after_the_timeout() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "L", "API", 1);
		assert_ok!(ship_one("L", CDMO, true));
		// The receiver is active and the promise (50 s) is recent: the sender must wait.
		assert_noop!(
			Provenance::cancel_shipment(signed(SUP_OP), 0, 1),
			Error::<Test>::ReceiverActive
		);
		Timestamp::set_timestamp(50_000 + 14 * DAY - 1);
		assert_noop!(
			Provenance::cancel_shipment(signed(SUP_OP), 0, 1),
			Error::<Test>::ReceiverActive
		);
		Timestamp::set_timestamp(50_000 + 14 * DAY);
		assert_ok!(Provenance::cancel_shipment(signed(SUP_OP), 0, 1));
		let lot = Lots::<Test>::get(id("L")).unwrap();
		assert_eq!((lot.status, lot.owner, lot.custodian), (LotStatus::Active, SUPPLIER, SUPPLIER));
	});
}

#[test]
fn a_lot_carries_a_bounded_number_of_qc_results() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "L", "API", 1);
		let result = || {
			Provenance::record_qc_result(
				signed(SUP_QA),
				id("L"),
				vec![param("ASSAY", 990, "0.1%")].try_into().unwrap(),
				[1; 32],
			)
		};
		for _ in 0..3 {
			assert_ok!(result());
		}
		assert_noop!(result(), Error::<Test>::TooManyQcResults);
	});
}

#[test]
fn producers_recall_walks_share_the_budget() {
	ExtBuilder::build_and_execute(|| {
		// The supplier's lot with 12 descendants (the walk budget is 5 per block) and, recalled
		// a block later, the CDMO's lot with one.
		create(SUP_OP, "BIG", "API", 1);
		let parts: Vec<(LotId, u128)> = (0..4).map(|i| (id(&format!("B{i}")), 1_000)).collect();
		assert_ok!(Provenance::split(signed(SUP_OP), id("BIG"), parts.try_into().unwrap()));
		for i in 0..4 {
			let parts: Vec<(LotId, u128)> =
				(0..2).map(|j| (id(&format!("B{i}{j}")), 100)).collect();
			assert_ok!(Provenance::split(
				signed(SUP_OP),
				id(&format!("B{i}")),
				parts.try_into().unwrap()
			));
		}
		create(CDMO_OP, "SMALL", "API", 1);
		assert_ok!(Provenance::split(
			signed(CDMO_OP),
			id("SMALL"),
			vec![(id("S0"), 1)].try_into().unwrap()
		));
		assert_ok!(Provenance::recall(signed(SUP_QA), id("BIG"), [1; 32]));
		assert_ok!(Provenance::recall(signed(CDMO_QA), id("SMALL"), [2; 32]));
		// First in, first out would give the whole budget to the big walk for five blocks (25
		// units). Shared, the small walk (3 units) is done in its second block.
		next_blocks(2);
		let small = Recalls::<Test>::get(1).unwrap();
		assert!(small.completed_at.is_some(), "the small walk waited for the big one");
		assert!(Recalls::<Test>::get(0).unwrap().completed_at.is_none());
		next_blocks(6);
		assert!(Recalls::<Test>::get(0).unwrap().completed_at.is_some());
	});
}
