//! Runtime API of the consortium pallet, for partner systems, the node's permissioned
//! networking and the auditor explorer (`state_call` with `ConsortiumApi_*`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use bioledger_primitives::{
	CredentialKind, DocHash, GatedAction, Moment, OrgId, RoleSet, Sm2PublicKey, Validity,
};
pub use pallet_consortium::{
	AuthorizedNode, CredentialId, CredentialView, ExpiringCredential, KindView, OrgView,
	RequestView,
};

sp_api::decl_runtime_apis! {
	/// Consortium queries (version 2: issued credentials and compliance rules).
	#[api_version(2)]
	pub trait ConsortiumApi<AccountId> where AccountId: codec::Codec {
		/// One organisation.
		fn org(id: OrgId) -> Option<OrgView<AccountId>>;
		/// Every organisation (bounded by `MaxOrgs`).
		fn orgs() -> Vec<OrgView<AccountId>>;
		/// The organisation an account acts for and its roles.
		fn member(account: AccountId) -> Option<(OrgId, RoleSet)>;
		/// Credentials expiring within `within` milliseconds of now, earliest first.
		fn expiring(within: Moment) -> Vec<ExpiringCredential>;
		/// Nodes of active organisations: who a permissioned node may peer with.
		fn authorized_nodes() -> Vec<AuthorizedNode>;
		/// The message to sign with a new e-seal key (proof of possession).
		fn eseal_challenge(org: OrgId, key: Sm2PublicKey) -> Vec<u8>;
		/// The e-seal key of `org` valid at `at`.
		fn eseal_key_at(org: OrgId, at: Moment) -> Option<Sm2PublicKey>;
		/// The current validator set as the consortium sees it (next session's input).
		fn validators() -> Vec<AccountId>;
		/// Credentials on file of `org`, each with its seal checked against its issuer's key.
		fn credentials(org: OrgId) -> Vec<CredentialView>;
		/// Credential `id` of `org` as a W3C Verifiable Credential (JSON, UTF-8; its proof is
		/// the issuer's SM2 seal, its status the chain's). `None` for unknown or legacy ones.
		fn credential_vc(org: OrgId, id: CredentialId) -> Option<Vec<u8>>;
		/// The digest an issuer seals to issue (`version` 1) or re-issue a credential now.
		fn credential_digest(
			holder: OrgId,
			kind: CredentialKind,
			validity: Validity,
			doc_hash: DocHash,
			issuer: OrgId,
			version: u32,
		) -> [u8; 32];
		/// The credential-kind registry with its issuers and overseers.
		fn credential_kinds() -> Vec<KindView>;
		/// What each gated action requires.
		fn requirements() -> Vec<(GatedAction, Vec<CredentialKind>)>;
		/// Pending credential requests made by or addressed to `org`.
		fn requests(org: OrgId) -> Vec<RequestView>;
		/// Whether `org` may take `action` now; the first missing kind otherwise.
		fn qualified(org: OrgId, action: GatedAction) -> Result<(), CredentialKind>;
	}
}
