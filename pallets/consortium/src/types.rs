//! Storage and call-argument types of the consortium pallet.

use bioledger_primitives::{
	CredentialKind, DocHash, Moment, OrgId, OrgKind, OrgKindSet, OrgStatus, RoleSet, Sm2PublicKey,
	Sm2Signature, Validity,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;

use frame_support::pallet_prelude::DispatchResult;

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

/// Index of a credential within its organisation (never reused).
pub type CredentialId = u32;

/// Index of an e-seal key within its organisation (0 = first key; never reused).
pub type KeyIndex = u32;

/// Maximum length of an encoded libp2p peer id accepted on chain. BioLedger nodes use ed25519
/// node keys, whose peer id is the 38-byte identity multihash `00 24 08 01 12 20 ‖ key`.
pub const PEER_ID_LEN: u32 = 38;

/// Prefix of a libp2p peer id of an ed25519 key: identity multihash (`0x00`, length 36) of the
/// protobuf `PublicKey { Type: Ed25519 (1), Data: 32 bytes }`.
pub const ED25519_PEER_ID_PREFIX: [u8; 6] = [0x00, 0x24, 0x08, 0x01, 0x12, 0x20];

/// A libp2p peer id (raw multihash bytes, validated on registration).
pub type PeerId = BoundedVec<u8, frame_support::traits::ConstU32<PEER_ID_LEN>>;

/// A member organisation.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxName))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct OrgInfo<AccountId: Clone + Eq + core::fmt::Debug, MaxName: Get<u32>> {
	/// Legal name (UTF-8).
	pub name: BoundedVec<u8, MaxName>,
	/// What the organisation is in the supply chain.
	pub kind: OrgKind,
	/// Standing in the consortium.
	pub status: OrgStatus,
	/// The account that holds the organisation's council seat.
	pub council_seat: AccountId,
	/// Chain time of admission.
	pub admitted_at: Moment,
	/// Number of linked accounts.
	pub accounts: u32,
	/// Number of linked accounts with the admin role (never 0 once admitted).
	pub admins: u32,
	/// Next credential id (ids are never reused).
	pub next_credential: CredentialId,
}

/// A credential kind in the chain's registry (set by governance).
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxName))]
#[codec(mel_bound())]
pub struct KindInfo<MaxName: Get<u32>> {
	/// Display name (UTF-8), e.g. `GMP certificate`.
	pub name: BoundedVec<u8, MaxName>,
	/// Organisation kinds the council may admit as issuers of this kind.
	pub issuers: OrgKindSet,
	/// Organisation kinds that may hold it.
	pub holders: OrgKindSet,
}

/// What the council admitted an organisation for, for one credential kind.
#[derive(
	Clone,
	Copy,
	Default,
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
pub struct Authority {
	/// Issues, re-issues, suspends, reinstates and revokes credentials of the kind (sealed
	/// with its e-seal).
	pub issue: bool,
	/// A regulator's oversight: may revoke any credential of the kind.
	pub oversee: bool,
}

impl Authority {
	/// Neither right.
	pub fn is_empty(&self) -> bool {
		!self.issue && !self.oversee
	}
}

/// Who issued a credential.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxName))]
#[codec(mel_bound())]
pub enum Issuer<MaxName: Get<u32>> {
	/// An organisation the council admitted as issuer of the kind; the credential carries its
	/// e-seal over the canonical digest.
	#[codec(index = 0)]
	Org(OrgId),
	/// A v1 credential its holder put on file naming an authority (migrated): it counts only
	/// until `LegacyCredentialsUntil`.
	#[codec(index = 1)]
	Legacy(BoundedVec<u8, MaxName>),
}

/// Who revoked a credential.
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
)]
pub enum Revoker {
	/// Its issuer.
	#[codec(index = 0)]
	Issuer,
	/// A regulator with oversight of the kind.
	#[codec(index = 1)]
	Overseer(OrgId),
	/// The council.
	#[codec(index = 2)]
	Governance,
	/// Revoked under v1 rules (migrated; v1 did not record by whom).
	#[codec(index = 3)]
	Legacy,
}

/// Standing of a credential.
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
)]
pub enum CredentialStatus {
	/// In force (inside its validity window it counts).
	#[codec(index = 0)]
	Active,
	/// Suspended by its issuer: does not count until reinstated or re-issued.
	#[codec(index = 1)]
	Suspended {
		/// When.
		at: Moment,
	},
	/// Revoked: does not count until its issuer re-issues it.
	#[codec(index = 2)]
	Revoked {
		/// By whom.
		by: Revoker,
		/// When.
		at: Moment,
	},
	/// Given up by its holder: it never counts again.
	#[codec(index = 3)]
	Surrendered {
		/// When.
		at: Moment,
	},
}

/// A credential on file.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxName))]
#[codec(mel_bound())]
pub struct Credential<MaxName: Get<u32>> {
	/// What it qualifies the holder for.
	pub kind: CredentialKind,
	/// Who issued it.
	pub issuer: Issuer<MaxName>,
	/// Hash of the certificate document (PDF/A, scan).
	pub doc_hash: DocHash,
	/// Validity window.
	pub validity: Validity,
	/// 1 when issued, one more on every re-issue (part of the sealed digest).
	pub version: u32,
	/// Chain time of the (re-)issue; 0 for credentials sealed into the genesis state.
	pub issued_at: Moment,
	/// The issuer's SM2 e-seal (`r ‖ s`) over [`crate::Pallet::credential_digest`], verified
	/// against the issuer's key valid at `issued_at`. `None` only for legacy credentials.
	pub seal: Option<Sm2Signature>,
	/// Active, suspended, revoked or surrendered.
	pub status: CredentialStatus,
}

impl<MaxName: Get<u32>> Credential<MaxName> {
	/// Whether it counts at `at`: active, inside its window, and issuer-sealed (or legacy
	/// before `legacy_until`).
	pub fn counts_at(&self, at: Moment, legacy_until: Option<Moment>) -> bool {
		let issued = match self.issuer {
			Issuer::Org(_) => true,
			Issuer::Legacy(_) => legacy_until.is_some_and(|u| at < u),
		};
		issued && self.status == CredentialStatus::Active && self.validity.contains(at)
	}

	/// Whether it is still in the expiry queue: not revoked or surrendered, with an end.
	pub fn awaits_expiry(&self) -> bool {
		self.validity.until.is_some()
			&& matches!(self.status, CredentialStatus::Active | CredentialStatus::Suspended { .. })
	}

	/// The issuing organisation, unless legacy.
	pub fn issuer_org(&self) -> Option<OrgId> {
		match self.issuer {
			Issuer::Org(o) => Some(o),
			Issuer::Legacy(_) => None,
		}
	}
}

/// Index of a credential request (chain-wide, never reused).
pub type RequestId = u32;

/// A holder's request that an issuer issue it a credential.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxDocs))]
#[codec(mel_bound())]
pub struct CredentialRequest<MaxDocs: Get<u32>> {
	/// The organisation that asks.
	pub holder: OrgId,
	/// The issuer asked.
	pub issuer: OrgId,
	/// The kind asked for.
	pub kind: CredentialKind,
	/// Hashes of the documents attached (application, audit report, certificate scan).
	pub documents: BoundedVec<DocHash, MaxDocs>,
	/// Chain time of the request.
	pub requested_at: Moment,
}

/// What an applicant asks issuers for, to be requested on its admission.
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
)]
pub struct RequestInput {
	/// The issuer to ask.
	pub issuer: OrgId,
	/// The kind.
	pub kind: CredentialKind,
	/// The document that supports it.
	pub document: DocHash,
}

/// An application to join the consortium, pending a council decision.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxName, MaxReqs))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct Application<
	AccountId: Clone + Eq + core::fmt::Debug,
	MaxName: Get<u32>,
	MaxReqs: Get<u32>,
> {
	/// The submitting account: first admin and council-seat holder if admitted.
	pub applicant: AccountId,
	/// Legal name.
	pub name: BoundedVec<u8, MaxName>,
	/// Organisation kind.
	pub kind: OrgKind,
	/// The organisation's first e-seal key (proof of possession already checked).
	pub eseal_key: Sm2PublicKey,
	/// Credentials to request from their issuers on admission (the issuers decide).
	pub requests: BoundedVec<RequestInput, MaxReqs>,
	/// Chain time of submission.
	pub submitted_at: Moment,
}

/// A linked account.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct AccountRecord {
	/// The organisation it acts for.
	pub org: bioledger_primitives::OrgId,
	/// What it may do there.
	pub roles: RoleSet,
}

/// An SM2 e-seal public key with the window in which signatures made with it are accepted.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct EsealKey {
	/// `0x04 ‖ x ‖ y`.
	pub public: Sm2PublicKey,
	/// From registration until rotation (open while current).
	pub validity: Validity,
}

/// A registered node of a member.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxAddrs, MaxAddrLen))]
#[codec(mel_bound())]
pub struct NodeRecord<MaxAddrs: Get<u32>, MaxAddrLen: Get<u32>> {
	/// The node's libp2p peer id.
	pub peer_id: PeerId,
	/// Where it listens (multiaddresses as text, e.g. `/dns4/node.example.com/tcp/30333`).
	pub addrs: BoundedVec<BoundedVec<u8, MaxAddrLen>, MaxAddrs>,
}

/// Where an organisation's validator stands.
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
)]
pub enum ValidatorStatus {
	/// Proposed by the organisation, awaiting council approval.
	Proposed,
	/// Approved: in the validator set while the organisation is active.
	Approved,
}

/// An organisation's validator.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct ValidatorRecord<AccountId> {
	/// The validator's account (its session keys are registered with `session.set_keys`).
	pub account: AccountId,
	/// Proposed or approved.
	pub status: ValidatorStatus,
}

/// A credential that expires soon (runtime API `expiring`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct ExpiringCredential {
	/// Holder.
	pub org: bioledger_primitives::OrgId,
	/// Credential id.
	pub credential: CredentialId,
	/// Kind.
	pub kind: CredentialKind,
	/// End of validity.
	pub valid_until: Moment,
}

/// A node allowed to peer (runtime API `authorized_nodes`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct AuthorizedNode {
	/// Owning organisation (active).
	pub org: bioledger_primitives::OrgId,
	/// Peer id bytes (multihash).
	pub peer_id: alloc::vec::Vec<u8>,
	/// Multiaddresses as text.
	pub addrs: alloc::vec::Vec<alloc::vec::Vec<u8>>,
}

/// An organisation as the runtime API shows it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct OrgView<AccountId> {
	/// Id.
	pub id: bioledger_primitives::OrgId,
	/// Legal name (UTF-8).
	pub name: alloc::vec::Vec<u8>,
	/// Kind.
	pub kind: OrgKind,
	/// Status.
	pub status: OrgStatus,
	/// Council seat holder.
	pub council_seat: AccountId,
	/// Linked accounts and their roles, by name (so that generic clients decode them from
	/// the metadata; storage keeps the compact `RoleSet`).
	pub accounts: alloc::vec::Vec<(AccountId, alloc::vec::Vec<bioledger_primitives::Role>)>,
	/// The current e-seal key.
	pub eseal_key: Option<Sm2PublicKey>,
	/// The validator account and whether it is approved.
	pub validator: Option<(AccountId, bool)>,
}

/// A credential as the runtime API shows it, with its seal checked.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct CredentialView {
	/// Holder.
	pub org: bioledger_primitives::OrgId,
	/// Credential id.
	pub id: CredentialId,
	/// Kind and its registry name.
	pub kind: CredentialKind,
	/// The kind's name (UTF-8).
	pub kind_name: alloc::vec::Vec<u8>,
	/// Issuing organisation (`None`: legacy).
	pub issuer: Option<bioledger_primitives::OrgId>,
	/// The issuer's name (for legacy credentials the name the holder wrote).
	pub issuer_name: alloc::vec::Vec<u8>,
	/// Document hash.
	pub doc_hash: DocHash,
	/// Validity window.
	pub validity: Validity,
	/// Version (re-issues).
	pub version: u32,
	/// Chain time of the (re-)issue.
	pub issued_at: Moment,
	/// Status.
	pub status: CredentialStatus,
	/// The issuer's e-seal key the seal is checked against (its key at `issued_at`).
	pub issuer_key: Option<Sm2PublicKey>,
	/// The bytes the digest is the SM3 hash of (domain ‖ chain ‖ SCALE fields).
	pub preimage: alloc::vec::Vec<u8>,
	/// The canonical digest the issuer sealed.
	pub digest: [u8; 32],
	/// The seal (`r ‖ s`).
	pub seal: Option<Sm2Signature>,
	/// Whether the seal verifies against `issuer_key` over `digest`.
	pub seal_valid: bool,
	/// Whether it counts now (active, in its window, sealed or legacy inside the transition).
	pub counts_now: bool,
}

/// A pending credential request as the runtime API shows it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct RequestView {
	/// Request id.
	pub id: RequestId,
	/// The organisation that asks.
	pub holder: bioledger_primitives::OrgId,
	/// The issuer asked.
	pub issuer: bioledger_primitives::OrgId,
	/// The kind asked for.
	pub kind: CredentialKind,
	/// Documents attached.
	pub documents: alloc::vec::Vec<DocHash>,
	/// Chain time of the request.
	pub requested_at: Moment,
}

/// A registry entry as the runtime API shows it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct KindView {
	/// The kind.
	pub kind: CredentialKind,
	/// Its name (UTF-8).
	pub name: alloc::vec::Vec<u8>,
	/// Organisation kinds that may issue it.
	pub issuers: alloc::vec::Vec<OrgKind>,
	/// Organisation kinds that may hold it.
	pub holders: alloc::vec::Vec<OrgKind>,
	/// Organisations admitted to issue it.
	pub issuing_orgs: alloc::vec::Vec<bioledger_primitives::OrgId>,
	/// Regulators with oversight of it.
	pub overseers: alloc::vec::Vec<bioledger_primitives::OrgId>,
}
