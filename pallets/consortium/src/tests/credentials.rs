//! Credentials: add, renew, revoke, remove, expiry events and the `expiring` view.

use crate::{mock::*, *};
use bioledger_primitives::{CredentialKind, OrgKind, Role, RoleSet};
use frame_support::{assert_noop, assert_ok};

const GMP: CredentialKind = CredentialKind::GmpCertificate;

#[test]
fn add_renew_revoke_remove() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::add_credential(signed(SUP_ADMIN), gmp(0, Some(5_000))));
		assert!(Consortium::has_valid_credential(0, GMP, 4_999));
		assert_ok!(Consortium::renew_credential(signed(SUP_ADMIN), 1, [9; 32], Some(9_000)));
		assert_eq!(OrgCredentials::<Test>::get(0)[1].1.doc_hash, [9; 32]);
		assert_ok!(Consortium::revoke_credential(signed(SUP_ADMIN), 0, 1));
		Timestamp::set_timestamp(10_000);
		assert_ok!(Consortium::remove_credential(signed(SUP_ADMIN), 1));
		assert_eq!(
			events(),
			vec![
				Event::CredentialAdded {
					org: 0,
					credential: 1,
					kind: GMP,
					valid_until: Some(5_000)
				},
				Event::CredentialRenewed { org: 0, credential: 1, valid_until: Some(9_000) },
				Event::CredentialRevoked { org: 0, credential: 1 },
				Event::CredentialRemoved { org: 0, credential: 1 },
			]
		);
		assert_eq!(OrgCredentials::<Test>::get(0).len(), 1);
		// Ids are never reused.
		assert_ok!(Consortium::add_credential(signed(SUP_ADMIN), gmp(0, None)));
		assert_eq!(OrgCredentials::<Test>::get(0)[1].0, 2);
		events();
	});
}

#[test]
fn validity_is_checked_at_the_given_time() {
	ExtBuilder::default().build_and_execute(|| {
		// Org 1's genesis GMP runs to 2,000,000.
		assert!(Consortium::has_valid_credential(1, GMP, 1_999_999));
		assert!(!Consortium::has_valid_credential(1, GMP, 2_000_000));
		assert!(!Consortium::has_valid_credential(1, CredentialKind::WarehouseLicence, 0));
		assert_ok!(Consortium::revoke_credential(root(), 1, 0));
		assert!(!Consortium::has_valid_credential(1, GMP, 1_000));
		events();
	});
}

#[test]
fn credential_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let mut bad_issuer = gmp(0, Some(5));
		bad_issuer.issuer = Default::default();
		assert_noop!(
			Consortium::add_credential(signed(SUP_ADMIN), bad_issuer),
			Error::<Test>::InvalidName
		);
		assert_noop!(
			Consortium::add_credential(signed(SUP_ADMIN), gmp(5, Some(5))),
			Error::<Test>::InvalidValidity
		);
		assert_noop!(
			Consortium::add_credential(signed(SUP_QA), gmp(0, None)),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Consortium::renew_credential(signed(SUP_ADMIN), 9, [0; 32], None),
			Error::<Test>::CredentialNotFound
		);
		assert_noop!(
			Consortium::renew_credential(signed(SUP_ADMIN), 0, [0; 32], Some(0)),
			Error::<Test>::InvalidValidity
		);
		assert_noop!(
			Consortium::remove_credential(signed(SUP_ADMIN), 0),
			Error::<Test>::CredentialStillValid
		);
		assert_noop!(
			Consortium::remove_credential(signed(SUP_ADMIN), 7),
			Error::<Test>::CredentialNotFound
		);
		assert_noop!(
			Consortium::revoke_credential(signed(SUP_ADMIN), 0, 7),
			Error::<Test>::CredentialNotFound
		);
		assert_noop!(Consortium::revoke_credential(root(), 9, 0), Error::<Test>::OrgNotFound);
		assert_ok!(Consortium::revoke_credential(signed(SUP_ADMIN), 0, 0));
		assert_noop!(
			Consortium::revoke_credential(signed(SUP_ADMIN), 0, 0),
			Error::<Test>::CredentialRevoked
		);
		assert_noop!(
			Consortium::renew_credential(signed(SUP_ADMIN), 0, [0; 32], None),
			Error::<Test>::CredentialRevoked
		);
		// TooManyCredentials: 4 per organisation (1 on file).
		for _ in 0..3 {
			assert_ok!(Consortium::add_credential(signed(SUP_ADMIN), gmp(0, None)));
		}
		assert_noop!(
			Consortium::add_credential(signed(SUP_ADMIN), gmp(0, None)),
			Error::<Test>::TooManyCredentials
		);
		events();
	});
}

#[test]
fn who_may_revoke() {
	ExtBuilder::default().build_and_execute(|| {
		// Another organisation's admin may not; its QA may not either.
		assert_noop!(
			Consortium::revoke_credential(signed(CDMO_ADMIN), 0, 0),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Consortium::revoke_credential(signed(SUP_QA), 1, 0),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Consortium::revoke_credential(signed(OUTSIDER), 0, 0),
			Error::<Test>::NotMember
		);
		// The regulator's admin lacks the auditor role; its auditor may.
		assert_noop!(
			Consortium::revoke_credential(signed(REG_ADMIN), 0, 0),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(Consortium::revoke_credential(signed(REG_AUDITOR), 0, 0));
		// An auditor role in a non-auditor organisation does not count.
		assert_ok!(Consortium::link_account(
			signed(CDMO_ADMIN),
			70,
			RoleSet::from_roles(&[Role::Auditor])
		));
		assert_noop!(Consortium::revoke_credential(signed(70), 2, 0), Error::<Test>::NotAuthorized);
		// A suspended regulator cannot.
		assert_ok!(Consortium::suspend(root(), 2));
		assert_noop!(
			Consortium::revoke_credential(signed(REG_AUDITOR), 1, 0),
			Error::<Test>::NotActive
		);
		assert_eq!(Consortium::kind_of(2), Some(OrgKind::Regulator));
		events();
	});
}

#[test]
fn expiry_event_in_first_block_past_expiry() {
	ExtBuilder::default().build_and_execute(|| {
		events();
		// Org 0's GMP expires at 1,000,000. 3-second blocks from t = 994,000.
		Timestamp::set_timestamp(994_000);
		// Block 2 at 997,000; block 3 at 1,000,000 = the expiry moment (validity is half-open).
		run_to_block(3, 3_000);
		assert_eq!(
			events(),
			vec![Event::CredentialExpired {
				org: 0,
				credential: 0,
				kind: GMP,
				valid_until: 1_000_000
			}]
		);
		assert_eq!(System::block_number(), 3);
		assert!(!Consortium::has_valid_credential(0, GMP, Timestamp::now()));
		assert_eq!(NextExpiry::<Test>::get(), Some(2_000_000));
		run_to_block(4, 3_000);
		assert_eq!(events(), vec![]);
	});
}

#[test]
fn nothing_fires_before_expiry() {
	ExtBuilder::default().build_and_execute(|| {
		events();
		Timestamp::set_timestamp(990_000);
		run_to_block(4, 3_000); // 993,000 … 999,000
		assert_eq!(events(), vec![]);
		assert!(ExpiryBudget::<Test>::get().is_none());
		assert!(Consortium::has_valid_credential(0, GMP, Timestamp::now()));
	});
}

#[test]
fn after_a_stall_longer_than_the_lookahead_the_event_comes_one_block_later() {
	ExtBuilder::default().build_and_execute(|| {
		events();
		// A 10-minute gap (chain halted): the block after the gap has no reserved budget,
		// the next one emits the event.
		run_to_block(2, 1_200_000); // t = 1,201,000
		assert_eq!(events(), vec![]);
		run_to_block(3, 3_000);
		assert_eq!(
			events(),
			vec![Event::CredentialExpired {
				org: 0,
				credential: 0,
				kind: GMP,
				valid_until: 1_000_000
			}]
		);
	});
}

#[test]
fn expiry_work_per_block_is_bounded() {
	ExtBuilder::default().build_and_execute(|| {
		// Three more credentials of org 0 expiring together with its GMP at 1,000,000.
		for _ in 0..3 {
			assert_ok!(Consortium::add_credential(signed(SUP_ADMIN), gmp(0, Some(1_000_000))));
		}
		events();
		Timestamp::set_timestamp(997_000);
		run_to_block(2, 3_000); // t = 1,000,000: all four due, two per block
		let first = events();
		assert_eq!(first.len(), 2);
		run_to_block(3, 3_000); // the next block takes the other two
		let second = events();
		assert_eq!(second.len(), 2);
		let mut ids: Vec<u32> = first
			.into_iter()
			.chain(second)
			.map(|e| match e {
				Event::CredentialExpired { org: 0, credential, .. } => credential,
				other => panic!("unexpected {other:?}"),
			})
			.collect();
		ids.sort();
		assert_eq!(ids, vec![0, 1, 2, 3]);
		run_to_block(4, 3_000);
		assert_eq!(events(), vec![]);
	});
}

#[test]
fn revoked_or_renewed_credentials_do_not_fire() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::revoke_credential(signed(SUP_ADMIN), 0, 0));
		assert_ok!(Consortium::renew_credential(signed(CDMO_ADMIN), 0, [1; 32], Some(5_000_000)));
		events();
		// Org 0's (1,000,000, revoked) and org 1's (2,000,000, renewed) pass silently.
		for t in [997_000, 1_997_000] {
			Timestamp::set_timestamp(t);
			run_to_block(System::block_number() + 2, 3_000);
			assert_eq!(events(), vec![]);
		}
		Timestamp::set_timestamp(2_997_000);
		run_to_block(System::block_number() + 1, 3_000);
		assert_eq!(
			events(),
			vec![Event::CredentialExpired {
				org: 2,
				credential: 0,
				kind: GMP,
				valid_until: 3_000_000
			}]
		);
		Timestamp::set_timestamp(4_997_000);
		run_to_block(System::block_number() + 1, 3_000);
		assert_eq!(
			events(),
			vec![Event::CredentialExpired {
				org: 1,
				credential: 0,
				kind: GMP,
				valid_until: 5_000_000
			}]
		);
	});
}

#[test]
fn expiring_view_lists_upcoming_in_order() {
	ExtBuilder::default().build_and_execute(|| {
		// Now is t = 1,000: only org 0's GMP (1,000,000) is within 1,500,000 ms.
		assert_eq!(
			Consortium::expiring(1_500_000),
			vec![ExpiringCredential { org: 0, credential: 0, kind: GMP, valid_until: 1_000_000 }]
		);
		assert_eq!(Consortium::expiring(10_000_000).len(), 3);
		assert_eq!(Consortium::expiring(0), vec![]);
	});
}

#[test]
fn expiry_queue_full() {
	ExtBuilder::default().build_and_execute(|| {
		// Queue holds 6; genesis put 3 there.
		for _ in 0..3 {
			assert_ok!(Consortium::add_credential(signed(SUP_ADMIN), gmp(0, Some(9_000_000))));
		}
		assert_noop!(
			Consortium::add_credential(signed(CDMO_ADMIN), gmp(0, Some(9_000_000))),
			Error::<Test>::ExpiryQueueFull
		);
		// Open-ended credentials do not need the queue.
		assert_ok!(Consortium::add_credential(signed(CDMO_ADMIN), gmp(0, None)));
		events();
	});
}
