//! Governance without sudo, on the real runtime: council motions reach Root only with three
//! quarters of the seats (through FRAME's whitelist), a runtime upgrade is announced and
//! enacted at a scheduled block, a two-thirds motion can veto it, and the emergency brakes
//! pause calls but never governance, block production or a recall.

mod common;

use bioledger_runtime::{
	configs::upgrades::{upgrade_task_id, UpgradeMotion},
	AccountId, Council, Preimage, Runtime, RuntimeCall, RuntimeOrigin, Scheduler, System, VERSION,
};
use codec::Encode;
use common::{account, ext, who};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::GetDispatchInfo,
	traits::{Hooks, UnfilteredDispatchable},
};
use sp_runtime::{
	traits::{BlakeTwo256, Dispatchable, Hash},
	DispatchError,
};

/// The council seats of the local consortium, as dev paths: the four validating members and
/// the two founding issuers. Three quarters of six is five.
const SEATS: [&str; 6] = ["//Alice", "//Bob", "//Charlie", "//Dave", "//NMPA", "//SGS"];

type CouncilOrigin = pallet_collective::RawOrigin<AccountId, pallet_collective::Instance1>;

/// A council motion for `call` voted by `yes` seats and closed; returns the motion's result.
fn motion(yes: &[&str], call: RuntimeCall) -> Result<(), DispatchError> {
	let len = call.encoded_size() as u32;
	let weight = call.get_dispatch_info().call_weight;
	let hash = BlakeTwo256::hash_of(&call);
	let index = pallet_collective::ProposalCount::<Runtime, pallet_collective::Instance1>::get();
	// The proposer sets the threshold to the yes votes it has: the motion executes with the
	// origin `Members(yes, seats)`, and the called pallet decides whether that is enough.
	assert_ok!(Council::propose(who(yes[0]), yes.len() as u32, Box::new(call), len));
	for seat in yes {
		assert_ok!(Council::vote(who(seat), hash, index, true));
	}
	System::reset_events();
	let _ = Council::close(who(yes[0]), hash, index, weight, len);
	System::events()
		.into_iter()
		.find_map(|r| match r.event {
			bioledger_runtime::RuntimeEvent::Council(pallet_collective::Event::Executed {
				result,
				..
			}) => Some(result),
			_ => None,
		})
		.unwrap_or(Err(DispatchError::Other("motion not executed")))
}

/// `set_code` checks the new code's version through this host extension; the test "code" is
/// read as the current runtime with `spec_version + 1`.
struct NextVersion;
impl sp_core::traits::ReadRuntimeVersion for NextVersion {
	fn read_runtime_version(
		&self,
		_: &[u8],
		_: &mut dyn sp_core::traits::Externalities,
	) -> Result<Vec<u8>, String> {
		let mut v = VERSION;
		v.spec_version += 1;
		Ok(v.encode())
	}
}

fn upgrade_ext() -> sp_io::TestExternalities {
	let mut e = ext();
	e.register_extension(sp_core::traits::ReadRuntimeVersionExt::new(NextVersion));
	e
}

/// Run the scheduler (and the next block's start) up to block `n`.
fn run_to(n: u32) {
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Scheduler::on_initialize(next);
	}
}

/// The Root call that installs `code`, its hash, length and weight.
fn set_code(code: &[u8]) -> (RuntimeCall, sp_core::H256) {
	let kit = UpgradeMotion::new(code.to_vec(), 10, 6);
	(kit.set_code, kit.call_hash)
}

/// The upgrade motion: whitelist the `set_code` call and schedule its dispatch at `at`.
fn upgrade_motion(code: &[u8], at: u32) -> RuntimeCall {
	UpgradeMotion::new(code.to_vec(), at, 6).motion
}

fn code_now() -> Option<Vec<u8>> {
	sp_io::storage::get(sp_core::storage::well_known_keys::CODE).map(|b| b.to_vec())
}

#[test]
fn three_quarters_of_the_council_schedule_an_upgrade_that_is_enacted_at_the_block() {
	upgrade_ext().execute_with(|| {
		let code = b"new runtime code (test)".to_vec();
		let before = code_now();
		assert_ok!(motion(&SEATS[..5], upgrade_motion(&code, 10)));
		// Announced: the call hash is whitelisted and the task is on the agenda.
		let (call, hash) = set_code(&code);
		assert!(pallet_whitelist::WhitelistedCall::<Runtime>::contains_key(hash));
		assert_eq!(pallet_scheduler::Agenda::<Runtime>::get(10).len(), 1);
		// Anyone uploads the bytes; a requested preimage is free.
		assert_ok!(Preimage::note_preimage(who("//Eve"), call.encode()));
		assert_eq!(
			pallet_balances::Pallet::<Runtime>::reserved_balance(account("//Eve")),
			0,
			"a requested preimage holds no deposit"
		);
		run_to(9);
		assert_eq!(code_now(), before, "nothing before the block");
		run_to(10);
		assert_eq!(code_now(), Some(code));
		assert!(!pallet_whitelist::WhitelistedCall::<Runtime>::contains_key(hash));
	});
}

#[test]
fn a_motion_below_three_quarters_or_a_signed_call_cannot_reach_root() {
	upgrade_ext().execute_with(|| {
		let code = b"new runtime code (test)".to_vec();
		// Four of six seats (two thirds): the motion executes with Members(4, 6), which the
		// whitelist refuses (the issue's `Executed { result: Err(BadOrigin) }`).
		assert_eq!(motion(&SEATS[..4], upgrade_motion(&code, 10)), Err(DispatchError::BadOrigin));
		// Two thirds of a larger council is not three quarters either.
		let two_thirds: RuntimeOrigin = CouncilOrigin::Members(4, 6).into();
		let three_quarters: RuntimeOrigin = CouncilOrigin::Members(5, 6).into();
		let (_, hash) = set_code(&code);
		let whitelist =
			RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call { call_hash: hash });
		assert!(whitelist.clone().dispatch_bypass_filter(two_thirds).is_err());
		assert_ok!(whitelist.dispatch_bypass_filter(three_quarters));
		// No signed account reaches Root: not set_code, not the whitelist, not the scheduler,
		// not the preimage manager.
		let signed = who("//Alice");
		for call in [
			RuntimeCall::System(frame_system::Call::set_code { code: code.clone() }),
			RuntimeCall::System(frame_system::Call::authorize_upgrade { code_hash: hash }),
			RuntimeCall::Whitelist(pallet_whitelist::Call::whitelist_call { call_hash: hash }),
			RuntimeCall::Whitelist(pallet_whitelist::Call::dispatch_whitelisted_call {
				call_hash: hash,
				call_encoded_len: 0,
				call_weight_witness: Default::default(),
			}),
			RuntimeCall::Scheduler(pallet_scheduler::Call::schedule {
				when: 10,
				maybe_periodic: None,
				priority: 0,
				call: Box::new(RuntimeCall::System(frame_system::Call::remark { remark: vec![] })),
			}),
			RuntimeCall::Preimage(pallet_preimage::Call::request_preimage { hash }),
		] {
			assert!(call.clone().dispatch(signed.clone()).is_err(), "{call:?}");
		}
		assert_ne!(code_now().as_deref(), Some(&code[..]));
	});
}

#[test]
fn two_thirds_of_the_council_can_veto_a_scheduled_upgrade() {
	upgrade_ext().execute_with(|| {
		let code = b"new runtime code (test)".to_vec();
		let before = code_now();
		assert_ok!(motion(&SEATS[..5], upgrade_motion(&code, 10)));
		let (call, _) = set_code(&code);
		assert_ok!(Preimage::note_preimage(who("//Eve"), call.encode()));
		let id = upgrade_task_id(&sp_io::hashing::blake2_256(&code));
		let veto = RuntimeCall::Scheduler(pallet_scheduler::Call::cancel_named { id });
		// A member alone cannot veto; two thirds of the seats can.
		assert!(veto.clone().dispatch(who("//Bob")).is_err());
		let two_thirds: RuntimeOrigin = CouncilOrigin::Members(4, 6).into();
		assert_ok!(veto.dispatch(two_thirds));
		run_to(11);
		assert_eq!(code_now(), before);
	});
}

/// The call `pallet::call` of the runtime, as the pause pallet names it.
fn name(pallet: &str, call: &str) -> pallet_tx_pause::RuntimeCallNameOf<Runtime> {
	(pallet.as_bytes().to_vec().try_into().unwrap(), call.as_bytes().to_vec().try_into().unwrap())
}

fn commission(id: &str) -> RuntimeCall {
	RuntimeCall::Provenance(pallet_provenance::Call::create_lot {
		id: id.as_bytes().to_vec().try_into().unwrap(),
		product: b"GTIN-06912345000024".to_vec().try_into().unwrap(),
		quantity: bioledger_primitives::Quantity::new(1_000, bioledger_primitives::Unit::Milligram),
		expires_at: 400 * 86_400_000,
		storage: None,
	})
}

#[test]
fn the_council_pauses_a_call_and_resumes_it_but_never_governance_or_a_recall() {
	ext().execute_with(|| {
		let council: RuntimeOrigin = CouncilOrigin::Members(3, 4).into();
		let pause = |p: &str, c: &str| {
			RuntimeCall::TxPause(pallet_tx_pause::Call::pause { full_name: name(p, c) })
		};
		// A member alone cannot pull the brake.
		assert!(pause("Provenance", "create_lot").dispatch(who("//Alice")).is_err());
		assert_ok!(pause("Provenance", "create_lot").dispatch_bypass_filter(council.clone()));
		let refused = commission("L-1").dispatch(who("//Alice//ops"));
		assert_eq!(
			refused.map_err(|e| e.error),
			Err(frame_system::Error::<Runtime>::CallFiltered.into())
		);
		// Governance, block production and recalls cannot be paused.
		for (p, c) in [
			("Council", "propose"),
			("Council", "close"),
			("Whitelist", "dispatch_whitelisted_call"),
			("Scheduler", "cancel_named"),
			("Timestamp", "set"),
			("TxPause", "unpause"),
			("SafeMode", "force_exit"),
			("Provenance", "recall"),
		] {
			assert_noop!(
				pause(p, c).dispatch_bypass_filter(council.clone()),
				pallet_tx_pause::Error::<Runtime>::Unpausable
			);
		}
		let unpause = RuntimeCall::TxPause(pallet_tx_pause::Call::unpause {
			ident: name("Provenance", "create_lot"),
		});
		assert_ok!(unpause.dispatch_bypass_filter(council));
		assert_ok!(commission("L-1").dispatch(who("//Alice//ops")));
	});
}

#[test]
fn safe_mode_stops_business_calls_but_not_governance_or_recalls() {
	ext().execute_with(|| {
		let council: RuntimeOrigin = CouncilOrigin::Members(3, 4).into();
		// Nobody enters safe mode by paying: only the council.
		assert_noop!(
			RuntimeCall::SafeMode(pallet_safe_mode::Call::enter {}).dispatch(who("//Alice")),
			pallet_safe_mode::Error::<Runtime>::NotConfigured
		);
		assert_ok!(RuntimeCall::SafeMode(pallet_safe_mode::Call::force_enter {})
			.dispatch_bypass_filter(council.clone()));
		let refused = commission("L-1").dispatch(who("//Alice//ops"));
		assert_eq!(
			refused.map_err(|e| e.error),
			Err(frame_system::Error::<Runtime>::CallFiltered.into())
		);
		// Council business still flows: a motion can be proposed.
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![1] });
		assert_ok!(Council::propose(
			who("//Alice"),
			3,
			Box::new(remark.clone()),
			remark.encoded_size() as u32
		));
		// A recall is not filtered (it fails on the unknown lot, not on the brake).
		let recall = RuntimeCall::Provenance(pallet_provenance::Call::recall {
			lot: b"NO-LOT".to_vec().try_into().unwrap(),
			reason: [0; 32],
		});
		let err = recall.dispatch(who("//Alice//qa")).unwrap_err().error;
		assert_ne!(err, frame_system::Error::<Runtime>::CallFiltered.into());
		// The council's own business motions go through (here: suspending a member), ...
		let suspend = RuntimeCall::Consortium(pallet_consortium::Call::suspend { org: 3 });
		assert_ok!(suspend.clone().dispatch(council.clone()));
		// ... while a signed account still cannot make that call.
		let err = suspend.dispatch(who("//Alice")).unwrap_err().error;
		assert_eq!(err, sp_runtime::DispatchError::BadOrigin);
		assert_ok!(RuntimeCall::SafeMode(pallet_safe_mode::Call::force_exit {})
			.dispatch_bypass_filter(council));
		assert_ok!(commission("L-1").dispatch(who("//Alice//ops")));
	});
}
