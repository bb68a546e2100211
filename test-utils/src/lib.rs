//! Test-only helpers shared by the pallets' mock runtimes (a dev-dependency, never in the
//! runtime).
//!
//! [`MockMembership`] is a table-driven stand-in for pallet-consortium: accounts (`u64`) with
//! roles in organisations of a kind, organisations active or suspended, and credentials valid
//! unless revoked. The tables are thread-local; call [`reset`] at the start of every test.

use bioledger_primitives::{
	credentials::STANDARD_REQUIREMENTS, CredentialKind, GatedAction, Membership, Moment, OrgId,
	OrgKind, Role, RoleSet, Sm2PublicKey,
};
use std::{
	cell::RefCell,
	collections::{BTreeMap, BTreeSet},
};

thread_local! {
	static ACCOUNTS: RefCell<BTreeMap<u64, (OrgId, RoleSet)>> = const { RefCell::new(BTreeMap::new()) };
	static ORGS: RefCell<BTreeMap<OrgId, (OrgKind, bool)>> = const { RefCell::new(BTreeMap::new()) };
	static REVOKED: RefCell<BTreeSet<(OrgId, CredentialKind)>> = const { RefCell::new(BTreeSet::new()) };
}

/// Empty every table.
pub fn reset() {
	ACCOUNTS.with(|a| a.borrow_mut().clear());
	ORGS.with(|o| o.borrow_mut().clear());
	REVOKED.with(|r| r.borrow_mut().clear());
}

/// Register account `who` with `role` in `org`; the organisation is created (of `kind`,
/// active) if it is new.
pub fn add_member(who: u64, org: OrgId, kind: OrgKind, role: Role) {
	ORGS.with(|o| {
		o.borrow_mut().entry(org).or_insert((kind, true));
	});
	ACCOUNTS.with(|a| a.borrow_mut().insert(who, (org, RoleSet::from_roles(&[role]))));
}

/// Suspend (`false`) or reinstate `org`.
pub fn set_active(org: OrgId, active: bool) {
	ORGS.with(|o| {
		if let Some(x) = o.borrow_mut().get_mut(&org) {
			x.1 = active;
		}
	});
}

/// Make `org`'s credential of `kind` invalid.
pub fn revoke(org: OrgId, kind: CredentialKind) {
	REVOKED.with(|r| r.borrow_mut().insert((org, kind)));
}

/// The table-driven consortium. Organisations have no e-seal keys.
pub struct MockMembership;

impl Membership<u64> for MockMembership {
	fn org_of(who: &u64) -> Option<OrgId> {
		ACCOUNTS.with(|a| a.borrow().get(who).map(|x| x.0))
	}
	fn roles_of(who: &u64) -> RoleSet {
		ACCOUNTS.with(|a| a.borrow().get(who).map(|x| x.1).unwrap_or_default())
	}
	fn is_active(org: OrgId) -> bool {
		ORGS.with(|o| o.borrow().get(&org).is_some_and(|x| x.1))
	}
	fn kind_of(org: OrgId) -> Option<OrgKind> {
		ORGS.with(|o| o.borrow().get(&org).map(|x| x.0))
	}
	fn has_valid_credential(org: OrgId, kind: CredentialKind, _: Moment) -> bool {
		!REVOKED.with(|r| r.borrow().contains(&(org, kind)))
	}
	/// The standard requirements (`bioledger_primitives::credentials`), every credential held
	/// unless revoked with [`revoke`].
	fn qualified(org: OrgId, action: GatedAction, at: Moment) -> Result<(), CredentialKind> {
		let (_, kinds) = STANDARD_REQUIREMENTS
			.iter()
			.find(|(a, _)| *a == action)
			.expect("every action has a standard requirement");
		match kinds.iter().find(|k| !Self::has_valid_credential(org, **k, at)) {
			Some(k) => Err(*k),
			None => Ok(()),
		}
	}
	fn eseal_key_at(_: OrgId, _: Moment) -> Option<Sm2PublicKey> {
		None
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn tables_drive_membership() {
		reset();
		add_member(1, 7, OrgKind::Warehouse, Role::Operator);
		assert_eq!(MockMembership::acting_org(&1, Role::Operator), Some(7));
		assert_eq!(MockMembership::acting_org(&1, Role::Signer), None);
		assert_eq!(MockMembership::kind_of(7), Some(OrgKind::Warehouse));
		assert!(MockMembership::has_valid_credential(7, CredentialKind::WAREHOUSE_LICENCE, 0));
		assert!(MockMembership::qualified(7, GatedAction::IssueWarehouseReceipts, 0).is_ok());
		revoke(7, CredentialKind::WAREHOUSE_LICENCE);
		assert!(!MockMembership::has_valid_credential(7, CredentialKind::WAREHOUSE_LICENCE, 0));
		assert_eq!(
			MockMembership::qualified(7, GatedAction::IssueWarehouseReceipts, 0),
			Err(CredentialKind::WAREHOUSE_LICENCE)
		);
		set_active(7, false);
		assert_eq!(MockMembership::acting_org(&1, Role::Operator), None);
		reset();
		assert_eq!(MockMembership::org_of(&1), None);
	}
}
