//! One counterparty cannot move a supplier's tier for everyone (§2.7): one counted QC result
//! per lot and agreement, excursions once per lot and shipment, only agreed promises scored,
//! and each buyer's decisions from its own pair scorecard.

use crate::world::*;
use bioledger_crypto::native::Sm2Keypair;
use bioledger_primitives::{QcParam, Validity};
use pallet_quality::{Liability, ReleaseResponsibility, SignatureMeaning, SpecItem, Terms};

fn b<const N: u32>(s: &str) -> BoundedVec<u8, frame_support::traits::ConstU32<N>> {
	s.as_bytes().to_vec().try_into().unwrap()
}

/// An agreement between `buyer` (its QA `buyer_qa`, its admin-signer `buyer_seed`) and Huaxin
/// for the API: purity at least 98.0 %, skip-lot allowed for tier A, sealed by both.
pub(crate) fn agreement(buyer: OrgId, buyer_qa: &str, buyer_seed: &str) {
	let terms = Terms {
		product: api(),
		specs: vec![SpecItem {
			code: b("PURITY"),
			unit: b("0.1%"),
			min: Some(980),
			max: None,
			method: b("HPLC"),
		}]
		.try_into()
		.unwrap(),
		storage: Some(TemperatureRange::COLD_CHAIN),
		max_excursion_secs: 600,
		excursion_liability: Liability::Supplier,
		release: ReleaseResponsibility::Buyer,
		skip_lot: true,
		validity: Validity { from: 0, until: None },
		document: [9; 32],
		arbitrator: None,
	};
	let id = pallet_quality::NextAgreementId::<Runtime>::get();
	assert_ok!(Quality::draft(who(buyer_qa), HUAXIN, terms));
	let digest = pallet_quality::Agreements::<Runtime>::get(id).unwrap().digest;
	for seed in [buyer_seed, "//Bob"] {
		assert_ok!(Quality::sign(
			who(seed),
			id,
			SignatureMeaning::Approval,
			Sm2Keypair::from_seed(seed).sign(&digest)
		));
	}
	assert_eq!(
		pallet_quality::Agreements::<Runtime>::get(id).unwrap().buyer,
		buyer,
		"agreement {id} in force"
	);
}

/// A Huaxin lot sold to `to`, received by `to_ops`; returns it and whether it arrived in
/// quarantine.
pub(crate) fn buy(id: &str, to: OrgId, to_ops: &str, agree: bool) -> (LotId, bool) {
	let lot = lot_id(id);
	assert_ok!(Provenance::create_lot(
		who("//Bob//ops"),
		lot.clone(),
		api(),
		Quantity::new(10 * KG, Unit::Milligram),
		400 * DAY,
		Some(TemperatureRange::COLD_CHAIN),
	));
	let shipment = pallet_provenance::NextShipmentId::<Runtime>::get();
	assert_ok!(Provenance::ship(
		who("//Bob//ops"),
		vec![lot.clone()].try_into().unwrap(),
		to,
		None,
		now() + DAY,
		true
	));
	if agree {
		assert_ok!(Provenance::agree_promise(who(to_ops), shipment));
	}
	assert_ok!(Provenance::receive(who(to_ops), shipment, 1));
	(lot.clone(), status(&lot) == LotStatus::Quarantined)
}

fn purity(value: i64) -> BoundedVec<QcParam, frame_support::traits::ConstU32<32>> {
	vec![QcParam { code: b("PURITY"), value, unit: b("0.1%") }].try_into().unwrap()
}

#[test]
fn one_buyer_cannot_move_a_suppliers_tier_for_others() {
	world().execute_with(|| {
		agreement(APEX, "//Alice//qa", "//Alice");
		agreement(CDMO, "//Charlie//qa", "//Charlie");
		// Apex buys one lot and records a failing result on it again and again.
		let (lot, _) = buy("06912345000024/S-1", APEX, "//Alice//ops", true);
		for _ in 0..10 {
			assert_ok!(Provenance::record_qc_result(
				who("//Alice//qa"),
				lot.clone(),
				purity(900),
				[1; 32]
			));
		}
		// It counted once, and opened one nonconformance.
		let card = Quality::scorecard(HUAXIN);
		assert_eq!((card.counters.checked, card.counters.failed), (1, 1));
		assert_eq!(Quality::open_nonconformances(HUAXIN).len(), 1);
		// Apex's own view of Huaxin is tier C or worse: its next lot arrives in quarantine ...
		assert!(buy("06912345000024/S-2", APEX, "//Alice//ops", true).1);
		// ... but the CDMO's decisions come from its own experience: no quarantine. (A pair
		// with fewer than `MinHistoryForTierA` checked lots is not tier A yet, so skip-lot does
		// not release an untested lot: it is tested, and passes.)
		let (cdmo_lot, quarantined) = buy("06912345000024/S-3", CDMO, "//Charlie//ops", true);
		assert!(!quarantined);
		assert_noop!(
			Provenance::set_status(who("//Charlie//qa"), cdmo_lot.clone(), LotStatus::Released),
			pallet_provenance::Error::<Runtime>::QcMissing
		);
		assert_ok!(Provenance::record_qc_result(
			who("//Charlie//qa"),
			cdmo_lot.clone(),
			purity(990),
			[2; 32]
		));
		assert_ok!(Provenance::set_status(who("//Charlie//qa"), cdmo_lot, LotStatus::Released));
		invariants();
	});
}

#[test]
fn repeated_excursion_reports_count_once_per_lot_and_shipment() {
	world().execute_with(|| {
		agreement(APEX, "//Alice//qa", "//Alice");
		let lot = lot_id("06912345000024/S-4");
		assert_ok!(Provenance::create_lot(
			who("//Bob//ops"),
			lot.clone(),
			api(),
			Quantity::new(10 * KG, Unit::Milligram),
			400 * DAY,
			Some(TemperatureRange::COLD_CHAIN),
		));
		assert_ok!(Provenance::ship(
			who("//Bob//ops"),
			vec![lot.clone()].try_into().unwrap(),
			APEX,
			None,
			now() + DAY,
			true
		));
		// Huaxin's own sensor (custodian in transit) reports the same excursion five times.
		for _ in 0..5 {
			assert_ok!(Provenance::report_excursion(
				who("//Bob//ops"),
				lot.clone(),
				900,
				1_100,
				3_600,
				[2; 32]
			));
		}
		assert_eq!(Quality::scorecard(HUAXIN).counters.failed, 1);
	});
}

#[test]
fn a_promise_the_receiver_did_not_agree_to_is_not_scored() {
	world().execute_with(|| {
		agreement(APEX, "//Alice//qa", "//Alice");
		// Huaxin promises delivery in a day and delivers: without Apex's agreement to that
		// date, the delivery does not count (a sender cannot pad its on-time rate).
		buy("06912345000024/S-5", APEX, "//Alice//ops", false);
		assert_eq!(Quality::scorecard(HUAXIN).counters.deliveries, 0);
		buy("06912345000024/S-6", APEX, "//Alice//ops", true);
		let c = Quality::scorecard(HUAXIN).counters;
		assert_eq!((c.deliveries, c.on_time), (1, 1));
	});
}

#[test]
fn splitting_a_lot_does_not_multiply_its_count() {
	world().execute_with(|| {
		agreement(APEX, "//Alice//qa", "//Alice");
		let (lot, _) = buy("06912345000024/S-7", APEX, "//Alice//ops", true);
		// Apex splits the lot in 4 and records a failing result on each part.
		let parts: Vec<(LotId, u128)> =
			(0..4).map(|i| (lot_id(&format!("06912345000024/S-7-{i}")), 2 * KG)).collect();
		assert_ok!(Provenance::split(who("//Alice//ops"), lot, parts.clone().try_into().unwrap()));
		for (part, _) in parts {
			assert_ok!(Provenance::record_qc_result(
				who("//Alice//qa"),
				part,
				purity(900),
				[1; 32]
			));
		}
		let card = Quality::scorecard(HUAXIN);
		assert_eq!((card.counters.checked, card.counters.failed), (1, 1));
		assert_eq!(Quality::open_nonconformances(HUAXIN).len(), 1);
	});
}
