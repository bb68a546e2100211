//! Confidential agreements: committed limits, committed QC values checked by range proofs.

use super::conformance::qc_on;
use crate::{mock::*, *};
use bioledger_crypto::range::{commit, prove_within, random_blinding};
use bioledger_primitives::{
	CommittedParam, CommittedQcRefusal, LotId, ProductCode, QcContext, QcHook, QcVerdict,
};
use frame_support::{assert_noop, assert_ok};

/// The confidential purity limits [980, 1000] and endotoxin [0, 50], with blinding factors.
struct Limits {
	r: [[u8; 32]; 4],
}

impl Limits {
	fn new() -> Self {
		Self { r: [random_blinding(), random_blinding(), random_blinding(), random_blinding()] }
	}
	fn specs(&self) -> BoundedVec<CommittedSpec, <Test as Config>::MaxSpecItems> {
		vec![
			CommittedSpec {
				code: code("PURITY"),
				unit: unit("0.1%"),
				min: commit(980, &self.r[0]),
				max: commit(1000, &self.r[1]),
			},
			CommittedSpec {
				code: code("ENDOTOX"),
				unit: unit("cEU/mg"),
				min: commit(0, &self.r[2]),
				max: commit(50, &self.r[3]),
			},
		]
		.try_into()
		.unwrap()
	}
	/// A committed purity and endotoxin value with proofs (an empty proof where no proof
	/// exists: the value is declared out of specification).
	fn measured(&self, purity: i64, endotox: i64) -> Vec<CommittedParam> {
		let one = |c: &str, u: &str, v: i64, lo: i64, rlo: &[u8; 32], hi: i64, rhi: &[u8; 32]| {
			let r = random_blinding();
			CommittedParam {
				code: code(c),
				unit: unit(u),
				value: commit(v, &r),
				proof: prove_within(v, &r, lo, rlo, hi, rhi)
					.unwrap_or_default()
					.try_into()
					.unwrap(),
			}
		};
		vec![
			one("PURITY", "0.1%", purity, 980, &self.r[0], 1000, &self.r[1]),
			one("ENDOTOX", "cEU/mg", endotox, 0, &self.r[2], 50, &self.r[3]),
		]
	}
}

fn public_terms() -> TermsOf<Test> {
	let mut t = terms();
	t.specs = Default::default();
	t
}

fn lot() -> LotId {
	b"LOT-C".to_vec().try_into().unwrap()
}

/// A sealed confidential agreement.
fn confidential_agreement(limits: &Limits) -> AgreementId {
	let id = NextAgreementId::<Test>::get();
	assert_ok!(Quality::draft_confidential(
		signed(BUYER_QA),
		SUPPLIER,
		public_terms(),
		limits.specs(),
		[0xaa; 32]
	));
	seal_both(id);
	id
}

fn ctx<'a>(
	lot: &'a LotId,
	product: &'a ProductCode,
	committed: &'a [CommittedParam],
	payload: [u8; 32],
) -> QcContext<'a> {
	QcContext {
		lot,
		origin: lot,
		product,
		producer: SUPPLIER,
		owner: BUYER,
		tested_by: BUYER,
		index: 0,
		params: &[],
		coa: payload,
		at: 1,
		committed,
	}
}

#[test]
fn a_confidential_draft_commits_its_limits_and_the_seals_cover_them() {
	ExtBuilder::build_and_execute(|| {
		let limits = Limits::new();
		let id = confidential_agreement(&limits);
		let a = Agreements::<Test>::get(id).unwrap();
		assert_eq!(a.status, AgreementStatus::Active);
		assert!(a.terms.specs.is_empty());
		// The sealed digest is not the public terms' digest: it covers the commitments.
		assert_ne!(a.digest, Quality::digest_of(id, BUYER, SUPPLIER, 1, None, &a.terms));
		let c = ConfidentialTermsOf::<Test>::get(id).unwrap();
		assert_eq!(c.payload, [0xaa; 32]);
		assert_eq!(
			COLLECTIONS.with(|x| x.borrow()[c.collection as usize].clone()),
			vec![SUPPLIER, BUYER]
		);
		assert!(PAYLOADS.with(|p| p.borrow().contains(&([0xaa; 32], c.collection, BUYER))));
		assert!(events().contains(&Event::ConfidentialTermsCommitted {
			agreement: id,
			collection: c.collection,
			payload: [0xaa; 32]
		}));
	});
}

#[test]
fn confidential_drafts_are_checked() {
	ExtBuilder::build_and_execute(|| {
		let limits = Limits::new();
		let draft = |who, supplier, terms, specs, payload| {
			Quality::draft_confidential(signed(who), supplier, terms, specs, payload)
		};
		// Public specification items are not allowed next to committed ones; none is not either.
		assert_noop!(
			draft(BUYER_QA, SUPPLIER, terms(), limits.specs(), [1; 32]),
			Error::<Test>::InvalidTerms
		);
		assert_noop!(
			draft(BUYER_QA, SUPPLIER, public_terms(), Default::default(), [1; 32]),
			Error::<Test>::InvalidTerms
		);
		let mut dup = limits.specs();
		dup[1].code = code("PURITY");
		assert_noop!(
			draft(BUYER_QA, SUPPLIER, public_terms(), dup, [1; 32]),
			Error::<Test>::InvalidTerms
		);
		assert_noop!(
			draft(BUYER_QA, BUYER, public_terms(), limits.specs(), [1; 32]),
			Error::<Test>::SameOrg
		);
		assert_noop!(
			draft(BUYER_QA, SUSPENDED, public_terms(), limits.specs(), [1; 32]),
			Error::<Test>::InactiveOrg
		);
		assert_noop!(
			draft(BUYER_SIGNER, SUPPLIER, public_terms(), limits.specs(), [1; 32]),
			Error::<Test>::NotAuthorized
		);
		// A payload already committed cannot be committed again.
		PAYLOADS.with(|p| p.borrow_mut().push(([1; 32], 0, BUYER)));
		assert_noop!(
			draft(BUYER_QA, SUPPLIER, public_terms(), limits.specs(), [1; 32]),
			Error::<Test>::CollectionRefused
		);
	});
}

#[test]
fn a_committed_value_within_the_limits_passes_without_revealing_it() {
	ExtBuilder::build_and_execute(|| {
		let limits = Limits::new();
		confidential_agreement(&limits);
		let (lot, product) = (lot(), product());
		let measured = limits.measured(985, 30);
		let c = ctx(&lot, &product, &measured, [0xbb; 32]);
		assert_eq!(<Quality as QcHook>::check_committed(&c), Ok(()));
		assert_eq!(<Quality as QcHook>::on_qc_result(&c), QcVerdict::Pass);
		// The QC payload joined the agreement's collection; it cannot be reused.
		assert!(
			PAYLOADS.with(|p| p.borrow().iter().any(|(h, _, by)| *h == [0xbb; 32] && *by == BUYER))
		);
		assert_eq!(<Quality as QcHook>::check_committed(&c), Err(CommittedQcRefusal::Payload));
	});
}

#[test]
fn a_value_outside_the_committed_limits_is_caught() {
	ExtBuilder::build_and_execute(|| {
		let limits = Limits::new();
		let id = confidential_agreement(&limits);
		let (lot, product) = (lot(), product());
		// A forged proof: purity 975 proven against a lower minimum (970) is refused.
		let mut forged = limits.measured(985, 30);
		let r = random_blinding();
		let wider_min = random_blinding();
		forged[0].value = commit(975, &r);
		forged[0].proof = prove_within(975, &r, 970, &wider_min, 1000, &limits.r[1])
			.unwrap()
			.try_into()
			.unwrap();
		let c = ctx(&lot, &product, &forged, [0xcc; 32]);
		assert_eq!(
			<Quality as QcHook>::check_committed(&c),
			Err(CommittedQcRefusal::ProofRejected)
		);
		// Declared out of specification (no proof exists): a failure with a nonconformance
		// that names the item but no value.
		let honest = limits.measured(975, 30);
		assert!(honest[0].proof.is_empty());
		let c = ctx(&lot, &product, &honest, [0xcd; 32]);
		assert_eq!(<Quality as QcHook>::check_committed(&c), Ok(()));
		assert_eq!(<Quality as QcHook>::on_qc_result(&c), QcVerdict::Fail);
		let nc = Nonconformances::<Test>::get(0).unwrap();
		assert_eq!(nc.agreement, id);
		assert_eq!(nc.failed.len(), 1);
		assert_eq!(nc.failed[0].reason, FailReason::OutsideCommittedLimits);
		assert_eq!(nc.failed[0].value, None);
	});
}

#[test]
fn a_public_result_cannot_pass_a_confidential_agreement() {
	ExtBuilder::build_and_execute(|| {
		let limits = Limits::new();
		confidential_agreement(&limits);
		// Plain values cannot be checked against commitments: every committed item is missing.
		assert_eq!(qc_on(&lot(), &[param("PURITY", 985, "0.1%")], BUYER), QcVerdict::Fail);
		// A committed result without an agreement with committed limits is refused.
		let other: ProductCode = b"OTHER".to_vec().try_into().unwrap();
		let (lot, measured) = (lot(), limits.measured(985, 30));
		assert_eq!(
			<Quality as QcHook>::check_committed(&ctx(&lot, &other, &measured, [0xdd; 32])),
			Err(CommittedQcRefusal::NoCommittedSpec)
		);
	});
}

#[test]
fn only_a_party_commits_a_qc_payload() {
	ExtBuilder::build_and_execute(|| {
		let limits = Limits::new();
		confidential_agreement(&limits);
		let (lot, product, measured) = (lot(), product(), limits.measured(985, 30));
		let mut c = ctx(&lot, &product, &measured, [0xee; 32]);
		c.tested_by = OTHER;
		assert_eq!(<Quality as QcHook>::check_committed(&c), Err(CommittedQcRefusal::Payload));
	});
}
