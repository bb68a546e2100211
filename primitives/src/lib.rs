//! # BioLedger primitives
//!
//! The small, shared vocabulary of the BioLedger chain: chain-level types (block number, balance,
//! account), supply-chain ids and units, organisation kinds, roles, credential kinds, and the glue
//! traits through which pallets couple without reading each other's storage.
//!
//! Everything here is `no_std`, SCALE-encodable, `MaxEncodedLen` and bounded, so it can be stored
//! directly in pallet storage.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sp_runtime::{
	traits::{IdentifyAccount, Verify},
	MultiSignature,
};

pub mod confidential;
pub mod credentials;
pub mod roles;
pub mod traits;
pub mod units;

pub use confidential::{Access, CollectionId, Collections, PayloadHash, ValueCommitment};
pub use credentials::{CredentialKind, GatedAction, OrgKindSet};
pub use roles::{OrgKind, OrgStatus, Role, RoleSet};
pub use traits::{
	Arrival, CommittedParam, CommittedQcRefusal, ExcursionContext, LockHolder, LockHolderHooks,
	LotFacts, LotLock, Lots, Membership, OnCredentialLapse, ParamCode, PausedTime, QaDecision,
	QcContext, QcHook, QcParam, QcVerdict, ReceiptContext, UnitCode,
};
pub use units::{Quantity, TemperatureRange, Unit};

// ---------------------------------------------------------------------------------------------
// Chain-level types
// ---------------------------------------------------------------------------------------------

/// Block number: 3 s blocks give ~408 years before a `u32` overflows.
pub type BlockNumber = u32;

/// Signature of a transaction (sr25519 in practice; ed25519/ecdsa accepted).
pub type Signature = MultiSignature;

/// Account id: the public key behind a [`Signature`].
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of the fee token (`BIO`, 12 decimals).
pub type Balance = u128;

/// Transaction index of an account.
pub type Nonce = u32;

/// Hash of a block or a document: 32 bytes (BLAKE2-256 for chain data, SHA-256 or SM3 for
/// documents anchored by their owners).
pub type Hash = sp_core::H256;

/// Time as the chain sees it: milliseconds since the Unix epoch, from `pallet-timestamp`.
pub type Moment = u64;

// ---------------------------------------------------------------------------------------------
// Supply-chain ids
// ---------------------------------------------------------------------------------------------

/// An organisation (a member company of the consortium). Assigned sequentially by the chain.
pub type OrgId = u32;

/// Maximum length of a [`LotId`] in bytes. A GS1 GTIN-14 plus a batch/lot number of up to 20
/// characters (AI 10) fits with room for a separator.
pub const MAX_LOT_ID_LEN: u32 = 64;

/// Maximum length of a [`ProductCode`] in bytes (a GTIN-14, an NDC, or an internal material code).
pub const MAX_PRODUCT_CODE_LEN: u32 = 32;

/// A lot (batch) id given by its producer, unique chain-wide, e.g. `"09506000134352/L2026-0001"`.
pub type LotId = BoundedVec<u8, ConstU32<MAX_LOT_ID_LEN>>;

/// A product (material) code: what a lot is, e.g. a GTIN-14.
pub type ProductCode = BoundedVec<u8, ConstU32<MAX_PRODUCT_CODE_LEN>>;

/// A 32-byte digest of an off-chain document (CoA, batch record, contract PDF/A, evidence).
pub type DocHash = [u8; 32];

/// An SM2 public key in uncompressed SEC1 form: `0x04 || x (32 bytes) || y (32 bytes)`.
pub type Sm2PublicKey = [u8; 65];

/// An SM2 signature as fixed-width `r || s`, each a 32-byte big-endian integer.
pub type Sm2Signature = [u8; 64];

/// A time window `[from, until)` in chain time, used for credentials and key validity.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct Validity {
	/// First moment (inclusive) at which the item is valid.
	pub from: Moment,
	/// First moment (exclusive) at which it is no longer valid; `None` = open-ended.
	pub until: Option<Moment>,
}

impl Validity {
	/// Whether `at` lies inside the window.
	pub fn contains(&self, at: Moment) -> bool {
		at >= self.from && self.until.is_none_or(|u| at < u)
	}
}

/// An on-chain audit trail of one object (a lot, a receipt, a pledge, a credit batch):
/// `head = blake2_256(previous head ‖ SCALE(event))` over every event naming the object, from
/// `head = [0; 32]` and `count = 0`. An exported history is checked by recomputing the head.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Trail {
	/// Current head.
	pub head: [u8; 32],
	/// Number of events hashed in.
	pub count: u32,
}

impl Trail {
	/// Hash `event` (SCALE-encoded) into the trail.
	pub fn note<E: Encode>(&mut self, event: &E) {
		use sp_runtime::traits::Hash as _;
		let mut data = alloc::vec::Vec::with_capacity(32 + 128);
		data.extend_from_slice(&self.head);
		event.encode_to(&mut data);
		self.head = sp_runtime::traits::BlakeTwo256::hash(&data).into();
		self.count = self.count.saturating_add(1);
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn validity_is_half_open() {
		let v = Validity { from: 10, until: Some(20) };
		assert!(!v.contains(9));
		assert!(v.contains(10));
		assert!(v.contains(19));
		assert!(!v.contains(20));
		let open = Validity { from: 10, until: None };
		assert!(open.contains(u64::MAX));
		assert!(!open.contains(9));
	}

	#[test]
	fn trail_chains_hashes() {
		let mut t = Trail::default();
		t.note(&1u8);
		let first = t;
		t.note(&2u8);
		assert_eq!(t.count, 2);
		let mut data = first.head.to_vec();
		data.push(2);
		assert_eq!(
			t.head,
			<sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash(&data).0
		);
		assert_ne!(first.head, t.head);
	}
}
