//! Drafting, sealing, amending, terminating, expiring agreements.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};

#[test]
fn both_seals_activate_and_record_who_when_what() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Quality::draft(signed(BUYER_QA), SUPPLIER, terms()));
		let a = Agreements::<Test>::get(0).unwrap();
		assert_eq!(a.status, AgreementStatus::Draft);
		assert_eq!(a.digest, Quality::digest_of(0, BUYER, SUPPLIER, 1, None, &terms()));
		assert_eq!(
			events(),
			vec![Event::AgreementDrafted {
				agreement: 0,
				buyer: BUYER,
				supplier: SUPPLIER,
				version: 1,
				digest: a.digest
			}]
		);
		assert_ok!(Quality::sign(
			signed(SUP_SIGNER),
			0,
			SignatureMeaning::Approval,
			seal(SUPPLIER).sign(&a.digest)
		));
		assert_eq!(Agreements::<Test>::get(0).unwrap().status, AgreementStatus::Draft);
		Timestamp::set_timestamp(5_000);
		assert_ok!(Quality::sign(
			signed(BUYER_SIGNER),
			0,
			SignatureMeaning::Review,
			seal(BUYER).sign(&a.digest)
		));
		assert_eq!(
			events(),
			vec![
				Event::AgreementSigned {
					agreement: 0,
					org: SUPPLIER,
					signer: SUP_SIGNER,
					meaning: SignatureMeaning::Approval
				},
				Event::AgreementSigned {
					agreement: 0,
					org: BUYER,
					signer: BUYER_SIGNER,
					meaning: SignatureMeaning::Review
				},
				Event::AgreementActivated { agreement: 0, superseded: None },
			]
		);
		let a = Agreements::<Test>::get(0).unwrap();
		assert_eq!(a.status, AgreementStatus::Active);
		let seal_b = a.buyer_seal.unwrap();
		assert_eq!(
			(seal_b.signer, seal_b.at, seal_b.meaning, seal_b.key),
			(BUYER_SIGNER, 5_000, SignatureMeaning::Review, seal(BUYER).public())
		);
		assert_eq!(Quality::active_agreement(BUYER, SUPPLIER, &product()).unwrap().0, 0);
	});
}

#[test]
fn draft_errors() {
	ExtBuilder::build_and_execute(|| {
		let with = |f: fn(&mut TermsOf<Test>)| {
			let mut t = terms();
			f(&mut t);
			t
		};
		assert_noop!(
			Quality::draft(signed(BUYER_SIGNER), SUPPLIER, terms()),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Quality::draft(signed(OUTSIDER), SUPPLIER, terms()),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(Quality::draft(signed(BUYER_QA), BUYER, terms()), Error::<Test>::SameOrg);
		assert_noop!(
			Quality::draft(signed(BUYER_QA), SUSPENDED, terms()),
			Error::<Test>::InactiveOrg
		);
		assert_noop!(
			Quality::draft(signed(BUYER_QA), SUPPLIER, with(|t| t.arbitrator = Some(SUSPENDED))),
			Error::<Test>::InactiveOrg
		);
		let invalid: Vec<TermsOf<Test>> = vec![
			with(|t| t.specs = Default::default()),
			with(|t| t.product = Default::default()),
			// A minimum above the maximum.
			with(|t| t.specs[1].min = Some(60)),
			// An item without any limit.
			with(|t| t.specs[1].max = None),
			// Two items with one code.
			with(|t| t.specs[1].code = code("PURITY")),
			with(|t| t.storage = Some(bioledger_primitives::TemperatureRange { min: 9, max: 1 })),
			with(|t| t.validity.until = Some(0)),
		];
		for bad in invalid {
			assert_noop!(
				Quality::draft(signed(BUYER_QA), SUPPLIER, bad),
				Error::<Test>::InvalidTerms
			);
		}
	});
}

#[test]
fn sign_errors() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Quality::draft(signed(BUYER_QA), SUPPLIER, terms()));
		let digest = Agreements::<Test>::get(0).unwrap().digest;
		let good = seal(BUYER).sign(&digest);
		assert_noop!(
			Quality::sign(signed(BUYER_QA), 0, SignatureMeaning::Approval, good),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Quality::sign(
				signed(OTHER_SIGNER),
				0,
				SignatureMeaning::Approval,
				seal(OTHER).sign(&digest)
			),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Quality::sign(signed(BUYER_SIGNER), 7, SignatureMeaning::Approval, good),
			Error::<Test>::AgreementNotFound
		);
		// Wrong key, wrong message, flipped bit, garbage.
		assert_noop!(
			Quality::sign(
				signed(BUYER_SIGNER),
				0,
				SignatureMeaning::Approval,
				seal(SUPPLIER).sign(&digest)
			),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			Quality::sign(
				signed(BUYER_SIGNER),
				0,
				SignatureMeaning::Approval,
				seal(BUYER).sign(b"other")
			),
			Error::<Test>::BadSignature
		);
		let mut flipped = good;
		flipped[10] ^= 4;
		assert_noop!(
			Quality::sign(signed(BUYER_SIGNER), 0, SignatureMeaning::Approval, flipped),
			Error::<Test>::BadSignature
		);
		assert_noop!(
			Quality::sign(signed(BUYER_SIGNER), 0, SignatureMeaning::Approval, [0; 64]),
			Error::<Test>::BadSignature
		);
		// No e-seal key on record (or a malformed one).
		KEYS.with(|k| k.borrow_mut().push((BUYER, None)));
		assert_noop!(
			Quality::sign(signed(BUYER_SIGNER), 0, SignatureMeaning::Approval, good),
			Error::<Test>::NoEsealKey
		);
		KEYS.with(|k| k.borrow_mut().clear());
		assert_ok!(Quality::sign(signed(BUYER_SIGNER), 0, SignatureMeaning::Approval, good));
		assert_noop!(
			Quality::sign(signed(BUYER_SIGNER), 0, SignatureMeaning::Approval, good),
			Error::<Test>::AlreadySigned
		);
		// Past its validity a draft cannot be sealed.
		Timestamp::set_timestamp(YEAR);
		assert_noop!(
			Quality::sign(
				signed(SUP_SIGNER),
				0,
				SignatureMeaning::Approval,
				seal(SUPPLIER).sign(&digest)
			),
			Error::<Test>::Expired
		);
		Timestamp::set_timestamp(2_000);
		assert_ok!(Quality::sign(
			signed(SUP_SIGNER),
			0,
			SignatureMeaning::Approval,
			seal(SUPPLIER).sign(&digest)
		));
		assert_noop!(
			Quality::sign(
				signed(SUP_SIGNER),
				0,
				SignatureMeaning::Approval,
				seal(SUPPLIER).sign(&digest)
			),
			Error::<Test>::NotDraft
		);
		events();
	});
}

#[test]
fn amendment_supersedes_only_when_sealed_and_history_stays() {
	ExtBuilder::build_and_execute(|| {
		let v1 = active_agreement();
		let mut t = terms();
		t.specs[0].min = Some(985);
		assert_ok!(Quality::amend(signed(BUYER_QA), v1, t.clone()));
		let v2 = v1 + 1;
		// Until both seal v2, v1 is in force.
		assert_eq!(Quality::active_agreement(BUYER, SUPPLIER, &product()).unwrap().0, v1);
		events();
		seal_both(v2);
		assert_eq!(
			events().last(),
			Some(&Event::AgreementActivated { agreement: v2, superseded: Some(v1) })
		);
		assert_eq!(Agreements::<Test>::get(v1).unwrap().status, AgreementStatus::Superseded);
		let a2 = Agreements::<Test>::get(v2).unwrap();
		assert_eq!((a2.version, a2.supersedes), (2, Some(v1)));
		assert_eq!(Quality::active_agreement(BUYER, SUPPLIER, &product()).unwrap().0, v2);
		// Errors.
		assert_noop!(Quality::amend(signed(BUYER_QA), v1, t.clone()), Error::<Test>::NotActive);
		assert_noop!(
			Quality::amend(signed(BUYER_QA), 9, t.clone()),
			Error::<Test>::AgreementNotFound
		);
		assert_noop!(Quality::amend(signed(OTHER_QA), v2, t.clone()), Error::<Test>::NotAuthorized);
		t.product = b"OTHER".to_vec().try_into().unwrap();
		assert_noop!(Quality::amend(signed(BUYER_QA), v2, t), Error::<Test>::InvalidTerms);
	});
}

#[test]
fn only_one_agreement_is_in_force_per_buyer_supplier_and_product() {
	ExtBuilder::build_and_execute(|| {
		// Two drafts for the same product, and two amendments of the same version: whichever
		// is sealed second must not take over silently (found by the property test).
		assert_ok!(Quality::draft(signed(BUYER_QA), SUPPLIER, terms()));
		assert_ok!(Quality::draft(signed(BUYER_QA), SUPPLIER, terms()));
		seal_both(0);
		let digest = Agreements::<Test>::get(1).unwrap().digest;
		assert_ok!(Quality::sign(
			signed(BUYER_SIGNER),
			1,
			SignatureMeaning::Approval,
			seal(BUYER).sign(&digest)
		));
		assert_noop!(
			Quality::sign(
				signed(SUP_SIGNER),
				1,
				SignatureMeaning::Approval,
				seal(SUPPLIER).sign(&digest)
			),
			Error::<Test>::AlreadyActive
		);
		assert_ok!(Quality::amend(signed(BUYER_QA), 0, terms()));
		assert_ok!(Quality::amend(signed(BUYER_QA), 0, terms()));
		seal_both(2);
		let digest = Agreements::<Test>::get(3).unwrap().digest;
		assert_ok!(Quality::sign(
			signed(BUYER_SIGNER),
			3,
			SignatureMeaning::Approval,
			seal(BUYER).sign(&digest)
		));
		// Version 3 amends version 0, which is no longer in force: version 2 is.
		assert_noop!(
			Quality::sign(
				signed(SUP_SIGNER),
				3,
				SignatureMeaning::Approval,
				seal(SUPPLIER).sign(&digest)
			),
			Error::<Test>::AlreadyActive
		);
		assert_eq!(Quality::active_agreement(BUYER, SUPPLIER, &product()).unwrap().0, 2);
	});
}

#[test]
fn terminate_and_expire() {
	ExtBuilder::build_and_execute(|| {
		let id = active_agreement();
		events();
		assert_noop!(Quality::expire(signed(OUTSIDER), id), Error::<Test>::NotExpired);
		assert_noop!(Quality::terminate(signed(OTHER_QA), id), Error::<Test>::NotAuthorized);
		assert_noop!(Quality::terminate(signed(BUYER_SIGNER), id), Error::<Test>::NotAuthorized);
		assert_noop!(Quality::terminate(signed(SUP_QA), 5), Error::<Test>::AgreementNotFound);
		// One party ends an active agreement with notice: it stays in force for 30 days.
		let now = Timestamp::now();
		assert_ok!(Quality::terminate(signed(SUP_ADMIN), id));
		assert_eq!(
			events(),
			vec![Event::TerminationNoticeGiven {
				agreement: id,
				by: SUPPLIER,
				effective_at: now + 30 * DAY
			}]
		);
		assert_eq!(Quality::active_agreement(BUYER, SUPPLIER, &product()).unwrap().0, id);
		assert_noop!(Quality::terminate(signed(BUYER_QA), id), Error::<Test>::NotActive);
		assert_noop!(Quality::expire(signed(OUTSIDER), id), Error::<Test>::NotExpired);
		Timestamp::set_timestamp(now + 30 * DAY);
		assert!(Quality::active_agreement(BUYER, SUPPLIER, &product()).is_none());
		assert_ok!(Quality::expire(signed(OUTSIDER), id));
		assert_eq!(events(), vec![Event::AgreementTerminated { agreement: id, by: SUPPLIER }]);
		assert_eq!(Agreements::<Test>::get(id).unwrap().status, AgreementStatus::Terminated);
		assert_noop!(Quality::terminate(signed(SUP_QA), id), Error::<Test>::NotActive);
		let id2 = active_agreement();
		// Past its validity it no longer applies, even before `expire`.
		Timestamp::set_timestamp(2 * YEAR);
		assert!(Quality::active_agreement(BUYER, SUPPLIER, &product()).is_none());
		events();
		assert_ok!(Quality::expire(signed(OUTSIDER), id2));
		assert_eq!(events(), vec![Event::AgreementExpired { agreement: id2 }]);
		assert_noop!(Quality::expire(signed(OUTSIDER), id2), Error::<Test>::NotActive);
		assert_noop!(Quality::expire(signed(OUTSIDER), 9), Error::<Test>::AgreementNotFound);
	});
}
