//! Types of the confidential pallet.

use bioledger_primitives::{CollectionId, Moment, OrgId};
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::*, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;

/// Where a collection stands.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub enum CollectionStatus {
	/// Created; some members have not accepted yet. Nothing may be committed.
	Pending,
	/// Every member accepted: payloads may be committed.
	Open,
	/// Purged at this time: every store deletes the payloads; the commitments stay.
	Purged(Moment),
}

/// A collection: the organisations that may read its payloads.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxMembers))]
#[codec(mel_bound())]
pub struct Collection<MaxMembers: Get<u32>> {
	/// Who created it.
	pub owner: OrgId,
	/// The parties, sorted (the owner among them).
	pub members: BoundedVec<OrgId, MaxMembers>,
	/// Members that have not accepted yet.
	pub pending: BoundedVec<OrgId, MaxMembers>,
	/// Members that agreed to purge before the retention period ended.
	pub purge_votes: BoundedVec<OrgId, MaxMembers>,
	/// When it was created.
	pub created: Moment,
	/// How long payloads are kept (ms from creation); after it any member may purge.
	pub retention: Moment,
	/// Where it stands.
	pub status: CollectionStatus,
	/// Payloads committed.
	pub payloads: u32,
	/// Grants in force (auditors and regulators).
	pub grants: u32,
}

/// A time-limited read grant to an auditor or regulator.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Grant {
	/// Until when (exclusive).
	pub until: Moment,
	/// The member that granted it (`None`: consortium governance).
	pub by: Option<OrgId>,
}

/// A committed payload.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct PayloadMeta {
	/// Its collection.
	pub collection: CollectionId,
	/// The member that committed it.
	pub by: OrgId,
	/// When.
	pub at: Moment,
	/// Chain-wide sequence number (nodes reconcile in this order).
	pub seq: u64,
}
