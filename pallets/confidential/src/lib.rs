//! # Confidential pallet
//!
//! Collections of confidential payloads: the chain proves *that* a record exists, who committed
//! it and when, and who may read it; the record's content lives only in the private stores of
//! the nodes of the organisations entitled to it (see `docs/confidentiality.md`).
//!
//! - **Collections**: the organisations that may read its payloads. A member's admin creates one
//!   naming the others, who each accept before anything is committed (nobody is made to store a
//!   competitor's data). Other pallets open collections whose parties consented through their
//!   own action (an agreement both parties entered) with [`Collections::open`].
//! - **Commitments**: a member commits a payload by its hash (`blake2_256` of its SCALE
//!   encoding, which starts with a random salt). Each gets a chain-wide sequence number; member
//!   nodes reconcile in that order and check every payload against its commitment.
//! - **Grants**: a member's admin, or consortium governance, grants an auditor or a regulator
//!   read access until a time at most `MaxGrantPeriod` ahead; revocable; expires by itself.
//! - **Retention and purge**: after the collection's retention period any member's admin
//!   purges it; before, only when every member asked. Once purged, every store deletes the
//!   payloads; the commitments stay on chain.
//!
//! Every grant, revocation and purge is an event.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

use bioledger_primitives::{CollectionId, Membership, Moment, OrgId, PayloadHash, Role};
use frame_support::{pallet_prelude::*, traits::Time};
use frame_system::pallet_prelude::*;

/// A collection as stored.
pub type CollectionOf<T> = Collection<<T as Config>::MaxMembers>;
/// A member list.
pub type MembersOf<T> = BoundedVec<OrgId, <T as Config>::MaxMembers>;

/// Runtime hooks the benchmarks need.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// An account with `role` in an active organisation of `kind` (one organisation per `seed`).
	fn member(seed: u32, role: Role, kind: bioledger_primitives::OrgKind) -> (AccountId, OrgId);
	/// Set chain time.
	fn set_time(now: Moment);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who acts for which organisation, with which roles.
		type Membership: Membership<Self::AccountId>;
		/// Chain time.
		type Time: Time<Moment = Moment>;
		/// Consortium governance: may grant a regulator access to any collection.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Most members of one collection.
		#[pallet::constant]
		type MaxMembers: Get<u32>;
		/// Most grants in force on one collection.
		#[pallet::constant]
		type MaxGrants: Get<u32>;
		/// Most payloads one collection may hold.
		#[pallet::constant]
		type MaxPayloadsPerCollection: Get<u32>;
		/// Most collections one organisation may create.
		#[pallet::constant]
		type MaxCollectionsPerOrg: Get<u32>;
		/// Longest grant (ms from the time it is made).
		#[pallet::constant]
		type MaxGrantPeriod: Get<Moment>;
		/// Weights from the benchmarks.
		type WeightInfo: WeightInfo;
		/// Runtime hooks for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Next collection id.
	#[pallet::storage]
	pub type NextCollectionId<T> = StorageValue<_, CollectionId, ValueQuery>;

	/// Collections.
	#[pallet::storage]
	pub type Collections<T: Config> = StorageMap<_, Twox64Concat, CollectionId, CollectionOf<T>>;

	/// Collections each organisation created.
	#[pallet::storage]
	pub type CreatedBy<T> = StorageMap<_, Twox64Concat, OrgId, u32, ValueQuery>;

	/// Read grants to auditors and regulators.
	#[pallet::storage]
	pub type Grants<T> =
		StorageDoubleMap<_, Twox64Concat, CollectionId, Twox64Concat, OrgId, Grant>;

	/// Committed payloads.
	#[pallet::storage]
	pub type Payloads<T> = StorageMap<_, Identity, PayloadHash, PayloadMeta>;

	/// Payloads by sequence number (the order member nodes reconcile in).
	#[pallet::storage]
	pub type PayloadBySeq<T> = StorageMap<_, Twox64Concat, u64, PayloadHash>;

	/// Next payload sequence number.
	#[pallet::storage]
	pub type NextSeq<T> = StorageValue<_, u64, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A collection was created.
		CollectionCreated {
			/// The collection.
			collection: CollectionId,
			/// Its creator.
			owner: OrgId,
			/// Its parties.
			members: MembersOf<T>,
			/// Retention, ms.
			retention: Moment,
		},
		/// A member accepted a collection.
		CollectionAccepted {
			/// The collection.
			collection: CollectionId,
			/// The member.
			org: OrgId,
		},
		/// Every member accepted: payloads may be committed.
		CollectionOpened {
			/// The collection.
			collection: CollectionId,
		},
		/// A payload was committed.
		PayloadCommitted {
			/// The collection.
			collection: CollectionId,
			/// The commitment.
			payload: PayloadHash,
			/// The member that committed it.
			by: OrgId,
			/// Its sequence number.
			seq: u64,
		},
		/// An auditor or regulator was granted read access.
		AccessGranted {
			/// The collection.
			collection: CollectionId,
			/// The grantee.
			org: OrgId,
			/// Until when.
			until: Moment,
			/// The granting member (`None`: governance).
			by: Option<OrgId>,
		},
		/// A grant was revoked.
		AccessRevoked {
			/// The collection.
			collection: CollectionId,
			/// The former grantee.
			org: OrgId,
		},
		/// A member asked for an early purge.
		PurgeRequested {
			/// The collection.
			collection: CollectionId,
			/// The member.
			org: OrgId,
		},
		/// The collection was purged: payloads are deleted from every store.
		Purged {
			/// The collection.
			collection: CollectionId,
			/// Payloads whose content is gone (their commitments stay).
			payloads: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller does not hold the needed role in an active organisation.
		NotAuthorized,
		/// No such collection.
		UnknownCollection,
		/// The caller's organisation is not a member of the collection.
		NotMember,
		/// A named organisation is not active.
		InactiveOrg,
		/// Too many members, or none besides duplicates.
		BadMembers,
		/// The collection is not open (members pending, or purged).
		NotOpen,
		/// The collection was purged.
		AlreadyPurged,
		/// The organisation already accepted, or was never asked to.
		NothingToAccept,
		/// This payload is already committed.
		PayloadExists,
		/// The collection holds `MaxPayloadsPerCollection` payloads.
		TooManyPayloads,
		/// The organisation created `MaxCollectionsPerOrg` collections.
		TooManyCollections,
		/// Only auditors and regulators receive grants.
		NotAuditor,
		/// Members need no grant.
		AlreadyMember,
		/// The end of the grant is in the past or beyond `MaxGrantPeriod`.
		BadPeriod,
		/// The collection has `MaxGrants` grants in force.
		TooManyGrants,
		/// No such grant.
		NoGrant,
		/// This member already asked for the purge.
		AlreadyRequested,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Create a collection of the caller's organisation and `others`. It opens once every
		/// other member's admin has accepted it.
		///
		/// Origin: an admin of an active organisation.
		/// Errors: `NotAuthorized`, `InactiveOrg`, `BadMembers`, `TooManyCollections`.
		/// Emits `CollectionCreated` (and `CollectionOpened` when there are no others).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create(others.len() as u32))]
		pub fn create(
			origin: OriginFor<T>,
			others: MembersOf<T>,
			retention: Moment,
		) -> DispatchResult {
			let org = Self::acting(origin, Role::Admin)?;
			Self::do_create(org, &others, retention, false).map(|_| ())
		}

		/// Accept a collection the caller's organisation was named in.
		///
		/// Origin: an admin of a pending member.
		/// Errors: `NotAuthorized`, `UnknownCollection`, `NothingToAccept`.
		/// Emits `CollectionAccepted` (and `CollectionOpened` after the last member).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::accept())]
		pub fn accept(origin: OriginFor<T>, collection: CollectionId) -> DispatchResult {
			let org = Self::acting(origin, Role::Admin)?;
			Self::do_accept(org, collection)
		}

		/// Commit a payload (by its hash) to an open collection.
		///
		/// Origin: an operator or QA approver of a member.
		/// Errors: `NotAuthorized`, `UnknownCollection`, `NotMember`, `NotOpen`,
		/// `PayloadExists`, `TooManyPayloads`. Emits `PayloadCommitted`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::commit())]
		pub fn commit(
			origin: OriginFor<T>,
			collection: CollectionId,
			payload: PayloadHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let org = T::Membership::acting_org(&who, Role::Operator)
				.or_else(|| T::Membership::acting_org(&who, Role::QaApprover))
				.ok_or(Error::<T>::NotAuthorized)?;
			Self::do_commit(collection, payload, org)
		}

		/// Grant an auditor or regulator read access until `until`.
		///
		/// Origin: an admin of a member, or consortium governance.
		/// Errors: `NotAuthorized`, `UnknownCollection`, `NotMember`, `AlreadyPurged`,
		/// `InactiveOrg`, `NotAuditor`, `AlreadyMember`, `BadPeriod`, `TooManyGrants`.
		/// Emits `AccessGranted`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::grant())]
		pub fn grant(
			origin: OriginFor<T>,
			collection: CollectionId,
			org: OrgId,
			until: Moment,
		) -> DispatchResult {
			let by = Self::member_admin_or_governance(origin, collection)?;
			Self::do_grant(collection, org, until, by)
		}

		/// Revoke a grant.
		///
		/// Origin: an admin of a member, or consortium governance.
		/// Errors: `NotAuthorized`, `UnknownCollection`, `NotMember`, `NoGrant`.
		/// Emits `AccessRevoked`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(
			origin: OriginFor<T>,
			collection: CollectionId,
			org: OrgId,
		) -> DispatchResult {
			Self::member_admin_or_governance(origin, collection)?;
			Self::do_revoke(collection, org)
		}

		/// Purge a collection: at once after its retention period, or once every member asked.
		/// Grants end; the commitments stay.
		///
		/// Origin: an admin of a member.
		/// Errors: `NotAuthorized`, `UnknownCollection`, `NotMember`, `AlreadyPurged`,
		/// `AlreadyRequested`. Emits `PurgeRequested` and/or `Purged`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::purge(T::MaxGrants::get()))]
		pub fn purge(origin: OriginFor<T>, collection: CollectionId) -> DispatchResult {
			let org = Self::acting(origin, Role::Admin)?;
			Self::do_purge(org, collection)
		}
	}
}

impl<T: Config> Pallet<T> {
	fn acting(origin: OriginFor<T>, role: Role) -> Result<OrgId, DispatchError> {
		let who = ensure_signed(origin)?;
		Ok(T::Membership::acting_org(&who, role).ok_or(Error::<T>::NotAuthorized)?)
	}

	/// `Some(org)` for a member's admin, `None` for governance.
	fn member_admin_or_governance(
		origin: OriginFor<T>,
		collection: CollectionId,
	) -> Result<Option<OrgId>, DispatchError> {
		let origin = match T::GovernanceOrigin::try_origin(origin) {
			Ok(_) => return Ok(None),
			Err(o) => o,
		};
		let org = Self::acting(origin, Role::Admin)?;
		let c = Collections::<T>::get(collection).ok_or(Error::<T>::UnknownCollection)?;
		ensure!(c.members.binary_search(&org).is_ok(), Error::<T>::NotMember);
		Ok(Some(org))
	}

	/// What `org` may do with `collection`'s payloads at `now`.
	pub fn access_at(
		collection: CollectionId,
		org: OrgId,
		now: Moment,
	) -> bioledger_primitives::Access {
		use bioledger_primitives::Access;
		let Some(c) = Collections::<T>::get(collection) else { return Access::None };
		if matches!(c.status, CollectionStatus::Purged(_)) {
			return Access::Purged;
		}
		if c.members.binary_search(&org).is_ok() {
			return Access::Member;
		}
		match Grants::<T>::get(collection, org) {
			Some(g) if now < g.until => Access::Granted(g.until),
			_ => Access::None,
		}
	}

	/// Invariants: each collection's grant and payload counts match the maps and stay within
	/// their bounds; members are sorted; every sequence number below `NextSeq` names a payload
	/// that carries it.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		for (id, c) in Collections::<T>::iter() {
			let grants = Grants::<T>::iter_prefix(id).count() as u32;
			ensure!(grants == c.grants, "grant count differs from the grants stored");
			ensure!(c.grants <= T::MaxGrants::get(), "more grants than MaxGrants");
			ensure!(c.payloads <= T::MaxPayloadsPerCollection::get(), "too many payloads");
			ensure!(c.members.windows(2).all(|w| w[0] < w[1]), "members not sorted");
			ensure!(c.members.binary_search(&c.owner).is_ok(), "owner not a member");
		}
		for seq in 0..NextSeq::<T>::get() {
			let hash = PayloadBySeq::<T>::get(seq).ok_or("a sequence number without payload")?;
			let meta = Payloads::<T>::get(hash).ok_or("a sequenced payload without meta")?;
			ensure!(meta.seq == seq, "payload sequence numbers differ");
		}
		Ok(())
	}

	/// Payloads committed from sequence number `from` on, at most `max`.
	pub fn payloads_from(from: u64, max: u32) -> alloc::vec::Vec<(PayloadHash, PayloadMeta)> {
		let end = NextSeq::<T>::get().min(from.saturating_add(max as u64));
		(from..end)
			.filter_map(|seq| {
				let hash = PayloadBySeq::<T>::get(seq)?;
				Some((hash, Payloads::<T>::get(hash)?))
			})
			.collect()
	}
}
