//! Range checks over Pedersen commitments (native side of the `zk` host function).
//!
//! A confidential QC value `v` is committed as `C_v = v·B + r_v·B̃` (Ristretto255, the
//! Bulletproofs Pedersen generators); the agreement's limits likewise as `C_min`, `C_max`. The
//! tester proves `min ≤ v ≤ max` without revealing `v`, `min` or `max`: an aggregated 64-bit
//! Bulletproofs range proof for the two commitments `C_v − C_min` (to `v − min`, blinding
//! `r_v − r_min`) and `C_max − C_v` (to `max − v`, blinding `r_max − r_v`). The chain computes the
//! two differences itself, so a proof only verifies for the committed limits.
//!
//! Values are signed scaled integers (as in public QC results); a negative value is the scalar
//! `−|v|`. Both differences must lie in `[0, 2^64)`, so limits further apart than 2^64 are not
//! expressible; a one-sided limit is committed as `±2^62`.
//!
//! Fixed encodings: a commitment is a 32-byte compressed Ristretto point, a blinding factor 32
//! little-endian bytes reduced modulo the group order, a proof the 672-byte (`2 × 64` bits:
//! 736 bytes) serialisation of [`bulletproofs::RangeProof`]. Malformed input is `false`, never a
//! panic.

use bulletproofs::{BulletproofGens, PedersenGens, RangeProof};
use curve25519_dalek::{ristretto::CompressedRistretto, scalar::Scalar};
use merlin::Transcript;
use rand_core::{OsRng, RngCore};
use std::sync::OnceLock;

/// Bits of each range.
const BITS: usize = 64;
/// Transcript domain separator (changing it is a new host function version).
const LABEL: &[u8] = b"bioledger.qc.within.v1";

fn gens() -> &'static (PedersenGens, BulletproofGens) {
	static GENS: OnceLock<(PedersenGens, BulletproofGens)> = OnceLock::new();
	GENS.get_or_init(|| (PedersenGens::default(), BulletproofGens::new(BITS, 2)))
}

fn scalar_of(v: i64) -> Scalar {
	if v < 0 {
		-Scalar::from(v.unsigned_abs())
	} else {
		Scalar::from(v as u64)
	}
}

fn blinding(bytes: &[u8; 32]) -> Scalar {
	Scalar::from_bytes_mod_order(*bytes)
}

/// A fresh random blinding factor.
pub fn random_blinding() -> [u8; 32] {
	let mut b = [0u8; 64];
	OsRng.fill_bytes(&mut b);
	Scalar::from_bytes_mod_order_wide(&b).to_bytes()
}

/// The commitment `v·B + r·B̃`.
pub fn commit(v: i64, r: &[u8; 32]) -> [u8; 32] {
	gens().0.commit(scalar_of(v), blinding(r)).compress().to_bytes()
}

/// Prove `min ≤ v ≤ max` for the commitments made with `r_v`, `r_min`, `r_max`. `None` if `v`
/// lies outside the limits (no proof exists).
pub fn prove_within(
	v: i64,
	r_v: &[u8; 32],
	min: i64,
	r_min: &[u8; 32],
	max: i64,
	r_max: &[u8; 32],
) -> Option<Vec<u8>> {
	if v < min || v > max {
		return None;
	}
	let lo = (v as i128 - min as i128) as u64;
	let hi = (max as i128 - v as i128) as u64;
	let (rv, rmin, rmax) = (blinding(r_v), blinding(r_min), blinding(r_max));
	let (pc, bp) = gens();
	let mut t = Transcript::new(LABEL);
	let (proof, _) =
		RangeProof::prove_multiple(bp, pc, &mut t, &[lo, hi], &[rv - rmin, rmax - rv], BITS)
			.ok()?;
	Some(proof.to_bytes())
}

/// Whether `proof` shows that the value committed in `value` lies within the limits committed in
/// `min` and `max`.
pub fn verify_within(value: &[u8; 32], min: &[u8; 32], max: &[u8; 32], proof: &[u8]) -> bool {
	let point = |b: &[u8; 32]| CompressedRistretto(*b).decompress();
	let (Some(v), Some(lo), Some(hi)) = (point(value), point(min), point(max)) else {
		return false;
	};
	let Ok(proof) = RangeProof::from_bytes(proof) else {
		return false;
	};
	let (pc, bp) = gens();
	let mut t = Transcript::new(LABEL);
	let diffs = [(v - lo).compress(), (hi - v).compress()];
	proof.verify_multiple(bp, pc, &mut t, &diffs, BITS).is_ok()
}

#[cfg(test)]
mod tests {
	use super::*;

	fn limits() -> ([u8; 32], [u8; 32], [u8; 32]) {
		(random_blinding(), random_blinding(), random_blinding())
	}

	#[test]
	fn a_value_within_the_limits_proves_and_verifies() {
		let (rv, rmin, rmax) = limits();
		for (v, min, max) in [(985, 950, 1050), (950, 950, 1050), (1050, 950, 1050), (-5, -10, 0)] {
			let proof = prove_within(v, &rv, min, &rmin, max, &rmax).expect("within");
			assert_eq!(proof.len(), 736);
			assert!(verify_within(
				&commit(v, &rv),
				&commit(min, &rmin),
				&commit(max, &rmax),
				&proof
			));
		}
	}

	#[test]
	fn no_proof_outside_and_a_proof_does_not_transfer() {
		let (rv, rmin, rmax) = limits();
		assert_eq!(prove_within(949, &rv, 950, &rmin, 1050, &rmax), None);
		assert_eq!(prove_within(1051, &rv, 950, &rmin, 1050, &rmax), None);
		let proof = prove_within(1000, &rv, 950, &rmin, 1050, &rmax).unwrap();
		let (cmin, cmax) = (commit(950, &rmin), commit(1050, &rmax));
		// The same proof for another value, or against narrower limits, is refused.
		assert!(!verify_within(&commit(1200, &rv), &cmin, &cmax, &proof));
		assert!(!verify_within(&commit(1000, &rv), &cmin, &commit(990, &rmax), &proof));
		// A proof made for limits that do not hold is refused: prove 1200 within [950, 2000]
		// and present it against [950, 1050].
		let wide = prove_within(1200, &rv, 950, &rmin, 2000, &rmax).unwrap();
		assert!(!verify_within(&commit(1200, &rv), &cmin, &cmax, &wide));
	}

	#[test]
	fn malformed_input_is_false_not_a_panic() {
		let (rv, rmin, rmax) = limits();
		let proof = prove_within(1, &rv, 0, &rmin, 2, &rmax).unwrap();
		let (cv, cmin, cmax) = (commit(1, &rv), commit(0, &rmin), commit(2, &rmax));
		assert!(verify_within(&cv, &cmin, &cmax, &proof));
		assert!(!verify_within(&[0xff; 32], &cmin, &cmax, &proof));
		assert!(!verify_within(&cv, &cmin, &cmax, &proof[..100]));
		assert!(!verify_within(&cv, &cmin, &cmax, &[]));
		let mut flipped = proof.clone();
		flipped[200] ^= 1;
		assert!(!verify_within(&cv, &cmin, &cmax, &flipped));
	}
}

#[cfg(test)]
mod timing {
	use super::*;

	/// Prints the native verification time (the host function's cost); run with `--nocapture`.
	#[test]
	fn verification_time() {
		let (rv, rmin, rmax) = (random_blinding(), random_blinding(), random_blinding());
		let proof = prove_within(985, &rv, 950, &rmin, 1050, &rmax).unwrap();
		let (cv, cmin, cmax) = (commit(985, &rv), commit(950, &rmin), commit(1050, &rmax));
		assert!(verify_within(&cv, &cmin, &cmax, &proof));
		let n = 50;
		let t = std::time::Instant::now();
		for _ in 0..n {
			assert!(verify_within(&cv, &cmin, &cmax, &proof));
		}
		let per = t.elapsed() / n;
		println!("range proof: {} bytes, verified in {per:?} (mean of {n})", proof.len());
	}
}
