//! # Consortium pallet
//!
//! Who may do what on BioLedger: member organisations admitted by the council, the accounts
//! (people and machines) that act for them with roles, their qualification credentials, their
//! SM2 e-seal keys, the nodes they run and the validator each contributes.
//!
//! - **Organisations** apply ([`Pallet::apply`]); the council (pallet-collective, one seat per
//!   member, two thirds) approves or rejects, suspends, reinstates or revokes. An admitted
//!   organisation's first admin holds its council seat.
//! - **Accounts** are linked to exactly one organisation with a [`RoleSet`] by its admins.
//! - **Credentials** (GMP certificate, warehouse licence, ...) are issued by organisations the
//!   council admitted as issuers of their kind, each under the issuer's SM2 e-seal over a
//!   canonical digest ([`Pallet::credential_digest`]); the holder requests, attaches documents,
//!   withdraws or surrenders, never writes one. Issuers renew, suspend and revoke; a regulator
//!   with oversight of a kind revokes. Which kinds exist and which kinds each gated action
//!   requires are chain state set by governance ([`CredentialKinds`], [`Requirements`]); other
//!   pallets ask [`Membership::qualified`]. A `CredentialExpired` event (a compliance lapse) is
//!   emitted in the first block whose timestamp is past the expiry, with at most
//!   [`Config::MaxExpiriesPerBlock`] expiries processed per block. Credentials export as W3C
//!   Verifiable Credentials ([`Pallet::credential_vc`]).
//! - **E-seal keys** are SM2 public keys registered with a proof of possession (an SM2 signature
//!   over [`Pallet::eseal_challenge`]); rotation closes the old key's validity window but keeps it
//!   on record so old signatures still verify ([`Membership::eseal_key_at`]).
//! - **Nodes**: libp2p peer ids (validated ed25519 identity multihashes) and addresses; the node
//!   peers only with nodes of active organisations (runtime API `authorized_nodes`).
//! - **Validators**: an organisation proposes the account whose session keys it registered with
//!   `session.set_keys`; the council approves; this pallet is pallet-session's
//!   `SessionManager`, and never hands it fewer than [`MinValidators`] validators.
//!
//! Every call checks origin, role, organisation status and state before writing; failed calls
//! change nothing. See the README for tables of calls, storage, events and errors.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use features::{credentials::CREDENTIAL_DIGEST_DOMAIN, vc::iso8601};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod config;
mod events;
mod features;
mod genesis;
mod impls;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

use alloc::vec::Vec;
use bioledger_primitives::{
	CredentialKind, DocHash, GatedAction, Membership, Moment, OrgId, OrgKind, OrgKindSet, Role,
	RoleSet, Sm2PublicKey, Sm2Signature,
};
use frame_support::{
	pallet_macros::import_section,
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		Time,
	},
	BoundedBTreeSet,
};
use frame_system::pallet_prelude::*;

/// Balance of the fee token the application deposit is held in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A credential in the expiry queue: (valid until, holder, credential id). Ordered by time.
pub type ExpiryEntry = (Moment, OrgId, CredentialId);

/// Storage form of an organisation.
pub type OrgInfoOf<T> = OrgInfo<<T as frame_system::Config>::AccountId, <T as Config>::MaxNameLen>;
/// Storage form of a credential.
pub type CredentialOf<T> = Credential<<T as Config>::MaxNameLen>;
/// An organisation's credentials on file, with their ids.
pub type CredentialListOf<T> =
	BoundedVec<(CredentialId, CredentialOf<T>), <T as Config>::MaxCredentialsPerOrg>;
/// Storage form of a credential request.
pub type CredentialRequestOf<T> = CredentialRequest<<T as Config>::MaxRequestDocuments>;
/// Storage form of a credential kind.
pub type KindInfoOf<T> = KindInfo<<T as Config>::MaxNameLen>;
/// Storage form of an application.
pub type ApplicationOf<T> = Application<
	<T as frame_system::Config>::AccountId,
	<T as Config>::MaxNameLen,
	<T as Config>::MaxApplicationCredentials,
>;
/// Storage form of a node.
pub type NodeRecordOf<T> = NodeRecord<<T as Config>::MaxAddrsPerNode, <T as Config>::MaxAddrLen>;
/// A node's addresses.
pub type AddrsOf<T> =
	BoundedVec<BoundedVec<u8, <T as Config>::MaxAddrLen>, <T as Config>::MaxAddrsPerNode>;

#[import_section(config::config)]
#[import_section(events::events)]
#[import_section(genesis::genesis)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version (v2: issued credentials, compliance rules as data).
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a pending application.
		#[codec(index = 0)]
		Application,
	}

	/// Next organisation id (assigned when an application is submitted).
	#[pallet::storage]
	pub type NextOrgId<T> = StorageValue<_, OrgId, ValueQuery>;

	/// Number of organisations admitted so far (bounded by `MaxOrgs`).
	#[pallet::storage]
	pub type OrgCount<T> = StorageValue<_, u32, ValueQuery>;

	/// Member organisations.
	#[pallet::storage]
	pub type Orgs<T: Config> = StorageMap<_, Twox64Concat, OrgId, OrgInfoOf<T>>;

	/// Pending applications, under the organisation id they will get.
	#[pallet::storage]
	pub type Applications<T: Config> = StorageMap<_, Twox64Concat, OrgId, ApplicationOf<T>>;

	/// Number of pending applications.
	#[pallet::storage]
	pub type PendingApplications<T> = StorageValue<_, u32, ValueQuery>;

	/// The pending application of an account (one at a time).
	#[pallet::storage]
	pub type ApplicationByApplicant<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, OrgId>;

	/// Linked accounts: which organisation an account acts for and its roles.
	#[pallet::storage]
	pub type Accounts<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, AccountRecord>;

	/// Accounts of an organisation (for enumeration; count in `OrgInfo::accounts`).
	#[pallet::storage]
	pub type OrgAccounts<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Blake2_128Concat, T::AccountId, (), OptionQuery>;

	/// Credentials on file, per organisation, with their ids.
	#[pallet::storage]
	pub type OrgCredentials<T: Config> =
		StorageMap<_, Twox64Concat, OrgId, CredentialListOf<T>, ValueQuery>;

	/// The credential-kind registry (governance).
	#[pallet::storage]
	pub type CredentialKinds<T: Config> =
		StorageMap<_, Twox64Concat, CredentialKind, KindInfoOf<T>>;

	/// Number of kinds in the registry (bounded by `MaxCredentialKinds`).
	#[pallet::storage]
	pub type KindCount<T> = StorageValue<_, u32, ValueQuery>;

	/// What each gated action requires: a credential of every kind listed (governance).
	#[pallet::storage]
	pub type Requirements<T: Config> = StorageMap<
		_,
		Twox64Concat,
		GatedAction,
		BoundedVec<CredentialKind, T::MaxRequiredKinds>,
		ValueQuery,
	>;

	/// Which organisations issue or oversee which kinds (governance).
	#[pallet::storage]
	pub type Authorities<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		OrgId,
		Twox64Concat,
		CredentialKind,
		Authority,
		ValueQuery,
	>;

	/// Pending credential requests.
	#[pallet::storage]
	pub type Requests<T: Config> = StorageMap<_, Twox64Concat, RequestId, CredentialRequestOf<T>>;

	/// Next request id.
	#[pallet::storage]
	pub type NextRequestId<T> = StorageValue<_, RequestId, ValueQuery>;

	/// Pending requests per holder (bounded by `MaxOpenRequests`).
	#[pallet::storage]
	pub type OpenRequests<T> = StorageMap<_, Twox64Concat, OrgId, u32>;

	/// Until when v1 credentials (written by their holders before issued credentials) still
	/// count; set by the v2 migration and by governance. `None`: they do not count.
	#[pallet::storage]
	pub type LegacyCredentialsUntil<T> = StorageValue<_, Moment, OptionQuery>;

	/// Credentials that will expire, ordered by expiry time.
	#[pallet::storage]
	pub type ExpiryQueue<T: Config> =
		StorageValue<_, BoundedBTreeSet<ExpiryEntry, T::MaxExpiryQueue>, ValueQuery>;

	/// Earliest expiry in [`ExpiryQueue`] (read every block instead of the whole queue).
	#[pallet::storage]
	pub type NextExpiry<T> = StorageValue<_, Moment, OptionQuery>;

	/// Expiries `on_initialize` reserved weight for; taken by `on_finalize` of the same block.
	#[pallet::storage]
	pub type ExpiryBudget<T> = StorageValue<_, u32, OptionQuery>;

	/// E-seal keys of an organisation, oldest first; the last one is current.
	#[pallet::storage]
	pub type EsealKeys<T: Config> =
		StorageMap<_, Twox64Concat, OrgId, BoundedVec<EsealKey, T::MaxEsealKeys>, ValueQuery>;

	/// Registered nodes of an organisation.
	#[pallet::storage]
	pub type Nodes<T: Config> = StorageMap<
		_,
		Twox64Concat,
		OrgId,
		BoundedVec<NodeRecordOf<T>, T::MaxNodesPerOrg>,
		ValueQuery,
	>;

	/// Owner of a registered peer id (peer ids are unique chain-wide).
	#[pallet::storage]
	pub type PeerOwner<T> = StorageMap<_, Blake2_128Concat, PeerId, OrgId>;

	/// The validator of an organisation (one per organisation).
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageMap<_, Twox64Concat, OrgId, ValidatorRecord<T::AccountId>>;

	/// The validator set never shrinks below this many validators (set at genesis and by the
	/// council; at least 1).
	#[pallet::storage]
	pub type MinValidators<T> = StorageValue<_, u32, ValueQuery, ConstU32<1>>;

	/// Organisation of a validator account.
	#[pallet::storage]
	pub type ValidatorOwner<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, OrgId>;

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			Self::reserve_expiry_budget()
		}

		fn on_finalize(_n: BlockNumberFor<T>) {
			Self::process_expiries();
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Apply to join the consortium.
		///
		/// Origin: any signed account that acts for no organisation and has no pending
		/// application, and can pay `ApplicationDeposit` (held until the decision). `pop` is
		/// the SM2 signature of `eseal_key` over [`Pallet::eseal_challenge`] for the
		/// organisation id this application reserves (`NextOrgId`).
		///
		/// `requests` name the credentials the organisation will ask issuers for on admission
		/// (it never writes a credential itself).
		///
		/// Errors: `InvalidName`, `AlreadyMember`, `ApplicationPending`, `TooManyApplications`,
		/// `TooManyOrgs`, `UnknownKind`, `NotHolderKind`, `InvalidKey`, `BadProof`,
		/// `InsufficientDeposit`. Emits `ApplicationSubmitted`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::apply(requests.len() as u32))]
		pub fn apply(
			origin: OriginFor<T>,
			name: BoundedVec<u8, T::MaxNameLen>,
			kind: OrgKind,
			eseal_key: Sm2PublicKey,
			pop: Sm2Signature,
			requests: BoundedVec<RequestInput, T::MaxApplicationCredentials>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_apply(who, name, kind, eseal_key, pop, requests)
		}

		/// Withdraw a pending application; the deposit is returned.
		///
		/// Origin: the applicant. Errors: `ApplicationNotFound`, `NotApplicant`.
		/// Emits `ApplicationWithdrawn`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::withdraw_application())]
		pub fn withdraw_application(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let app = Applications::<T>::get(org).ok_or(Error::<T>::ApplicationNotFound)?;
			ensure!(app.applicant == who, Error::<T>::NotApplicant);
			Self::drop_application(org, &app.applicant, false);
			Self::deposit_event(Event::ApplicationWithdrawn { org });
			Ok(())
		}

		/// Admit an applicant: the organisation becomes active, its applicant its first admin
		/// (roles admin and signer) and council-seat holder; its e-seal key goes on file and
		/// its credential requests go to their issuers.
		///
		/// Origin: `GovernanceOrigin` (two thirds of the council).
		/// Errors: `ApplicationNotFound`, `TooManyOrgs`, `AlreadyMember`, `NotActive`,
		/// `NotIssuer`, `TooManyRequests`, and the council-membership pallet's errors.
		/// Emits `OrgAdmitted`, `AccountLinked`, `EsealKeyRotated`, `CredentialRequested` (each).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::approve_application(T::MaxApplicationCredentials::get()))]
		pub fn approve_application(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_approve_application(org)
		}

		/// Reject an application; the deposit is burned (spam costs its sender).
		///
		/// Origin: `GovernanceOrigin`. Errors: `ApplicationNotFound`.
		/// Emits `ApplicationRejected`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::reject_application())]
		pub fn reject_application(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let app = Applications::<T>::get(org).ok_or(Error::<T>::ApplicationNotFound)?;
			Self::drop_application(org, &app.applicant, true);
			Self::deposit_event(Event::ApplicationRejected { org });
			Ok(())
		}

		/// Suspend an active organisation: its accounts can do nothing, its council seat is
		/// withdrawn, its validator leaves at a coming session, its nodes are disconnected.
		///
		/// Origin: `GovernanceOrigin`. Errors: `OrgNotFound`, `NotActive`, `TooFewValidators`.
		/// Emits `OrgSuspended`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::suspend())]
		pub fn suspend(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_suspend(org)
		}

		/// Reinstate a suspended organisation (seat, validator and nodes come back).
		///
		/// Origin: `GovernanceOrigin`. Errors: `OrgNotFound`, `NotSuspended`.
		/// Emits `OrgReinstated`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::reinstate())]
		pub fn reinstate(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_reinstate(org)
		}

		/// Revoke an organisation's membership for good: seat, validator and nodes are
		/// removed; its history and accounts stay on record but can never act again.
		///
		/// Origin: `GovernanceOrigin`. Errors: `OrgNotFound`, `AlreadyRevoked`,
		/// `TooFewValidators`. Emits `OrgRevoked` (and `ValidatorRemoved`, `NodeRemoved`).
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::revoke(T::MaxNodesPerOrg::get()))]
		pub fn revoke(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_revoke(org)
		}

		/// Link an account to the caller's organisation with `roles`.
		///
		/// Origin: an admin of an active organisation.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `InvalidRoles`, `AccountTaken`,
		/// `TooManyAccounts`. Emits `AccountLinked`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::link_account())]
		pub fn link_account(
			origin: OriginFor<T>,
			account: T::AccountId,
			roles: RoleSet,
		) -> DispatchResult {
			let org = Self::ensure_admin(origin)?;
			Self::do_link_account(org, account, roles)
		}

		/// Change the roles of an account of the caller's organisation.
		///
		/// Origin: an admin of an active organisation.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `InvalidRoles`,
		/// `AccountNotFound`, `LastAdmin`. Emits `RolesChanged`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_roles())]
		pub fn set_roles(
			origin: OriginFor<T>,
			account: T::AccountId,
			roles: RoleSet,
		) -> DispatchResult {
			let org = Self::ensure_admin(origin)?;
			Self::do_set_roles(org, account, roles)
		}

		/// Unlink an account from the caller's organisation.
		///
		/// Origin: an admin of an active organisation.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `AccountNotFound`, `LastAdmin`,
		/// `SeatHolder`, `ValidatorExists` (it is the organisation's validator).
		/// Emits `AccountUnlinked`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::unlink_account())]
		pub fn unlink_account(origin: OriginFor<T>, account: T::AccountId) -> DispatchResult {
			let org = Self::ensure_admin(origin)?;
			Self::do_unlink_account(org, account)
		}

		/// Move the organisation's council seat to another of its accounts.
		///
		/// Origin: an admin of an active organisation.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `AccountNotFound`, `SeatHolder`
		/// (already holds it), and the council-membership pallet's errors.
		/// Emits `CouncilSeatMoved`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::move_council_seat())]
		pub fn move_council_seat(origin: OriginFor<T>, to: T::AccountId) -> DispatchResult {
			let org = Self::ensure_admin(origin)?;
			Self::do_move_council_seat(org, to)
		}

		/// Revoke a credential. It stays revoked until its issuer re-issues it.
		///
		/// Origin: `GovernanceOrigin`, a signer of the credential's issuer (still admitted for
		/// the kind), or an auditor of an active regulator with oversight of the kind. Not the
		/// holder (it surrenders instead), not a private auditor.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `CredentialNotFound`,
		/// `CredentialRevoked` (revoked or surrendered already). Emits `CredentialRevoked`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::revoke_credential())]
		pub fn revoke_credential(
			origin: OriginFor<T>,
			org: OrgId,
			credential: CredentialId,
		) -> DispatchResult {
			Self::do_revoke_credential(origin, org, credential)
		}

		/// Remove an expired, revoked or surrendered credential from file (its history stays in
		/// events).
		///
		/// Origin: an admin of an active organisation.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `CredentialNotFound`,
		/// `CredentialStillValid`. Emits `CredentialRemoved`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::remove_credential())]
		pub fn remove_credential(origin: OriginFor<T>, credential: CredentialId) -> DispatchResult {
			let org = Self::ensure_admin(origin)?;
			Self::do_remove_credential(org, credential)
		}

		/// Rotate the organisation's e-seal key. `pop` is the SM2 signature of `key` over
		/// [`Pallet::eseal_challenge`]`(org, key)`. The old key's validity ends now; it stays on
		/// record.
		///
		/// Origin: an admin of an active organisation.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `InvalidKey`, `BadProof`,
		/// `KeyReused`, `TooManyKeys`. Emits `EsealKeyRotated`.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::rotate_eseal_key())]
		pub fn rotate_eseal_key(
			origin: OriginFor<T>,
			key: Sm2PublicKey,
			pop: Sm2Signature,
		) -> DispatchResult {
			let org = Self::ensure_admin(origin)?;
			Self::check_proof_of_possession(org, &key, &pop)?;
			Self::push_eseal_key(org, key)
		}

		/// Register a node of the caller's organisation.
		///
		/// Origin: an admin of an active organisation.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `InvalidPeerId`,
		/// `InvalidAddress`, `PeerIdTaken`, `TooManyNodes`. Emits `NodeRegistered`.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::register_node())]
		pub fn register_node(
			origin: OriginFor<T>,
			peer_id: PeerId,
			addrs: AddrsOf<T>,
		) -> DispatchResult {
			let org = Self::ensure_admin(origin)?;
			Self::do_register_node(org, peer_id, addrs)
		}

		/// Replace the addresses of a node of the caller's organisation.
		///
		/// Origin: an admin of an active organisation.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `InvalidAddress`,
		/// `NodeNotFound`. Emits `NodeUpdated`.
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::update_node())]
		pub fn update_node(
			origin: OriginFor<T>,
			peer_id: PeerId,
			addrs: AddrsOf<T>,
		) -> DispatchResult {
			let org = Self::ensure_admin(origin)?;
			Self::do_update_node(org, peer_id, addrs)
		}

		/// Remove a node of the caller's organisation.
		///
		/// Origin: an admin of an active organisation.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `NodeNotFound`.
		/// Emits `NodeRemoved`.
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::remove_node())]
		pub fn remove_node(origin: OriginFor<T>, peer_id: PeerId) -> DispatchResult {
			let org = Self::ensure_admin(origin)?;
			Self::do_remove_node(org, peer_id)
		}

		/// Propose the organisation's validator: an account of the organisation that has
		/// registered session keys with `session.set_keys`.
		///
		/// Origin: an admin of an active organisation.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `AccountNotFound`,
		/// `ValidatorExists`, `NoSessionKeys`. Emits `ValidatorProposed`.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::propose_validator())]
		pub fn propose_validator(origin: OriginFor<T>, account: T::AccountId) -> DispatchResult {
			let org = Self::ensure_admin(origin)?;
			Self::do_propose_validator(org, account)
		}

		/// Approve an organisation's proposed validator; it joins the set at a coming session
		/// (pallet-session queues the next set one session ahead).
		///
		/// Origin: `GovernanceOrigin`.
		/// Errors: `ValidatorNotFound`, `AlreadyApproved`, `NotActive`, `NoSessionKeys`.
		/// Emits `ValidatorApproved`.
		#[pallet::call_index(20)]
		#[pallet::weight(T::WeightInfo::approve_validator())]
		pub fn approve_validator(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_approve_validator(org)
		}

		/// Remove an organisation's validator (proposed or approved); an approved one leaves
		/// at a coming session.
		///
		/// Origin: `GovernanceOrigin`, or an admin of the organisation itself.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `ValidatorNotFound`,
		/// `TooFewValidators`. Emits `ValidatorRemoved`.
		#[pallet::call_index(21)]
		#[pallet::weight(T::WeightInfo::remove_validator())]
		pub fn remove_validator(origin: OriginFor<T>, org: OrgId) -> DispatchResult {
			if T::GovernanceOrigin::try_origin(origin.clone()).is_err() {
				let own = Self::ensure_admin(origin)?;
				ensure!(own == org, Error::<T>::NotAuthorized);
			}
			Self::do_remove_validator(org)
		}

		/// Set the minimum validator set size. It must be at least 1 and at most the current
		/// set's size.
		///
		/// Origin: `GovernanceOrigin`. Errors: `TooFewValidators`. Emits `MinValidatorsSet`.
		#[pallet::call_index(22)]
		#[pallet::weight(T::WeightInfo::set_min_validators())]
		pub fn set_min_validators(origin: OriginFor<T>, min: u32) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				min >= 1 && min as usize <= Self::validator_set().len(),
				Error::<T>::TooFewValidators
			);
			MinValidators::<T>::put(min);
			Self::deposit_event(Event::MinValidatorsSet { min });
			Ok(())
		}

		/// Ask an admitted issuer for a credential of `kind`, attaching document hashes.
		///
		/// Origin: an admin of an active organisation (the holder).
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `UnknownKind`, `OrgNotFound`,
		/// `NotHolderKind`, `NotIssuer`, `TooManyRequests`. Emits `CredentialRequested`.
		#[pallet::call_index(23)]
		#[pallet::weight(T::WeightInfo::request_credential())]
		pub fn request_credential(
			origin: OriginFor<T>,
			issuer: OrgId,
			kind: CredentialKind,
			documents: BoundedVec<DocHash, T::MaxRequestDocuments>,
		) -> DispatchResult {
			let holder = Self::ensure_admin(origin)?;
			Self::open_request(holder, issuer, kind, documents).map(|_| ())
		}

		/// Attach more documents to a pending request.
		///
		/// Origin: an admin of the requesting organisation.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `RequestNotFound`,
		/// `TooManyDocuments`. Emits `RequestDocumentsAttached`.
		#[pallet::call_index(24)]
		#[pallet::weight(T::WeightInfo::attach_documents())]
		pub fn attach_documents(
			origin: OriginFor<T>,
			request: RequestId,
			documents: BoundedVec<DocHash, T::MaxRequestDocuments>,
		) -> DispatchResult {
			let holder = Self::ensure_admin(origin)?;
			Self::do_attach(holder, request, documents)
		}

		/// Withdraw a pending request.
		///
		/// Origin: an admin of the requesting organisation.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `RequestNotFound`.
		/// Emits `CredentialRequestWithdrawn`.
		#[pallet::call_index(25)]
		#[pallet::weight(T::WeightInfo::withdraw_request())]
		pub fn withdraw_request(origin: OriginFor<T>, request: RequestId) -> DispatchResult {
			let holder = Self::ensure_admin(origin)?;
			Self::own_request(holder, request)?;
			Self::close_request(request, holder);
			Self::deposit_event(Event::CredentialRequestWithdrawn { request });
			Ok(())
		}

		/// Refuse a request addressed to the caller's organisation.
		///
		/// Origin: a signer of the issuer the request names.
		/// Errors: `RequestNotFound`, `NotMember`, `NotActive`, `NotAuthorized`, `NotIssuer`.
		/// Emits `CredentialRequestRefused`.
		#[pallet::call_index(26)]
		#[pallet::weight(T::WeightInfo::refuse_request())]
		pub fn refuse_request(origin: OriginFor<T>, request: RequestId) -> DispatchResult {
			let req = Requests::<T>::get(request).ok_or(Error::<T>::RequestNotFound)?;
			let issuer = Self::ensure_issuer(origin, req.kind)?;
			ensure!(req.issuer == issuer, Error::<T>::NotIssuer);
			Self::close_request(request, req.holder);
			Self::deposit_event(Event::CredentialRequestRefused { request, issuer });
			Ok(())
		}

		/// Issue the credential a pending request asks for. `seal` is the issuer's SM2 e-seal
		/// (`r ‖ s`, current key) over [`Pallet::credential_digest`] of the holder, kind,
		/// `validity`, `doc_hash`, the issuer and version 1.
		///
		/// Origin: a signer of the issuer the request names, admitted to issue the kind.
		/// Errors: `RequestNotFound`, `NotMember`, `NotActive`, `NotAuthorized`, `NotIssuer`,
		/// `InvalidValidity`, `OrgNotFound`, `NoEsealKey`, `BadSeal`, `TooManyCredentials`,
		/// `ExpiryQueueFull`. Emits `CredentialIssued`.
		#[pallet::call_index(27)]
		#[pallet::weight(T::WeightInfo::issue_credential())]
		pub fn issue_credential(
			origin: OriginFor<T>,
			request: RequestId,
			doc_hash: DocHash,
			validity: bioledger_primitives::Validity,
			seal: Sm2Signature,
		) -> DispatchResult {
			let req = Requests::<T>::get(request).ok_or(Error::<T>::RequestNotFound)?;
			let issuer = Self::ensure_issuer(origin, req.kind)?;
			Self::do_issue(issuer, request, doc_hash, validity, seal)
		}

		/// Re-issue a credential: renew it (new document and window) or restore it after a
		/// suspension or revocation. A new version under a new seal (over the digest with
		/// version + 1).
		///
		/// Origin: a signer of the credential's issuer, still admitted for the kind.
		/// Errors: `CredentialNotFound`, `NotMember`, `NotActive`, `NotAuthorized`, `NotIssuer`,
		/// `CredentialSurrendered`, `InvalidValidity`, `NoEsealKey`, `BadSeal`,
		/// `ExpiryQueueFull`. Emits `CredentialReissued`.
		#[pallet::call_index(28)]
		#[pallet::weight(T::WeightInfo::reissue_credential())]
		pub fn reissue_credential(
			origin: OriginFor<T>,
			org: OrgId,
			credential: CredentialId,
			doc_hash: DocHash,
			validity: bioledger_primitives::Validity,
			seal: Sm2Signature,
		) -> DispatchResult {
			Self::do_reissue(origin, org, credential, doc_hash, validity, seal)
		}

		/// Suspend a credential (it stops counting; a lapse for the holder's compliance).
		///
		/// Origin: a signer of the credential's issuer, still admitted for the kind.
		/// Errors: `CredentialNotFound`, `NotMember`, `NotActive`, `NotAuthorized`, `NotIssuer`,
		/// `CredentialNotActive`. Emits `CredentialSuspended`.
		#[pallet::call_index(29)]
		#[pallet::weight(T::WeightInfo::suspend_credential())]
		pub fn suspend_credential(
			origin: OriginFor<T>,
			org: OrgId,
			credential: CredentialId,
		) -> DispatchResult {
			Self::do_set_suspended(origin, org, credential, true)
		}

		/// Lift a suspension.
		///
		/// Origin: a signer of the credential's issuer, still admitted for the kind.
		/// Errors: `CredentialNotFound`, `NotMember`, `NotActive`, `NotAuthorized`, `NotIssuer`,
		/// `CredentialNotSuspended`. Emits `CredentialReinstated`.
		#[pallet::call_index(30)]
		#[pallet::weight(T::WeightInfo::reinstate_credential())]
		pub fn reinstate_credential(
			origin: OriginFor<T>,
			org: OrgId,
			credential: CredentialId,
		) -> DispatchResult {
			Self::do_set_suspended(origin, org, credential, false)
		}

		/// Give a credential up for good (it never counts again).
		///
		/// Origin: an admin of the holder.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `CredentialNotFound`,
		/// `CredentialSurrendered`. Emits `CredentialSurrendered`.
		#[pallet::call_index(31)]
		#[pallet::weight(T::WeightInfo::surrender_credential())]
		pub fn surrender_credential(
			origin: OriginFor<T>,
			credential: CredentialId,
		) -> DispatchResult {
			let holder = Self::ensure_admin(origin)?;
			Self::do_surrender(holder, credential)
		}

		/// Add or change a credential kind of the registry.
		///
		/// Origin: `GovernanceOrigin`.
		/// Errors: `InvalidName`, `InvalidKindSet`, `TooManyKinds`. Emits `CredentialKindSet`.
		#[pallet::call_index(32)]
		#[pallet::weight(T::WeightInfo::set_credential_kind())]
		pub fn set_credential_kind(
			origin: OriginFor<T>,
			kind: CredentialKind,
			name: BoundedVec<u8, T::MaxNameLen>,
			issuers: OrgKindSet,
			holders: OrgKindSet,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_kind(kind, name, issuers, holders)
		}

		/// Set the credential kinds `action` requires (all of them; empty: none).
		///
		/// Origin: `GovernanceOrigin`.
		/// Errors: `UnknownKind`, `DuplicateKind`. Emits `RequirementSet`.
		#[pallet::call_index(33)]
		#[pallet::weight(T::WeightInfo::set_requirement(kinds.len() as u32))]
		pub fn set_requirement(
			origin: OriginFor<T>,
			action: GatedAction,
			kinds: BoundedVec<CredentialKind, T::MaxRequiredKinds>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_requirement(action, kinds)
		}

		/// Admit an organisation as issuer and/or overseer of a kind, or withdraw its rights
		/// (both `false`). An issuer must be of an organisation kind the kind lists; an
		/// overseer must be a regulator.
		///
		/// Origin: `GovernanceOrigin`.
		/// Errors: `OrgNotFound`, `UnknownKind`, `NotActive`, `NotIssuerKind`.
		/// Emits `AuthoritySet`.
		#[pallet::call_index(34)]
		#[pallet::weight(T::WeightInfo::set_authority())]
		pub fn set_authority(
			origin: OriginFor<T>,
			org: OrgId,
			kind: CredentialKind,
			authority: Authority,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_authority(org, kind, authority)
		}

		/// Set until when v1 credentials (written by their holders) still count; `None` ends
		/// the transition at once.
		///
		/// Origin: `GovernanceOrigin`. Emits `LegacyDeadlineSet`.
		#[pallet::call_index(35)]
		#[pallet::weight(T::WeightInfo::set_legacy_deadline())]
		pub fn set_legacy_deadline(origin: OriginFor<T>, until: Option<Moment>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			LegacyCredentialsUntil::<T>::set(until);
			Self::deposit_event(Event::LegacyDeadlineSet { until });
			Ok(())
		}
	}
}
