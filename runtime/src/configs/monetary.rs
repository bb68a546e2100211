//! Balances and transaction payment.
//!
//! BIO is a fee token only: it meters block space so that no member can flood the chain. Fees
//! are burned; members are endowed at genesis and topped up by the council.
//!
//! Block space is priced so that filling it costs more than griefing is worth: a picosecond of
//! execution costs [`FEE_PER_PICOSECOND`] (a full block's 1.125 s of normal-class execution
//! costs 1,125 BIO, an hour of full blocks 1.35 million BIO) and a byte [`FEE_PER_BYTE`]
//! (a full 5 MiB block of bytes 5,243 BIO). A transfer costs about 0.45 BIO, a lot about
//! 0.6 BIO: ordinary business stays cheap for members the council endows.

use crate::{
	Balance, Balances, Runtime, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason, System,
	EXISTENTIAL_DEPOSIT,
};
use frame_support::{
	parameter_types,
	traits::{ConstU128, ConstU32, ConstU8, VariantCountOf},
	weights::ConstantMultiplier,
};
use pallet_transaction_payment::{ConstFeeMultiplier, FungibleAdapter, Multiplier};
use sp_runtime::traits::One;

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<0>;
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

/// Fee per picosecond of execution weight (units of 10⁻¹² BIO).
pub const FEE_PER_PICOSECOND: Balance = 1_000;
/// Fee per byte of transaction length (1 mBIO).
pub const FEE_PER_BYTE: Balance = crate::MILLI_UNIT;

parameter_types! {
	/// Fees do not float with congestion: a consortium wants predictable costs.
	pub FeeMultiplier: Multiplier = Multiplier::one();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Fees are burned (the `()` imbalance handler drops them).
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = ConstantMultiplier<Balance, ConstU128<FEE_PER_PICOSECOND>>;
	type LengthToFee = ConstantMultiplier<Balance, ConstU128<FEE_PER_BYTE>>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = crate::weights::pallet_transaction_payment::WeightInfo<Runtime>;
}
