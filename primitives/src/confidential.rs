//! Confidential collections: who may read a payload that the chain only knows by its commitment.
//!
//! A confidential record's content (a QC value and its CoA, an agreement's specification limits)
//! never goes on chain. The chain holds its *commitment* (a 32-byte hash of the payload, which
//! carries a random salt) in a *collection*: the organisations that may read it, plus auditors or
//! regulators granted access for a time. Member nodes exchange the payloads among themselves and
//! check each against its commitment. Implemented by `pallet-confidential`.

use crate::{Moment, OrgId};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::{DispatchError, DispatchResult};

/// A collection (sequential).
pub type CollectionId = u64;

/// The commitment to a payload: `blake2_256` of its SCALE encoding (which starts with a 32-byte
/// random salt, so guessing a low-entropy value and hashing it finds nothing).
pub type PayloadHash = [u8; 32];

/// A Pedersen commitment (compressed Ristretto point) to a confidential number.
pub type ValueCommitment = [u8; 32];

/// What an organisation may do with a collection's payloads at a given time.
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
pub enum Access {
	/// A party of the collection: may read, store and serve.
	Member,
	/// An auditor or regulator granted read access until the given time.
	Granted(Moment),
	/// The collection was purged: nobody reads, every store deletes.
	Purged,
	/// No access (never had it, revoked, or the grant expired).
	None,
}

impl Access {
	/// Whether the organisation may hold and read the payloads.
	pub fn may_read(&self) -> bool {
		matches!(self, Access::Member | Access::Granted(_))
	}
}

/// The collections, for pallets that keep their content confidential.
pub trait Collections {
	/// Open a collection whose parties consented through the calling pallet's own action (an
	/// agreement both parties entered, a pledge its three parties signed). `owner` is one of
	/// `members`.
	fn open(
		owner: OrgId,
		members: &[OrgId],
		retention: Moment,
	) -> Result<CollectionId, DispatchError>;
	/// Whether `by` may commit `payload` to `collection` now (read-only; the same checks as
	/// [`Self::commit`]).
	fn can_commit(collection: CollectionId, payload: &PayloadHash, by: OrgId) -> DispatchResult;
	/// Record `payload`'s commitment in `collection` on behalf of its member `by`.
	fn commit(collection: CollectionId, payload: PayloadHash, by: OrgId) -> DispatchResult;
	/// What `org` may do with `collection`'s payloads at `now`.
	fn access(collection: CollectionId, org: OrgId, now: Moment) -> Access;
	/// Upper bound of the weight of [`Self::open`].
	fn open_weight() -> frame_support::weights::Weight;
	/// Upper bound of the weight of [`Self::can_commit`] and [`Self::commit`] together.
	fn commit_weight() -> frame_support::weights::Weight;
}
