//! Storage and call-argument types of the consortium pallet.

use bioledger_primitives::{
	CredentialKind, DocHash, Moment, OrgKind, OrgStatus, RoleSet, Sm2PublicKey, Validity,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;

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

/// A qualification credential as submitted (application, `add_credential`).
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
pub struct CredentialInput<MaxName: Get<u32>> {
	/// What it qualifies the holder for.
	pub kind: CredentialKind,
	/// Hash of the certificate document (PDF/A, scan).
	pub doc_hash: DocHash,
	/// The issuing authority (e.g. `NMPA`, `SGS`), UTF-8.
	pub issuer: BoundedVec<u8, MaxName>,
	/// Validity window.
	pub validity: Validity,
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
	/// Hash of the certificate document.
	pub doc_hash: DocHash,
	/// The issuing authority.
	pub issuer: BoundedVec<u8, MaxName>,
	/// Validity window.
	pub validity: Validity,
	/// Revoked before its expiry (by its holder, the council, or an auditor/regulator).
	pub revoked: bool,
}

impl<MaxName: Get<u32>> Credential<MaxName> {
	/// Valid at `at`: not revoked and inside its window.
	pub fn is_valid_at(&self, at: Moment) -> bool {
		!self.revoked && self.validity.contains(at)
	}
}

/// An application to join the consortium, pending a council decision.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxName, MaxCreds))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct Application<
	AccountId: Clone + Eq + core::fmt::Debug,
	MaxName: Get<u32>,
	MaxCreds: Get<u32>,
> {
	/// The submitting account: first admin and council-seat holder if admitted.
	pub applicant: AccountId,
	/// Legal name.
	pub name: BoundedVec<u8, MaxName>,
	/// Organisation kind.
	pub kind: OrgKind,
	/// The organisation's first e-seal key (proof of possession already checked).
	pub eseal_key: Sm2PublicKey,
	/// Credentials to put on file on admission.
	pub credentials: BoundedVec<CredentialInput<MaxName>, MaxCreds>,
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
