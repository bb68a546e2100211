//! Creating, accepting and purging collections.

use crate::{mock::*, *};
use bioledger_primitives::Access;
use frame_support::{assert_noop, assert_ok};

#[test]
fn a_collection_opens_once_every_member_accepted() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Confidential::create(signed(BUYER_ADMIN), members(&[SUPPLIER]), 30 * DAY));
		let c = Collections::<Test>::get(0).unwrap();
		assert_eq!(c.members.to_vec(), vec![BUYER, SUPPLIER]);
		assert_eq!(c.status, CollectionStatus::Pending);
		// Nothing may be committed before the supplier accepted.
		assert_noop!(Confidential::commit(signed(BUYER_QA), 0, [1; 32]), Error::<Test>::NotOpen);
		assert_ok!(Confidential::accept(signed(SUPPLIER_ADMIN), 0));
		assert_eq!(Collections::<Test>::get(0).unwrap().status, CollectionStatus::Open);
		assert_eq!(
			events(),
			vec![
				Event::CollectionCreated {
					collection: 0,
					owner: BUYER,
					members: members(&[BUYER, SUPPLIER]),
					retention: 30 * DAY
				},
				Event::CollectionAccepted { collection: 0, org: SUPPLIER },
				Event::CollectionOpened { collection: 0 },
			]
		);
		assert_eq!(Confidential::access_at(0, SUPPLIER, 2_000), Access::Member);
		assert_eq!(Confidential::access_at(0, RIVAL, 2_000), Access::None);
	});
}

#[test]
fn create_checks_its_caller_and_members() {
	ExtBuilder::build_and_execute(|| {
		// An operator is not an admin; an outsider is nobody.
		assert_noop!(
			Confidential::create(signed(SUPPLIER_OP), members(&[BUYER]), DAY),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Confidential::create(signed(999), members(&[BUYER]), DAY),
			Error::<Test>::NotAuthorized
		);
		// A suspended organisation cannot be a member.
		assert_noop!(
			Confidential::create(signed(BUYER_ADMIN), members(&[SUSPENDED]), DAY),
			Error::<Test>::InactiveOrg
		);
		// Four others plus the creator exceed MaxMembers (4).
		assert_noop!(
			Confidential::create(
				signed(BUYER_ADMIN),
				members(&[SUPPLIER, RIVAL, NMPA, AUDITOR]),
				DAY
			),
			Error::<Test>::BadMembers
		);
		// A creator may create at most MaxCollectionsPerOrg (3).
		for _ in 0..3 {
			assert_ok!(Confidential::create(signed(BUYER_ADMIN), members(&[SUPPLIER]), DAY));
		}
		assert_noop!(
			Confidential::create(signed(BUYER_ADMIN), members(&[SUPPLIER]), DAY),
			Error::<Test>::TooManyCollections
		);
	});
}

#[test]
fn only_a_named_member_accepts_once() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Confidential::create(signed(BUYER_ADMIN), members(&[SUPPLIER]), DAY));
		assert_noop!(Confidential::accept(signed(RIVAL_ADMIN), 0), Error::<Test>::NothingToAccept);
		assert_noop!(Confidential::accept(signed(BUYER_ADMIN), 0), Error::<Test>::NothingToAccept);
		assert_noop!(
			Confidential::accept(signed(SUPPLIER_ADMIN), 7),
			Error::<Test>::UnknownCollection
		);
		assert_noop!(Confidential::accept(signed(SUPPLIER_OP), 0), Error::<Test>::NotAuthorized);
		assert_ok!(Confidential::accept(signed(SUPPLIER_ADMIN), 0));
		assert_noop!(
			Confidential::accept(signed(SUPPLIER_ADMIN), 0),
			Error::<Test>::NothingToAccept
		);
	});
}

#[test]
fn after_retention_one_member_purges_and_commitments_stay() {
	ExtBuilder::build_and_execute(|| {
		let c = open_pair();
		assert_ok!(Confidential::commit(signed(BUYER_QA), c, [7; 32]));
		assert_ok!(Confidential::grant(signed(BUYER_ADMIN), c, NMPA, 10 * DAY));
		Timestamp::set_timestamp(1_000 + 30 * DAY);
		System::reset_events();
		assert_ok!(Confidential::purge(signed(SUPPLIER_ADMIN), c));
		assert_eq!(events(), vec![Event::Purged { collection: c, payloads: 1 }]);
		assert!(matches!(Collections::<Test>::get(c).unwrap().status, CollectionStatus::Purged(_)));
		// The commitment stays; nobody has access any more; the grant is gone.
		assert!(Payloads::<Test>::contains_key([7; 32]));
		assert_eq!(Confidential::access_at(c, BUYER, 1_000 + 30 * DAY), Access::Purged);
		assert_eq!(Grants::<Test>::iter_prefix(c).count(), 0);
		assert_noop!(Confidential::purge(signed(BUYER_ADMIN), c), Error::<Test>::AlreadyPurged);
		assert_noop!(
			Confidential::grant(signed(BUYER_ADMIN), c, AUDITOR, 40 * DAY),
			Error::<Test>::AlreadyPurged
		);
		assert_noop!(Confidential::commit(signed(BUYER_QA), c, [8; 32]), Error::<Test>::NotOpen);
	});
}

#[test]
fn an_early_purge_needs_every_member() {
	ExtBuilder::build_and_execute(|| {
		let c = open_pair();
		assert_noop!(Confidential::purge(signed(RIVAL_ADMIN), c), Error::<Test>::NotMember);
		assert_noop!(Confidential::purge(signed(RIVAL_ADMIN), 9), Error::<Test>::UnknownCollection);
		assert_ok!(Confidential::purge(signed(BUYER_ADMIN), c));
		assert_eq!(events(), vec![Event::PurgeRequested { collection: c, org: BUYER }]);
		assert_eq!(Collections::<Test>::get(c).unwrap().status, CollectionStatus::Open);
		assert_noop!(Confidential::purge(signed(BUYER_ADMIN), c), Error::<Test>::AlreadyRequested);
		assert_ok!(Confidential::purge(signed(SUPPLIER_ADMIN), c));
		assert_eq!(
			events(),
			vec![
				Event::PurgeRequested { collection: c, org: SUPPLIER },
				Event::Purged { collection: c, payloads: 0 }
			]
		);
	});
}
