//! Provenance: lots, genealogy, custody, QC results, recall and cold chain.

use crate::{Consortium, Runtime, Timestamp};
use frame_support::{parameter_types, traits::ConstU32};

parameter_types! {}

impl pallet_provenance::Config for Runtime {
	type Membership = Consortium;
	type Time = Timestamp;
	/// QC results are checked against the active quality agreement.
	type QcHook = crate::Quality;
	/// Receipted lots are locked by the pledge pallet, which values them.
	type LockHooks = crate::Pledge;
	type Currency = crate::Balances;
	type RuntimeHoldReason = crate::RuntimeHoldReason;
	/// 1 BIO held per live lot (returned when the lot is used up or destroyed).
	type LotDeposit = frame_support::traits::ConstU128<{ crate::UNIT }>;
	type MaxParents = ConstU32<16>;
	type MaxOutputs = ConstU32<16>;
	type MaxDocs = ConstU32<16>;
	type MaxQcParams = ConstU32<32>;
	/// A result and up to 15 retests per lot.
	type MaxQcResultsPerLot = ConstU32<16>;
	type MaxLotsPerShipment = ConstU32<64>;
	type MaxActiveRecalls = ConstU32<16>;
	/// A producer may have two recalls propagating at once.
	type MaxRecallsPerOrg = ConstU32<2>;
	/// Regulators' recalls have their own queue.
	type MaxUrgentRecalls = ConstU32<8>;
	/// 1,000 children-index entries per block: 100,000 descendants in 100 blocks (5 minutes).
	type MaxRecallVisitsPerBlock = ConstU32<1_000>;
	type MaxAncestorCheck = ConstU32<64>;
	/// A receiver has 14 days past the promised delivery to receive or refuse; then the sender
	/// may take the shipment back.
	type ShipmentTimeout = frame_support::traits::ConstU64<{ 14 * 24 * 3_600_000 }>;
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
