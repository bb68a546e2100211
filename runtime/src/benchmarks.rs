//! The pallets benchmarked by `bioledger benchmark pallet` (feature `runtime-benchmarks`).

pub use frame_benchmarking::baseline::Pallet as BaselineBench;
pub use frame_system_benchmarking::{
	extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
};

use crate::*;

impl frame_system_benchmarking::Config for Runtime {}
impl frame_benchmarking::baseline::Config for Runtime {}
impl pallet_transaction_payment::BenchmarkConfig for Runtime {}

frame_benchmarking::define_benchmarks!(
	[frame_benchmarking, BaselineBench::<Runtime>]
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_balances, Balances]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_utility, Utility]
	[pallet_timestamp, Timestamp]
	[pallet_collective, Council]
	[pallet_membership, CouncilMembership]
	[pallet_scheduler, Scheduler]
	[pallet_preimage, Preimage]
	[pallet_whitelist, Whitelist]
	[pallet_tx_pause, TxPause]
	[pallet_consortium, Consortium]
	[pallet_provenance, Provenance]
	[pallet_quality, Quality]
	[pallet_pledge, Pledge]
	[pallet_carbon, Carbon]
	[pallet_confidential, Confidential]
);
