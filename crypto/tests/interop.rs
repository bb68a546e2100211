//! Cross-checks against independent SM2 implementations: Debian's OpenSSL 3 (`openssl pkeyutl`
//! with `distid:1234567812345678`) and RustCrypto's `sm2` crate; and a property test that no
//! input makes verification panic.

use bioledger_crypto::{
	der_to_raw,
	native::{public_key_from_text, public_key_to_pem, verify, Sm2Keypair},
	raw_to_der, Sm2Error,
};
use proptest::prelude::*;
use std::{path::Path, process::Command};

const DISTID: &str = "distid:1234567812345678";

fn openssl(dir: &Path, args: &[&str]) -> std::process::Output {
	Command::new("openssl")
		.args(args)
		.current_dir(dir)
		.output()
		.expect("openssl is installed (Debian's openssl package)")
}

#[test]
fn openssl_signatures_verify_here() {
	let dir = tempfile::tempdir().unwrap();
	let d = dir.path();
	assert!(openssl(d, &["genpkey", "-algorithm", "SM2", "-out", "key.pem"])
		.status
		.success());
	assert!(openssl(d, &["pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem"])
		.status
		.success());
	let msg = b"e-QA agreement 42 v1: purity >= 98.0 %, endotoxin <= 0.5 EU/mg";
	std::fs::write(d.join("msg"), msg).unwrap();
	let out = openssl(
		d,
		&[
			"pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-pkeyopt", DISTID, "-inkey",
			"key.pem", "-in", "msg", "-out", "sig.der",
		],
	);
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

	let key = public_key_from_text(&std::fs::read_to_string(d.join("pub.pem")).unwrap()).unwrap();
	let sig = der_to_raw(&std::fs::read(d.join("sig.der")).unwrap()).expect("DER signature");
	assert_eq!(verify(&key, msg, &sig), Ok(()));

	// The same key loaded from OpenSSL's PKCS#8 file gives the same public key.
	let kp = Sm2Keypair::from_text(&std::fs::read_to_string(d.join("key.pem")).unwrap()).unwrap();
	assert_eq!(kp.public(), key);

	// Any flipped bit of the signature or the message fails.
	for bit in [0usize, 100, 255, 256, 511] {
		let mut bad = sig;
		bad[bit / 8] ^= 1 << (bit % 8);
		assert!(verify(&key, msg, &bad).is_err(), "flipped signature bit {bit} verified");
	}
	let mut bad_msg = msg.to_vec();
	bad_msg[0] ^= 1;
	assert_eq!(verify(&key, &bad_msg, &sig), Err(Sm2Error::BadSignature));
}

#[test]
fn signatures_made_here_verify_with_openssl() {
	let dir = tempfile::tempdir().unwrap();
	let d = dir.path();
	let kp = Sm2Keypair::generate();
	std::fs::write(d.join("pub.pem"), public_key_to_pem(&kp.public())).unwrap();
	std::fs::write(d.join("key.pem"), kp.to_pem()).unwrap();
	let msg = b"lot 09506000134352/L2026-0001 CoA";
	std::fs::write(d.join("msg"), msg).unwrap();
	let sig = kp.sign(msg);
	std::fs::write(d.join("sig.der"), raw_to_der(&sig)).unwrap();
	let verify_args = [
		"pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pkeyopt", DISTID, "-pubin", "-inkey",
		"pub.pem", "-in", "msg", "-sigfile", "sig.der",
	];
	let out = openssl(d, &verify_args);
	assert!(out.status.success(), "openssl refused: {}", String::from_utf8_lossy(&out.stdout));

	// OpenSSL reads our PKCS#8 private key and derives the same public key.
	let out = openssl(d, &["pkey", "-in", "key.pem", "-pubout"]);
	assert!(out.status.success());
	assert_eq!(public_key_from_text(&String::from_utf8(out.stdout).unwrap()).unwrap(), kp.public());

	// A flipped bit: OpenSSL refuses.
	let mut bad = sig;
	bad[5] ^= 0x10;
	std::fs::write(d.join("sig.der"), raw_to_der(&bad)).unwrap();
	assert!(!openssl(d, &verify_args).status.success());
}

#[test]
fn rustcrypto_sm2_agrees_both_ways() {
	use sm2::dsa::{
		signature::{Signer, Verifier},
		Signature, SigningKey, VerifyingKey,
	};
	let id = bioledger_crypto::DEFAULT_USER_ID;
	for seed in ["//Alice", "//Bob", "//Charlie", "//Dave"] {
		let kp = Sm2Keypair::from_seed(seed);
		let theirs = SigningKey::from_slice(id, &kp.secret()).unwrap();
		assert_eq!(&theirs.verifying_key().to_sec1_bytes()[..], &kp.public()[..]);
		let msg = format!("agreement digest for {seed}");

		// RustCrypto signs, we verify.
		let sig: Signature = theirs.sign(msg.as_bytes());
		let raw: [u8; 64] = sig.to_bytes();
		assert_eq!(verify(&kp.public(), msg.as_bytes(), &raw), Ok(()));

		// We sign, RustCrypto verifies.
		let ours = kp.sign(msg.as_bytes());
		let vk = VerifyingKey::from_sec1_bytes(id, &kp.public()).unwrap();
		vk.verify(msg.as_bytes(), &Signature::from_bytes(&ours).unwrap()).unwrap();
		// With another user id the signature must not verify.
		let other = VerifyingKey::from_sec1_bytes("ALICE123@YAHOO.COM", &kp.public()).unwrap();
		assert!(other.verify(msg.as_bytes(), &Signature::from_bytes(&ours).unwrap()).is_err());
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(256))]

	/// Arbitrary keys, messages and signatures never panic and never verify.
	#[test]
	fn garbage_never_panics(key in prop::array::uniform32(any::<u8>()), tail in prop::array::uniform32(any::<u8>()),
		prefix in prop_oneof![Just(4u8), any::<u8>()], sig_a in prop::array::uniform32(any::<u8>()),
		sig_b in prop::array::uniform32(any::<u8>()), msg in prop::collection::vec(any::<u8>(), 0..256)) {
		let mut k = [0u8; 65];
		k[0] = prefix;
		k[1..33].copy_from_slice(&key);
		k[33..].copy_from_slice(&tail);
		let mut s = [0u8; 64];
		s[..32].copy_from_slice(&sig_a);
		s[32..].copy_from_slice(&sig_b);
		prop_assert!(verify(&k, &msg, &s).is_err());
	}

	/// A real key with an arbitrary signature never verifies and never panics.
	#[test]
	fn real_key_random_signature(sig in prop::collection::vec(any::<u8>(), 64), msg in prop::collection::vec(any::<u8>(), 0..64)) {
		let kp = Sm2Keypair::from_seed("//Eve");
		let s: [u8; 64] = sig.try_into().unwrap();
		prop_assert!(verify(&kp.public(), &msg, &s).is_err());
	}
}
