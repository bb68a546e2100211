//! Trust round 3 (issue 31): recalls that cannot be stalled, collateral that checks ancestry,
//! agreed quality rules enforced, and no cheap griefing. One test per finding, on the real
//! runtime; `docs/trust-model.md` (P9–P14, F13–F14, Q7–Q10, G13–G14) maps them.

use crate::world::*;
use bioledger_primitives::GatedAction;
use frame_support::traits::Get;

/// `lot` split into `n` parts of `kg` each, named `{lot}-{i}`, by the CDMO.
fn split(lot: &LotId, n: u32, kg: u128) -> Vec<LotId> {
	let parts: Vec<(LotId, u128)> = (0..n)
		.map(|i| (lot_id(&format!("{}-{i:x}", String::from_utf8_lossy(lot))), kg * KG))
		.collect();
	assert_ok!(Provenance::split(
		who("//Charlie//ops"),
		lot.clone(),
		parts.clone().try_into().unwrap()
	));
	parts.into_iter().map(|(l, _)| l).collect()
}

/// The CDMO builds a wide genealogy under `root` (`16^depth` leaves) and recalls it: a walk
/// that takes several blocks.
fn long_walk(root: &str, depth: u32) -> LotId {
	let root_lot = make(root, 16u128.pow(depth));
	let mut level = vec![root_lot.clone()];
	for d in (0..depth).rev() {
		level = level.iter().flat_map(|l| split(l, 16, 16u128.pow(d))).collect();
	}
	root_lot
}

fn walking(rid: u32) -> bool {
	pallet_provenance::Propagating::<Runtime>::get().contains(&rid)
		|| pallet_provenance::UrgentPropagating::<Runtime>::get().contains(&rid)
}

#[test]
fn a_descendant_a_running_recall_will_reach_is_neither_receipted_nor_pledged_meanwhile() {
	world().execute_with(|| {
		prices(1_000);
		// A lot, a part of it split off and stored at the warehouse; the lot is recalled and
		// its walk has not reached the part yet (it runs from the next block).
		let parent = make("06912345000024/A-1", 500);
		let part = split(&parent, 1, 400).remove(0);
		deliver(&part, "//Charlie//ops", WAREHOUSE, "//Dave//ops", false);
		assert_ok!(Provenance::recall(who("//Charlie//qa"), parent.clone(), [1; 32]));
		assert_eq!(status(&part), LotStatus::Active);
		let before = root();
		// The warehouse cannot issue a receipt over it (the receipt would be pledged at full
		// value and sold on before the walk arrives).
		assert_noop!(
			Pledge::issue_receipt(
				who("//Dave//ops"),
				CDMO,
				vec![part.clone()].try_into().unwrap(),
				TemperatureRange::COLD_CHAIN,
				365 * DAY,
				[0xe1; 32],
			),
			pallet_pledge::Error::<Runtime>::LotUnusable
		);
		assert_eq!(root(), before);
		// Once the walk has passed, the part is recalled for good.
		for _ in 0..4 {
			advance(3_000);
		}
		assert_eq!(status(&part), LotStatus::Recalled);
		invariants();
	});
}

#[test]
fn a_receipt_already_issued_is_not_pledged_or_sold_while_a_walk_may_reach_it() {
	world().execute_with(|| {
		prices(1_000);
		let parent = make("06912345000024/A-2", 500);
		let part = split(&parent, 1, 400).remove(0);
		deliver(&part, "//Charlie//ops", WAREHOUSE, "//Dave//ops", false);
		let r = receipt(&part);
		assert_ok!(Provenance::recall(who("//Charlie//qa"), parent, [1; 32]));
		let before = root();
		assert_noop!(
			Pledge::propose_pledge(
				who("//Charlie"),
				BANK,
				vec![r].try_into().unwrap(),
				yuan(100_000),
				CNY,
				now() + 180 * DAY,
				[0xc0; 32],
			),
			pallet_pledge::Error::<Runtime>::LotUnusable
		);
		assert_noop!(
			Pledge::transfer_receipt(who("//Charlie"), r, APEX),
			pallet_pledge::Error::<Runtime>::LotUnusable
		);
		assert_eq!(root(), before);
	});
}

#[test]
fn one_producers_long_walk_does_not_stall_another_producers_recall() {
	world().execute_with(|| {
		// Huaxin's lot, sold to the CDMO, recalled by Huaxin after the CDMO's own long walk
		// (4,096 leaves) started: the two walks share the block budget, so Huaxin's small walk
		// ends long before the CDMO's.
		let long = long_walk("T", 3);
		assert_ok!(Provenance::recall(who("//Charlie//qa"), long, [0; 32]));
		let small = lot_id("06912345000024/H-1");
		assert_ok!(Provenance::create_lot(
			who("//Bob//ops"),
			small.clone(),
			api(),
			Quantity::new(10 * KG, Unit::Milligram),
			400 * DAY,
			Some(TemperatureRange::COLD_CHAIN),
		));
		let rid = pallet_provenance::NextRecallId::<Runtime>::get();
		assert_ok!(Provenance::recall(who("//Bob//qa"), small, [0; 32]));
		advance(3_000);
		advance(3_000);
		assert!(!walking(rid), "the small walk waited behind the long one");
		assert!(walking(rid - 1), "the long walk is still running");
		invariants();
	});
}

#[test]
fn a_shipment_of_64_unrelated_lots_goes_on_while_a_recall_walks() {
	world().execute_with(|| {
		// 64 lots, each split from its own parent: their combined ancestry (128 lots) is over
		// `MaxAncestorCheck`, which used to refuse the shipment while any walk ran.
		let lots: Vec<LotId> = (0..64)
			.map(|i| split(&make(&format!("06912345000024/U-{i}"), 2), 1, 1).remove(0))
			.collect();
		let long = long_walk("T", 3);
		assert_ok!(Provenance::recall(who("//Charlie//qa"), long, [0; 32]));
		advance(3_000);
		assert!(walking(pallet_provenance::NextRecallId::<Runtime>::get() - 1));
		assert_ok!(Provenance::ship(
			who("//Charlie//ops"),
			lots.try_into().unwrap(),
			WAREHOUSE,
			None,
			now() + DAY,
			false
		));
		invariants();
	});
}

#[test]
fn a_borrower_and_lender_cannot_fill_a_products_pledge_index() {
	world().execute_with(|| {
		prices(1_000);
		let cap = <Runtime as pallet_pledge::Config>::MaxPledgesPerParty::get();
		for i in 0..cap {
			let r = receipt(&stored(&format!("06912345000024/D-{i}"), 1));
			pledged(r, 100);
		}
		// The index of the product has room (64), but this pair has its share of it.
		let r = receipt(&stored("06912345000024/D-x", 1));
		assert_ok!(Pledge::propose_pledge(
			who("//Charlie"),
			BANK,
			vec![r].try_into().unwrap(),
			yuan(100),
			CNY,
			now() + 180 * DAY,
			[0xc0; 32],
		));
		let p = pallet_pledge::NextPledgeId::<Runtime>::get() - 1;
		let before = root();
		assert_noop!(
			Pledge::accept_pledge(who("//Eve//credit"), p),
			pallet_pledge::Error::<Runtime>::TooManyPledges
		);
		assert_eq!(root(), before);
		assert!(pallet_pledge::ProductPledges::<Runtime>::get(api()).len() < 64);
		invariants();
	});
}

#[test]
fn a_distributor_without_gmp_cannot_merge_and_a_merge_keeps_the_producer() {
	world().execute_with(|| {
		// The CDMO sells two lots to the warehouse, which owns them now.
		let (a, b) = (make("06912345000024/M-1", 5), make("06912345000024/M-2", 5));
		for lot in [&a, &b] {
			deliver(lot, "//Charlie//ops", WAREHOUSE, "//Dave//ops", true);
			assert_eq!(owner(lot), WAREHOUSE);
		}
		// The warehouse has no GMP: it may not merge (and so become a producer).
		assert!(<Consortium as bioledger_primitives::Membership<_>>::qualified(
			WAREHOUSE,
			GatedAction::TransformLots,
			now()
		)
		.is_err());
		let before = root();
		assert_noop!(
			Provenance::merge(
				who("//Dave//ops"),
				vec![a.clone(), b.clone()].try_into().unwrap(),
				lot_id("06912345000024/M-x")
			),
			pallet_provenance::Error::<Runtime>::MissingCredential
		);
		assert_eq!(root(), before);
		// A Huaxin lot and a CDMO lot cannot be merged into one producer's lot.
		let (h, _) = crate::scorecards::buy("06912345000024/M-3", CDMO, "//Charlie//ops", false);
		let c = make("06912345000024/M-4", 10);
		assert_noop!(
			Provenance::merge(
				who("//Charlie//ops"),
				vec![h, c].try_into().unwrap(),
				lot_id("06912345000024/M-y")
			),
			pallet_provenance::Error::<Runtime>::ProducerMismatch
		);
	});
}

#[test]
fn expired_inputs_are_not_consumed_and_outputs_do_not_outlive_their_inputs() {
	world().execute_with(|| {
		let input = make("06912345000024/E-1", 10);
		let expires = pallet_provenance::Lots::<Runtime>::get(&input).unwrap().expires_at;
		let output = |id: &str, expires_at: u64| pallet_provenance::OutputLot {
			id: lot_id(id),
			product: api(),
			quantity: Quantity::new(KG, Unit::Milligram),
			expires_at,
			storage: Some(TemperatureRange::COLD_CHAIN),
			inputs: vec![(input.clone(), KG)].try_into().unwrap(),
		};
		// An output that would expire after its input.
		let too_long = expires + DAY;
		assert_noop!(
			Provenance::transform(
				who("//Charlie//ops"),
				vec![output("06912345000024/E-2", too_long)].try_into().unwrap()
			),
			pallet_provenance::Error::<Runtime>::InvalidExpiry
		);
		// Past its expiry the input is not consumed at all.
		pallet_timestamp::Now::<Runtime>::put(expires);
		assert_noop!(
			Provenance::transform(
				who("//Charlie//ops"),
				vec![output("06912345000024/E-3", expires + DAY)].try_into().unwrap()
			),
			pallet_provenance::Error::<Runtime>::Expired
		);
	});
}

#[test]
fn a_receiver_that_never_answers_cannot_strand_the_goods() {
	world().execute_with(|| {
		let lot = make("06912345000024/S-1", 10);
		let shipment = pallet_provenance::NextShipmentId::<Runtime>::get();
		assert_ok!(Provenance::ship(
			who("//Charlie//ops"),
			vec![lot.clone()].try_into().unwrap(),
			APEX,
			None,
			now() + DAY,
			true
		));
		// Apex is active and silent: not yet ...
		assert_noop!(
			Provenance::cancel_shipment(who("//Charlie//ops"), shipment, 1),
			pallet_provenance::Error::<Runtime>::ReceiverActive
		);
		// ... but 14 days past the promised delivery the sender takes the goods back.
		advance(15 * DAY);
		assert_ok!(Provenance::cancel_shipment(who("//Charlie//ops"), shipment, 1));
		assert_eq!(owner(&lot), CDMO);
		invariants();
	});
}

#[test]
fn storage_and_qc_results_cost_deposits_and_are_bounded() {
	use frame_support::traits::fungible::InspectHold;
	world().execute_with(|| {
		let ops = account("//Charlie//ops");
		let held =
			|| <pallet_balances::Pallet<Runtime> as InspectHold<_>>::total_balance_on_hold(&ops);
		let before = held();
		let lot = make("06912345000024/F-1", 10);
		assert_eq!(held() - before, <Runtime as pallet_provenance::Config>::LotDeposit::get());
		let max = <Runtime as pallet_provenance::Config>::MaxQcResultsPerLot::get();
		let qc = || -> BoundedVec<_, _> {
			vec![bioledger_primitives::QcParam {
				code: b"PURITY".to_vec().try_into().unwrap(),
				value: 990,
				unit: b"0.1%".to_vec().try_into().unwrap(),
			}]
			.try_into()
			.unwrap()
		};
		for _ in 0..max {
			assert_ok!(Provenance::record_qc_result(
				who("//Charlie//qa"),
				lot.clone(),
				qc(),
				[3; 32]
			));
		}
		assert_noop!(
			Provenance::record_qc_result(who("//Charlie//qa"), lot, qc(), [3; 32]),
			pallet_provenance::Error::<Runtime>::TooManyQcResults
		);
		// A block of transfers costs what it should: at least 100 BIO of fees.
		let call = RuntimeCall::System(frame_system::Call::remark { remark: vec![0; 1_000] });
		let info = frame_support::dispatch::GetDispatchInfo::get_dispatch_info(&call);
		let fee = pallet_transaction_payment::Pallet::<Runtime>::compute_fee(1_000, &info, 0);
		let max_normal = <Runtime as frame_system::Config>::BlockWeights::get()
			.get(frame_support::dispatch::DispatchClass::Normal)
			.max_total
			.unwrap();
		let per_block = fee * (max_normal.ref_time() / info.call_weight.ref_time().max(1)) as u128;
		println!("fee of a 1 kB remark {fee}, a block of them {per_block}");
		assert!(per_block >= 100 * bioledger_runtime::UNIT);
	});
}

#[test]
fn excursions_are_judged_against_the_range_both_parties_agreed() {
	world().execute_with(|| {
		crate::scorecards::agreement(APEX, "//Alice//qa", "//Alice");
		// Huaxin declares a generous range for its lot (2–25 °C); the agreement says 2–8 °C.
		let lot = lot_id("06912345000024/X-1");
		assert_ok!(Provenance::create_lot(
			who("//Bob//ops"),
			lot.clone(),
			api(),
			Quantity::new(10 * KG, Unit::Milligram),
			400 * DAY,
			Some(TemperatureRange { min: 200, max: 2_500 }),
		));
		let shipment = pallet_provenance::NextShipmentId::<Runtime>::get();
		assert_ok!(Provenance::ship(
			who("//Bob//ops"),
			vec![lot.clone()].try_into().unwrap(),
			APEX,
			None,
			now() + DAY,
			true
		));
		assert_ok!(Provenance::receive(who("//Alice//ops"), shipment, 1));
		// 12 °C for two hours: inside the lot's own range, outside the agreed one.
		assert_ok!(Provenance::report_excursion(
			who("//Alice//ops"),
			lot.clone(),
			900,
			1_200,
			7_200,
			[5; 32]
		));
		assert_eq!(status(&lot), LotStatus::Quarantined);
		invariants();
	});
}

#[test]
fn under_a_buyer_release_agreement_an_untested_lot_is_not_released() {
	world().execute_with(|| {
		crate::scorecards::agreement(APEX, "//Alice//qa", "//Alice");
		let (lot, _) = crate::scorecards::buy("06912345000024/X-2", APEX, "//Alice//ops", true);
		// No result yet, and the new pair has no history (not tier A, no skip-lot).
		assert_noop!(
			Provenance::set_status(who("//Alice//qa"), lot.clone(), LotStatus::Released),
			pallet_provenance::Error::<Runtime>::QcMissing
		);
		invariants();
	});
}

#[test]
fn one_party_cannot_end_an_agreement_in_force_at_once() {
	world().execute_with(|| {
		crate::scorecards::agreement(APEX, "//Alice//qa", "//Alice");
		let id = pallet_quality::NextAgreementId::<Runtime>::get() - 1;
		assert_ok!(Quality::terminate(who("//Bob"), id));
		let a = pallet_quality::Agreements::<Runtime>::get(id).unwrap();
		assert_eq!(a.status, pallet_quality::AgreementStatus::Active);
		// Lots shipped meanwhile are still governed by it.
		let (_, quarantined) =
			crate::scorecards::buy("06912345000024/X-3", APEX, "//Alice//ops", true);
		assert!(!quarantined);
		assert_noop!(
			Quality::expire(who("//Bob"), id),
			pallet_quality::Error::<Runtime>::NotExpired
		);
		advance(30 * DAY);
		assert_ok!(Quality::expire(who("//Bob"), id));
		let a = pallet_quality::Agreements::<Runtime>::get(id).unwrap();
		assert_eq!(a.status, pallet_quality::AgreementStatus::Terminated);
		invariants();
	});
}
