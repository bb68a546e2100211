//! Credential kinds, the actions they gate, and the standard registry a chain starts with.
//!
//! Which credential kinds exist, which organisation kinds may issue and hold each, and which
//! kinds each gated action requires are **chain state** set by governance
//! (`pallet_consortium::CredentialKinds`, `Requirements`): a new kind or a changed rule is a
//! council motion, not a runtime upgrade. The tables here are what genesis and the v2 storage
//! migration write.

use crate::{OrgKind, Role};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A kind of qualification credential: a key of the chain's credential-kind registry. The
/// indices 0–10 keep the meaning of the v1 enum (storage migrated in consortium v2).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct CredentialKind(pub u16);

impl CredentialKind {
	/// GMP certificate (drug or API manufacturing site).
	pub const GMP_CERTIFICATE: Self = Self(0);
	/// Drug manufacturing licence (药品生产许可证).
	pub const MANUFACTURING_LICENCE: Self = Self(1);
	/// Drug registration / marketing authorisation (药品注册证).
	pub const DRUG_REGISTRATION: Self = Self(2);
	/// ISO 9001 quality management certificate.
	pub const ISO_9001: Self = Self(3);
	/// Bonded / licensed warehouse licence (may issue warehouse receipts).
	pub const WAREHOUSE_LICENCE: Self = Self(4);
	/// Verifier accreditation (ISO 14065; may verify emissions and issue credits).
	pub const VERIFIER_ACCREDITATION: Self = Self(5);
	/// Drug distribution licence / Good Supply Practice (药品经营许可证).
	pub const DISTRIBUTION_LICENCE: Self = Self(6);
	/// Cold-chain transport qualification.
	pub const COLD_CHAIN_QUALIFICATION: Self = Self(7);
	/// Laboratory accreditation (CNAS, ISO/IEC 17025).
	pub const LABORATORY_ACCREDITATION: Self = Self(8);
	/// Banking / lending licence (金融许可证).
	pub const LENDING_LICENCE: Self = Self(9);
	/// Business licence (营业执照).
	pub const BUSINESS_LICENCE: Self = Self(10);
	/// Active pharmaceutical ingredient registration (原料药登记).
	pub const API_REGISTRATION: Self = Self(11);
	/// Pharmaceutical excipient registration (药用辅料登记).
	pub const EXCIPIENT_REGISTRATION: Self = Self(12);
	/// Packaging material registration (药包材登记).
	pub const PACKAGING_REGISTRATION: Self = Self(13);
	/// Medical device registration certificate (医疗器械注册证).
	pub const DEVICE_REGISTRATION: Self = Self(14);
	/// Medical device manufacturing licence (医疗器械生产许可证).
	pub const DEVICE_MANUFACTURING_LICENCE: Self = Self(15);
	/// Medical device distribution licence (医疗器械经营许可证).
	pub const DEVICE_DISTRIBUTION_LICENCE: Self = Self(16);
	/// ISO 13485 medical device quality management certificate.
	pub const ISO_13485: Self = Self(17);
	/// ISO 14001 environmental management certificate.
	pub const ISO_14001: Self = Self(18);
	/// ISO 45001 occupational health and safety certificate.
	pub const ISO_45001: Self = Self(19);
	/// Hazardous chemicals business licence (危险化学品经营许可证).
	pub const HAZARDOUS_CHEMICALS_LICENCE: Self = Self(20);
	/// Import drug licence (进口药品注册证).
	pub const IMPORT_DRUG_LICENCE: Self = Self(21);
	/// EU GMP certificate (EudraGMDP).
	pub const EU_GMP_CERTIFICATE: Self = Self(22);
	/// Certificate of suitability to the European Pharmacopoeia (EDQM CEP).
	pub const CEP_CERTIFICATE: Self = Self(23);
	/// US FDA drug establishment registration / DMF acknowledgement.
	pub const FDA_REGISTRATION: Self = Self(24);
}

/// A set of [`OrgKind`]s as a bitmask (two bytes on chain).
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
pub struct OrgKindSet(pub u16);

impl OrgKindSet {
	/// A set from a list of kinds.
	pub const fn of(kinds: &[OrgKind]) -> Self {
		let mut bits = 0u16;
		let mut i = 0;
		while i < kinds.len() {
			bits |= 1 << kinds[i] as u16;
			i += 1;
		}
		OrgKindSet(bits)
	}

	/// Every organisation kind.
	pub fn all() -> Self {
		Self::of(OrgKind::ALL)
	}

	/// Whether `kind` is in the set.
	pub const fn contains(self, kind: OrgKind) -> bool {
		self.0 & (1 << kind as u16) != 0
	}

	/// Whether every bit corresponds to a defined [`OrgKind`] and at least one is set.
	pub fn is_valid(self) -> bool {
		self.0 != 0 && self.0 & !Self::all().0 == 0
	}

	/// The kinds in the set, in index order.
	pub fn iter(self) -> impl Iterator<Item = OrgKind> {
		OrgKind::ALL.iter().copied().filter(move |k| self.contains(*k))
	}
}

crate::roles::chain_enum! {
	/// An action that only an organisation holding certain credentials may take. Which kinds
	/// each action requires is chain state (`pallet_consortium::Requirements`).
	pub enum GatedAction {
		/// Commission new lots (`provenance.create_lot`, `create_lot_batch`).
		CommissionLots = 0,
		/// Transform input lots into new lots (`provenance.transform`).
		TransformLots = 1,
		/// Release a lot for use or sale (`provenance.set_status(Released)`).
		ReleaseLots = 2,
		/// Record QC results on another owner's lots as a contract laboratory.
		ContractTesting = 3,
		/// Issue electronic warehouse receipts (`pledge.issue_receipt`).
		IssueWarehouseReceipts = 4,
		/// Lend against pledged receipts (`pledge.accept_pledge`).
		AcceptPledges = 5,
		/// Verify or reject others' emission records (`carbon.verify_emission`, `reject_emission`).
		VerifyEmissions = 6,
		/// Issue carbon credit batches (`carbon.issue_credits`).
		IssueCarbonCredits = 7,
	}
}

/// One row of the standard credential-kind registry.
pub struct StandardKind {
	/// The kind.
	pub kind: CredentialKind,
	/// Display name (UTF-8).
	pub name: &'static str,
	/// Organisation kinds the council may admit as issuers of it.
	pub issuers: OrgKindSet,
	/// Organisation kinds that may hold it.
	pub holders: OrgKindSet,
}

const PRODUCERS: &[OrgKind] = &[OrgKind::Manufacturer, OrgKind::Supplier, OrgKind::Cdmo];
const DEVICE_MAKERS: &[OrgKind] = &[OrgKind::Manufacturer, OrgKind::Supplier, OrgKind::Cdmo];
const REGULATOR: OrgKindSet = OrgKindSet::of(&[OrgKind::Regulator]);
const CERTIFIER: OrgKindSet = OrgKindSet::of(&[OrgKind::CertificationBody]);
const ANY_MEMBER: OrgKindSet = OrgKindSet::of(&[
	OrgKind::Manufacturer,
	OrgKind::Supplier,
	OrgKind::Cdmo,
	OrgKind::Warehouse,
	OrgKind::Logistics,
	OrgKind::Lender,
	OrgKind::Verifier,
	OrgKind::Auditor,
	OrgKind::Laboratory,
	OrgKind::CertificationBody,
]);
const TRADERS: OrgKindSet = OrgKindSet::of(&[
	OrgKind::Manufacturer,
	OrgKind::Supplier,
	OrgKind::Cdmo,
	OrgKind::Warehouse,
	OrgKind::Logistics,
]);

macro_rules! standard {
	($($kind:ident, $name:literal, $issuers:expr, $holders:expr;)+) => {
		/// The standard registry: the brief's qualification documents (its "23 kinds" and
		/// two more), with who may issue and hold each.
		pub const STANDARD_KINDS: &[StandardKind] = &[
			$(StandardKind {
				kind: CredentialKind::$kind,
				name: $name,
				issuers: $issuers,
				holders: $holders,
			},)+
		];
	};
}

standard! {
	GMP_CERTIFICATE, "GMP certificate", REGULATOR, OrgKindSet::of(PRODUCERS);
	MANUFACTURING_LICENCE, "Drug manufacturing licence", REGULATOR, OrgKindSet::of(PRODUCERS);
	DRUG_REGISTRATION, "Drug registration certificate", REGULATOR, OrgKindSet::of(PRODUCERS);
	ISO_9001, "ISO 9001 quality management", CERTIFIER, ANY_MEMBER;
	WAREHOUSE_LICENCE, "Licensed warehouse licence", REGULATOR,
		OrgKindSet::of(&[OrgKind::Warehouse, OrgKind::Logistics]);
	VERIFIER_ACCREDITATION, "Verifier accreditation (ISO 14065)", CERTIFIER,
		OrgKindSet::of(&[OrgKind::Verifier]);
	DISTRIBUTION_LICENCE, "Drug distribution licence (GSP)", REGULATOR, TRADERS;
	COLD_CHAIN_QUALIFICATION, "Cold-chain transport qualification",
		OrgKindSet::of(&[OrgKind::Regulator, OrgKind::CertificationBody]), TRADERS;
	LABORATORY_ACCREDITATION, "Laboratory accreditation (ISO/IEC 17025)", CERTIFIER,
		OrgKindSet::of(&[
			OrgKind::Laboratory,
			OrgKind::Manufacturer,
			OrgKind::Supplier,
			OrgKind::Cdmo,
		]);
	LENDING_LICENCE, "Lending licence", REGULATOR, OrgKindSet::of(&[OrgKind::Lender]);
	BUSINESS_LICENCE, "Business licence", REGULATOR, ANY_MEMBER;
	API_REGISTRATION, "API registration", REGULATOR, OrgKindSet::of(PRODUCERS);
	EXCIPIENT_REGISTRATION, "Excipient registration", REGULATOR, OrgKindSet::of(PRODUCERS);
	PACKAGING_REGISTRATION, "Packaging material registration", REGULATOR,
		OrgKindSet::of(PRODUCERS);
	DEVICE_REGISTRATION, "Medical device registration", REGULATOR, OrgKindSet::of(DEVICE_MAKERS);
	DEVICE_MANUFACTURING_LICENCE, "Medical device manufacturing licence", REGULATOR,
		OrgKindSet::of(DEVICE_MAKERS);
	DEVICE_DISTRIBUTION_LICENCE, "Medical device distribution licence", REGULATOR, TRADERS;
	ISO_13485, "ISO 13485 medical device quality management", CERTIFIER,
		OrgKindSet::of(DEVICE_MAKERS);
	ISO_14001, "ISO 14001 environmental management", CERTIFIER, ANY_MEMBER;
	ISO_45001, "ISO 45001 occupational health and safety", CERTIFIER, ANY_MEMBER;
	HAZARDOUS_CHEMICALS_LICENCE, "Hazardous chemicals business licence", REGULATOR, TRADERS;
	IMPORT_DRUG_LICENCE, "Import drug licence", REGULATOR, TRADERS;
	EU_GMP_CERTIFICATE, "EU GMP certificate", REGULATOR, OrgKindSet::of(PRODUCERS);
	CEP_CERTIFICATE, "EDQM certificate of suitability (CEP)", REGULATOR,
		OrgKindSet::of(PRODUCERS);
	FDA_REGISTRATION, "FDA establishment registration", REGULATOR, OrgKindSet::of(PRODUCERS);
}

/// The standard requirements: what each gated action needs (all of the kinds listed). These
/// are the v1 runtime's fixed rules, now data governance can change.
pub const STANDARD_REQUIREMENTS: &[(GatedAction, &[CredentialKind])] = &[
	(GatedAction::CommissionLots, &[CredentialKind::GMP_CERTIFICATE]),
	(GatedAction::TransformLots, &[CredentialKind::GMP_CERTIFICATE]),
	(GatedAction::ReleaseLots, &[CredentialKind::GMP_CERTIFICATE]),
	(GatedAction::ContractTesting, &[CredentialKind::LABORATORY_ACCREDITATION]),
	(GatedAction::IssueWarehouseReceipts, &[CredentialKind::WAREHOUSE_LICENCE]),
	(GatedAction::AcceptPledges, &[CredentialKind::LENDING_LICENCE]),
	(GatedAction::VerifyEmissions, &[CredentialKind::VERIFIER_ACCREDITATION]),
	(GatedAction::IssueCarbonCredits, &[CredentialKind::VERIFIER_ACCREDITATION]),
];

/// The role an issuer's account needs to seal credentials for its organisation (the same role
/// that seals agreements).
pub const ISSUING_ROLE: Role = Role::Signer;

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_standard_registry_is_consistent() {
		assert!(STANDARD_KINDS.len() >= 23);
		for (i, k) in STANDARD_KINDS.iter().enumerate() {
			assert_eq!(k.kind, CredentialKind(i as u16), "kinds are listed in index order");
			assert!(k.issuers.is_valid() && k.holders.is_valid());
			assert!(!k.name.is_empty());
		}
		for (_, kinds) in STANDARD_REQUIREMENTS {
			for kind in *kinds {
				assert!(STANDARD_KINDS.iter().any(|k| k.kind == *kind));
			}
		}
		assert_eq!(STANDARD_REQUIREMENTS.len(), GatedAction::ALL.len());
	}

	#[test]
	fn kinds_keep_their_v1_indices() {
		// The v1 enum encoded GMP as 0 and the lending licence as 9 (one byte); v2 keeps the
		// numbers in two bytes (the consortium migration re-encodes stored credentials).
		assert_eq!(CredentialKind::GMP_CERTIFICATE.encode(), [0, 0]);
		assert_eq!(CredentialKind::LENDING_LICENCE.encode(), [9, 0]);
		assert_eq!(CredentialKind::BUSINESS_LICENCE, CredentialKind(10));
	}

	#[test]
	fn org_kind_sets() {
		let set = OrgKindSet::of(&[OrgKind::Regulator, OrgKind::Supplier]);
		assert!(set.contains(OrgKind::Regulator) && !set.contains(OrgKind::Cdmo));
		assert_eq!(set.iter().count(), 2);
		assert!(set.is_valid());
		assert!(!OrgKindSet(0).is_valid());
		assert!(!OrgKindSet(1 << 15).is_valid());
	}
}
