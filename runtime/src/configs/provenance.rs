//! Provenance: lots, genealogy, custody, QC results, recall and cold chain.

use crate::{Consortium, Runtime, Timestamp};
use bioledger_primitives::CredentialKind;
use frame_support::{parameter_types, traits::ConstU32};

parameter_types! {
	/// Commissioning and transforming lots needs a GMP certificate.
	pub const ProductionCredential: CredentialKind = CredentialKind::GmpCertificate;
	/// Releasing lots needs a GMP certificate.
	pub const ReleaseCredential: CredentialKind = CredentialKind::GmpCertificate;
	/// Contract laboratories need ISO/IEC 17025 accreditation.
	pub const LabCredential: CredentialKind = CredentialKind::LaboratoryAccreditation;
}

impl pallet_provenance::Config for Runtime {
	type Membership = Consortium;
	type Time = Timestamp;
	/// QC results are checked against the active quality agreement.
	type QcHook = crate::Quality;
	/// Receipted lots are locked by the pledge pallet, which values them.
	type LockHooks = crate::Pledge;
	type ProductionCredential = ProductionCredential;
	type ReleaseCredential = ReleaseCredential;
	type LabCredential = LabCredential;
	type MaxParents = ConstU32<16>;
	type MaxOutputs = ConstU32<16>;
	type MaxDocs = ConstU32<16>;
	type MaxQcParams = ConstU32<32>;
	type MaxLotsPerShipment = ConstU32<64>;
	type MaxActiveRecalls = ConstU32<16>;
	/// A producer may have two recalls propagating at once.
	type MaxRecallsPerOrg = ConstU32<2>;
	/// Regulators' recalls have their own queue.
	type MaxUrgentRecalls = ConstU32<8>;
	/// 1,000 children-index entries per block: 100,000 descendants in 100 blocks (5 minutes).
	type MaxRecallVisitsPerBlock = ConstU32<1_000>;
	type MaxAncestorCheck = ConstU32<64>;
	type MaxTraceResults = ConstU32<10_000>;
	type WeightInfo = pallet_provenance::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

/// Benchmark hooks: members made by the consortium pallet.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_provenance::BenchmarkHelper<crate::AccountId> for BenchmarkHelper {
	fn member(
		seed: u32,
		role: bioledger_primitives::Role,
		kind: bioledger_primitives::OrgKind,
	) -> (crate::AccountId, bioledger_primitives::OrgId) {
		Consortium::bench_member(seed, role, kind)
	}

	fn set_time(now: u64) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}
}
