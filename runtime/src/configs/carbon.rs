//! Carbon: emission records, lot footprints, serial-numbered credits, retirement.

use crate::{Consortium, Provenance, Runtime, Timestamp};
use frame_support::{parameter_types, traits::ConstU32};

parameter_types! {}

impl pallet_carbon::Config for Runtime {
	type Membership = Consortium;
	type Lots = Provenance;
	type Time = Timestamp;
	/// 100 million tonnes: above any single project's issuance.
	type MaxCreditsPerBatch = frame_support::traits::ConstU64<100_000_000>;
	type MaxRangesPerHolding = ConstU32<32>;
	/// A footprint reads at most 1,000 lots (a finished lot and its ancestry).
	type MaxFootprintLots = ConstU32<1_000>;
	type WeightInfo = pallet_carbon::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

/// Benchmark hooks: members made by the consortium pallet, lots by provenance.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_carbon::BenchmarkHelper<crate::AccountId> for BenchmarkHelper {
	fn member(
		seed: u32,
		role: bioledger_primitives::Role,
		kind: bioledger_primitives::OrgKind,
	) -> (crate::AccountId, bioledger_primitives::OrgId) {
		Consortium::bench_member(300 + seed, role, kind)
	}

	fn lot(id: bioledger_primitives::LotId, producer: bioledger_primitives::OrgId) {
		let product = b"CARBON-BENCH".to_vec().try_into().expect("short; qed");
		Provenance::bench_lot(id, product, producer, producer, 100_000_000);
	}

	fn set_time(now: u64) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}
}
