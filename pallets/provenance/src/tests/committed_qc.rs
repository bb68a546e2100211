//! Confidential (committed) QC results: no value on chain, the quality rules check the proofs
//! before anything is written.

use crate::{mock::*, *};
use bioledger_primitives::{CommittedParam, QcVerdict};
use frame_support::{assert_noop, assert_ok, BoundedVec};

fn committed(proof: &[u8]) -> BoundedVec<CommittedParam, <Test as Config>::MaxQcParams> {
	vec![CommittedParam {
		code: b"PURITY".to_vec().try_into().unwrap(),
		unit: b"0.1%".to_vec().try_into().unwrap(),
		value: [9; 32],
		proof: proof.to_vec().try_into().unwrap(),
	}]
	.try_into()
	.unwrap()
}

#[test]
fn a_committed_result_is_recorded_without_values() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 5);
		VERDICT.with(|v| *v.borrow_mut() = QcVerdict::Pass);
		events();
		assert_ok!(Provenance::record_qc_committed(
			signed(SUP_QA),
			id("API-1"),
			committed(&[1]),
			[5; 32]
		));
		let r = QcResults::<Test>::get(id("API-1"), 0).unwrap();
		assert!(r.params.is_empty());
		assert_eq!(r.coa, [5; 32]);
		assert_eq!(r.verdict, QcVerdict::Pass);
		assert_eq!(SEEN.with(|s| s.borrow().clone()), vec!["check_committed", "qc"]);
		assert_ok!(Provenance::set_status(signed(SUP_QA), id("API-1"), LotStatus::Released));
	});
}

#[test]
fn a_refused_proof_changes_nothing() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 5);
		assert_noop!(
			Provenance::record_qc_committed(signed(SUP_QA), id("API-1"), committed(&[2]), [5; 32]),
			Error::<Test>::ProofRejected
		);
		assert_noop!(
			Provenance::record_qc_committed(signed(SUP_QA), id("API-1"), committed(&[3]), [5; 32]),
			Error::<Test>::NoCommittedSpec
		);
		assert_noop!(
			Provenance::record_qc_committed(signed(SUP_QA), id("API-1"), committed(&[4]), [5; 32]),
			Error::<Test>::PayloadRefused
		);
		assert_noop!(
			Provenance::record_qc_committed(
				signed(SUP_QA),
				id("API-1"),
				Default::default(),
				[5; 32]
			),
			Error::<Test>::Empty
		);
		assert_noop!(
			Provenance::record_qc_committed(signed(SUP_OP), id("API-1"), committed(&[1]), [5; 32]),
			Error::<Test>::NotAuthorized
		);
	});
}
