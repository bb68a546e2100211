//! E-seal keys: proof of possession, rotation, history.

use crate::{mock::*, *};
use bioledger_crypto::native::Sm2Keypair;
use frame_support::{assert_noop, assert_ok};

#[test]
fn rotation_keeps_history_for_old_signatures() {
	ExtBuilder::default().build_and_execute(|| {
		let old = eseal(0);
		let new = Sm2Keypair::from_seed("//rotated");
		Timestamp::set_timestamp(50_000);
		assert_ok!(Consortium::rotate_eseal_key(signed(SUP_ADMIN), new.public(), pop(0, &new)));
		assert_eq!(events(), vec![Event::EsealKeyRotated { org: 0, index: 1, key: new.public() }]);
		// Signatures made before the rotation check against the old key, later ones the new.
		assert_eq!(Consortium::eseal_key_at(0, 49_999), Some(old.public()));
		assert_eq!(Consortium::eseal_key_at(0, 50_000), Some(new.public()));
		assert_eq!(Consortium::eseal_key_at(0, u64::MAX), Some(new.public()));
		let keys = EsealKeys::<Test>::get(0);
		assert_eq!(keys.len(), 2);
		assert_eq!(keys[0].validity.until, Some(50_000));
	});
}

#[test]
fn challenge_binds_chain_org_and_key() {
	ExtBuilder::default().build_and_execute(|| {
		let kp = Sm2Keypair::from_seed("//c");
		let c = Consortium::eseal_challenge(0, &kp.public());
		assert!(c.starts_with(features::ESEAL_POP_DOMAIN));
		assert_eq!(c.len(), features::ESEAL_POP_DOMAIN.len() + 32 + 4 + 65);
		assert_ne!(c, Consortium::eseal_challenge(1, &kp.public()));
		// The genesis hash is part of it: another chain gives another challenge.
		frame_system::BlockHash::<Test>::insert(0, sp_core::H256::repeat_byte(1));
		assert_ne!(c, Consortium::eseal_challenge(0, &kp.public()));
	});
}

#[test]
fn rotation_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let a = Sm2Keypair::from_seed("//a");
		let b = Sm2Keypair::from_seed("//b");
		let c = Sm2Keypair::from_seed("//c");
		assert_noop!(
			Consortium::rotate_eseal_key(signed(SUP_QA), a.public(), pop(0, &a)),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Consortium::rotate_eseal_key(signed(OUTSIDER), a.public(), pop(0, &a)),
			Error::<Test>::NotMember
		);
		// Proof made for org 1 does not work for org 0.
		assert_noop!(
			Consortium::rotate_eseal_key(signed(SUP_ADMIN), a.public(), pop(1, &a)),
			Error::<Test>::BadProof
		);
		let mut bad = a.public();
		bad[0] = 0;
		assert_noop!(
			Consortium::rotate_eseal_key(signed(SUP_ADMIN), bad, pop(0, &a)),
			Error::<Test>::InvalidKey
		);
		// KeyReused: the current key, or any key on record.
		let current = eseal(0);
		assert_noop!(
			Consortium::rotate_eseal_key(signed(SUP_ADMIN), current.public(), pop(0, &current)),
			Error::<Test>::KeyReused
		);
		assert_ok!(Consortium::rotate_eseal_key(signed(SUP_ADMIN), a.public(), pop(0, &a)));
		assert_noop!(
			Consortium::rotate_eseal_key(signed(SUP_ADMIN), current.public(), pop(0, &current)),
			Error::<Test>::KeyReused
		);
		// TooManyKeys: three on record at most.
		assert_ok!(Consortium::rotate_eseal_key(signed(SUP_ADMIN), b.public(), pop(0, &b)));
		assert_noop!(
			Consortium::rotate_eseal_key(signed(SUP_ADMIN), c.public(), pop(0, &c)),
			Error::<Test>::TooManyKeys
		);
		// A suspended organisation cannot rotate.
		assert_ok!(Consortium::suspend(root(), 1));
		assert_noop!(
			Consortium::rotate_eseal_key(signed(CDMO_ADMIN), c.public(), pop(1, &c)),
			Error::<Test>::NotActive
		);
		events();
	});
}

#[test]
fn openssl_made_key_is_accepted() {
	// A key and proof produced by Debian's OpenSSL 3 (SM2, SM3, distid 1234567812345678).
	use std::process::Command;
	let dir = tempfile_dir();
	let run = |args: &[&str]| {
		let out = Command::new("openssl").args(args).current_dir(&dir).output().expect("openssl");
		assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	};
	run(&["genpkey", "-algorithm", "SM2", "-out", "k.pem"]);
	run(&["pkey", "-in", "k.pem", "-pubout", "-out", "p.pem"]);
	let key = bioledger_crypto::native::public_key_from_text(
		&std::fs::read_to_string(dir.join("p.pem")).unwrap(),
	)
	.unwrap();
	ExtBuilder::default().build_and_execute(|| {
		std::fs::write(dir.join("challenge"), Consortium::eseal_challenge(0, &key)).unwrap();
		run(&[
			"pkeyutl",
			"-sign",
			"-rawin",
			"-digest",
			"sm3",
			"-pkeyopt",
			"distid:1234567812345678",
			"-inkey",
			"k.pem",
			"-in",
			"challenge",
			"-out",
			"sig.der",
		]);
		let sig =
			bioledger_crypto::der_to_raw(&std::fs::read(dir.join("sig.der")).unwrap()).unwrap();
		let mut tampered = sig;
		tampered[63] ^= 1;
		assert_noop!(
			Consortium::rotate_eseal_key(signed(SUP_ADMIN), key, tampered),
			Error::<Test>::BadProof
		);
		assert_ok!(Consortium::rotate_eseal_key(signed(SUP_ADMIN), key, sig));
		events();
	});
	let _ = std::fs::remove_dir_all(&dir);
}

fn tempfile_dir() -> std::path::PathBuf {
	let dir = std::env::temp_dir().join(format!("bioledger-eseal-{}", std::process::id()));
	std::fs::create_dir_all(&dir).unwrap();
	dir
}
