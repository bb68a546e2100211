//! The cross-pallet rules on the real runtime: a QC result on a lot supplied under a sealed
//! quality agreement is checked against it; a failure quarantines the lot and opens a
//! nonconformance the supplier answers; a recalled lot cannot ship.

use bioledger_crypto::native::Sm2Keypair;
use bioledger_primitives::{QcParam, Quantity, TemperatureRange, Unit, Validity};
use bioledger_runtime::{genesis_config_presets, Provenance, Quality};
use common::{ext, who};
use frame_support::{assert_noop, assert_ok};
use pallet_provenance::LotStatus;
use pallet_quality::{
	AgreementStatus, Liability, NcStatus, ReleaseResponsibility, SignatureMeaning, SpecItem, Terms,
};

mod common;

fn b<const N: u32>(s: &str) -> frame_support::BoundedVec<u8, frame_support::traits::ConstU32<N>> {
	s.as_bytes().to_vec().try_into().unwrap()
}

#[test]
fn genesis_eseal_keys_are_the_dev_seeds() {
	for (i, seed) in ["//Alice", "//Bob", "//Charlie", "//Dave", "//Eve", "//Ferdie"]
		.iter()
		.enumerate()
	{
		assert_eq!(
			hex::encode(Sm2Keypair::from_seed(seed).public()),
			genesis_config_presets::DEV_ESEAL_KEYS[i],
			"{seed}"
		);
	}
}

#[test]
fn failed_incoming_qc_under_a_sealed_agreement_quarantines_and_opens_a_capa() {
	ext().execute_with(|| {
		// Org 0 = Shanghai Apex (buyer, Alice), org 1 = Jiangsu Huaxin API (supplier, Bob).
		let product = b::<32>("GTIN-06912345000017");
		let terms = Terms {
			product: product.clone(),
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
			max_excursion_secs: 1_800,
			excursion_liability: Liability::Supplier,
			release: ReleaseResponsibility::Buyer,
			skip_lot: false,
			validity: Validity { from: 0, until: None },
			document: [9; 32],
			arbitrator: None,
		};
		assert_ok!(Quality::draft(who("//Alice//qa"), 1, terms));
		let digest =
			pallet_quality::Agreements::<bioledger_runtime::Runtime>::get(0).unwrap().digest;
		assert_ok!(Quality::sign(
			who("//Alice"),
			0,
			SignatureMeaning::Approval,
			Sm2Keypair::from_seed("//Alice").sign(&digest)
		));
		assert_ok!(Quality::sign(
			who("//Bob"),
			0,
			SignatureMeaning::Approval,
			Sm2Keypair::from_seed("//Bob").sign(&digest)
		));
		assert_eq!(
			pallet_quality::Agreements::<bioledger_runtime::Runtime>::get(0).unwrap().status,
			AgreementStatus::Active
		);

		let lot: bioledger_primitives::LotId = b("06912345000017/B2026-07");
		assert_ok!(Provenance::create_lot(
			who("//Bob//ops"),
			lot.clone(),
			product,
			Quantity::new(500_000_000, Unit::Milligram),
			1_000_000_000,
			Some(TemperatureRange::COLD_CHAIN),
		));
		assert_ok!(Provenance::ship(
			who("//Bob//ops"),
			vec![lot.clone()].try_into().unwrap(),
			0,
			None,
			100_000,
			true
		));
		assert_ok!(Provenance::receive(who("//Alice//ops"), 0, 1));
		let params: frame_support::BoundedVec<QcParam, _> =
			vec![QcParam { code: b("PURITY"), value: 971, unit: b("0.1%") }]
				.try_into()
				.unwrap();
		assert_ok!(Provenance::record_qc_result(who("//Alice//qa"), lot.clone(), params, [1; 32]));
		assert_eq!(
			pallet_provenance::Lots::<bioledger_runtime::Runtime>::get(&lot).unwrap().status,
			LotStatus::Quarantined
		);
		let open = Quality::open_nonconformances(1);
		assert_eq!(open.len(), 1);
		assert_eq!(open[0].1.lot, lot);
		assert_noop!(
			Provenance::set_status(who("//Alice//qa"), lot.clone(), LotStatus::Released),
			pallet_provenance::Error::<bioledger_runtime::Runtime>::QcMissing
		);
		assert_ok!(Quality::respond(who("//Bob//qa"), open[0].0, [2; 32]));
		assert_ok!(Quality::close(who("//Alice//qa"), open[0].0));
		assert_eq!(
			pallet_quality::Nonconformances::<bioledger_runtime::Runtime>::get(open[0].0)
				.unwrap()
				.status,
			NcStatus::Closed
		);
		assert_eq!(Quality::scorecard(1).counters.failed, 1);
		// The regulator-free recall by the producer stops it moving anywhere.
		assert_ok!(Provenance::recall(who("//Bob//qa"), lot.clone(), [3; 32]));
		assert_noop!(
			Provenance::ship(
				who("//Alice//ops"),
				vec![lot].try_into().unwrap(),
				2,
				None,
				100_000,
				true
			),
			pallet_provenance::Error::<bioledger_runtime::Runtime>::Recalled
		);
		pallet_consortium::Pallet::<bioledger_runtime::Runtime>::do_try_state().unwrap();
		pallet_provenance::Pallet::<bioledger_runtime::Runtime>::do_try_state().unwrap();
		pallet_quality::Pallet::<bioledger_runtime::Runtime>::do_try_state().unwrap();
	});
}
