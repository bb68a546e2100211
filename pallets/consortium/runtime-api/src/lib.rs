//! Runtime API of the consortium pallet, for partner systems, the node's permissioned
//! networking and the auditor explorer (`state_call` with `ConsortiumApi_*`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use bioledger_primitives::{Moment, OrgId, RoleSet, Sm2PublicKey};
pub use pallet_consortium::{AuthorizedNode, ExpiringCredential, OrgView};

sp_api::decl_runtime_apis! {
	/// Consortium queries.
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
	}
}
