//! frame-system, timestamp and utility (batches). There is no sudo, also not on a development
//! chain: every privileged path is the council's (`configs::upgrades`).

use crate::{
	weights::{block_weights::BlockExecutionWeight, extrinsic_weights::ExtrinsicBaseWeight},
	AccountId, Block, BlockNumber, Hash, Nonce, OriginCaller, PalletInfo, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, RuntimeTask, SLOT_DURATION, VERSION,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstU64, Contains, InsideBoth},
	weights::{constants::WEIGHT_REF_TIME_PER_MILLIS, Weight},
};
use frame_system::limits::{BlockLength, BlockWeights};
use sp_runtime::Perbill;
use sp_version::RuntimeVersion;

/// Share of a block's weight and length that ordinary (non-operational) extrinsics may use.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Execution time a block may take when it is authored: half of the 3 s slot, which leaves the
/// other half for import on the other validators and for gossip.
pub const MAX_BLOCK_EXECUTION_MILLIS: u64 = 1_500;

/// A block's weight limit: 1.5 s of compute; proof size is unlimited on a solochain.
const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(MAX_BLOCK_EXECUTION_MILLIS * WEIGHT_REF_TIME_PER_MILLIS, u64::MAX);

/// Share of the block `on_initialize` hooks are expected to use (recall propagation, session).
const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(10);

/// Maximum block length in bytes (5 MiB).
pub const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

parameter_types! {
	pub const BlockHashCount: BlockNumber = 4096;
	pub const Version: RuntimeVersion = VERSION;

	/// Base weights of a block and of an extrinsic as measured on the reference machine
	/// (`crate::weights::{block_weights, extrinsic_weights}`).
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::builder()
		.base_block(BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |weights| {
			weights.base_extrinsic = ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |weights| {
			weights.max_total = Some(NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.for_class(DispatchClass::Operational, |weights| {
			weights.max_total = Some(MAXIMUM_BLOCK_WEIGHT);
			// Operational transactions have an extra reserved space, so that they are
			// included even if the block has reached `MAXIMUM_BLOCK_WEIGHT`.
			weights.reserved = Some(MAXIMUM_BLOCK_WEIGHT - NORMAL_DISPATCH_RATIO * MAXIMUM_BLOCK_WEIGHT);
		})
		.avg_block_initialization(AVERAGE_ON_INITIALIZE_RATIO)
		.build_or_panic();
	/// 5 MiB blocks.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |m| *m = NORMAL_DISPATCH_RATIO * *m)
		.build();
	/// Generic Substrate SS58 prefix (addresses start with `5`).
	pub const SS58Prefix: u8 = 42;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// ParityDB is the node's database; read and write costs measured on the reference machine.
	type DbWeight = crate::weights::paritydb_weights::constants::ParityDbWeight;
	/// The transaction extensions' weights, measured on the reference machine.
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<crate::Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = frame_support::traits::ConstU32<16>;
	/// Derived accounts and seat changes are never allowed; the brakes (`configs::brake`) stop
	/// what the council paused. Root (a three-quarters motion) passes every filter.
	type BaseCallFilter =
		InsideBoth<NoDerivedAccounts, InsideBoth<crate::SafeMode, crate::TxPause>>;
}

/// The calls no signed account or council motion may make (Root, which only a ¾ council
/// motion reaches on a consortium chain, is not filtered):
/// - `Utility::as_derivative`: on a permissioned chain each acting account is registered to an
///   organisation, so no account may act through keyless derived sub-accounts;
/// - every `CouncilMembership` call: seats follow the consortium's admissions, and a member's
///   `change_key` would hand its seat to any account (a second seat for a colluding member).
///
/// The filter also applies to the calls inside a batch.
pub struct NoDerivedAccounts;
impl Contains<RuntimeCall> for NoDerivedAccounts {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(
			call,
			RuntimeCall::Utility(pallet_utility::Call::as_derivative { .. })
				| RuntimeCall::CouncilMembership(_)
		)
	}
}

/// Batches (`batch`, `batch_all`, `force_batch`): an ERP posts a production run's lots or a
/// day's QC results in one signed transaction, which pays the signature check and the
/// transaction extensions once. Each inner call still checks its own role, credential and state.
impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = crate::weights::pallet_utility::WeightInfo<Runtime>;
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the Unix epoch.
	type Moment = crate::Moment;
	type OnTimestampSet = crate::Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = crate::weights::pallet_timestamp::WeightInfo<Runtime>;
}
