//! The governed Root path and runtime upgrades: FRAME's `pallet-whitelist`, `pallet-scheduler`
//! and `pallet-preimage`.
//!
//! A consortium chain has no sudo key. Root-only calls (runtime code, storage fixes, the
//! council's membership pallet) are reached by a council motion of **three quarters** of the
//! seats (`CouncilThreeQuarters`):
//!
//! 1. The motion whitelists the hash `H` of the Root call (`whitelist.whitelist_call`) and, in
//!    the same `utility.batch_all`, either dispatches it at once
//!    (`whitelist.dispatch_whitelisted_call_with_preimage`) or schedules its dispatch at a
//!    block `N` (`scheduler.schedule_named(id, N, whitelist.dispatch_whitelisted_call(H, len,
//!    weight))`) — the upgrade procedure: every operator sees `H`, the block and the scheduled
//!    task on chain before anything changes.
//! 2. Anyone uploads the call's bytes (`preimage.note_preimage`); a hash the whitelist
//!    requested is stored without deposit, so the runtime code never costs its uploader.
//! 3. At `N` the scheduler dispatches the task with the motion's own origin (three quarters),
//!    which the whitelist accepts, checks the bytes against `H` and the weight witness, and
//!    dispatches the call as Root.
//!
//! A two-thirds motion can veto a scheduled task before it runs (`scheduler.cancel_named`):
//! stopping an upgrade needs fewer votes than making one. See `docs/governance.md`.

use super::governance::{CouncilThreeQuarters, CouncilTwoThirds};
use crate::{
	AccountId, Balance, Balances, BlockNumber, OriginCaller, Preimage, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, System, DAYS, MILLI_UNIT, UNIT,
};
use core::cmp::Ordering;
use frame_support::{
	parameter_types,
	traits::{fungible::HoldConsideration, ConstU32, LinearStoragePrice, PrivilegeCmp},
	weights::Weight,
};
use frame_system::EnsureRoot;
use sp_runtime::{
	traits::{BlakeTwo256, Hash},
	Perbill,
};

parameter_types! {
	/// Scheduled tasks may use 80 % of a block: far above `set_code` (~0.16 s of weight) plus
	/// the whitelist's dispatch, so a scheduled upgrade is never dropped as overweight.
	pub MaximumSchedulerWeight: Weight =
		Perbill::from_percent(80) * super::RuntimeBlockWeights::get().max_block;
	/// Deposit for an unrequested preimage: 10 BIO plus 1 mBIO per byte (a requested one, such
	/// as a whitelisted runtime upgrade, is free).
	pub const PreimageBaseDeposit: Balance = 10 * UNIT;
	pub const PreimageByteDeposit: Balance = MILLI_UNIT;
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	/// A dispatch deferred by the whitelist (dispatched before it was whitelisted) expires
	/// after a day.
	pub const DeferredDispatchExpiration: BlockNumber = DAYS;
}

/// Which scheduled task an origin may cancel or retry: Root any; any council motion a task
/// another council motion scheduled (a two-thirds motion may veto a three-quarters upgrade
/// before it is enacted).
pub struct CouncilPrivilege;

impl PrivilegeCmp<OriginCaller> for CouncilPrivilege {
	fn cmp_privilege(left: &OriginCaller, right: &OriginCaller) -> Option<Ordering> {
		if left == right {
			return Some(Ordering::Equal);
		}
		match (left, right) {
			(OriginCaller::system(frame_system::RawOrigin::Root), _) => Some(Ordering::Greater),
			(
				OriginCaller::Council(pallet_collective::RawOrigin::Members(..)),
				OriginCaller::Council(pallet_collective::RawOrigin::Members(..)),
			) => Some(Ordering::Equal),
			_ => None,
		}
	}
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	/// A task runs with the origin of the motion that scheduled it, so scheduling grants no
	/// more than the motion had: two thirds may schedule (and veto).
	type ScheduleOrigin = CouncilTwoThirds;
	type OriginPrivilegeCmp = CouncilPrivilege;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

/// Unrequested preimages hold a deposit that covers their storage.
pub type PreimageCost = HoldConsideration<
	AccountId,
	Balances,
	PreimageHoldReason,
	LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
>;

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// Only Root (a three-quarters motion through the whitelist) requests or drops preimages
	/// without deposit: a council motion could otherwise drop a pending upgrade's bytes.
	type ManagerOrigin = EnsureRoot<AccountId>;
	type Consideration = PreimageCost;
}

impl pallet_whitelist::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	/// Announcing a Root call and dispatching it both need three quarters of the council.
	type WhitelistOrigin = CouncilThreeQuarters;
	type DispatchWhitelistedOrigin = CouncilThreeQuarters;
	type Preimages = Preimage;
	type DeferredDispatchExpiration = DeferredDispatchExpiration;
	type BlockNumberProvider = System;
	type WeightInfo = pallet_whitelist::weights::SubstrateWeight<Runtime>;
}

/// The scheduler task name of an upgrade: `bioledger/upgrade/` and the first 14 bytes of the
/// code hash.
pub fn upgrade_task_id(code_hash: &[u8; 32]) -> [u8; 32] {
	let mut id = [0u8; 32];
	id[..18].copy_from_slice(b"bioledger/upgrade/");
	id[18..].copy_from_slice(&code_hash[..14]);
	id
}

/// A runtime upgrade as a council motion (see the module docs).
pub struct UpgradeMotion {
	/// BLAKE2-256 of the code (what `System::CodeUpdated` will report).
	pub code_hash: [u8; 32],
	/// The Root call `system.set_code(code)`: the preimage anyone uploads.
	pub set_code: RuntimeCall,
	/// Its BLAKE2-256 hash: what the motion whitelists.
	pub call_hash: sp_core::H256,
	/// The motion: `utility.batch_all([whitelist_call, schedule_named(.., at, dispatch)])`.
	pub motion: RuntimeCall,
	/// The motion's threshold on a council of `seats`: three quarters, rounded up.
	pub threshold: u32,
}

impl UpgradeMotion {
	/// The motion that enacts `code` at block `at` on a council of `seats`.
	pub fn new(code: alloc::vec::Vec<u8>, at: BlockNumber, seats: u32) -> Self {
		use codec::Encode;
		use frame_support::dispatch::GetDispatchInfo;
		let code_hash: [u8; 32] = BlakeTwo256::hash(&code).into();
		let set_code = RuntimeCall::System(frame_system::Call::set_code { code });
		let encoded = set_code.encode();
		let call_hash = BlakeTwo256::hash(&encoded);
		let dispatch = RuntimeCall::Whitelist(pallet_whitelist::Call::dispatch_whitelisted_call {
			call_hash,
			call_encoded_len: encoded.len() as u32,
			call_weight_witness: set_code.get_dispatch_info().call_weight,
		});
		let motion = RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: alloc::vec![
				RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call { call_hash }),
				RuntimeCall::Scheduler(pallet_scheduler::Call::schedule_named {
					id: upgrade_task_id(&code_hash),
					when: at,
					maybe_periodic: None,
					priority: 0,
					call: alloc::boxed::Box::new(dispatch),
				}),
			],
		});
		UpgradeMotion { code_hash, set_code, call_hash, motion, threshold: (3 * seats).div_ceil(4) }
	}
}
