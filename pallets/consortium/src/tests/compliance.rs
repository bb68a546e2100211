//! Compliance rules as data: the kind registry, requirements of gated actions, issuer and
//! overseer admissions, requests, the legacy transition, and the Verifiable Credential export.

use super::credentials::{issue, request};
use crate::{mock::*, *};
use bioledger_primitives::{GatedAction, OrgKind, OrgKindSet, Validity};
use frame_support::{assert_noop, assert_ok, BoundedVec};

const ISO: CredentialKind = CredentialKind::ISO_9001;

fn name(s: &str) -> BoundedVec<u8, <Test as Config>::MaxNameLen> {
	BoundedVec::truncate_from(s.as_bytes().to_vec())
}

#[test]
fn governance_adds_a_kind_and_a_rule_and_the_gate_follows() {
	ExtBuilder::default().build_and_execute(|| {
		let new = CredentialKind(100);
		let suppliers = OrgKindSet::of(&[OrgKind::Supplier]);
		let regulators = OrgKindSet::of(&[OrgKind::Regulator]);
		assert_ok!(Consortium::set_credential_kind(
			root(),
			new,
			name("GDP"),
			regulators,
			suppliers
		));
		assert_eq!(Consortium::qualified(0, GatedAction::CommissionLots, 2_000), Ok(()));
		let rule = BoundedVec::truncate_from(vec![GMP, new]);
		assert_ok!(Consortium::set_requirement(root(), GatedAction::CommissionLots, rule));
		// Org 0 now lacks the new kind.
		assert_eq!(Consortium::qualified(0, GatedAction::CommissionLots, 2_000), Err(new));
		assert_ok!(Consortium::set_authority(
			root(),
			REGULATOR,
			new,
			Authority { issue: true, oversee: false }
		));
		let request = NextRequestId::<Test>::get();
		assert_ok!(Consortium::request_credential(
			signed(SUP_ADMIN),
			REGULATOR,
			new,
			Default::default()
		));
		let v = Validity { from: 0, until: None };
		let seal = reg_seal(0, new, v, [8; 32], 1);
		assert_ok!(Consortium::issue_credential(signed(REG_ADMIN), request, [8; 32], v, seal));
		assert_eq!(Consortium::qualified(0, GatedAction::CommissionLots, 2_000), Ok(()));
		// An empty rule: nothing required.
		assert_ok!(Consortium::set_requirement(
			root(),
			GatedAction::ReleaseLots,
			Default::default()
		));
		assert_eq!(Consortium::qualified(2, GatedAction::ReleaseLots, 2_000), Ok(()));
		assert!(events().contains(&Event::RequirementSet {
			action: GatedAction::CommissionLots,
			kinds: vec![GMP, new]
		}));
	});
}

#[test]
fn registry_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let any = OrgKindSet::all();
		assert_noop!(
			Consortium::set_credential_kind(signed(SUP_ADMIN), ISO, name("x"), any, any),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Consortium::set_credential_kind(root(), ISO, name(""), any, any),
			Error::<Test>::InvalidName
		);
		assert_noop!(
			Consortium::set_credential_kind(root(), ISO, name("x"), OrgKindSet(0), any),
			Error::<Test>::InvalidKindSet
		);
		assert_noop!(
			Consortium::set_credential_kind(root(), ISO, name("x"), any, OrgKindSet(1 << 15)),
			Error::<Test>::InvalidKindSet
		);
		// The mock's registry holds 30: the standard 25 plus five.
		for k in 0..5 {
			assert_ok!(Consortium::set_credential_kind(
				root(),
				CredentialKind(200 + k),
				name("x"),
				any,
				any
			));
		}
		assert_noop!(
			Consortium::set_credential_kind(root(), CredentialKind(300), name("x"), any, any),
			Error::<Test>::TooManyKinds
		);
		// Changing an existing kind is always possible.
		assert_ok!(Consortium::set_credential_kind(root(), ISO, name("ISO 9001:2015"), any, any));
		let unknown = BoundedVec::truncate_from(vec![CredentialKind(999)]);
		assert_noop!(
			Consortium::set_requirement(root(), GatedAction::ReleaseLots, unknown),
			Error::<Test>::UnknownKind
		);
		let twice = BoundedVec::truncate_from(vec![GMP, GMP]);
		assert_noop!(
			Consortium::set_requirement(root(), GatedAction::ReleaseLots, twice),
			Error::<Test>::DuplicateKind
		);
		events();
	});
}

#[test]
fn authority_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let issue = Authority { issue: true, oversee: false };
		let oversee = Authority { issue: false, oversee: true };
		assert_noop!(
			Consortium::set_authority(signed(REG_ADMIN), REGULATOR, ISO, issue),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(Consortium::set_authority(root(), 9, GMP, issue), Error::<Test>::OrgNotFound);
		assert_noop!(
			Consortium::set_authority(root(), REGULATOR, CredentialKind(999), issue),
			Error::<Test>::UnknownKind
		);
		// ISO 9001 is issued by certification bodies, not regulators; a supplier oversees
		// nothing.
		assert_noop!(
			Consortium::set_authority(root(), REGULATOR, ISO, issue),
			Error::<Test>::NotIssuerKind
		);
		assert_noop!(
			Consortium::set_authority(root(), 0, GMP, oversee),
			Error::<Test>::NotIssuerKind
		);
		assert_ok!(Consortium::suspend(root(), REGULATOR));
		assert_noop!(
			Consortium::set_authority(root(), REGULATOR, GMP, issue),
			Error::<Test>::NotActive
		);
		// Withdrawing needs no active status.
		assert_ok!(Consortium::set_authority(root(), REGULATOR, GMP, Authority::default()));
		assert!(!Authorities::<Test>::contains_key(REGULATOR, GMP));
		events();
	});
}

#[test]
fn request_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let docs = |n: usize| BoundedVec::truncate_from(vec![[1; 32]; n]);
		assert_noop!(
			Consortium::request_credential(signed(SUP_QA), REGULATOR, GMP, docs(1)),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Consortium::request_credential(
				signed(SUP_ADMIN),
				REGULATOR,
				CredentialKind(999),
				docs(1)
			),
			Error::<Test>::UnknownKind
		);
		// A regulator may not hold a GMP certificate.
		assert_noop!(
			Consortium::request_credential(signed(REG_ADMIN), REGULATOR, GMP, docs(1)),
			Error::<Test>::NotHolderKind
		);
		// The CDMO is not an admitted issuer.
		assert_noop!(
			Consortium::request_credential(signed(SUP_ADMIN), 1, GMP, docs(1)),
			Error::<Test>::NotIssuer
		);
		let r = request(SUP_ADMIN);
		request(SUP_ADMIN);
		assert_noop!(
			Consortium::request_credential(signed(SUP_ADMIN), REGULATOR, GMP, docs(1)),
			Error::<Test>::TooManyRequests
		);
		assert_ok!(Consortium::attach_documents(signed(SUP_ADMIN), r, docs(2)));
		assert_eq!(Requests::<Test>::get(r).unwrap().documents.len(), 3);
		assert_noop!(
			Consortium::attach_documents(signed(SUP_ADMIN), r, docs(1)),
			Error::<Test>::TooManyDocuments
		);
		// Another organisation's request is not found for the caller.
		assert_noop!(
			Consortium::attach_documents(signed(CDMO_ADMIN), r, docs(1)),
			Error::<Test>::RequestNotFound
		);
		assert_noop!(
			Consortium::withdraw_request(signed(CDMO_ADMIN), r),
			Error::<Test>::RequestNotFound
		);
		assert_ok!(Consortium::withdraw_request(signed(SUP_ADMIN), r));
		assert_noop!(
			Consortium::withdraw_request(signed(SUP_ADMIN), r),
			Error::<Test>::RequestNotFound
		);
		// Only the issuer named refuses.
		let r2 = r + 1;
		assert_noop!(Consortium::refuse_request(signed(SUP_QA), r2), Error::<Test>::NotAuthorized);
		assert_noop!(Consortium::refuse_request(signed(SUP_ADMIN), r2), Error::<Test>::NotIssuer);
		assert_noop!(
			Consortium::refuse_request(signed(REG_ADMIN), 99),
			Error::<Test>::RequestNotFound
		);
		assert_ok!(Consortium::refuse_request(signed(REG_ADMIN), r2));
		assert_eq!(OpenRequests::<Test>::get(0), None);
		events();
	});
}

#[test]
fn an_issuer_answers_only_requests_addressed_to_it() {
	// A second regulator admitted for GMP cannot issue on a request made to the first.
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::apply(
			signed(40),
			name("Provincial MPA"),
			OrgKind::Regulator,
			eseal(3).public(),
			pop(3, &eseal(3)),
			Default::default()
		));
		assert_ok!(Consortium::approve_application(root(), 3));
		assert_ok!(Consortium::set_authority(
			root(),
			3,
			GMP,
			Authority { issue: true, oversee: false }
		));
		let r = request(SUP_ADMIN);
		let v = Validity { from: 0, until: None };
		let digest = Consortium::credential_digest(
			Consortium::seal_chain(Timestamp::now()),
			0,
			GMP,
			&v,
			&[4; 32],
			3,
			1,
		);
		assert_noop!(
			Consortium::issue_credential(signed(40), r, [4; 32], v, eseal(3).sign(&digest)),
			Error::<Test>::NotIssuer
		);
		assert_noop!(Consortium::refuse_request(signed(40), r), Error::<Test>::NotIssuer);
		// Nor re-issue, suspend or revoke (as issuer) another issuer's credential.
		assert_noop!(Consortium::suspend_credential(signed(40), 0, 0), Error::<Test>::NotIssuer);
		events();
	});
}

#[test]
fn an_application_requests_credentials_on_admission() {
	ExtBuilder::default().build_and_execute(|| {
		let reqs = BoundedVec::truncate_from(vec![RequestInput {
			issuer: REGULATOR,
			kind: GMP,
			document: [6; 32],
		}]);
		assert_noop!(
			Consortium::apply(
				signed(40),
				name("New Pharma"),
				OrgKind::Regulator,
				eseal(3).public(),
				pop(3, &eseal(3)),
				reqs.clone()
			),
			Error::<Test>::NotHolderKind
		);
		let unknown = BoundedVec::truncate_from(vec![RequestInput {
			issuer: REGULATOR,
			kind: CredentialKind(999),
			document: [6; 32],
		}]);
		assert_noop!(
			Consortium::apply(
				signed(40),
				name("New Pharma"),
				OrgKind::Manufacturer,
				eseal(3).public(),
				pop(3, &eseal(3)),
				unknown
			),
			Error::<Test>::UnknownKind
		);
		assert_ok!(Consortium::apply(
			signed(40),
			name("New Pharma"),
			OrgKind::Manufacturer,
			eseal(3).public(),
			pop(3, &eseal(3)),
			reqs
		));
		let next = NextRequestId::<Test>::get();
		assert_ok!(Consortium::approve_application(root(), 3));
		let req = Requests::<Test>::get(next).unwrap();
		assert_eq!((req.holder, req.issuer, req.kind), (3, REGULATOR, GMP));
		// Nothing on file until the regulator issues.
		assert!(OrgCredentials::<Test>::get(3).is_empty());
		assert!(Consortium::qualified(3, GatedAction::CommissionLots, 2_000).is_err());
		events();
	});
}

#[test]
fn legacy_credentials_count_only_inside_the_transition() {
	ExtBuilder::default().build_and_execute(|| {
		// A v1 credential as the migration leaves it.
		OrgCredentials::<Test>::mutate(2, |list| {
			list.try_push((
				0,
				Credential {
					kind: CredentialKind::BUSINESS_LICENCE,
					issuer: Issuer::Legacy(name("SAMR")),
					doc_hash: [0; 32],
					validity: Validity { from: 0, until: None },
					version: 1,
					issued_at: 0,
					seal: None,
					status: CredentialStatus::Active,
				},
			))
			.unwrap()
		});
		Orgs::<Test>::mutate(2, |o| o.as_mut().unwrap().next_credential = 1);
		let lic = CredentialKind::BUSINESS_LICENCE;
		assert!(!Consortium::has_valid_credential(2, lic, 2_000));
		assert_ok!(Consortium::set_legacy_deadline(root(), Some(5_000)));
		assert!(Consortium::has_valid_credential(2, lic, 4_999));
		assert!(!Consortium::has_valid_credential(2, lic, 5_000));
		assert_noop!(
			Consortium::set_legacy_deadline(signed(REG_ADMIN), None),
			sp_runtime::DispatchError::BadOrigin
		);
		// No one re-issues a legacy credential: it has no issuer.
		let v = Validity { from: 0, until: None };
		assert_noop!(
			Consortium::reissue_credential(signed(REG_ADMIN), 2, 0, [0; 32], v, [1; 64]),
			Error::<Test>::NotIssuer
		);
		assert_eq!(Consortium::credential_vc(2, 0), None);
		assert!(events().contains(&Event::LegacyDeadlineSet { until: Some(5_000) }));
	});
}

#[test]
fn a_credential_exports_as_a_verifiable_credential_that_verifies_offline() {
	ExtBuilder::default().build_and_execute(|| {
		let v = Validity { from: 1_767_225_600_000, until: Some(1_924_905_600_000) };
		let id = issue(0, SUP_ADMIN, v);
		let view = Consortium::credential_view(0, id).unwrap();
		assert!(view.seal_valid && view.issuer == Some(REGULATOR));
		let json: serde_json::Value =
			serde_json::from_slice(&Consortium::credential_vc(0, id).unwrap()).unwrap();
		assert_eq!(json["validFrom"], "2026-01-01T00:00:00Z");
		assert_eq!(json["validUntil"], "2030-12-31T00:00:00Z");
		assert_eq!(json["credentialStatus"]["status"], "not-yet-valid");
		assert_eq!(json["issuer"]["name"], "Regulator");
		let unhex = |v: &serde_json::Value| {
			let s = v.as_str().unwrap().trim_start_matches("0x");
			(0..s.len())
				.step_by(2)
				.map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
				.collect::<Vec<u8>>()
		};
		let proof = &json["proof"];
		let preimage = unhex(&proof["canonicalPreimage"]);
		let digest = unhex(&proof["digest"]);
		assert_eq!(bioledger_crypto::native::sm3(&preimage).to_vec(), digest);
		assert!(preimage.starts_with(CREDENTIAL_DIGEST_DOMAIN));
		let key: [u8; 65] = unhex(&proof["verificationMethod"]["publicKeyHex"]).try_into().unwrap();
		let sig: [u8; 64] = unhex(&proof["proofValue"]).try_into().unwrap();
		assert!(bioledger_crypto::native::verify(&key, &digest, &sig).is_ok());
		assert_eq!(bioledger_crypto::der_to_raw(&unhex(&proof["proofValueDer"])), Some(sig));
		// A tampered digest does not verify.
		let mut bad = digest.clone();
		bad[0] ^= 1;
		assert!(bioledger_crypto::native::verify(&key, &bad, &sig).is_err());
		// Status follows the chain.
		Timestamp::set_timestamp(1_800_000_000_000);
		assert_ok!(Consortium::suspend_credential(signed(REG_ADMIN), 0, id));
		let json: serde_json::Value =
			serde_json::from_slice(&Consortium::credential_vc(0, id).unwrap()).unwrap();
		assert_eq!(json["credentialStatus"]["status"], "suspended");
		assert_eq!(json["credentialStatus"]["counts"], false);
		assert_eq!(Consortium::credential_vc(0, 99), None);
		events();
	});
}

#[test]
fn iso_dates() {
	assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
	assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00Z");
	assert_eq!(iso8601(1_924_905_600_123), "2030-12-31T00:00:00.123Z");
}
