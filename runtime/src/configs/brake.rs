//! The emergency brake: `pallet-tx-pause` (pause one call or every call of a pallet) and
//! `pallet-safe-mode` (pause everything but governance and safety), both at the council's
//! hand, both lifted without an upgrade.
//!
//! Neither brake can stop governance (council motions, the whitelist's Root path, the
//! scheduler, preimages, the brakes themselves), block production (timestamp, session,
//! GRANDPA), or a recall: a brake is for a bug, never for delaying a regulator.

use super::governance::CouncilTwoThirds;
use crate::{
	AccountId, Balances, BlockNumber, Runtime, RuntimeCall, RuntimeEvent, RuntimeHoldReason, DAYS,
	HOURS,
};
use frame_support::{
	parameter_types,
	traits::{ConstU32, Contains, GetCallMetadata},
};
use pallet_tx_pause::RuntimeCallNameOf;

/// Pallets whose calls no brake stops.
const UNPAUSABLE_PALLETS: &[&[u8]] = &[
	b"System",
	b"Timestamp",
	b"Session",
	b"Grandpa",
	b"Council",
	b"Scheduler",
	b"Preimage",
	b"Whitelist",
	b"TxPause",
	b"SafeMode",
];

/// Calls no brake stops: the pallets above, `provenance.recall`, and the batch wrappers (a
/// motion is a batch; every call inside is still checked against the brakes one by one).
pub fn never_paused(pallet: &[u8], call: &[u8]) -> bool {
	UNPAUSABLE_PALLETS.contains(&pallet)
		|| matches!(
			(pallet, call),
			(b"Provenance", b"recall") | (b"Utility", b"batch" | b"batch_all" | b"force_batch")
		)
}

/// `pallet-tx-pause`'s exemptions.
pub struct Unpausable;
impl Contains<RuntimeCallNameOf<Runtime>> for Unpausable {
	fn contains((pallet, call): &RuntimeCallNameOf<Runtime>) -> bool {
		never_paused(pallet, call)
	}
}

/// What passes while safe mode is on.
pub struct SafeModeAllowed;
impl Contains<RuntimeCall> for SafeModeAllowed {
	fn contains(call: &RuntimeCall) -> bool {
		let meta = call.get_call_metadata();
		never_paused(meta.pallet_name.as_bytes(), meta.function_name.as_bytes())
	}
}

impl pallet_tx_pause::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PauseOrigin = CouncilTwoThirds;
	type UnpauseOrigin = CouncilTwoThirds;
	type WhitelistedCalls = Unpausable;
	/// Longer names count as paused (the pallet's rule): every pallet and call name here is
	/// far shorter.
	type MaxNameLen = ConstU32<64>;
	type WeightInfo = pallet_tx_pause::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Nobody enters or extends safe mode by paying a deposit: only the council.
	pub const NoSafeModeDeposit: Option<crate::Balance> = None;
	pub const NoSafeModeRelease: Option<BlockNumber> = None;
}

impl pallet_safe_mode::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type WhitelistedCalls = SafeModeAllowed;
	type EnterDuration = ConstU32<{ 4 * HOURS }>;
	type ExtendDuration = ConstU32<{ 2 * HOURS }>;
	type EnterDepositAmount = NoSafeModeDeposit;
	type ExtendDepositAmount = NoSafeModeDeposit;
	/// A council motion enters safe mode for a day (it ends by itself unless extended).
	type ForceEnterOrigin =
		frame_system::EnsureWithSuccess<CouncilTwoThirds, AccountId, ConstU32<{ DAYS }>>;
	type ForceExtendOrigin =
		frame_system::EnsureWithSuccess<CouncilTwoThirds, AccountId, ConstU32<{ DAYS }>>;
	type ForceExitOrigin = CouncilTwoThirds;
	type ForceDepositOrigin = frame_system::EnsureRoot<AccountId>;
	type Notify = ();
	type ReleaseDelay = NoSafeModeRelease;
	type WeightInfo = pallet_safe_mode::weights::SubstrateWeight<Runtime>;
}
