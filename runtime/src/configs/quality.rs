//! Quality: e-QA agreements sealed with SM2 e-seals, conformance, nonconformance/CAPA,
//! supplier scorecards.

use super::governance::CouncilTwoThirds;
use crate::{Consortium, Runtime, Timestamp, DAYS, MILLISECS_PER_BLOCK};
use bioledger_primitives::Moment;
use frame_support::{parameter_types, traits::ConstU32};

/// A day in milliseconds.
const DAY_MS: Moment = DAYS as Moment * MILLISECS_PER_BLOCK;

parameter_types! {
	/// Suppliers answer a nonconformance with a CAPA plan within 7 days.
	pub const ResponseTarget: Moment = 7 * DAY_MS;
	/// Scorecard buckets are 30 days long …
	pub const BucketLength: Moment = 30 * DAY_MS;
}

impl pallet_quality::Config for Runtime {
	type Membership = Consortium;
	type Time = Timestamp;
	type GovernanceOrigin = CouncilTwoThirds;
	type MaxSpecItems = ConstU32<32>;
	type ResponseTarget = ResponseTarget;
	type BucketLength = BucketLength;
	/// … and the window is 12 of them (a year).
	type WindowBuckets = ConstU32<12>;
	type MaxOverdueScan = ConstU32<64>;
	type Currency = crate::Balances;
	type RuntimeHoldReason = crate::RuntimeHoldReason;
	/// 10 BIO held per open draft (returned when both seal it or it is terminated).
	type DraftDeposit = frame_support::traits::ConstU128<{ 10 * crate::UNIT }>;
	/// 30 days' notice to end an active quality agreement.
	type TerminationNotice = frame_support::traits::ConstU64<{ 30 * 24 * 3_600_000 }>;
	/// A supplier pair reaches tier A (and skip-lot) after 10 checked lots.
	type MinHistoryForTierA = ConstU32<10>;
	type Collections = crate::Confidential;
	/// Confidential agreements' payloads are kept at least five years (GMP record retention)
	/// before a party may purge them alone.
	type RecordRetention = frame_support::traits::ConstU64<{ 5 * 365 * 24 * 3_600_000 }>;
	type WeightInfo = pallet_quality::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

/// Benchmark hooks: members with the benchmark vectors' e-seal keys.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_quality::BenchmarkHelper<crate::AccountId> for BenchmarkHelper {
	fn member(
		seed: u32,
		role: bioledger_primitives::Role,
	) -> (crate::AccountId, bioledger_primitives::OrgId) {
		let (who, org) =
			Consortium::bench_member(100 + seed, role, bioledger_primitives::OrgKind::Manufacturer);
		Consortium::bench_set_eseal(org, pallet_quality::benchmarking_vectors::seal_key(seed));
		(who, org)
	}

	fn set_time(now: u64) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}

	fn deactivate(org: bioledger_primitives::OrgId) {
		Consortium::bench_set_status(org, bioledger_primitives::OrgStatus::Suspended);
	}
}
