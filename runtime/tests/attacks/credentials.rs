//! Credentials are issued, not declared: a member cannot write, restore or extend its own
//! qualification; only the issuer the council admitted for a kind seals it, a private auditor
//! cannot revoke a competitor's licence, and a council motion changes what a gated action
//! requires without a runtime upgrade. Seals interoperate with OpenSSL.

use crate::world::*;
use bioledger_primitives::{GatedAction, OrgKindSet, Validity};
use frame_support::traits::UnfilteredDispatchable;
use pallet_consortium::{Authority, Error as ConsortiumError};
use std::{path::Path, process::Command};

fn root() -> sp_core::H256 {
	sp_core::H256::from_slice(&sp_io::storage::root(sp_runtime::StateVersion::V1))
}

fn gmp_of(org: OrgId) -> u32 {
	pallet_consortium::OrgCredentials::<Runtime>::get(org)
		.iter()
		.find(|(_, c)| c.kind == CredentialKind::GMP_CERTIFICATE)
		.map(|(id, _)| *id)
		.unwrap()
}

fn commission(id: &str) -> sp_runtime::DispatchResult {
	Provenance::create_lot(
		who("//Alice//ops"),
		lot_id(id),
		api(),
		Quantity::new(KG, Unit::Milligram),
		400 * DAY,
		None,
	)
}

/// The seal the founding regulator's dev key puts on a credential issued now.
fn nmpa_seal(
	holder: OrgId,
	kind: CredentialKind,
	v: Validity,
	doc: [u8; 32],
	ver: u32,
) -> [u8; 64] {
	let chain = Consortium::seal_chain(now());
	let digest = Consortium::credential_digest(chain, holder, kind, &v, &doc, REGULATOR, ver);
	bioledger_crypto::native::Sm2Keypair::from_seed(
		bioledger_runtime::genesis_config_presets::NMPA_SEED,
	)
	.sign(&digest)
}

#[test]
fn a_member_cannot_put_back_its_own_revoked_gmp_certificate() {
	world().execute_with(|| {
		// The regulator's inspector revokes Apex's GMP: commissioning stops.
		let gmp = gmp_of(APEX);
		assert_ok!(Consortium::revoke_credential(who(INSPECTOR), APEX, gmp));
		assert_noop!(commission("L-1"), pallet_provenance::Error::<Runtime>::MissingCredential);
		let v = Validity { from: 0, until: None };
		let own = {
			let chain = Consortium::seal_chain(now());
			let digest = Consortium::credential_digest(
				chain,
				APEX,
				CredentialKind::GMP_CERTIFICATE,
				&v,
				&[1; 32],
				APEX,
				1,
			);
			bioledger_crypto::native::Sm2Keypair::from_seed("//Alice").sign(&digest)
		};
		let before = root();
		// Its own admin asks itself: not an admitted issuer.
		assert_noop!(
			Consortium::request_credential(
				who("//Alice"),
				APEX,
				CredentialKind::GMP_CERTIFICATE,
				Default::default()
			),
			ConsortiumError::<Runtime>::NotIssuer
		);
		// It re-issues the revoked certificate under its own seal: not the issuer.
		assert_noop!(
			Consortium::reissue_credential(who("//Alice"), APEX, gmp, [1; 32], v, own),
			ConsortiumError::<Runtime>::NotIssuer
		);
		// It asks the regulator and issues the request itself.
		assert_ok!(Consortium::request_credential(
			who("//Alice"),
			REGULATOR,
			CredentialKind::GMP_CERTIFICATE,
			Default::default()
		));
		let request = pallet_consortium::NextRequestId::<Runtime>::get() - 1;
		let after_request = root();
		assert_noop!(
			Consortium::issue_credential(who("//Alice"), request, [1; 32], v, own),
			ConsortiumError::<Runtime>::NotIssuer
		);
		// A colluding member's signer cannot issue it either, nor can the regulator's signer
		// pass off Apex's own seal as its own.
		assert_noop!(
			Consortium::issue_credential(who("//Bob"), request, [1; 32], v, own),
			ConsortiumError::<Runtime>::NotIssuer
		);
		assert_noop!(
			Consortium::issue_credential(who("//NMPA"), request, [1; 32], v, own),
			ConsortiumError::<Runtime>::BadSeal
		);
		// Nor can it admit itself as issuer: that is a council decision.
		let admit = RuntimeCall::Consortium(pallet_consortium::Call::set_authority {
			org: APEX,
			kind: CredentialKind::GMP_CERTIFICATE,
			authority: Authority { issue: true, oversee: false },
		});
		assert!(admit.dispatch_bypass_filter(who("//Alice")).is_err());
		assert_eq!(root(), after_request);
		assert_noop!(commission("L-1"), pallet_provenance::Error::<Runtime>::MissingCredential);
		assert_ne!(root(), before);
		// The regulator issues on the request: commissioning resumes.
		let seal = nmpa_seal(APEX, CredentialKind::GMP_CERTIFICATE, v, [1; 32], 1);
		assert_ok!(Consortium::issue_credential(who("//NMPA"), request, [1; 32], v, seal));
		assert_ok!(commission("L-1"));
	});
}

#[test]
fn a_private_auditor_cannot_revoke_a_competitors_licence() {
	let mut ext = ext_with(|config| {
		member(
			config,
			"Big Four Audit",
			OrgKind::Auditor,
			"//Audit",
			&[("audit", Role::Auditor)],
			CredentialKind::BUSINESS_LICENCE,
		);
	});
	ext.execute_with(|| {
		let gmp = gmp_of(CDMO);
		let revoke = |seed: &str| {
			RuntimeCall::Consortium(pallet_consortium::Call::revoke_credential {
				org: CDMO,
				credential: gmp,
			})
			.dispatch_bypass_filter(who(seed))
		};
		let before = root();
		assert_eq!(
			revoke("//Audit//audit").unwrap_err().error,
			ConsortiumError::<Runtime>::NotAuthorized.into()
		);
		// Nor the certification body: it issues ISO certificates, not GMP.
		assert_eq!(
			revoke("//SGS").unwrap_err().error,
			ConsortiumError::<Runtime>::NotAuthorized.into()
		);
		assert_eq!(root(), before);
		// The regulator with oversight of GMP may.
		assert!(revoke(INSPECTOR).is_ok());
	});
}

#[test]
fn an_issuer_issues_only_the_kinds_it_is_admitted_for() {
	world().execute_with(|| {
		assert_ok!(Consortium::request_credential(
			who("//Charlie"),
			REGULATOR,
			CredentialKind::GMP_CERTIFICATE,
			Default::default()
		));
		let request = pallet_consortium::NextRequestId::<Runtime>::get() - 1;
		// SGS is admitted for ISO 9001, not GMP.
		let v = Validity { from: 0, until: None };
		assert_noop!(
			Consortium::issue_credential(who("//SGS"), request, [1; 32], v, [1; 64]),
			ConsortiumError::<Runtime>::NotIssuer
		);
		// And a holder may not ask an issuer for a kind the issuer is not admitted for.
		assert_noop!(
			Consortium::request_credential(
				who("//Charlie"),
				CERTIFIER,
				CredentialKind::GMP_CERTIFICATE,
				Default::default()
			),
			ConsortiumError::<Runtime>::NotIssuer
		);
	});
}

#[test]
fn a_council_motion_adds_a_kind_and_a_rule_and_commissioning_starts_requiring_it() {
	world().execute_with(|| {
		assert_ok!(commission("L-1"));
		// Two thirds of the council: a new kind (EU GMP is standard; a new one, GDP, is not)
		// and a rule that commissioning needs it too.
		let seats =
			pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get().len();
		let council: RuntimeOrigin =
			pallet_collective::RawOrigin::<_, pallet_collective::Instance1>::Members(
				seats as u32,
				seats as u32,
			)
			.into();
		let gdp = CredentialKind(100);
		let calls = [
			RuntimeCall::Consortium(pallet_consortium::Call::set_credential_kind {
				kind: gdp,
				name: BoundedVec::truncate_from(b"Good Distribution Practice".to_vec()),
				issuers: OrgKindSet::of(&[OrgKind::Regulator]),
				holders: OrgKindSet::of(&[OrgKind::Manufacturer, OrgKind::Cdmo]),
			}),
			RuntimeCall::Consortium(pallet_consortium::Call::set_requirement {
				action: GatedAction::CommissionLots,
				kinds: BoundedVec::truncate_from(vec![CredentialKind::GMP_CERTIFICATE, gdp]),
			}),
			RuntimeCall::Consortium(pallet_consortium::Call::set_authority {
				org: REGULATOR,
				kind: gdp,
				authority: Authority { issue: true, oversee: true },
			}),
		];
		// A member alone cannot.
		assert!(calls[1].clone().dispatch_bypass_filter(who("//Alice")).is_err());
		for call in calls {
			assert_ok!(call.dispatch_bypass_filter(council.clone()));
		}
		assert_noop!(commission("L-2"), pallet_provenance::Error::<Runtime>::MissingCredential);
		assert_ok!(Consortium::request_credential(
			who("//Alice"),
			REGULATOR,
			gdp,
			Default::default()
		));
		let request = pallet_consortium::NextRequestId::<Runtime>::get() - 1;
		let v = Validity { from: 0, until: None };
		let seal = nmpa_seal(APEX, gdp, v, [2; 32], 1);
		assert_ok!(Consortium::issue_credential(who("//NMPA"), request, [2; 32], v, seal));
		assert_ok!(commission("L-2"));
	});
}

fn openssl(dir: &Path, args: &[&str]) -> std::process::Output {
	let out = Command::new("openssl")
		.args(args)
		.current_dir(dir)
		.output()
		.expect("openssl is installed (Debian's openssl package)");
	assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
	out
}

const DISTID: &str = "distid:1234567812345678";

/// Sign `msg` with the OpenSSL key in `dir/key.pem` (SM2, SM3, default id), raw `r ‖ s`.
fn openssl_sign(dir: &Path, msg: &[u8]) -> [u8; 64] {
	std::fs::write(dir.join("msg"), msg).unwrap();
	openssl(
		dir,
		&[
			"pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-pkeyopt", DISTID, "-inkey",
			"key.pem", "-in", "msg", "-out", "sig.der",
		],
	);
	bioledger_crypto::der_to_raw(&std::fs::read(dir.join("sig.der")).unwrap()).unwrap()
}

#[test]
fn a_credential_sealed_with_an_openssl_key_verifies_and_its_vc_verifies_with_openssl() {
	world().execute_with(|| {
		let dir = tempfile::tempdir().unwrap();
		let d = dir.path();
		openssl(d, &["genpkey", "-algorithm", "SM2", "-out", "key.pem"]);
		openssl(d, &["pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem"]);
		let key = bioledger_crypto::native::public_key_from_text(
			&std::fs::read_to_string(d.join("pub.pem")).unwrap(),
		)
		.unwrap();
		// The regulator makes the OpenSSL key its e-seal (proof of possession by OpenSSL).
		let pop = openssl_sign(d, &Consortium::eseal_challenge(REGULATOR, &key));
		assert_ok!(Consortium::rotate_eseal_key(who("//NMPA"), key, pop));
		assert_ok!(Consortium::request_credential(
			who("//Charlie"),
			REGULATOR,
			CredentialKind::EU_GMP_CERTIFICATE,
			Default::default()
		));
		let request = pallet_consortium::NextRequestId::<Runtime>::get() - 1;
		let v = Validity { from: 1_767_225_600_000, until: Some(1_924_905_600_000) };
		let kind = CredentialKind::EU_GMP_CERTIFICATE;
		let digest = Consortium::credential_digest(
			Consortium::seal_chain(now()),
			CDMO,
			kind,
			&v,
			&[5; 32],
			REGULATOR,
			1,
		);
		let seal = openssl_sign(d, &digest);
		// A tampered seal (one bit) is refused.
		let mut bad = seal;
		bad[10] ^= 1;
		assert_noop!(
			Consortium::issue_credential(who("//NMPA"), request, [5; 32], v, bad),
			ConsortiumError::<Runtime>::BadSeal
		);
		assert_ok!(Consortium::issue_credential(who("//NMPA"), request, [5; 32], v, seal));
		let id = pallet_consortium::OrgCredentials::<Runtime>::get(CDMO).last().unwrap().0;
		assert!(Consortium::credential_view(CDMO, id).unwrap().seal_valid);

		// The exported VC verifies with OpenSSL alone: the key and signature from the proof,
		// over the digest, which is the SM3 of the canonical preimage.
		let vc: serde_json::Value =
			serde_json::from_slice(&Consortium::credential_vc(CDMO, id).unwrap()).unwrap();
		let unhex = |v: &serde_json::Value| {
			hex::decode(v.as_str().unwrap().trim_start_matches("0x")).unwrap()
		};
		let proof = &vc["proof"];
		let pk: [u8; 65] = unhex(&proof["verificationMethod"]["publicKeyHex"]).try_into().unwrap();
		std::fs::write(d.join("vc-pub.pem"), bioledger_crypto::native::public_key_to_pem(&pk))
			.unwrap();
		std::fs::write(d.join("vc-msg"), unhex(&proof["digest"])).unwrap();
		std::fs::write(d.join("vc-sig.der"), unhex(&proof["proofValueDer"])).unwrap();
		std::fs::write(d.join("vc-pre"), unhex(&proof["canonicalPreimage"])).unwrap();
		let sm3 = openssl(d, &["dgst", "-sm3", "-binary", "-out", "vc-pre.sm3", "vc-pre"]);
		assert!(sm3.status.success());
		assert_eq!(std::fs::read(d.join("vc-pre.sm3")).unwrap(), unhex(&proof["digest"]));
		let verify = [
			"pkeyutl",
			"-verify",
			"-rawin",
			"-digest",
			"sm3",
			"-pkeyopt",
			DISTID,
			"-pubin",
			"-inkey",
			"vc-pub.pem",
			"-in",
			"vc-msg",
			"-sigfile",
			"vc-sig.der",
		];
		let out = openssl(d, &verify);
		assert!(String::from_utf8_lossy(&out.stdout).contains("Signature Verified Successfully"));
		// A tampered document hash in the preimage changes the digest: OpenSSL refuses.
		let mut msg = unhex(&proof["digest"]);
		msg[0] ^= 1;
		std::fs::write(d.join("vc-msg"), msg).unwrap();
		let refused = Command::new("openssl").args(verify).current_dir(d).output().unwrap();
		assert!(!refused.status.success());
	});
}

#[test]
fn a_suspension_and_an_expiry_are_lapses_for_the_suppliers_compliance_as_a_revocation_is() {
	world().execute_with(|| {
		// Huaxin's GMP expires mid 2028 (the preset); move to a minute before, in the scoring
		// window of that time.
		let gmp = gmp_of(HUAXIN);
		let until = pallet_consortium::OrgCredentials::<Runtime>::get(HUAXIN)
			.iter()
			.find(|(id, _)| *id == gmp)
			.and_then(|(_, c)| c.validity.until)
			.unwrap();
		pallet_timestamp::Now::<Runtime>::put(until - 60_000);
		let lapses = || Quality::scorecard(HUAXIN).counters.lapses;
		assert_eq!(lapses(), 0);
		// The regulator suspends it: one lapse; reinstating it does not undo that.
		assert_ok!(Consortium::suspend_credential(who("//NMPA"), HUAXIN, gmp));
		assert_eq!(lapses(), 1);
		assert_ok!(Consortium::reinstate_credential(who("//NMPA"), HUAXIN, gmp));
		// It expires: a lapse too, counted by the consortium's hooks in the first block past
		// the expiry.
		for _ in 0..21 {
			System::set_block_number(System::block_number() + 1);
			Consortium::on_initialize(System::block_number());
			pallet_timestamp::Now::<Runtime>::put(now() + 3_000);
			Consortium::on_finalize(System::block_number());
		}
		assert!(now() >= until);
		assert_eq!(lapses(), 2);
		// And a revocation of a credential in force (its ISO 9001, by SGS, its issuer).
		let iso = pallet_consortium::OrgCredentials::<Runtime>::get(HUAXIN)
			.iter()
			.find(|(_, c)| c.kind == CredentialKind::ISO_9001)
			.map(|(id, _)| *id)
			.unwrap();
		assert_ok!(Consortium::revoke_credential(who("//SGS"), HUAXIN, iso));
		assert_eq!(lapses(), 3);
	});
}
