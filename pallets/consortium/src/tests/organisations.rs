//! Applications and council decisions.

use crate::{mock::*, *};
use bioledger_primitives::{OrgKind, OrgStatus, Role, RoleSet};
use frame_support::{assert_noop, assert_ok, BoundedVec};

fn name(s: &str) -> BoundedVec<u8, <Test as Config>::MaxNameLen> {
	s.as_bytes().to_vec().try_into().unwrap()
}

const COLD: bioledger_primitives::CredentialKind =
	bioledger_primitives::CredentialKind::COLD_CHAIN_QUALIFICATION;

/// A request to the regulator for a cold-chain qualification.
fn cold_chain() -> RequestInput {
	RequestInput { issuer: REGULATOR, kind: COLD, document: [5; 32] }
}

/// `who` applies as org `org` (the next id) with a fresh key; returns the key.
fn apply_as(who: u64, org: OrgId) -> bioledger_crypto::native::Sm2Keypair {
	let kp = bioledger_crypto::native::Sm2Keypair::from_seed(&format!("//applicant-{who}"));
	assert_ok!(Consortium::apply(
		signed(who),
		name("Cold Chain Logistics"),
		OrgKind::Logistics,
		kp.public(),
		pop(org, &kp),
		vec![cold_chain()].try_into().unwrap(),
	));
	kp
}

#[test]
fn apply_and_approve_admits_with_seat_admin_key_and_credential_requests() {
	ExtBuilder::default().build_and_execute(|| {
		let kp = apply_as(40, 3);
		assert_eq!(
			events(),
			vec![Event::ApplicationSubmitted { org: 3, applicant: 40, kind: OrgKind::Logistics }]
		);
		assert_eq!(PendingApplications::<Test>::get(), 1);
		assert!(!MockSeats::is_seated(&40));

		let request = NextRequestId::<Test>::get();
		assert_ok!(Consortium::approve_application(root(), 3));
		let roles = RoleSet::from_roles(&[Role::Admin, Role::Signer]);
		assert_eq!(
			events(),
			vec![
				Event::OrgAdmitted { org: 3, kind: OrgKind::Logistics, admin: 40 },
				Event::AccountLinked { org: 3, account: 40, roles },
				Event::EsealKeyRotated { org: 3, index: 0, key: kp.public() },
				Event::CredentialRequested { org: 3, request, issuer: REGULATOR, kind: COLD },
			]
		);
		let info = Orgs::<Test>::get(3).unwrap();
		assert_eq!(info.status, OrgStatus::Active);
		assert_eq!(info.council_seat, 40);
		assert!(MockSeats::is_seated(&40));
		assert_eq!(Consortium::acting_org(&40, Role::Admin), Some(3));
		assert_eq!(Consortium::eseal_key_at(3, 1_000), Some(kp.public()));
		// Requested, not yet issued: the organisation holds nothing until the regulator seals.
		assert!(!Consortium::has_valid_credential(3, COLD, 2_000));
		assert_eq!(Requests::<Test>::get(request).map(|r| (r.holder, r.kind)), Some((3, COLD)));
		assert_eq!(PendingApplications::<Test>::get(), 0);
		assert!(!ApplicationByApplicant::<Test>::contains_key(40));
	});
}

#[test]
fn apply_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let kp = bioledger_crypto::native::Sm2Keypair::from_seed("//x");
		let creds = || BoundedVec::try_from(vec![cold_chain()]).unwrap();
		// InvalidName: empty and non-UTF-8.
		assert_noop!(
			Consortium::apply(
				signed(40),
				name(""),
				OrgKind::Cdmo,
				kp.public(),
				pop(3, &kp),
				creds()
			),
			Error::<Test>::InvalidName
		);
		assert_noop!(
			Consortium::apply(
				signed(40),
				vec![0xff, 0xfe].try_into().unwrap(),
				OrgKind::Cdmo,
				kp.public(),
				pop(3, &kp),
				creds()
			),
			Error::<Test>::InvalidName
		);
		// AlreadyMember.
		assert_noop!(
			Consortium::apply(
				signed(SUP_QA),
				name("X"),
				OrgKind::Cdmo,
				kp.public(),
				pop(3, &kp),
				creds()
			),
			Error::<Test>::AlreadyMember
		);
		// InvalidKey: not 0x04-prefixed; off the curve.
		let mut bad = kp.public();
		bad[0] = 3;
		assert_noop!(
			Consortium::apply(signed(40), name("X"), OrgKind::Cdmo, bad, pop(3, &kp), creds()),
			Error::<Test>::InvalidKey
		);
		let mut off = kp.public();
		off[64] ^= 1;
		assert_noop!(
			Consortium::apply(signed(40), name("X"), OrgKind::Cdmo, off, pop(3, &kp), creds()),
			Error::<Test>::InvalidKey
		);
		// BadProof: proof for another org id, another key, or garbage.
		assert_noop!(
			Consortium::apply(
				signed(40),
				name("X"),
				OrgKind::Cdmo,
				kp.public(),
				pop(4, &kp),
				creds()
			),
			Error::<Test>::BadProof
		);
		let other = bioledger_crypto::native::Sm2Keypair::from_seed("//y");
		assert_noop!(
			Consortium::apply(
				signed(40),
				name("X"),
				OrgKind::Cdmo,
				kp.public(),
				pop(3, &other),
				creds()
			),
			Error::<Test>::BadProof
		);
		assert_noop!(
			Consortium::apply(signed(40), name("X"), OrgKind::Cdmo, kp.public(), [0; 64], creds()),
			Error::<Test>::BadProof
		);
		// NotHolderKind: a regulator does not hold a cold-chain qualification.
		assert_noop!(
			Consortium::apply(
				signed(40),
				name("X"),
				OrgKind::Regulator,
				kp.public(),
				pop(3, &kp),
				creds()
			),
			Error::<Test>::NotHolderKind
		);
		// ApplicationPending.
		apply_as(40, 3);
		assert_noop!(
			Consortium::apply(
				signed(40),
				name("X"),
				OrgKind::Cdmo,
				kp.public(),
				pop(4, &kp),
				creds()
			),
			Error::<Test>::ApplicationPending
		);
		// TooManyApplications (3 pending at most).
		apply_as(41, 4);
		apply_as(42, 5);
		let k = bioledger_crypto::native::Sm2Keypair::from_seed("//z");
		assert_noop!(
			Consortium::apply(
				signed(43),
				name("X"),
				OrgKind::Cdmo,
				k.public(),
				pop(6, &k),
				creds()
			),
			Error::<Test>::TooManyApplications
		);
		events();
	});
}

#[test]
fn too_many_orgs() {
	ExtBuilder::default().build_and_execute(|| {
		// MaxOrgs = 6, genesis has 3.
		for (who, org) in [(40, 3), (41, 4), (42, 5)] {
			apply_as(who, org);
			assert_ok!(Consortium::approve_application(root(), org));
		}
		let k = bioledger_crypto::native::Sm2Keypair::from_seed("//late");
		assert_noop!(
			Consortium::apply(
				signed(43),
				name("Late"),
				OrgKind::Cdmo,
				k.public(),
				pop(6, &k),
				Default::default()
			),
			Error::<Test>::TooManyOrgs
		);
		events();
	});
}

#[test]
fn approve_refused_when_consortium_filled_up_meanwhile() {
	ExtBuilder::default().build_and_execute(|| {
		// 3 of 6 seats taken; four applications end up competing for the last three.
		apply_as(40, 3);
		apply_as(41, 4);
		apply_as(42, 5);
		assert_ok!(Consortium::approve_application(root(), 3));
		apply_as(43, 6);
		assert_ok!(Consortium::approve_application(root(), 4));
		assert_ok!(Consortium::approve_application(root(), 5));
		assert_eq!(OrgCount::<Test>::get(), 6);
		assert_noop!(Consortium::approve_application(root(), 6), Error::<Test>::TooManyOrgs);
		assert_ok!(Consortium::reject_application(root(), 6));
		events();
	});
}

#[test]
fn approve_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Consortium::approve_application(root(), 7),
			Error::<Test>::ApplicationNotFound
		);
		apply_as(40, 3);
		assert_noop!(
			Consortium::approve_application(signed(SUP_ADMIN), 3),
			sp_runtime::DispatchError::BadOrigin
		);
		// The applicant got linked to another organisation meanwhile: AlreadyMember.
		Accounts::<Test>::insert(
			40,
			AccountRecord { org: 0, roles: RoleSet::from_roles(&[Role::Operator]) },
		);
		OrgAccounts::<Test>::insert(0, 40, ());
		Orgs::<Test>::mutate(0, |o| o.as_mut().unwrap().accounts += 1);
		assert_noop!(Consortium::approve_application(root(), 3), Error::<Test>::AlreadyMember);
		assert_ok!(Consortium::reject_application(root(), 3));
		events();
	});
}

#[test]
fn reject_and_withdraw() {
	ExtBuilder::default().build_and_execute(|| {
		apply_as(40, 3);
		apply_as(41, 4);
		events();
		assert_noop!(Consortium::withdraw_application(signed(41), 3), Error::<Test>::NotApplicant);
		assert_noop!(
			Consortium::withdraw_application(signed(40), 9),
			Error::<Test>::ApplicationNotFound
		);
		assert_ok!(Consortium::withdraw_application(signed(40), 3));
		assert_noop!(Consortium::reject_application(root(), 3), Error::<Test>::ApplicationNotFound);
		assert_noop!(
			Consortium::reject_application(signed(1), 4),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_ok!(Consortium::reject_application(root(), 4));
		assert_eq!(
			events(),
			vec![Event::ApplicationWithdrawn { org: 3 }, Event::ApplicationRejected { org: 4 }]
		);
		assert_eq!(PendingApplications::<Test>::get(), 0);
		assert!(Orgs::<Test>::get(3).is_none() && Orgs::<Test>::get(4).is_none());
		// The ids are not reused.
		apply_as(40, 5);
	});
}

#[test]
fn suspend_reinstate_revoke() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Consortium::suspend(root(), 9), Error::<Test>::OrgNotFound);
		assert_noop!(Consortium::reinstate(root(), 0), Error::<Test>::NotSuspended);
		assert_noop!(
			Consortium::suspend(signed(SUP_ADMIN), 0),
			sp_runtime::DispatchError::BadOrigin
		);

		assert_ok!(Consortium::suspend(root(), 0));
		assert_eq!(events(), vec![Event::OrgSuspended { org: 0 }]);
		assert!(!MockSeats::is_seated(&SUP_ADMIN));
		assert_eq!(Consortium::acting_org(&SUP_QA, Role::QaApprover), None);
		assert_eq!(Consortium::validator_set(), vec![VAL[1], VAL[2]]);
		assert!(Consortium::authorized_nodes().iter().all(|n| n.org != 0));
		// Its accounts can do nothing.
		assert_noop!(
			Consortium::link_account(signed(SUP_ADMIN), 50, RoleSet::from_roles(&[Role::Operator])),
			Error::<Test>::NotActive
		);
		assert_noop!(Consortium::suspend(root(), 0), Error::<Test>::NotActive);

		assert_ok!(Consortium::reinstate(root(), 0));
		assert_eq!(events(), vec![Event::OrgReinstated { org: 0 }]);
		assert!(MockSeats::is_seated(&SUP_ADMIN));
		assert_eq!(Consortium::validator_set(), vec![VAL[0], VAL[1], VAL[2]]);

		assert_ok!(Consortium::revoke(root(), 0));
		assert_eq!(
			events(),
			vec![
				Event::ValidatorRemoved { org: 0, account: VAL[0] },
				Event::NodeRemoved { org: 0, peer_id: peer(0) },
				Event::OrgRevoked { org: 0 },
			]
		);
		assert_eq!(Orgs::<Test>::get(0).unwrap().status, OrgStatus::Revoked);
		assert!(!MockSeats::is_seated(&SUP_ADMIN));
		assert_noop!(Consortium::revoke(root(), 0), Error::<Test>::AlreadyRevoked);
		assert_noop!(Consortium::reinstate(root(), 0), Error::<Test>::NotSuspended);
		assert_noop!(Consortium::revoke(root(), 9), Error::<Test>::OrgNotFound);
	});
}

#[test]
fn revoking_a_suspended_org_leaves_seats_alone() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::suspend(root(), 2));
		assert_ok!(Consortium::revoke(root(), 2));
		assert_eq!(MockSeats::all().into_iter().collect::<Vec<_>>(), vec![SUP_ADMIN, CDMO_ADMIN]);
		events();
	});
}
