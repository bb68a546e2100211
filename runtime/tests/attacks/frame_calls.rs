//! The FRAME pallets' own signed calls cannot go around the consortium's rules (§3): council
//! seats follow admissions, session keys and applications are paid for, motions hold a
//! deposit.

use crate::world::*;
use frame_support::traits::{
	fungible::{Inspect, InspectHold},
	UnfilteredDispatchable,
};
use sp_runtime::traits::Dispatchable;

fn seats() -> Vec<bioledger_runtime::AccountId> {
	pallet_membership::Members::<Runtime, pallet_membership::Instance1>::get().into_inner()
}

#[test]
fn a_member_cannot_hand_its_council_seat_to_another_account() {
	world().execute_with(|| {
		// Dave (the warehouse's seat) tries to give it to Ferdie, an outsider — or to a
		// second account of a colluding member.
		let call = RuntimeCall::CouncilMembership(pallet_membership::Call::change_key {
			new: sp_runtime::MultiAddress::Id(account("//Ferdie")),
		});
		let before = seats();
		let err = call.dispatch(who("//Dave")).unwrap_err();
		assert_eq!(err.error, frame_system::Error::<Runtime>::CallFiltered.into());
		assert_eq!(seats(), before);
	});
}

#[test]
fn a_council_motion_cannot_seat_an_account_outside_admission() {
	world().execute_with(|| {
		let two_thirds: RuntimeOrigin = pallet_collective::RawOrigin::<
			bioledger_runtime::AccountId,
			pallet_collective::Instance1,
		>::Members(8, 9)
		.into();
		let call = RuntimeCall::CouncilMembership(pallet_membership::Call::add_member {
			who: sp_runtime::MultiAddress::Id(account("//Ferdie")),
		});
		let before = seats();
		// Through the filter (as a motion dispatches) and even bypassing it: Root only.
		assert!(call.clone().dispatch(two_thirds.clone()).is_err());
		assert!(call.dispatch_bypass_filter(two_thirds).is_err());
		assert_eq!(seats(), before);
	});
}

#[test]
fn session_keys_cost_a_deposit() {
	let mut ext = world();
	ext.register_extension(sp_keystore::KeystoreExt::new(
		sp_keystore::testing::MemoryKeystore::new(),
	));
	ext.execute_with(|| {
		use codec::Encode;
		use frame_support::traits::fungible::Mutate;
		// Any account may call `session.set_keys`; the storage it writes is paid for.
		let pauper = account("//Pauper");
		frame_system::Pallet::<Runtime>::inc_providers(&pauper);
		let generated = bioledger_runtime::SessionKeys::generate(&pauper.encode(), None);
		let proof = generated.proof.encode();
		let before = root();
		assert!(bioledger_runtime::Session::set_keys(
			who("//Pauper"),
			generated.keys.clone(),
			proof.clone()
		)
		.is_err());
		assert_eq!(root(), before);
		let deposit = 100 * bioledger_runtime::UNIT;
		assert_ok!(pallet_balances::Pallet::<Runtime>::mint_into(&pauper, 2 * deposit));
		assert_ok!(bioledger_runtime::Session::set_keys(who("//Pauper"), generated.keys, proof));
		assert_eq!(pallet_balances::Pallet::<Runtime>::total_balance_on_hold(&pauper), deposit);
		// Purging the keys returns it.
		assert_ok!(bioledger_runtime::Session::purge_keys(who("//Pauper")));
		assert_eq!(pallet_balances::Pallet::<Runtime>::total_balance_on_hold(&pauper), 0);
	});
}

#[test]
fn an_application_holds_a_deposit_and_spam_loses_it() {
	world().execute_with(|| {
		use frame_support::traits::fungible::Mutate;
		let seal = bioledger_crypto::native::Sm2Keypair::from_seed("//Spam");
		let next = pallet_consortium::NextOrgId::<Runtime>::get();
		let pop = seal.sign(&Consortium::eseal_challenge(next, &seal.public()));
		let apply = |who_: &str| {
			Consortium::apply(
				who(who_),
				b"Spam Co".to_vec().try_into().unwrap(),
				OrgKind::Cdmo,
				seal.public(),
				pop,
				Default::default(),
			)
		};
		// No funds, no application.
		assert_noop!(apply("//Spam"), pallet_consortium::Error::<Runtime>::InsufficientDeposit);
		let spam = account("//Spam");
		let deposit = 1_000 * bioledger_runtime::UNIT;
		assert_ok!(pallet_balances::Pallet::<Runtime>::mint_into(&spam, 2 * deposit));
		assert_ok!(apply("//Spam"));
		assert_eq!(pallet_balances::Pallet::<Runtime>::total_balance_on_hold(&spam), deposit);
		// The council rejects it: the deposit is burned.
		let two_thirds: RuntimeOrigin = pallet_collective::RawOrigin::<
			bioledger_runtime::AccountId,
			pallet_collective::Instance1,
		>::Members(6, 9)
		.into();
		assert_ok!(RuntimeCall::Consortium(pallet_consortium::Call::reject_application {
			org: next
		})
		.dispatch(two_thirds));
		assert_eq!(pallet_balances::Pallet::<Runtime>::total_balance_on_hold(&spam), 0);
		assert_eq!(pallet_balances::Pallet::<Runtime>::total_balance(&spam), deposit);
	});
}

#[test]
fn a_motion_holds_a_deposit() {
	world().execute_with(|| {
		let alice = account("//Alice");
		let call = RuntimeCall::Consortium(pallet_consortium::Call::set_min_validators { min: 3 });
		let len = codec::Encode::encoded_size(&call) as u32;
		assert_ok!(bioledger_runtime::Council::propose(who("//Alice"), 6, Box::new(call), len));
		assert_eq!(
			pallet_balances::Pallet::<Runtime>::total_balance_on_hold(&alice),
			1_000 * bioledger_runtime::UNIT
		);
	});
}

#[test]
fn the_operational_space_is_only_for_recalls_and_council_business() {
	use frame_support::dispatch::{DispatchClass, GetDispatchInfo};
	use sp_runtime::{traits::TransactionExtension, transaction_validity::TransactionSource};
	world().execute_with(|| {
		let check = |origin: RuntimeOrigin, call: &RuntimeCall| {
			bioledger_runtime::configs::operational::CheckOperational
				.validate(
					origin,
					call,
					&call.get_dispatch_info(),
					0,
					(),
					&sp_runtime::traits::TxBaseImplication(()),
					TransactionSource::External,
				)
				.is_ok()
		};
		// A Root-only operational call fails in dispatch, but would still take the operational
		// space (and pay only a small fee): refused in the pool.
		let kill = RuntimeCall::System(frame_system::Call::kill_prefix {
			prefix: b"x".to_vec(),
			subkeys: 1_000,
		});
		assert_eq!(kill.get_dispatch_info().class, DispatchClass::Operational);
		assert!(!check(who("//Alice//ops"), &kill));
		// Council business: members only.
		let close = RuntimeCall::Council(pallet_collective::Call::close {
			proposal_hash: Default::default(),
			index: 0,
			proposal_weight_bound: Default::default(),
			length_bound: 1_000,
		});
		assert_eq!(close.get_dispatch_info().class, DispatchClass::Operational);
		let seat = seats()[0].clone();
		let outsider = who("//Alice//ops");
		assert!(!seats().contains(&account("//Alice//ops")));
		assert!(!check(outsider, &close));
		assert!(check(RuntimeOrigin::signed(seat), &close));
		// Hidden in a batch: still refused. Normal calls are not looked at.
		let batch = RuntimeCall::Utility(pallet_utility::Call::force_batch {
			calls: vec![RuntimeCall::System(frame_system::Call::remark { remark: vec![] }), kill],
		});
		assert!(!check(who("//Alice//ops"), &batch));
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		assert!(check(who("//Alice//ops"), &remark));
		// Root (a council motion's dispatch) is not a signer: not checked here.
		assert!(check(RuntimeOrigin::root(), &batch));
	});
}
