//! An agreement sealed with keys and signatures made by Debian's OpenSSL 3 (SM2, SM3,
//! distid 1234567812345678): the chain accepts them and rejects a tampered one.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use std::process::Command;

fn openssl(dir: &std::path::Path, args: &[&str]) {
	let out = Command::new("openssl")
		.args(args)
		.current_dir(dir)
		.output()
		.expect("openssl installed");
	assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn openssl_sealed_agreement_is_accepted_and_a_tampered_seal_is_not() {
	let dir = tempfile::tempdir().unwrap();
	let d = dir.path();
	for party in ["buyer", "supplier"] {
		openssl(d, &["genpkey", "-algorithm", "SM2", "-out", &format!("{party}.pem")]);
		openssl(
			d,
			&[
				"pkey",
				"-in",
				&format!("{party}.pem"),
				"-pubout",
				"-out",
				&format!("{party}.pub.pem"),
			],
		);
	}
	let key = |p: &str| {
		bioledger_crypto::native::public_key_from_text(
			&std::fs::read_to_string(d.join(format!("{p}.pub.pem"))).unwrap(),
		)
		.unwrap()
	};
	ExtBuilder::build_and_execute(|| {
		KEYS.with(|k| {
			k.borrow_mut().push((BUYER, Some(key("buyer"))));
			k.borrow_mut().push((SUPPLIER, Some(key("supplier"))));
		});
		assert_ok!(Quality::draft(signed(BUYER_QA), SUPPLIER, terms()));
		std::fs::write(d.join("digest"), Agreements::<Test>::get(0).unwrap().digest).unwrap();
		let sign = |party: &str| {
			openssl(
				d,
				&[
					"pkeyutl",
					"-sign",
					"-rawin",
					"-digest",
					"sm3",
					"-pkeyopt",
					"distid:1234567812345678",
					"-inkey",
					&format!("{party}.pem"),
					"-in",
					"digest",
					"-out",
					&format!("{party}.sig"),
				],
			);
			bioledger_crypto::der_to_raw(&std::fs::read(d.join(format!("{party}.sig"))).unwrap())
				.unwrap()
		};
		let buyer_sig = sign("buyer");
		let mut tampered = buyer_sig;
		tampered[0] ^= 0x80;
		assert_noop!(
			Quality::sign(signed(BUYER_SIGNER), 0, SignatureMeaning::Approval, tampered),
			Error::<Test>::BadSignature
		);
		// The supplier's OpenSSL signature is not the buyer's seal.
		let supplier_sig = sign("supplier");
		assert_noop!(
			Quality::sign(signed(BUYER_SIGNER), 0, SignatureMeaning::Approval, supplier_sig),
			Error::<Test>::BadSignature
		);
		assert_ok!(Quality::sign(signed(BUYER_SIGNER), 0, SignatureMeaning::Approval, buyer_sig));
		assert_ok!(Quality::sign(signed(SUP_SIGNER), 0, SignatureMeaning::Approval, supplier_sig));
		assert_eq!(Agreements::<Test>::get(0).unwrap().status, AgreementStatus::Active);
		events();
	});
}
