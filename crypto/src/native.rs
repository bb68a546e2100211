//! The native (node-side) SM2/SM3 implementation behind the host functions, plus the key
//! handling an integrator needs off chain: key generation, deterministic dev keys, signing, and
//! PEM/hex key files compatible with OpenSSL 3.

use crate::{Sm2Error, Sm2PublicKey, Sm2Signature, Sm3Digest};
use libsm::sm2::signature::{SigCtx, Signature};
use num_bigint::BigUint;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The SM2 field prime `p`, big-endian.
pub const P: [u8; 32] = hex32("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF");
/// The SM2 group order `n`, big-endian.
pub const N: [u8; 32] = hex32("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123");

const fn hex32(s: &str) -> [u8; 32] {
	const fn nibble(c: u8) -> u8 {
		match c {
			b'0'..=b'9' => c - b'0',
			b'A'..=b'F' => c - b'A' + 10,
			_ => panic!("bad hex constant"),
		}
	}
	let b = s.as_bytes();
	let mut out = [0u8; 32];
	let mut i = 0;
	while i < 32 {
		out[i] = (nibble(b[2 * i]) << 4) | nibble(b[2 * i + 1]);
		i += 1;
	}
	out
}

/// `0 < x < bound` for 32-byte big-endian integers.
fn in_range(x: &[u8], bound: &[u8; 32]) -> bool {
	x.iter().any(|b| *b != 0) && x < &bound[..]
}

/// Check the fixed-width key encoding: prefix `0x04` and both coordinates below `p`.
/// (Whether the point is on the curve is checked by libsm when loading it.)
fn key_is_well_formed(key: &Sm2PublicKey) -> bool {
	key[0] == 0x04 && key[1..33] < P[..] && key[33..65] < P[..]
}

/// Verify an SM2 signature with the default user id. Never panics.
pub fn verify(key: &Sm2PublicKey, message: &[u8], sig: &Sm2Signature) -> Result<(), Sm2Error> {
	#[cfg(fuzzing)]
	{
		// Fuzzing builds (`--cfg fuzzing`, `scripts/fuzz.sh`) remember each answer: with
		// coverage instrumentation one verification takes tens of milliseconds, and the
		// consortium's `try_state` re-verifies every credential's seal after every block.
		// Verification is a pure function of its inputs, so the answers are the same.
		use std::{cell::RefCell, collections::HashMap};
		thread_local! {
			static SEEN: RefCell<HashMap<Vec<u8>, Result<(), Sm2Error>>> = RefCell::default();
		}
		let k = [&key[..], &sig[..], message].concat();
		if let Some(answer) = SEEN.with(|c| c.borrow().get(&k).copied()) {
			return answer;
		}
		let answer = verify_uncached(key, message, sig);
		SEEN.with(|c| {
			let mut c = c.borrow_mut();
			if c.len() >= 4_096 {
				c.clear();
			}
			c.insert(k, answer);
		});
		answer
	}
	#[cfg(not(fuzzing))]
	verify_uncached(key, message, sig)
}

fn verify_uncached(key: &Sm2PublicKey, message: &[u8], sig: &Sm2Signature) -> Result<(), Sm2Error> {
	if !key_is_well_formed(key) {
		return Err(Sm2Error::MalformedKey);
	}
	let (r, s) = sig.split_at(32);
	if !in_range(r, &N) || !in_range(s, &N) {
		return Err(Sm2Error::MalformedSignature);
	}
	catch_unwind(AssertUnwindSafe(|| {
		let ctx = SigCtx::new();
		let point = ctx.load_pubkey(key).map_err(|_| Sm2Error::KeyNotOnCurve)?;
		match ctx.verify(message, &point, &Signature::new(r, s)) {
			Ok(true) => Ok(()),
			_ => Err(Sm2Error::BadSignature),
		}
	}))
	.unwrap_or(Err(Sm2Error::BadSignature))
}

/// SM3 digest.
pub fn sm3(data: &[u8]) -> Sm3Digest {
	libsm::sm3::hash::Sm3Hash::new(data).get_hash()
}

fn to_32(x: &BigUint) -> [u8; 32] {
	let bytes = x.to_bytes_be();
	let mut out = [0u8; 32];
	out[32 - bytes.len()..].copy_from_slice(&bytes);
	out
}

/// An SM2 key pair (secret `d` in `[1, n-2]`).
#[derive(Clone)]
pub struct Sm2Keypair {
	secret: [u8; 32],
	public: Sm2PublicKey,
}

impl std::fmt::Debug for Sm2Keypair {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "Sm2Keypair(public: 0x{})", hex::encode(self.public))
	}
}

/// Why a key could not be loaded.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyError {
	/// The secret is 0, n-1 or not below n.
	SecretOutOfRange,
	/// Not hex, not PEM, or not an SM2 key.
	Unrecognised(&'static str),
}

impl std::fmt::Display for KeyError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			KeyError::SecretOutOfRange => write!(f, "SM2 secret key out of range [1, n-2]"),
			KeyError::Unrecognised(what) => write!(f, "unrecognised key: {what}"),
		}
	}
}

impl std::error::Error for KeyError {}

impl Sm2Keypair {
	/// A key pair from a 32-byte big-endian secret.
	pub fn from_secret(secret: [u8; 32]) -> Result<Self, KeyError> {
		// d must be in [1, n-2]: (1 + d) must be invertible mod n.
		let d = BigUint::from_bytes_be(&secret);
		let n = BigUint::from_bytes_be(&N);
		if d == BigUint::from(0u8) || d >= n - BigUint::from(1u8) {
			return Err(KeyError::SecretOutOfRange);
		}
		let ctx = SigCtx::new();
		let point = ctx.pk_from_sk(&d).map_err(|_| KeyError::SecretOutOfRange)?;
		let bytes = ctx.serialize_pubkey(&point, false).map_err(|_| KeyError::SecretOutOfRange)?;
		let public: Sm2PublicKey =
			bytes.try_into().map_err(|_| KeyError::Unrecognised("public key length"))?;
		Ok(Self { secret, public })
	}

	/// A fresh random key pair (libsm's CSPRNG).
	pub fn generate() -> Self {
		let ctx = SigCtx::new();
		loop {
			if let Ok((_, sk)) = ctx.new_keypair() {
				if let Ok(kp) = Self::from_secret(to_32(&sk)) {
					return kp;
				}
			}
		}
	}

	/// A deterministic key pair from a seed phrase: `d = SM3(seed)`, re-hashed until in range.
	/// For development and tests only (the dev consortium's e-seals are `//Alice`, ...).
	pub fn from_seed(seed: &str) -> Self {
		let mut d = sm3(seed.as_bytes());
		loop {
			if let Ok(kp) = Self::from_secret(d) {
				return kp;
			}
			d = sm3(&d);
		}
	}

	/// The public key `0x04 ‖ x ‖ y`.
	pub fn public(&self) -> Sm2PublicKey {
		self.public
	}

	/// The secret scalar, big-endian.
	pub fn secret(&self) -> [u8; 32] {
		self.secret
	}

	/// Sign `message` (digest `SM3(Z_A ‖ M)`, default user id); returns `r ‖ s`.
	pub fn sign(&self, message: &[u8]) -> Sm2Signature {
		let ctx = SigCtx::new();
		let d = BigUint::from_bytes_be(&self.secret);
		let point = ctx.load_pubkey(&self.public).expect("public key derived from the secret; qed");
		loop {
			// libsm returns an error instead of retrying in the (negligible) s = 0 case.
			if let Ok(sig) = ctx.sign(message, &d, &point) {
				let mut out = [0u8; 64];
				out[..32].copy_from_slice(&to_32(sig.get_r()));
				out[32..].copy_from_slice(&to_32(sig.get_s()));
				return out;
			}
		}
	}
}

// --- Key files -------------------------------------------------------------------------------
//
// Public keys: SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----`) as `openssl pkey -pubout`
// writes it, or hex of `04 ‖ x ‖ y`. Secret keys: PKCS#8 (`-----BEGIN PRIVATE KEY-----`) as
// `openssl genpkey -algorithm SM2` writes it, SEC1 (`-----BEGIN EC PRIVATE KEY-----`), or hex of
// the 32-byte scalar.

/// DER prefix of an SM2 SubjectPublicKeyInfo (id-ecPublicKey, sm2 curve, 66-byte BIT STRING).
const SPKI_PREFIX: [u8; 26] = [
	0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
	0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d, 0x03, 0x42, 0x00,
];
/// DER prefix of an SM2 PKCS#8 PrivateKeyInfo up to the 32-byte secret.
const PKCS8_PREFIX: [u8; 36] = [
	0x30, 0x81, 0x87, 0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02,
	0x01, 0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d, 0x04, 0x6d, 0x30, 0x6b, 0x02,
	0x01, 0x01, 0x04, 0x20,
];
/// DER between the secret and the public key inside the PKCS#8 ECPrivateKey.
const PKCS8_MIDDLE: [u8; 5] = [0xa1, 0x44, 0x03, 0x42, 0x00];

fn pem(label: &str, der: &[u8]) -> String {
	use base64::Engine as _;
	let b64 = base64::engine::general_purpose::STANDARD.encode(der);
	let lines: Vec<&str> = b64
		.as_bytes()
		.chunks(64)
		.map(|c| std::str::from_utf8(c).expect("base64 is ASCII; qed"))
		.collect();
	format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", lines.join("\n"))
}

fn unpem(text: &str) -> Option<(String, Vec<u8>)> {
	use base64::Engine as _;
	let text = text.trim();
	let first = text.lines().next()?;
	let label = first.strip_prefix("-----BEGIN ")?.strip_suffix("-----")?.to_string();
	let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
	let der = base64::engine::general_purpose::STANDARD.decode(body.trim()).ok()?;
	Some((label, der))
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
	hex::decode(text.trim().trim_start_matches("0x")).ok()
}

/// PEM SubjectPublicKeyInfo of a public key.
pub fn public_key_to_pem(key: &Sm2PublicKey) -> String {
	pem("PUBLIC KEY", &[&SPKI_PREFIX[..], &key[..]].concat())
}

/// Read a public key from PEM (SubjectPublicKeyInfo) or hex.
pub fn public_key_from_text(text: &str) -> Result<Sm2PublicKey, KeyError> {
	let bytes = match unpem(text) {
		Some((label, der)) if label == "PUBLIC KEY" => der
			.strip_prefix(&SPKI_PREFIX[..])
			.ok_or(KeyError::Unrecognised("not an SM2 SubjectPublicKeyInfo"))?
			.to_vec(),
		Some(_) => return Err(KeyError::Unrecognised("PEM label is not PUBLIC KEY")),
		None => decode_hex(text).ok_or(KeyError::Unrecognised("neither PEM nor hex"))?,
	};
	let key: Sm2PublicKey = bytes.try_into().map_err(|_| KeyError::Unrecognised("length"))?;
	if !key_is_well_formed(&key) || SigCtx::new().load_pubkey(&key).is_err() {
		return Err(KeyError::Unrecognised("not a point of the SM2 curve"));
	}
	Ok(key)
}

impl Sm2Keypair {
	/// PKCS#8 PEM, readable by `openssl pkey`.
	pub fn to_pem(&self) -> String {
		pem("PRIVATE KEY", &[&PKCS8_PREFIX[..], &self.secret, &PKCS8_MIDDLE, &self.public].concat())
	}

	/// Read a secret key from PKCS#8 PEM, SEC1 PEM or hex.
	pub fn from_text(text: &str) -> Result<Self, KeyError> {
		let secret: Vec<u8> = match unpem(text) {
			Some((label, der)) if label == "PRIVATE KEY" || label == "EC PRIVATE KEY" => {
				// Both forms carry `ECPrivateKey { version 1, privateKey OCTET STRING (32) }`.
				let marker = [0x02, 0x01, 0x01, 0x04, 0x20];
				let at = der
					.windows(marker.len())
					.position(|w| w == marker)
					.ok_or(KeyError::Unrecognised("no ECPrivateKey in PEM"))?;
				if label == "PRIVATE KEY" && !der.windows(10).any(|w| w == &SPKI_PREFIX[13..23]) {
					return Err(KeyError::Unrecognised("PKCS#8 key is not on the SM2 curve"));
				}
				der.get(at + marker.len()..at + marker.len() + 32)
					.ok_or(KeyError::Unrecognised("truncated ECPrivateKey"))?
					.to_vec()
			},
			Some(_) => return Err(KeyError::Unrecognised("PEM label is not PRIVATE KEY")),
			None => decode_hex(text).ok_or(KeyError::Unrecognised("neither PEM nor hex"))?,
		};
		let secret: [u8; 32] = secret.try_into().map_err(|_| KeyError::Unrecognised("length"))?;
		Self::from_secret(secret)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn sign_verify_round_trip_and_tamper() {
		let kp = Sm2Keypair::from_seed("//Alice");
		let sig = kp.sign(b"batch L2026-0001 released");
		assert_eq!(verify(&kp.public(), b"batch L2026-0001 released", &sig), Ok(()));
		assert_eq!(
			verify(&kp.public(), b"batch L2026-0002 released", &sig),
			Err(Sm2Error::BadSignature)
		);
		let mut flipped = sig;
		flipped[40] ^= 1;
		assert_eq!(
			verify(&kp.public(), b"batch L2026-0001 released", &flipped),
			Err(Sm2Error::BadSignature)
		);
		// Randomised: two signatures of the same message differ, both verify.
		let sig2 = kp.sign(b"batch L2026-0001 released");
		assert_ne!(sig, sig2);
		assert_eq!(verify(&kp.public(), b"batch L2026-0001 released", &sig2), Ok(()));
	}

	#[test]
	fn malformed_keys_and_signatures_are_errors() {
		let kp = Sm2Keypair::from_seed("//Bob");
		let sig = kp.sign(b"m");
		let mut key = kp.public();
		key[0] = 0x02;
		assert_eq!(verify(&key, b"m", &sig), Err(Sm2Error::MalformedKey));
		let mut key = kp.public();
		key[64] ^= 1; // off the curve
		assert_eq!(verify(&key, b"m", &sig), Err(Sm2Error::KeyNotOnCurve));
		let mut key = [0xffu8; 65];
		key[0] = 4; // coordinates >= p
		assert_eq!(verify(&key, b"m", &sig), Err(Sm2Error::MalformedKey));
		assert_eq!(verify(&[0u8; 65], b"m", &sig), Err(Sm2Error::MalformedKey));
		// r = 0, s = 0, r = n, s > n.
		let mut bad = sig;
		bad[..32].fill(0);
		assert_eq!(verify(&kp.public(), b"m", &bad), Err(Sm2Error::MalformedSignature));
		let mut bad = sig;
		bad[32..].fill(0);
		assert_eq!(verify(&kp.public(), b"m", &bad), Err(Sm2Error::MalformedSignature));
		let mut bad = sig;
		bad[..32].copy_from_slice(&N);
		assert_eq!(verify(&kp.public(), b"m", &bad), Err(Sm2Error::MalformedSignature));
		let mut bad = sig;
		bad[32..].fill(0xff);
		assert_eq!(verify(&kp.public(), b"m", &bad), Err(Sm2Error::MalformedSignature));
	}

	#[test]
	fn secret_range_is_enforced() {
		assert_eq!(Sm2Keypair::from_secret([0; 32]).unwrap_err(), KeyError::SecretOutOfRange);
		assert_eq!(Sm2Keypair::from_secret(N).unwrap_err(), KeyError::SecretOutOfRange);
		let mut n_minus_1 = N;
		n_minus_1[31] -= 1;
		assert_eq!(Sm2Keypair::from_secret(n_minus_1).unwrap_err(), KeyError::SecretOutOfRange);
		let mut one = [0u8; 32];
		one[31] = 1;
		assert!(Sm2Keypair::from_secret(one).is_ok());
	}

	#[test]
	fn pem_round_trips() {
		let kp = Sm2Keypair::generate();
		let back = Sm2Keypair::from_text(&kp.to_pem()).unwrap();
		assert_eq!(back.public(), kp.public());
		assert_eq!(public_key_from_text(&public_key_to_pem(&kp.public())).unwrap(), kp.public());
		assert_eq!(public_key_from_text(&hex::encode(kp.public())).unwrap(), kp.public());
		assert!(public_key_from_text(
			"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"
		)
		.is_err());
	}

	#[test]
	fn sm3_known_answer() {
		// GB/T 32905-2016 example 1: SM3("abc").
		assert_eq!(
			hex::encode(sm3(b"abc")),
			"66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
		);
	}
}
