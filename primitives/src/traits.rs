//! Glue traits: the only way BioLedger pallets learn about each other.
//!
//! A pallet that needs to know who an account acts for, or to lock a lot, names one of these
//! traits on its `Config`; the runtime wires the implementing pallet in. No pallet reads another
//! pallet's storage.

use crate::{CredentialKind, LotId, Moment, OrgId, OrgKind, Role, RoleSet, Sm2PublicKey};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::DispatchResult;

/// Who is who in the consortium. Implemented by `pallet-consortium`.
pub trait Membership<AccountId> {
	/// The organisation `who` is linked to, whatever its status.
	fn org_of(who: &AccountId) -> Option<OrgId>;

	/// The roles `who` holds in its organisation (empty if not linked).
	fn roles_of(who: &AccountId) -> RoleSet;

	/// Whether `org` exists and is [`crate::OrgStatus::Active`].
	fn is_active(org: OrgId) -> bool;

	/// The kind of `org`, if it exists.
	fn kind_of(org: OrgId) -> Option<OrgKind>;

	/// Whether `org` holds a credential of `kind` that is valid (not revoked, inside its
	/// validity window) at chain time `at`.
	fn has_valid_credential(org: OrgId, kind: CredentialKind, at: Moment) -> bool;

	/// The SM2 e-seal public key of `org` that was valid at `at` (old keys stay on record with
	/// their validity window, so old signatures verify against the key of their time).
	fn eseal_key_at(org: OrgId, at: Moment) -> Option<Sm2PublicKey>;

	/// The active organisation `who` acts for, if `who` holds `role` in it. This is the check
	/// every role-gated extrinsic starts with.
	fn acting_org(who: &AccountId, role: Role) -> Option<OrgId> {
		let org = Self::org_of(who)?;
		(Self::is_active(org) && Self::roles_of(who).contains(role)).then_some(org)
	}
}

/// Identifies who holds a lock on a lot: the locking pallet's 8-byte tag and its own object id
/// (e.g. `(*b"pledge__", receipt_id)`).
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
pub struct LockHolder {
	/// Tag of the pallet that holds the lock.
	pub pallet: [u8; 8],
	/// The holder's own id for the object that needs the lock (a receipt, a pledge, ...).
	pub id: u64,
}

/// Locks on lots. Implemented by `pallet-provenance`, used by `pallet-pledge`.
///
/// A locked lot cannot be shipped, consumed, split, merged or destroyed until every holder that
/// locked it has unlocked it.
pub trait LotLock {
	/// Lock `lot` for `holder`. Fails if the lot does not exist, is not in a lockable state, or
	/// is already locked by someone else.
	fn lock(lot: &LotId, holder: LockHolder) -> DispatchResult;

	/// Remove `holder`'s lock on `lot`. Fails if `holder` does not hold it.
	fn unlock(lot: &LotId, holder: LockHolder) -> DispatchResult;

	/// Who holds the lock on `lot`, if anyone.
	fn locked_by(lot: &LotId) -> Option<LockHolder>;
}
