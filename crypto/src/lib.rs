//! # BioLedger SM2/SM3
//!
//! Chinese commercial cryptography for e-seals (GB/T 32918 SM2 signatures, GB/T 32905 SM3
//! hashing), available to the WASM runtime as host functions implemented natively with
//! [libsm](https://crates.io/crates/libsm) in the node.
//!
//! ## Encodings (fixed width, no DER)
//!
//! | item | bytes | encoding |
//! |---|---|---|
//! | public key | 65 | uncompressed SEC1 point `0x04 ‖ x ‖ y`, `x, y < p`, on the SM2 curve |
//! | signature | 64 | `r ‖ s`, each a 32-byte big-endian integer, `1 ≤ r, s < n` |
//! | message | any | the raw message; the signer's digest is `e = SM3(Z_A ‖ M)` |
//! | user id | — | always the GB/T 32918 default `1234567812345678` (in `Z_A`) |
//!
//! DER-encoded signatures (as OpenSSL writes them) are converted with [`der_to_raw`] off chain;
//! the chain only ever sees the fixed-width form, so no DER parser runs inside a block.
//!
//! ## Safety of the host side
//!
//! A panic in a host function fails the whole block. The native implementation therefore
//! checks lengths, prefix and coordinate ranges before calling libsm, range-checks `r` and `s`,
//! and runs libsm under `catch_unwind` as a last line of defence. Malformed input is an
//! [`Sm2Error`], never a panic.
//!
//! The host functions are frozen at version 1: changing their signature means adding a
//! version 2, never editing version 1, because old blocks must keep re-executing.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;
use sp_runtime_interface::{
	pass_by::{
		AllocateAndReturnByCodec, AllocateAndReturnPointer, PassFatPointerAndRead,
		PassPointerAndRead,
	},
	runtime_interface,
};

#[cfg(feature = "std")]
pub mod native;
#[cfg(feature = "std")]
pub mod range;

/// SM2 public key: `0x04 ‖ x ‖ y`.
pub type Sm2PublicKey = [u8; 65];
/// SM2 signature: `r ‖ s`.
pub type Sm2Signature = [u8; 64];
/// SM3 digest.
pub type Sm3Digest = [u8; 32];

/// The GB/T 32918 default user id used in `Z_A`.
pub const DEFAULT_USER_ID: &str = "1234567812345678";

/// Why an SM2 signature was not accepted.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, Debug)]
pub enum Sm2Error {
	/// The public key is not `0x04 ‖ x ‖ y` with `x, y < p`.
	MalformedKey,
	/// The public key is not a point of the SM2 curve.
	KeyNotOnCurve,
	/// `r` or `s` is zero or not below the group order `n`.
	MalformedSignature,
	/// The signature does not verify for this key and message.
	BadSignature,
}

/// SM2/SM3 host functions.
#[runtime_interface]
pub trait Sm {
	/// Verify an SM2 signature (`r ‖ s`) of `message` under `public_key` (`0x04 ‖ x ‖ y`),
	/// with the default user id. `Ok(())` only for a valid signature.
	#[version(1)]
	fn sm2_verify(
		public_key: PassPointerAndRead<&[u8; 65], 65>,
		message: PassFatPointerAndRead<&[u8]>,
		signature: PassPointerAndRead<&[u8; 64], 64>,
	) -> AllocateAndReturnByCodec<Result<(), Sm2Error>> {
		native::verify(public_key, message, signature)
	}

	/// The SM3 digest of `data`.
	#[version(1)]
	fn sm3(data: PassFatPointerAndRead<&[u8]>) -> AllocateAndReturnPointer<[u8; 32], 32> {
		native::sm3(data)
	}
}

/// Range checks over Pedersen commitments (see `range` (std) for the construction and encodings).
#[runtime_interface]
pub trait Zk {
	/// Whether `proof` (an aggregated 2 × 64-bit Bulletproofs range proof) shows that the value
	/// committed in `value` lies within the limits committed in `min` and `max`. Malformed
	/// points or proofs are `false`.
	#[version(1)]
	fn verify_within(
		value: PassPointerAndRead<&[u8; 32], 32>,
		min: PassPointerAndRead<&[u8; 32], 32>,
		max: PassPointerAndRead<&[u8; 32], 32>,
		proof: PassFatPointerAndRead<&[u8]>,
	) -> bool {
		range::verify_within(value, min, max, proof)
	}
}

/// Every BioLedger host function, for the node's executor.
#[cfg(feature = "std")]
pub type HostFunctions = (sm::HostFunctions, zk::HostFunctions);

/// Convert a DER `SEQUENCE { INTEGER r, INTEGER s }` signature (OpenSSL's output) to the
/// fixed-width `r ‖ s` form. `None` if it is not such a structure or an integer exceeds 32
/// bytes. Pure Rust, usable in `no_std`, never panics.
pub fn der_to_raw(der: &[u8]) -> Option<Sm2Signature> {
	fn read_len(input: &[u8]) -> Option<(usize, &[u8])> {
		let (&first, rest) = input.split_first()?;
		if first < 0x80 {
			return Some((first as usize, rest));
		}
		let n = (first & 0x7f) as usize;
		if n == 0 || n > 2 || rest.len() < n {
			return None;
		}
		let len = rest[..n].iter().fold(0usize, |acc, b| (acc << 8) | *b as usize);
		Some((len, &rest[n..]))
	}
	fn read_int(input: &[u8]) -> Option<([u8; 32], &[u8])> {
		let (&tag, rest) = input.split_first()?;
		if tag != 0x02 {
			return None;
		}
		let (len, rest) = read_len(rest)?;
		if len == 0 || rest.len() < len {
			return None;
		}
		let (mut int, rest) = rest.split_at(len);
		while int.len() > 1 && int[0] == 0 {
			int = &int[1..];
		}
		if int.len() > 32 {
			return None;
		}
		let mut out = [0u8; 32];
		out[32 - int.len()..].copy_from_slice(int);
		Some((out, rest))
	}
	let (&tag, rest) = der.split_first()?;
	if tag != 0x30 {
		return None;
	}
	let (len, rest) = read_len(rest)?;
	if rest.len() != len {
		return None;
	}
	let (r, rest) = read_int(rest)?;
	let (s, rest) = read_int(rest)?;
	if !rest.is_empty() {
		return None;
	}
	let mut sig = [0u8; 64];
	sig[..32].copy_from_slice(&r);
	sig[32..].copy_from_slice(&s);
	Some(sig)
}

/// Encode a fixed-width `r ‖ s` signature as DER (for `openssl pkeyutl -verify`). Pure Rust,
/// usable in `no_std` (the runtime's Verifiable Credential export carries it).
pub fn raw_to_der(sig: &Sm2Signature) -> alloc::vec::Vec<u8> {
	use alloc::{vec, vec::Vec};
	fn int(bytes: &[u8]) -> Vec<u8> {
		let mut b = bytes;
		while b.len() > 1 && b[0] == 0 {
			b = &b[1..];
		}
		let mut out = vec![0x02];
		if b[0] & 0x80 != 0 {
			out.push(b.len() as u8 + 1);
			out.push(0);
		} else {
			out.push(b.len() as u8);
		}
		out.extend_from_slice(b);
		out
	}
	let body = [int(&sig[..32]), int(&sig[32..])].concat();
	let mut out = vec![0x30, body.len() as u8];
	out.extend(body);
	out
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn der_round_trip_and_rejects() {
		let mut sig = [0u8; 64];
		sig[0] = 0x80; // high bit: needs a leading zero in DER
		sig[31] = 1;
		sig[63] = 7;
		let der = raw_to_der(&sig);
		assert_eq!(der_to_raw(&der), Some(sig));
		assert_eq!(der_to_raw(&[]), None);
		assert_eq!(der_to_raw(&[0x30]), None);
		assert_eq!(der_to_raw(&[0x30, 0x02, 0x02, 0x00]), None);
		let mut long = der.clone();
		long.push(0);
		assert_eq!(der_to_raw(&long), None);
		// 33-byte integer without a leading zero is too large.
		let mut big = vec![0x30, 37, 0x02, 33];
		big.extend([0x01; 33]);
		big.extend([0x02, 0x01, 0x01]);
		big[1] = (big.len() - 2) as u8;
		assert_eq!(der_to_raw(&big), None);
	}
}
