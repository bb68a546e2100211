//! Confidential collections: who may read which committed payloads; grants; retention.

use super::governance::CouncilTwoThirds;
use crate::{Consortium, Runtime, Timestamp};
use frame_support::traits::{ConstU32, ConstU64};

impl pallet_confidential::Config for Runtime {
	type Membership = Consortium;
	type Time = Timestamp;
	/// The council (two thirds) may grant a regulator access to any collection.
	type GovernanceOrigin = CouncilTwoThirds;
	/// Parties of one collection: buyer, supplier, warehouse, lender … (a pledge has three).
	type MaxMembers = ConstU32<8>;
	/// Auditors and regulators with access at one time.
	type MaxGrants = ConstU32<8>;
	/// One agreement's terms and QC results over its life (a lot a day for 25 years).
	type MaxPayloadsPerCollection = ConstU32<10_000>;
	/// Collections one organisation may create (domain pallets' collections count too).
	type MaxCollectionsPerOrg = ConstU32<100_000>;
	/// A grant lasts at most a year (renewable).
	type MaxGrantPeriod = ConstU64<{ 365 * 24 * 3_600_000 }>;
	type WeightInfo = pallet_confidential::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

/// Benchmark hooks: members made by the consortium pallet.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_confidential::BenchmarkHelper<crate::AccountId> for BenchmarkHelper {
	fn member(
		seed: u32,
		role: bioledger_primitives::Role,
		kind: bioledger_primitives::OrgKind,
	) -> (crate::AccountId, bioledger_primitives::OrgId) {
		Consortium::bench_member(400 + seed, role, kind)
	}

	fn set_time(now: bioledger_primitives::Moment) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}
}
