//! Validators and the session manager.

use crate::{mock::*, *};
use bioledger_primitives::{Role, RoleSet};
use frame_support::{assert_noop, assert_ok};
use pallet_session::SessionManager;

#[test]
fn propose_approve_join_and_remove() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::remove_validator(signed(CDMO_ADMIN), 1));
		assert_ok!(Consortium::link_account(
			signed(CDMO_ADMIN),
			13,
			RoleSet::from_roles(&[Role::Operator])
		));
		assert_ok!(Consortium::propose_validator(signed(CDMO_ADMIN), 13));
		// Proposed only: not in the set yet.
		assert_eq!(Consortium::new_session(5), Some(vec![VAL[0], VAL[2]]));
		assert_ok!(Consortium::approve_validator(root(), 1));
		assert_eq!(Consortium::new_session(6), Some(vec![VAL[0], VAL[2], 13]));
		assert_eq!(
			events(),
			vec![
				Event::ValidatorRemoved { org: 1, account: VAL[1] },
				Event::AccountLinked {
					org: 1,
					account: 13,
					roles: RoleSet::from_roles(&[Role::Operator])
				},
				Event::ValidatorProposed { org: 1, account: 13 },
				Event::ValidatorApproved { org: 1, account: 13 },
			]
		);
	});
}

#[test]
fn suspended_orgs_validators_leave_and_minimum_holds() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::suspend(root(), 0));
		assert_eq!(Consortium::new_session(1), Some(vec![VAL[1], VAL[2]]));
		// Two left = the minimum: no further validator may leave.
		assert_noop!(Consortium::suspend(root(), 1), Error::<Test>::TooFewValidators);
		assert_noop!(Consortium::revoke(root(), 2), Error::<Test>::TooFewValidators);
		assert_noop!(Consortium::remove_validator(root(), 1), Error::<Test>::TooFewValidators);
		// A suspended organisation's validator can still be removed (it does not count).
		assert_ok!(Consortium::remove_validator(root(), 0));
		events();
	});
}

#[test]
fn below_minimum_keeps_the_current_set() {
	ExtBuilder::default().orgs(2).build_and_execute(|| {
		// Two validators, minimum two: force one out behind the pallet's back.
		Validators::<Test>::mutate(1, |v| v.as_mut().unwrap().status = ValidatorStatus::Proposed);
		assert_eq!(Consortium::new_session(1), None);
		Validators::<Test>::mutate(1, |v| v.as_mut().unwrap().status = ValidatorStatus::Approved);
	});
}

#[test]
fn validator_errors() {
	ExtBuilder::default().build_and_execute(|| {
		// ValidatorExists: org 0 has one.
		assert_ok!(Consortium::link_account(
			signed(SUP_ADMIN),
			13,
			RoleSet::from_roles(&[Role::Operator])
		));
		assert_noop!(
			Consortium::propose_validator(signed(SUP_ADMIN), 13),
			Error::<Test>::ValidatorExists
		);
		// AccountNotFound: not an account of the organisation.
		assert_noop!(
			Consortium::propose_validator(signed(CDMO_ADMIN), 13),
			Error::<Test>::AccountNotFound
		);
		assert_ok!(Consortium::remove_validator(signed(CDMO_ADMIN), 1));
		// NoSessionKeys until the account registers keys.
		assert_ok!(Consortium::link_account(
			signed(CDMO_ADMIN),
			15,
			RoleSet::from_roles(&[Role::Operator])
		));
		assert_noop!(
			Consortium::propose_validator(signed(CDMO_ADMIN), 15),
			Error::<Test>::NoSessionKeys
		);
		assert_noop!(Consortium::approve_validator(root(), 1), Error::<Test>::ValidatorNotFound);
		MockKeys::register(15);
		assert_ok!(Consortium::propose_validator(signed(CDMO_ADMIN), 15));
		assert_noop!(
			Consortium::approve_validator(signed(CDMO_ADMIN), 1),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Consortium::approve_validator(root(), 1));
		assert_noop!(Consortium::approve_validator(root(), 1), Error::<Test>::AlreadyApproved);
		// Another organisation's admin cannot remove it.
		assert_noop!(
			Consortium::remove_validator(signed(SUP_ADMIN), 1),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(Consortium::remove_validator(root(), 5), Error::<Test>::ValidatorNotFound);
		events();
	});
}

#[test]
fn approval_needs_active_org_and_keys() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::remove_validator(signed(REG_ADMIN), 2));
		assert_ok!(Consortium::propose_validator(signed(REG_ADMIN), VAL[2]));
		assert_ok!(Consortium::suspend(root(), 2));
		assert_noop!(Consortium::approve_validator(root(), 2), Error::<Test>::NotActive);
		assert_ok!(Consortium::reinstate(root(), 2));
		// Keys withdrawn meanwhile.
		frame_support::storage::unhashed::kill(b":mock:session-keys");
		assert_noop!(Consortium::approve_validator(root(), 2), Error::<Test>::NoSessionKeys);
		events();
	});
}

#[test]
fn council_sets_the_minimum() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Consortium::set_min_validators(root(), 0), Error::<Test>::TooFewValidators);
		assert_noop!(Consortium::set_min_validators(root(), 4), Error::<Test>::TooFewValidators);
		assert_noop!(
			Consortium::set_min_validators(signed(SUP_ADMIN), 3),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Consortium::set_min_validators(root(), 3));
		assert_eq!(events(), vec![Event::MinValidatorsSet { min: 3 }]);
		assert_noop!(Consortium::suspend(root(), 0), Error::<Test>::TooFewValidators);
		assert_ok!(Consortium::set_min_validators(root(), 1));
		assert_ok!(Consortium::suspend(root(), 0));
		events();
	});
}
