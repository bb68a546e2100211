//! Pledge: electronic warehouse receipts, price feeds, pledges to lenders.

use super::governance::CouncilTwoThirds;
use crate::{Consortium, Provenance, Runtime, Timestamp, DAYS, MILLISECS_PER_BLOCK};
use bioledger_primitives::Moment;
use frame_support::{parameter_types, traits::ConstU32};
use sp_runtime::Permill;

/// A day in milliseconds.
const DAY_MS: Moment = DAYS as Moment * MILLISECS_PER_BLOCK;

parameter_types! {
	/// The brief's 70 % pledge ratio; margin call at 80 %, liquidation at 85 %.
	pub const DefaultRisk: pallet_pledge::RiskParams = pallet_pledge::RiskParams {
		max_ltv: Permill::from_percent(70),
		margin_call: Permill::from_percent(80),
		liquidation: Permill::from_percent(85),
	};
	/// API prices are quoted daily: a price older than a day is stale.
	pub const MaxPriceAge: Moment = DAY_MS;
	/// Three days to answer a margin call (and after maturity) before foreclosure.
	pub const MarginGracePeriod: Moment = 3 * DAY_MS;
	/// A price counts for a foreclosure once it is a minute (20 blocks) old; a source posts a
	/// product's price at most once a minute.
	pub const PriceSettlement: Moment = 60_000;
}

impl pallet_pledge::Config for Runtime {
	type Membership = Consortium;
	type Lots = Provenance;
	type LotLock = Provenance;
	type Time = Timestamp;
	type GovernanceOrigin = CouncilTwoThirds;
	type DefaultRisk = DefaultRisk;
	type MaxLotsPerReceipt = ConstU32<16>;
	type MaxReceiptsPerPledge = ConstU32<8>;
	type MaxFeedsPerProduct = ConstU32<8>;
	/// Three independent sources at least.
	type MinFeeds = ConstU32<3>;
	type PriceSettlement = PriceSettlement;
	type MaxPledgesPerProduct = ConstU32<64>;
	/// An organisation is party to at most 8 of a product's 64 indexed pledges.
	type MaxPledgesPerParty = ConstU32<8>;
	type MaxPriceAge = MaxPriceAge;
	type MarginGracePeriod = MarginGracePeriod;
	/// Safe mode stops the grace clocks (`configs::brake::SafeModeClock`).
	type Paused = crate::configs::brake::SafeModeClock;
	type WeightInfo = pallet_pledge::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

/// Benchmark hooks: members made by the consortium pallet, lots by provenance.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_pledge::BenchmarkHelper<crate::AccountId> for BenchmarkHelper {
	fn member(
		seed: u32,
		role: bioledger_primitives::Role,
		kind: bioledger_primitives::OrgKind,
	) -> (crate::AccountId, bioledger_primitives::OrgId) {
		Consortium::bench_member(200 + seed, role, kind)
	}

	fn lot(
		id: bioledger_primitives::LotId,
		product: bioledger_primitives::ProductCode,
		owner: bioledger_primitives::OrgId,
		custodian: bioledger_primitives::OrgId,
		amount: u128,
	) {
		Provenance::bench_lot(id, product, owner, custodian, amount);
	}

	fn set_time(now: u64) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}

	fn quarantine(id: &bioledger_primitives::LotId) {
		Provenance::bench_set_status(id, pallet_provenance::LotStatus::Quarantined);
	}
}
