//! Confidential agreements and QC results on the real runtime: a competitor cannot read, write
//! or grant its way into another pair's collection, and a value outside the committed limits
//! cannot pass (the range proof is verified by the `zk` host function).

use crate::{scorecards::buy, world::*};
use bioledger_crypto::{
	native::Sm2Keypair,
	range::{commit, prove_within, random_blinding},
};
use bioledger_primitives::{Access, CommittedParam, Validity};
use pallet_quality::{CommittedSpec, Liability, ReleaseResponsibility, SignatureMeaning, Terms};

fn b<const N: u32>(s: &str) -> BoundedVec<u8, frame_support::traits::ConstU32<N>> {
	s.as_bytes().to_vec().try_into().unwrap()
}

/// Apex and Huaxin's confidential agreement for the API: purity within [980, 1000]; returns the
/// collection and the limits' blinding factors.
fn confidential_agreement() -> (u64, [u8; 32], [u8; 32]) {
	let (r_min, r_max) = (random_blinding(), random_blinding());
	let terms = Terms {
		product: api(),
		specs: Default::default(),
		storage: Some(TemperatureRange::COLD_CHAIN),
		max_excursion_secs: 600,
		excursion_liability: Liability::Supplier,
		release: ReleaseResponsibility::Buyer,
		skip_lot: false,
		validity: Validity { from: 0, until: None },
		document: [9; 32],
		arbitrator: None,
	};
	let specs = vec![CommittedSpec {
		code: b("PURITY"),
		unit: b("0.1%"),
		min: commit(980, &r_min),
		max: commit(1000, &r_max),
	}];
	let id = pallet_quality::NextAgreementId::<Runtime>::get();
	let collection = pallet_confidential::NextCollectionId::<Runtime>::get();
	assert_ok!(Quality::draft_confidential(
		who("//Alice//qa"),
		HUAXIN,
		terms,
		specs.try_into().unwrap(),
		[0xa1; 32]
	));
	let digest = pallet_quality::Agreements::<Runtime>::get(id).unwrap().digest;
	for seed in ["//Alice", "//Bob"] {
		assert_ok!(Quality::sign(
			who(seed),
			id,
			SignatureMeaning::Approval,
			Sm2Keypair::from_seed(seed).sign(&digest)
		));
	}
	(collection, r_min, r_max)
}

fn purity(value: i64, proof_min: i64, r_min: &[u8; 32], r_max: &[u8; 32]) -> CommittedParam {
	let r = random_blinding();
	CommittedParam {
		code: b("PURITY"),
		unit: b("0.1%"),
		value: commit(value, &r),
		proof: prove_within(value, &r, proof_min, r_min, 1000, r_max)
			.unwrap_or_default()
			.try_into()
			.unwrap(),
	}
}

#[test]
fn a_competitor_cannot_read_write_or_grant_into_a_pair_collection() {
	world().execute_with(|| {
		let (collection, ..) = confidential_agreement();
		let t = now();
		assert_eq!(Confidential::access_at(collection, APEX, t), Access::Member);
		assert_eq!(Confidential::access_at(collection, HUAXIN, t), Access::Member);
		assert_eq!(Confidential::access_at(collection, CDMO, t), Access::None);
		let before = root();
		// BioCDMO commits into it, grants itself (its admin is not a member), or gets a grant
		// from a party (it is no auditor).
		assert_noop!(
			Confidential::commit(who("//Charlie//ops"), collection, [0xc0; 32]),
			pallet_confidential::Error::<Runtime>::NotMember
		);
		assert_noop!(
			Confidential::grant(who("//Charlie"), collection, CDMO, t + DAY),
			pallet_confidential::Error::<Runtime>::NotMember
		);
		assert_noop!(
			Confidential::grant(who("//Alice"), collection, CDMO, t + DAY),
			pallet_confidential::Error::<Runtime>::NotAuditor
		);
		assert_noop!(
			Confidential::purge(who("//Charlie"), collection),
			pallet_confidential::Error::<Runtime>::NotMember
		);
		assert_eq!(root(), before);
		// The regulator, granted by a party, reads until its grant ends.
		assert_ok!(Confidential::grant(who("//Alice"), collection, REGULATOR, t + DAY));
		assert_eq!(Confidential::access_at(collection, REGULATOR, t), Access::Granted(t + DAY));
		assert_eq!(Confidential::access_at(collection, REGULATOR, t + DAY), Access::None);
		invariants();
	});
}

#[test]
fn a_value_outside_the_committed_limits_cannot_pass() {
	world().execute_with(|| {
		let (_, r_min, r_max) = confidential_agreement();
		let (lot, _) = buy("HX-C-1", APEX, "//Alice//ops", false);
		// 975 proven against a lower minimum (970): refused, nothing written.
		let before = root();
		assert_noop!(
			Provenance::record_qc_committed(
				who("//Alice//qa"),
				lot.clone(),
				vec![purity(975, 970, &r_min, &r_max)].try_into().unwrap(),
				[0xb1; 32]
			),
			pallet_provenance::Error::<Runtime>::ProofRejected
		);
		assert_eq!(root(), before);
		// Plain values against the confidential agreement fail: the limits are not visible.
		let plain =
			bioledger_primitives::QcParam { code: b("PURITY"), value: 990, unit: b("0.1%") };
		assert_ok!(Provenance::record_qc_result(
			who("//Alice//qa"),
			lot.clone(),
			vec![plain].try_into().unwrap(),
			[0xb2; 32]
		));
		assert_eq!(status(&lot), LotStatus::Quarantined);
		// A second lot: 990 proven within [980, 1000] passes without a value on chain.
		let (ok, _) = buy("HX-C-2", APEX, "//Alice//ops", false);
		assert_ok!(Provenance::record_qc_committed(
			who("//Alice//qa"),
			ok.clone(),
			vec![purity(990, 980, &r_min, &r_max)].try_into().unwrap(),
			[0xb3; 32]
		));
		let r = pallet_provenance::QcResults::<Runtime>::get(&ok, 0).unwrap();
		assert_eq!(r.verdict, bioledger_primitives::QcVerdict::Pass);
		assert!(r.params.is_empty());
		assert!(pallet_confidential::Payloads::<Runtime>::contains_key([0xb3; 32]));
		// The same payload cannot be committed twice; BioCDMO's QA cannot record on Apex's lot.
		assert_noop!(
			Provenance::record_qc_committed(
				who("//Alice//qa"),
				ok.clone(),
				vec![purity(990, 980, &r_min, &r_max)].try_into().unwrap(),
				[0xb3; 32]
			),
			pallet_provenance::Error::<Runtime>::PayloadRefused
		);
		invariants();
	});
}
