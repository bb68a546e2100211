//! Accounts, roles and council seats.

use crate::{mock::*, *};
use bioledger_primitives::{Role, RoleSet};
use frame_support::{assert_noop, assert_ok};

fn ops() -> RoleSet {
	RoleSet::from_roles(&[Role::Operator])
}

#[test]
fn link_set_roles_unlink() {
	ExtBuilder::default().build_and_execute(|| {
		let roles = RoleSet::from_roles(&[Role::Operator, Role::SensorGateway]);
		assert_ok!(Consortium::link_account(signed(SUP_ADMIN), 50, roles));
		assert_eq!(Consortium::acting_org(&50, Role::SensorGateway), Some(0));
		assert_eq!(Consortium::acting_org(&50, Role::Admin), None);
		let admin = RoleSet::from_roles(&[Role::Admin]);
		assert_ok!(Consortium::set_roles(signed(SUP_ADMIN), 50, admin));
		assert_eq!(Orgs::<Test>::get(0).unwrap().admins, 2);
		// Now the first admin may step down as admin.
		assert_ok!(Consortium::set_roles(signed(50), SUP_ADMIN, ops()));
		assert_ok!(Consortium::unlink_account(signed(50), SUP_QA));
		assert_eq!(
			events(),
			vec![
				Event::AccountLinked { org: 0, account: 50, roles },
				Event::RolesChanged { org: 0, account: 50, roles: admin },
				Event::RolesChanged { org: 0, account: SUP_ADMIN, roles: ops() },
				Event::AccountUnlinked { org: 0, account: SUP_QA },
			]
		);
		assert_eq!(Consortium::org_of(&SUP_QA), None);
		assert_eq!(Orgs::<Test>::get(0).unwrap().accounts, 3);
	});
}

#[test]
fn the_view_names_each_accounts_roles() {
	ExtBuilder::default().build_and_execute(|| {
		let roles = RoleSet::from_roles(&[Role::SensorGateway, Role::Operator]);
		assert_ok!(Consortium::link_account(signed(SUP_ADMIN), 50, roles));
		let view = Consortium::org_view(0).unwrap();
		let linked = view.accounts.iter().find(|(a, _)| *a == 50).map(|(_, r)| r.clone());
		assert_eq!(linked, Some(vec![Role::Operator, Role::SensorGateway]));
		// Every account of the view has the roles its record has, by name.
		for (account, names) in view.accounts {
			let set = Accounts::<Test>::get(account).unwrap().roles;
			assert_eq!(RoleSet::from_roles(&names), set);
		}
	});
}

#[test]
fn account_errors() {
	ExtBuilder::default().build_and_execute(|| {
		// NotMember, NotAuthorized.
		assert_noop!(
			Consortium::link_account(signed(OUTSIDER), 50, ops()),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Consortium::link_account(signed(SUP_QA), 50, ops()),
			Error::<Test>::NotAuthorized
		);
		// InvalidRoles: empty or undefined bits.
		assert_noop!(
			Consortium::link_account(signed(SUP_ADMIN), 50, RoleSet::empty()),
			Error::<Test>::InvalidRoles
		);
		assert_noop!(
			Consortium::link_account(signed(SUP_ADMIN), 50, RoleSet(0x80)),
			Error::<Test>::InvalidRoles
		);
		assert_noop!(
			Consortium::set_roles(signed(SUP_ADMIN), SUP_QA, RoleSet(0x81)),
			Error::<Test>::InvalidRoles
		);
		// AccountTaken: linked elsewhere, or a pending applicant.
		assert_noop!(
			Consortium::link_account(signed(SUP_ADMIN), CDMO_ADMIN, ops()),
			Error::<Test>::AccountTaken
		);
		let kp = bioledger_crypto::native::Sm2Keypair::from_seed("//app");
		assert_ok!(Consortium::apply(
			signed(60),
			b"Applicant".to_vec().try_into().unwrap(),
			bioledger_primitives::OrgKind::Laboratory,
			kp.public(),
			pop(3, &kp),
			Default::default()
		));
		assert_noop!(
			Consortium::link_account(signed(SUP_ADMIN), 60, ops()),
			Error::<Test>::AccountTaken
		);
		// AccountNotFound: not in this organisation.
		assert_noop!(
			Consortium::set_roles(signed(SUP_ADMIN), CDMO_ADMIN, ops()),
			Error::<Test>::AccountNotFound
		);
		assert_noop!(
			Consortium::unlink_account(signed(SUP_ADMIN), 77),
			Error::<Test>::AccountNotFound
		);
		// LastAdmin.
		assert_noop!(
			Consortium::set_roles(signed(SUP_ADMIN), SUP_ADMIN, ops()),
			Error::<Test>::LastAdmin
		);
		assert_ok!(Consortium::link_account(
			signed(SUP_ADMIN),
			51,
			RoleSet::from_roles(&[Role::Admin])
		));
		assert_ok!(Consortium::set_roles(signed(SUP_ADMIN), SUP_ADMIN, ops()));
		assert_noop!(Consortium::unlink_account(signed(51), 51), Error::<Test>::LastAdmin);
		// SeatHolder: the seat holder cannot be unlinked.
		assert_noop!(Consortium::unlink_account(signed(51), SUP_ADMIN), Error::<Test>::SeatHolder);
		// ValidatorExists: the validator account cannot be unlinked.
		assert_noop!(
			Consortium::unlink_account(signed(51), VAL[0]),
			Error::<Test>::ValidatorExists
		);
		// TooManyAccounts: 5 per organisation.
		assert_ok!(Consortium::link_account(signed(51), 52, ops()));
		assert_eq!(Orgs::<Test>::get(0).unwrap().accounts, 5);
		assert_noop!(
			Consortium::link_account(signed(51), 53, ops()),
			Error::<Test>::TooManyAccounts
		);
		events();
	});
}

#[test]
fn council_seat_moves() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::move_council_seat(signed(SUP_ADMIN), SUP_ADMIN),
			Error::<Test>::SeatHolder
		);
		assert_noop!(
			Consortium::move_council_seat(signed(SUP_ADMIN), CDMO_ADMIN),
			Error::<Test>::AccountNotFound
		);
		assert_noop!(
			Consortium::move_council_seat(signed(SUP_QA), SUP_QA),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(Consortium::move_council_seat(signed(SUP_ADMIN), SUP_QA));
		assert_eq!(events(), vec![Event::CouncilSeatMoved { org: 0, from: SUP_ADMIN, to: SUP_QA }]);
		assert!(MockSeats::is_seated(&SUP_QA) && !MockSeats::is_seated(&SUP_ADMIN));
		// The old holder can now be unlinked... but not while the last admin.
		assert_noop!(
			Consortium::unlink_account(signed(SUP_ADMIN), SUP_ADMIN),
			Error::<Test>::LastAdmin
		);
	});
}
