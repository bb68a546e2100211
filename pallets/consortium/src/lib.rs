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
//! - **Credentials** (GMP certificate, warehouse licence, ...) carry a document hash, issuer and
//!   validity window. Other pallets ask [`Membership::has_valid_credential`]. A
//!   `CredentialExpired` event is emitted in the first block whose timestamp is past the expiry,
//!   with at most [`Config::MaxExpiriesPerBlock`] expiries processed per block.
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

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
mod impls;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

use alloc::vec::Vec;
use bioledger_primitives::{
	CredentialKind, DocHash, Membership, Moment, OrgId, OrgKind, Role, RoleSet, Sm2PublicKey,
	Sm2Signature,
};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		Time,
	},
	BoundedBTreeSet,
};
use frame_system::pallet_prelude::*;

/// Council seats: the runtime adds and removes the seat holder of an organisation in the
/// council's membership pallet.
pub trait CouncilSeats<AccountId> {
	/// Give `who` a council seat.
	fn add(who: &AccountId) -> DispatchResult;
	/// Take `who`'s seat away.
	fn remove(who: &AccountId) -> DispatchResult;
	/// Move a seat from `old` to `new`.
	fn swap(old: &AccountId, new: &AccountId) -> DispatchResult;
	/// Whether `who` holds a seat.
	fn is_seated(who: &AccountId) -> bool;
}

/// Session keys registered for an account (pallet-session's `NextKeys` in the runtime).
pub trait ValidatorKeys<AccountId> {
	/// Whether `who` has registered session keys.
	fn has_keys(who: &AccountId) -> bool;
}

/// Runtime hooks the benchmarks need.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Register session keys for `who` (as `session.set_keys` would).
	fn register_session_keys(who: &AccountId);
	/// Set chain time.
	fn set_time(now: Moment);
}

/// Balance of the fee token the application deposit is held in.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// A credential in the expiry queue: (valid until, holder, credential id). Ordered by time.
pub type ExpiryEntry = (Moment, OrgId, CredentialId);

/// Storage form of an organisation.
pub type OrgInfoOf<T> = OrgInfo<<T as frame_system::Config>::AccountId, <T as Config>::MaxNameLen>;
/// Storage form of a credential.
pub type CredentialOf<T> = Credential<<T as Config>::MaxNameLen>;
/// Call form of a credential.
pub type CredentialInputOf<T> = CredentialInput<<T as Config>::MaxNameLen>;
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

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Chain time (milliseconds since the Unix epoch).
		type Time: Time<Moment = Moment>;

		/// Origin of council decisions: two thirds of the council (Root on dev chains).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The fee token, in which an applicant's deposit is held.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons (this pallet's [`HoldReason`] among them).
		type RuntimeHoldReason: From<HoldReason>;

		/// Deposit held from an applicant while its application is pending: returned when it is
		/// admitted or withdraws, burned when the council rejects it. It prices the application
		/// queue, which outsiders can write to.
		#[pallet::constant]
		type ApplicationDeposit: Get<BalanceOf<Self>>;

		/// Council seats of admitted organisations.
		type CouncilSeats: CouncilSeats<Self::AccountId>;

		/// Which accounts have registered session keys.
		type ValidatorKeys: ValidatorKeys<Self::AccountId>;

		/// Told when a credential expires or is revoked (supplier scorecards).
		type OnCredentialLapse: bioledger_primitives::OnCredentialLapse;

		/// Most organisations ever admitted (active, suspended or revoked). At most the
		/// council's seat limit.
		#[pallet::constant]
		type MaxOrgs: Get<u32>;

		/// Most applications pending at once.
		#[pallet::constant]
		type MaxPendingApplications: Get<u32>;

		/// Longest organisation name or credential issuer, in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;

		/// Most accounts linked to one organisation.
		#[pallet::constant]
		type MaxAccountsPerOrg: Get<u32>;

		/// Most credential records (active, expired or revoked) one organisation keeps on file.
		#[pallet::constant]
		type MaxCredentialsPerOrg: Get<u32>;

		/// Most credentials submitted with an application.
		#[pallet::constant]
		type MaxApplicationCredentials: Get<u32>;

		/// Most e-seal keys (current and rotated-out) one organisation keeps on record.
		#[pallet::constant]
		type MaxEsealKeys: Get<u32>;

		/// Most nodes one organisation registers.
		#[pallet::constant]
		type MaxNodesPerOrg: Get<u32>;

		/// Most addresses per node.
		#[pallet::constant]
		type MaxAddrsPerNode: Get<u32>;

		/// Longest multiaddress, in bytes.
		#[pallet::constant]
		type MaxAddrLen: Get<u32>;

		/// Most credentials awaiting expiry chain-wide (at least `MaxOrgs ×
		/// MaxCredentialsPerOrg`).
		#[pallet::constant]
		type MaxExpiryQueue: Get<u32>;

		/// Most `CredentialExpired` events processed in one block; the rest follow in the next.
		#[pallet::constant]
		type MaxExpiriesPerBlock: Get<u32>;

		/// How far ahead of the previous block's time `on_initialize` looks for expiries to
		/// reserve block weight for (well above the block time).
		#[pallet::constant]
		type ExpiryLookahead: Get<Moment>;

		/// Weights from the benchmarks.
		type WeightInfo: WeightInfo;

		/// Runtime hooks for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

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
	pub type OrgCredentials<T: Config> = StorageMap<
		_,
		Twox64Concat,
		OrgId,
		BoundedVec<(CredentialId, CredentialOf<T>), T::MaxCredentialsPerOrg>,
		ValueQuery,
	>;

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

	/// An organisation present at genesis.
	#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
	#[serde(rename_all = "camelCase", deny_unknown_fields)]
	pub struct GenesisOrg<AccountId> {
		/// Legal name.
		pub name: alloc::string::String,
		/// Kind.
		pub kind: OrgKind,
		/// First admin; holds the council seat (the council membership genesis must list it).
		pub admin: AccountId,
		/// Further accounts and their roles.
		pub accounts: Vec<(AccountId, RoleSet)>,
		/// SM2 e-seal public key, hex `0x04…` (trusted at genesis: no proof of possession).
		#[serde(with = "sp_core::bytes")]
		pub eseal_key: Vec<u8>,
		/// Credentials on file.
		pub credentials: Vec<GenesisCredential>,
		/// Approved validator account (its session keys come from the session genesis).
		pub validator: Option<AccountId>,
		/// Registered node peer ids (hex of the multihash bytes).
		pub nodes: Vec<sp_core::Bytes>,
	}

	/// A credential present at genesis.
	#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
	#[serde(rename_all = "camelCase", deny_unknown_fields)]
	pub struct GenesisCredential {
		/// Kind.
		pub kind: CredentialKind,
		/// Document hash.
		pub doc_hash: sp_core::H256,
		/// Issuer.
		pub issuer: alloc::string::String,
		/// Valid from.
		pub valid_from: Moment,
		/// Valid until.
		pub valid_until: Option<Moment>,
	}

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Founding member organisations, in id order from 0.
		pub orgs: Vec<GenesisOrg<T::AccountId>>,
		/// Minimum validator set size (0 means the default, 1).
		pub min_validators: u32,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for org in &self.orgs {
				Pallet::<T>::genesis_org(org).expect("valid genesis organisation");
			}
			MinValidators::<T>::put(self.min_validators.max(1));
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An organisation applied to join.
		ApplicationSubmitted {
			/// Id the organisation will have.
			org: OrgId,
			/// Submitting account.
			applicant: T::AccountId,
			/// Organisation kind.
			kind: OrgKind,
		},
		/// The applicant withdrew its application.
		ApplicationWithdrawn {
			/// Id of the application.
			org: OrgId,
		},
		/// The council rejected an application.
		ApplicationRejected {
			/// Id of the application.
			org: OrgId,
		},
		/// The council admitted an organisation.
		OrgAdmitted {
			/// The new member.
			org: OrgId,
			/// Its kind.
			kind: OrgKind,
			/// First admin and council-seat holder.
			admin: T::AccountId,
		},
		/// The council suspended an organisation.
		OrgSuspended {
			/// The organisation.
			org: OrgId,
		},
		/// The council reinstated a suspended organisation.
		OrgReinstated {
			/// The organisation.
			org: OrgId,
		},
		/// The council revoked an organisation's membership for good.
		OrgRevoked {
			/// The organisation.
			org: OrgId,
		},
		/// An account was linked to an organisation.
		AccountLinked {
			/// The organisation.
			org: OrgId,
			/// The account.
			account: T::AccountId,
			/// Its roles.
			roles: RoleSet,
		},
		/// An account's roles changed.
		RolesChanged {
			/// The organisation.
			org: OrgId,
			/// The account.
			account: T::AccountId,
			/// Its new roles.
			roles: RoleSet,
		},
		/// An account was unlinked.
		AccountUnlinked {
			/// The organisation.
			org: OrgId,
			/// The account.
			account: T::AccountId,
		},
		/// An organisation's council seat moved to another of its accounts.
		CouncilSeatMoved {
			/// The organisation.
			org: OrgId,
			/// Previous holder.
			from: T::AccountId,
			/// New holder.
			to: T::AccountId,
		},
		/// A credential was put on file.
		CredentialAdded {
			/// Holder.
			org: OrgId,
			/// Credential id.
			credential: CredentialId,
			/// Kind.
			kind: CredentialKind,
			/// End of validity, if any.
			valid_until: Option<Moment>,
		},
		/// A credential was renewed (new document and validity).
		CredentialRenewed {
			/// Holder.
			org: OrgId,
			/// Credential id.
			credential: CredentialId,
			/// New end of validity, if any.
			valid_until: Option<Moment>,
		},
		/// A credential was revoked.
		CredentialRevoked {
			/// Holder.
			org: OrgId,
			/// Credential id.
			credential: CredentialId,
		},
		/// A credential reached the end of its validity.
		CredentialExpired {
			/// Holder.
			org: OrgId,
			/// Credential id.
			credential: CredentialId,
			/// Kind.
			kind: CredentialKind,
			/// The moment it expired.
			valid_until: Moment,
		},
		/// An expired or revoked credential was removed from file.
		CredentialRemoved {
			/// Holder.
			org: OrgId,
			/// Credential id.
			credential: CredentialId,
		},
		/// A new e-seal key became current (the previous one, if any, closed).
		EsealKeyRotated {
			/// The organisation.
			org: OrgId,
			/// Index of the new key.
			index: KeyIndex,
			/// The new key.
			key: Sm2PublicKey,
		},
		/// A node was registered.
		NodeRegistered {
			/// Owner.
			org: OrgId,
			/// Its peer id.
			peer_id: PeerId,
		},
		/// A node's addresses changed.
		NodeUpdated {
			/// Owner.
			org: OrgId,
			/// Its peer id.
			peer_id: PeerId,
		},
		/// A node was removed.
		NodeRemoved {
			/// Owner.
			org: OrgId,
			/// Its peer id.
			peer_id: PeerId,
		},
		/// An organisation proposed its validator.
		ValidatorProposed {
			/// The organisation.
			org: OrgId,
			/// The validator account.
			account: T::AccountId,
		},
		/// The council approved a validator; it joins at a coming session.
		ValidatorApproved {
			/// The organisation.
			org: OrgId,
			/// The validator account.
			account: T::AccountId,
		},
		/// A validator was removed; it leaves at a coming session.
		ValidatorRemoved {
			/// The organisation.
			org: OrgId,
			/// The validator account.
			account: T::AccountId,
		},
		/// The council changed the minimum validator set size.
		MinValidatorsSet {
			/// The new minimum.
			min: u32,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The name is empty or not UTF-8.
		InvalidName,
		/// The account already acts for an organisation.
		AlreadyMember,
		/// The account already has a pending application.
		ApplicationPending,
		/// Too many applications are pending.
		TooManyApplications,
		/// No such application.
		ApplicationNotFound,
		/// Only the applicant may do this.
		NotApplicant,
		/// No such organisation.
		OrgNotFound,
		/// The consortium is full.
		TooManyOrgs,
		/// The organisation is not active.
		NotActive,
		/// The organisation is not suspended.
		NotSuspended,
		/// The organisation is already revoked.
		AlreadyRevoked,
		/// The caller does not act for an organisation.
		NotMember,
		/// The caller lacks the role for this.
		NotAuthorized,
		/// The account acts for an organisation already.
		AccountTaken,
		/// The account is not linked to this organisation.
		AccountNotFound,
		/// The organisation has too many accounts.
		TooManyAccounts,
		/// The organisation would be left without an admin.
		LastAdmin,
		/// The account holds the organisation's council seat; move the seat first.
		SeatHolder,
		/// The role set is empty or has undefined bits.
		InvalidRoles,
		/// The SM2 public key is malformed or not on the curve.
		InvalidKey,
		/// The proof of possession does not verify.
		BadProof,
		/// The key is already on record for this organisation.
		KeyReused,
		/// The organisation has rotated its e-seal key too many times.
		TooManyKeys,
		/// The validity window ends before it starts.
		InvalidValidity,
		/// No such credential.
		CredentialNotFound,
		/// The credential is revoked.
		CredentialRevoked,
		/// The credential is still valid; only expired or revoked ones can be removed.
		CredentialStillValid,
		/// The organisation has too many credentials on file.
		TooManyCredentials,
		/// Too many credentials are awaiting expiry chain-wide.
		ExpiryQueueFull,
		/// The peer id is not an ed25519 libp2p peer id.
		InvalidPeerId,
		/// A multiaddress is empty, not printable ASCII, or does not start with `/`.
		InvalidAddress,
		/// The peer id is registered already.
		PeerIdTaken,
		/// No such node.
		NodeNotFound,
		/// The organisation has too many nodes.
		TooManyNodes,
		/// The validator account has no session keys (call `session.set_keys` first).
		NoSessionKeys,
		/// The organisation has a validator, or the account validates for another.
		ValidatorExists,
		/// No such validator.
		ValidatorNotFound,
		/// The validator is approved already.
		AlreadyApproved,
		/// The validator set would fall below the minimum (or the minimum would be 0 or above
		/// the current set).
		TooFewValidators,
		/// The applicant cannot pay the application deposit.
		InsufficientDeposit,
	}

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
		/// Errors: `InvalidName`, `AlreadyMember`, `ApplicationPending`, `TooManyApplications`,
		/// `TooManyOrgs`, `InvalidKey`, `BadProof`, `InvalidValidity`, `InsufficientDeposit`.
		/// Emits `ApplicationSubmitted`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::apply(credentials.len() as u32))]
		pub fn apply(
			origin: OriginFor<T>,
			name: BoundedVec<u8, T::MaxNameLen>,
			kind: OrgKind,
			eseal_key: Sm2PublicKey,
			pop: Sm2Signature,
			credentials: BoundedVec<CredentialInputOf<T>, T::MaxApplicationCredentials>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_apply(who, name, kind, eseal_key, pop, credentials)
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
		/// (roles admin and signer) and council-seat holder; its credentials and e-seal key go
		/// on file.
		///
		/// Origin: `GovernanceOrigin` (two thirds of the council).
		/// Errors: `ApplicationNotFound`, `TooManyOrgs`, `AlreadyMember`, `ExpiryQueueFull`,
		/// and the council-membership pallet's errors.
		/// Emits `OrgAdmitted`, `AccountLinked`, `EsealKeyRotated`, `CredentialAdded` (each).
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

		/// Put a credential on file for the caller's organisation.
		///
		/// Origin: an admin of an active organisation.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `InvalidName` (issuer),
		/// `InvalidValidity`, `TooManyCredentials`, `ExpiryQueueFull`.
		/// Emits `CredentialAdded`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::add_credential())]
		pub fn add_credential(
			origin: OriginFor<T>,
			credential: CredentialInputOf<T>,
		) -> DispatchResult {
			let org = Self::ensure_admin(origin)?;
			let id = Self::put_credential(org, credential.clone())?;
			Self::deposit_event(Event::CredentialAdded {
				org,
				credential: id,
				kind: credential.kind,
				valid_until: credential.validity.until,
			});
			Ok(())
		}

		/// Renew a credential: a new document and a new end of validity.
		///
		/// Origin: an admin of an active organisation.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `CredentialNotFound`,
		/// `CredentialRevoked`, `InvalidValidity`, `ExpiryQueueFull`.
		/// Emits `CredentialRenewed`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::renew_credential())]
		pub fn renew_credential(
			origin: OriginFor<T>,
			credential: CredentialId,
			doc_hash: DocHash,
			valid_until: Option<Moment>,
		) -> DispatchResult {
			let org = Self::ensure_admin(origin)?;
			Self::do_renew_credential(org, credential, doc_hash, valid_until)
		}

		/// Revoke a credential.
		///
		/// Origin: `GovernanceOrigin`, an admin of the holder, or an account with the auditor
		/// role of an active regulator organisation.
		/// Errors: `NotMember`, `NotActive`, `NotAuthorized`, `OrgNotFound`,
		/// `CredentialNotFound`, `CredentialRevoked`. Emits `CredentialRevoked`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::revoke_credential())]
		pub fn revoke_credential(
			origin: OriginFor<T>,
			org: OrgId,
			credential: CredentialId,
		) -> DispatchResult {
			Self::ensure_may_revoke_credential(origin, org)?;
			Self::do_revoke_credential(org, credential)
		}

		/// Remove an expired or revoked credential from file (its history stays in events).
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
	}
}

impl<T: Config> Membership<T::AccountId> for Pallet<T> {
	fn org_of(who: &T::AccountId) -> Option<OrgId> {
		Accounts::<T>::get(who).map(|r| r.org)
	}

	fn roles_of(who: &T::AccountId) -> RoleSet {
		Accounts::<T>::get(who).map(|r| r.roles).unwrap_or_default()
	}

	fn is_active(org: OrgId) -> bool {
		Orgs::<T>::get(org).is_some_and(|o| o.status == bioledger_primitives::OrgStatus::Active)
	}

	fn kind_of(org: OrgId) -> Option<OrgKind> {
		Orgs::<T>::get(org).map(|o| o.kind)
	}

	fn has_valid_credential(org: OrgId, kind: CredentialKind, at: Moment) -> bool {
		OrgCredentials::<T>::get(org)
			.iter()
			.any(|(_, c)| c.kind == kind && c.is_valid_at(at))
	}

	fn eseal_key_at(org: OrgId, at: Moment) -> Option<Sm2PublicKey> {
		EsealKeys::<T>::get(org)
			.iter()
			.rev()
			.find(|k| k.validity.contains(at))
			.map(|k| k.public)
	}

	fn acting_org(who: &T::AccountId, role: Role) -> Option<OrgId> {
		let record = Accounts::<T>::get(who)?;
		(record.roles.contains(role) && Self::is_active(record.org)).then_some(record.org)
	}
}
