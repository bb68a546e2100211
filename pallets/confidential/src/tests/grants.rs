//! Time-limited read grants to auditors and regulators.

use crate::{mock::*, *};
use bioledger_primitives::Access;
use frame_support::{assert_noop, assert_ok};

#[test]
fn a_regulator_reads_for_thirty_days_and_then_not() {
	ExtBuilder::build_and_execute(|| {
		let c = open_pair();
		let until = 1_000 + 30 * DAY;
		assert_ok!(Confidential::grant(signed(SUPPLIER_ADMIN), c, NMPA, until));
		assert_eq!(
			events(),
			vec![Event::AccessGranted { collection: c, org: NMPA, until, by: Some(SUPPLIER) }]
		);
		assert_eq!(Confidential::access_at(c, NMPA, until - 1), Access::Granted(until));
		assert_eq!(Confidential::access_at(c, NMPA, until), Access::None);
		// Governance grants too, and a grant is revoked before it ends.
		assert_ok!(Confidential::grant(RuntimeOrigin::root(), c, AUDITOR, until));
		assert_ok!(Confidential::revoke(signed(BUYER_ADMIN), c, AUDITOR));
		assert_eq!(
			events(),
			vec![
				Event::AccessGranted { collection: c, org: AUDITOR, until, by: None },
				Event::AccessRevoked { collection: c, org: AUDITOR }
			]
		);
		assert_eq!(Confidential::access_at(c, AUDITOR, 2_000), Access::None);
	});
}

#[test]
fn grants_are_checked() {
	ExtBuilder::build_and_execute(|| {
		let c = open_pair();
		let until = 1_000 + DAY;
		// A competitor cannot grant itself (or anyone) access to another pair's data.
		assert_noop!(
			Confidential::grant(signed(RIVAL_ADMIN), c, NMPA, until),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Confidential::grant(signed(BUYER_QA), c, NMPA, until),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Confidential::grant(signed(BUYER_ADMIN), 9, NMPA, until),
			Error::<Test>::UnknownCollection
		);
		// Only auditors and regulators: a member cannot leak to a competitor by a grant.
		assert_noop!(
			Confidential::grant(signed(BUYER_ADMIN), c, RIVAL, until),
			Error::<Test>::NotAuditor
		);
		assert_noop!(
			Confidential::grant(signed(BUYER_ADMIN), c, SUSPENDED, until),
			Error::<Test>::InactiveOrg
		);
		bioledger_test_utils::add_member(
			61,
			6,
			bioledger_primitives::OrgKind::Auditor,
			Role::Admin,
		);
		assert_noop!(
			Confidential::grant(signed(BUYER_ADMIN), c, BUYER, until),
			Error::<Test>::NotAuditor
		);
		assert_noop!(
			Confidential::grant(signed(BUYER_ADMIN), c, NMPA, 1_000),
			Error::<Test>::BadPeriod
		);
		assert_noop!(
			Confidential::grant(signed(BUYER_ADMIN), c, NMPA, 1_000 + 366 * DAY),
			Error::<Test>::BadPeriod
		);
		assert_ok!(Confidential::grant(signed(BUYER_ADMIN), c, NMPA, until));
		assert_ok!(Confidential::grant(signed(BUYER_ADMIN), c, AUDITOR, until));
		// Extending a grant does not count twice; a third grantee exceeds MaxGrants (2).
		assert_ok!(Confidential::grant(signed(BUYER_ADMIN), c, NMPA, until + DAY));
		assert_noop!(
			Confidential::grant(signed(BUYER_ADMIN), c, 6, until),
			Error::<Test>::TooManyGrants
		);
		assert_noop!(Confidential::revoke(signed(BUYER_ADMIN), c, 6), Error::<Test>::NoGrant);
		assert_noop!(Confidential::revoke(signed(RIVAL_ADMIN), c, NMPA), Error::<Test>::NotMember);
	});
}

#[test]
fn a_member_needs_no_grant() {
	ExtBuilder::build_and_execute(|| {
		bioledger_test_utils::add_member(
			42,
			NMPA,
			bioledger_primitives::OrgKind::Regulator,
			Role::Admin,
		);
		let c =
			<Confidential as bioledger_primitives::Collections>::open(BUYER, &[NMPA], DAY).unwrap();
		assert_noop!(
			Confidential::grant(signed(BUYER_ADMIN), c, NMPA, 1_000 + DAY),
			Error::<Test>::AlreadyMember
		);
	});
}
