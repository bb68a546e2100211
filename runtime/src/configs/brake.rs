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
/// Business calls only the council's governance origin may make (a signed account gets
/// `BadOrigin`): safe mode lets them through, so that the council can still suspend a member,
/// settle a pledge or resolve a nonconformance during an emergency stop.
const GOVERNANCE_CALLS: &[(&[u8], &[u8])] = &[
	(b"Consortium", b"approve_application"),
	(b"Consortium", b"reject_application"),
	(b"Consortium", b"approve_validator"),
	(b"Consortium", b"suspend"),
	(b"Consortium", b"reinstate"),
	(b"Consortium", b"revoke"),
	(b"Consortium", b"set_authority"),
	(b"Consortium", b"set_credential_kind"),
	(b"Consortium", b"set_requirement"),
	(b"Consortium", b"set_min_validators"),
	(b"Pledge", b"add_price_source"),
	(b"Pledge", b"remove_price_source"),
	(b"Pledge", b"resolve_pledge"),
	(b"Pledge", b"reassign_receipt"),
	(b"Pledge", b"set_risk_params"),
	(b"Quality", b"resolve_nc"),
	(b"Quality", b"set_thresholds"),
];

pub struct SafeModeAllowed;
impl Contains<RuntimeCall> for SafeModeAllowed {
	fn contains(call: &RuntimeCall) -> bool {
		let meta = call.get_call_metadata();
		let (pallet, function) = (meta.pallet_name.as_bytes(), meta.function_name.as_bytes());
		never_paused(pallet, function) || GOVERNANCE_CALLS.contains(&(pallet, function))
	}
}

/// The last safe-mode periods (start, end; `None` while it lasts), oldest first: what
/// [`SafeModeClock`] subtracts from grace periods. Kept by the safe-mode pallet's notifications.
#[frame_support::storage_alias]
pub type SafeModePeriods = StorageValue<
	BioLedgerBrake,
	frame_support::BoundedVec<(crate::Moment, Option<crate::Moment>), ConstU32<MAX_PERIODS>>,
	frame_support::pallet_prelude::ValueQuery,
>;

/// Safe-mode periods remembered: older ones are dropped (a grace period longer than the 16
/// most recent emergency stops together is not one a member waits out).
pub const MAX_PERIODS: u32 = 16;

/// Records when safe mode is entered and exited, and answers how much of a time span the chain
/// spent in it: deadlines that run against a party who must act (a pledge's grace periods) do
/// not run during an emergency stop. Wall-clock facts (credential validity, price age, lot
/// expiry) keep running: they are facts of the world, not of the chain.
pub struct SafeModeClock;

impl frame_support::traits::SafeModeNotify for SafeModeClock {
	fn entered() {
		let now = pallet_timestamp::Now::<Runtime>::get();
		SafeModePeriods::mutate(|p| {
			if p.is_full() {
				p.remove(0);
			}
			// Fits: room was made above.
			let _ = p.try_push((now, None));
		});
	}

	fn exited() {
		let now = pallet_timestamp::Now::<Runtime>::get();
		SafeModePeriods::mutate(|p| {
			if let Some((_, end @ None)) = p.last_mut() {
				*end = Some(now);
			}
		});
	}
}

impl bioledger_primitives::PausedTime for SafeModeClock {
	fn paused_between(from: crate::Moment, to: crate::Moment) -> crate::Moment {
		let now = pallet_timestamp::Now::<Runtime>::get();
		SafeModePeriods::get()
			.iter()
			.map(|(start, end)| {
				let (s, e) = ((*start).max(from), end.unwrap_or(now).min(to));
				e.saturating_sub(s)
			})
			.fold(0, |a: crate::Moment, d| a.saturating_add(d))
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
	type Notify = SafeModeClock;
	type ReleaseDelay = NoSafeModeRelease;
	type WeightInfo = pallet_safe_mode::weights::SubstrateWeight<Runtime>;
}
