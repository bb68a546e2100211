//! Organisation kinds and statuses and per-account roles.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

macro_rules! chain_enum {
	($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $idx:literal,)+ }) => {
		$(#[$meta])*
		#[derive(
			Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Encode, Decode, DecodeWithMemTracking,
			MaxEncodedLen, TypeInfo, Debug,
		)]
		#[derive(serde::Serialize, serde::Deserialize)]
		pub enum $name {
			$($(#[$vmeta])* #[codec(index = $idx)] $variant = $idx,)+
		}

		impl $name {
			/// Every variant, in index order.
			pub const ALL: &'static [$name] = &[$($name::$variant,)+];
		}
	};
}
pub(crate) use chain_enum;

chain_enum! {
	/// What a member organisation is in the supply chain. It decides which credentials it is
	/// expected to hold and which capacities it may act in.
	pub enum OrgKind {
		/// Drug-product manufacturer (marketing-authorisation holder or its plant).
		Manufacturer = 0,
		/// Supplier of active pharmaceutical ingredients, excipients or packaging.
		Supplier = 1,
		/// Contract development and manufacturing organisation.
		Cdmo = 2,
		/// Licensed warehouse (issues electronic warehouse receipts).
		Warehouse = 3,
		/// Logistics / cold-chain carrier.
		Logistics = 4,
		/// Bank or other lender (accepts pledges).
		Lender = 5,
		/// Accredited verifier or carbon registry.
		Verifier = 6,
		/// Independent auditor (read access, audit records).
		Auditor = 7,
		/// Regulator (may order recalls).
		Regulator = 8,
		/// Contract testing laboratory.
		Laboratory = 9,
		/// Certification or accreditation body (ISO certification, CNAS laboratory and
		/// verifier accreditation): issues credentials of the kinds the council admits it for.
		CertificationBody = 10,
	}
}

chain_enum! {
	/// Standing of an organisation in the consortium.
	pub enum OrgStatus {
		/// Full member: its accounts may act, its nodes peer, its validator validates.
		Active = 0,
		/// Temporarily barred by the council: its accounts can do nothing, its validator leaves
		/// at the next session, its nodes are disconnected. Can be reinstated.
		Suspended = 1,
		/// Permanently removed by the council. Its history stays on chain.
		Revoked = 2,
	}
}

chain_enum! {
	/// A role an account holds inside its organisation. An account may hold several.
	pub enum Role {
		/// Manages the organisation's accounts, keys, nodes and credentials.
		Admin = 0,
		/// Records day-to-day supply-chain events (production, shipping, receiving).
		Operator = 1,
		/// Quality-assurance approver: records QC results, releases/quarantines/rejects lots.
		QaApprover = 2,
		/// Signs agreements with the organisation's e-seal on its behalf.
		Signer = 3,
		/// An IoT gateway that reports sensor readings (cold chain).
		SensorGateway = 4,
		/// Posts market prices used to value collateral.
		PriceFeeder = 5,
		/// Read-only auditor with the right to file audit records.
		Auditor = 6,
	}
}

/// A set of [`Role`]s as a bitmask: one byte on chain, `MaxEncodedLen` by construction.
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
pub struct RoleSet(pub u8);

impl RoleSet {
	/// The empty set.
	pub const fn empty() -> Self {
		RoleSet(0)
	}

	/// A set from a list of roles.
	pub fn from_roles(roles: &[Role]) -> Self {
		roles.iter().fold(Self::empty(), |set, r| set.with(*r))
	}

	/// This set plus `role`.
	pub const fn with(self, role: Role) -> Self {
		RoleSet(self.0 | (1 << role as u8))
	}

	/// This set minus `role`.
	pub const fn without(self, role: Role) -> Self {
		RoleSet(self.0 & !(1 << role as u8))
	}

	/// Whether `role` is in the set.
	pub const fn contains(self, role: Role) -> bool {
		self.0 & (1 << role as u8) != 0
	}

	/// Whether no role is set.
	pub const fn is_empty(self) -> bool {
		self.0 == 0
	}

	/// Whether every bit corresponds to a defined [`Role`].
	pub fn is_valid(self) -> bool {
		let defined = Role::ALL.iter().fold(0u8, |m, r| m | (1 << *r as u8));
		self.0 & !defined == 0
	}

	/// The roles in the set, in index order.
	pub fn iter(self) -> impl Iterator<Item = Role> {
		Role::ALL.iter().copied().filter(move |r| self.contains(*r))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn role_set_round_trips() {
		let set = RoleSet::from_roles(&[Role::Admin, Role::QaApprover]);
		assert!(set.contains(Role::Admin));
		assert!(set.contains(Role::QaApprover));
		assert!(!set.contains(Role::Operator));
		assert_eq!(set.iter().collect::<alloc::vec::Vec<_>>(), [Role::Admin, Role::QaApprover]);
		let set = set.without(Role::Admin);
		assert!(!set.contains(Role::Admin));
		assert!(set.is_valid());
		assert!(!RoleSet(0x80).is_valid());
		assert!(RoleSet::empty().is_empty());
	}

	#[test]
	fn codec_indices_are_stable() {
		// Stored data depends on these indices: changing one is a storage migration.
		assert_eq!(OrgKind::Regulator.encode(), [8]);
		assert_eq!(Role::PriceFeeder.encode(), [5]);
		assert_eq!(OrgStatus::Revoked.encode(), [2]);
		assert_eq!(Role::ALL.len(), 7);
	}
}
