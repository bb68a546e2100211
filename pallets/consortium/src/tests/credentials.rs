//! Issued credentials: request, issue under the issuer's seal, re-issue, suspend, revoke,
//! surrender, remove, expiry events (a compliance lapse) and the `expiring` view.

use crate::{mock::*, *};
use bioledger_primitives::{OrgKind, Role, RoleSet, Validity};
use frame_support::{assert_noop, assert_ok, BoundedVec};

fn window(from: u64, until: Option<u64>) -> Validity {
	Validity { from, until }
}

/// `holder`'s admin asks the regulator for a GMP certificate; returns the request id.
pub fn request(holder_admin: u64) -> RequestId {
	let id = NextRequestId::<Test>::get();
	assert_ok!(Consortium::request_credential(
		signed(holder_admin),
		REGULATOR,
		GMP,
		BoundedVec::truncate_from(vec![[3; 32]])
	));
	id
}

/// The regulator issues a GMP certificate to `holder` (requested by `admin`); returns its id.
pub fn issue(holder: OrgId, admin: u64, validity: Validity) -> CredentialId {
	let req = request(admin);
	let id = Orgs::<Test>::get(holder).unwrap().next_credential;
	let seal = reg_seal(holder, GMP, validity, [4; 32], 1);
	assert_ok!(Consortium::issue_credential(signed(REG_ADMIN), req, [4; 32], validity, seal));
	id
}

#[test]
fn request_issue_reissue_suspend_revoke_surrender_remove() {
	ExtBuilder::default().build_and_execute(|| {
		events();
		let req = request(SUP_ADMIN);
		let v = window(0, Some(5_000));
		let seal = reg_seal(0, GMP, v, [4; 32], 1);
		assert_ok!(Consortium::issue_credential(signed(REG_ADMIN), req, [4; 32], v, seal));
		assert!(Requests::<Test>::get(req).is_none());
		assert_eq!(OpenRequests::<Test>::get(0), None);
		let c = &OrgCredentials::<Test>::get(0)[1].1;
		assert_eq!((c.issuer.clone(), c.version, c.seal), (Issuer::Org(REGULATOR), 1, Some(seal)));
		assert!(Consortium::seal_valid(0, c));
		// Re-issue: version 2 under a new seal.
		let v2 = window(0, Some(9_000));
		let seal2 = reg_seal(0, GMP, v2, [9; 32], 2);
		assert_ok!(Consortium::reissue_credential(signed(REG_ADMIN), 0, 1, [9; 32], v2, seal2));
		assert_eq!(OrgCredentials::<Test>::get(0)[1].1.version, 2);
		assert_ok!(Consortium::suspend_credential(signed(REG_ADMIN), 0, 1));
		// Org 0's genesis GMP (id 0) still counts: the suspended one does not.
		assert!(!OrgCredentials::<Test>::get(0)[1].1.counts_at(4_000, None));
		assert_ok!(Consortium::reinstate_credential(signed(REG_ADMIN), 0, 1));
		assert!(OrgCredentials::<Test>::get(0)[1].1.counts_at(4_000, None));
		assert_ok!(Consortium::revoke_credential(signed(REG_AUDITOR), 0, 1));
		assert_ok!(Consortium::surrender_credential(signed(SUP_ADMIN), 0));
		assert_ok!(Consortium::remove_credential(signed(SUP_ADMIN), 1));
		assert_ok!(Consortium::remove_credential(signed(SUP_ADMIN), 0));
		assert_eq!(
			events(),
			vec![
				Event::CredentialRequested { org: 0, request: req, issuer: REGULATOR, kind: GMP },
				Event::CredentialIssued {
					org: 0,
					credential: 1,
					kind: GMP,
					issuer: REGULATOR,
					valid_until: Some(5_000)
				},
				Event::CredentialReissued {
					org: 0,
					credential: 1,
					version: 2,
					valid_until: Some(9_000)
				},
				Event::CredentialSuspended { org: 0, credential: 1, issuer: REGULATOR },
				Event::CredentialReinstated { org: 0, credential: 1 },
				Event::CredentialRevoked {
					org: 0,
					credential: 1,
					by: Revoker::Overseer(REGULATOR)
				},
				Event::CredentialSurrendered { org: 0, credential: 0 },
				Event::CredentialRemoved { org: 0, credential: 1 },
				Event::CredentialRemoved { org: 0, credential: 0 },
			]
		);
		assert!(OrgCredentials::<Test>::get(0).is_empty());
		// Ids are never reused.
		assert_eq!(issue(0, SUP_ADMIN, window(0, None)), 2);
		events();
	});
}

#[test]
fn the_holder_cannot_write_its_own_credential() {
	// The attack of the issue: with its GMP revoked, the holder's own admin cannot put one back
	// (there is no call for it), nor issue, re-issue or reinstate one.
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::revoke_credential(signed(REG_AUDITOR), 0, 0));
		assert!(!Consortium::has_valid_credential(0, GMP, 2_000));
		let v = window(0, None);
		let req = request(SUP_ADMIN);
		// Sealed with its own e-seal: it is not an admitted issuer.
		let own = seal(Consortium::seal_chain(Timestamp::now()), 0, GMP, v, [4; 32], 0, 1);
		assert_noop!(
			Consortium::issue_credential(signed(SUP_ADMIN), req, [4; 32], v, own),
			Error::<Test>::NotIssuer
		);
		assert_noop!(
			Consortium::reissue_credential(signed(SUP_ADMIN), 0, 0, [4; 32], v, own),
			Error::<Test>::NotIssuer
		);
		// A seal forged with the holder's key on the issuer's behalf does not verify.
		assert_noop!(
			Consortium::issue_credential(signed(REG_ADMIN), req, [4; 32], v, own),
			Error::<Test>::BadSeal
		);
		// A revocation stands until the issuer re-issues.
		assert_noop!(
			Consortium::reinstate_credential(signed(REG_ADMIN), 0, 0),
			Error::<Test>::CredentialNotSuspended
		);
		let fresh = reg_seal(0, GMP, v, [5; 32], 2);
		assert_ok!(Consortium::reissue_credential(signed(REG_ADMIN), 0, 0, [5; 32], v, fresh));
		assert!(Consortium::has_valid_credential(0, GMP, 2_000));
		events();
	});
}

#[test]
fn a_seal_binds_every_field() {
	ExtBuilder::default().build_and_execute(|| {
		let v = window(0, Some(5_000));
		let req = request(SUP_ADMIN);
		// Sealed for another holder, kind, window, document or version: each refused.
		let bad = [
			reg_seal(1, GMP, v, [4; 32], 1),
			reg_seal(0, CredentialKind::MANUFACTURING_LICENCE, v, [4; 32], 1),
			reg_seal(0, GMP, window(0, Some(6_000)), [4; 32], 1),
			reg_seal(0, GMP, v, [5; 32], 1),
			reg_seal(0, GMP, v, [4; 32], 2),
			// Sealed for another chain (the genesis-state chain of zeros).
			seal([0; 32], 0, GMP, v, [4; 32], REGULATOR, 1),
		];
		for s in bad {
			assert_noop!(
				Consortium::issue_credential(signed(REG_ADMIN), req, [4; 32], v, s),
				Error::<Test>::BadSeal
			);
		}
		events();
	});
}

#[test]
fn credential_errors() {
	ExtBuilder::default().build_and_execute(|| {
		let v = window(0, None);
		let req = request(SUP_ADMIN);
		let good = reg_seal(0, GMP, v, [4; 32], 1);
		assert_noop!(
			Consortium::issue_credential(signed(REG_ADMIN), 99, [4; 32], v, good),
			Error::<Test>::RequestNotFound
		);
		assert_noop!(
			Consortium::issue_credential(signed(REG_AUDITOR), req, [4; 32], v, good),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Consortium::issue_credential(signed(OUTSIDER), req, [4; 32], v, good),
			Error::<Test>::NotMember
		);
		let inverted = window(5, Some(5));
		assert_noop!(
			Consortium::issue_credential(signed(REG_ADMIN), req, [4; 32], inverted, good),
			Error::<Test>::InvalidValidity
		);
		// TooManyCredentials: 4 per organisation (1 on file).
		for _ in 0..3 {
			issue(0, SUP_ADMIN, v);
		}
		let req = request(SUP_ADMIN);
		assert_noop!(
			Consortium::issue_credential(signed(REG_ADMIN), req, [4; 32], v, good),
			Error::<Test>::TooManyCredentials
		);
		// The issuer's key gone bad: `NoEsealKey` (its key at `now` is not on file).
		assert_noop!(
			Consortium::reissue_credential(signed(REG_ADMIN), 0, 9, [4; 32], v, good),
			Error::<Test>::CredentialNotFound
		);
		assert_noop!(
			Consortium::suspend_credential(signed(REG_ADMIN), 0, 9),
			Error::<Test>::CredentialNotFound
		);
		assert_ok!(Consortium::suspend_credential(signed(REG_ADMIN), 0, 1));
		assert_noop!(
			Consortium::suspend_credential(signed(REG_ADMIN), 0, 1),
			Error::<Test>::CredentialNotActive
		);
		assert_noop!(
			Consortium::reinstate_credential(signed(REG_ADMIN), 0, 2),
			Error::<Test>::CredentialNotSuspended
		);
		assert_noop!(
			Consortium::remove_credential(signed(SUP_ADMIN), 2),
			Error::<Test>::CredentialStillValid
		);
		assert_noop!(
			Consortium::remove_credential(signed(SUP_ADMIN), 7),
			Error::<Test>::CredentialNotFound
		);
		assert_noop!(
			Consortium::surrender_credential(signed(SUP_QA), 2),
			Error::<Test>::NotAuthorized
		);
		assert_ok!(Consortium::surrender_credential(signed(SUP_ADMIN), 2));
		assert_noop!(
			Consortium::surrender_credential(signed(SUP_ADMIN), 2),
			Error::<Test>::CredentialSurrendered
		);
		let again = reg_seal(0, GMP, v, [4; 32], 2);
		assert_noop!(
			Consortium::reissue_credential(signed(REG_ADMIN), 0, 2, [4; 32], v, again),
			Error::<Test>::CredentialSurrendered
		);
		assert_noop!(
			Consortium::revoke_credential(signed(REG_AUDITOR), 0, 2),
			Error::<Test>::CredentialRevoked
		);
		assert_ok!(Consortium::revoke_credential(root(), 0, 3));
		assert_noop!(Consortium::revoke_credential(root(), 0, 3), Error::<Test>::CredentialRevoked);
		events();
	});
}

#[test]
fn an_issuer_without_a_usable_key_cannot_issue() {
	ExtBuilder::default().build_and_execute(|| {
		let v = window(0, None);
		let req = request(SUP_ADMIN);
		let good = reg_seal(0, GMP, v, [4; 32], 1);
		// The regulator's only key made unusable (as a corrupted record would be).
		EsealKeys::<Test>::mutate(REGULATOR, |keys| keys[0].public = [0; 65]);
		assert_noop!(
			Consortium::issue_credential(signed(REG_ADMIN), req, [4; 32], v, good),
			Error::<Test>::NoEsealKey
		);
		EsealKeys::<Test>::mutate(REGULATOR, |keys| keys[0].public = eseal(REGULATOR).public());
	});
}

#[test]
fn who_may_revoke() {
	ExtBuilder::default().build_and_execute(|| {
		// The holder's own admin may not (it surrenders); another member's admin may not.
		assert_noop!(
			Consortium::revoke_credential(signed(SUP_ADMIN), 0, 0),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Consortium::revoke_credential(signed(CDMO_ADMIN), 0, 0),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Consortium::revoke_credential(signed(OUTSIDER), 0, 0),
			Error::<Test>::NotMember
		);
		// An auditor role in a non-regulator organisation does not count.
		assert_ok!(Consortium::link_account(
			signed(CDMO_ADMIN),
			70,
			RoleSet::from_roles(&[Role::Auditor])
		));
		assert_noop!(Consortium::revoke_credential(signed(70), 0, 0), Error::<Test>::NotAuthorized);
		// The issuer's signer may (as issuer); the regulator's auditor may (as overseer).
		assert_ok!(Consortium::revoke_credential(signed(REG_ADMIN), 0, 0));
		assert_ok!(Consortium::revoke_credential(signed(REG_AUDITOR), 1, 0));
		assert_eq!(
			events().into_iter().rev().take(2).collect::<Vec<_>>(),
			vec![
				Event::CredentialRevoked {
					org: 1,
					credential: 0,
					by: Revoker::Overseer(REGULATOR)
				},
				Event::CredentialRevoked { org: 0, credential: 0, by: Revoker::Issuer },
			]
		);
		// Oversight withdrawn: the auditor no longer may.
		let c = issue(0, SUP_ADMIN, window(0, None));
		assert_ok!(Consortium::set_authority(
			root(),
			REGULATOR,
			GMP,
			Authority { issue: true, oversee: false }
		));
		assert_noop!(
			Consortium::revoke_credential(signed(REG_AUDITOR), 0, c),
			Error::<Test>::NotAuthorized
		);
		// A suspended regulator cannot.
		assert_ok!(Consortium::suspend(root(), REGULATOR));
		assert_noop!(
			Consortium::revoke_credential(signed(REG_ADMIN), 0, c),
			Error::<Test>::NotActive
		);
		assert_eq!(Consortium::kind_of(REGULATOR), Some(OrgKind::Regulator));
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
			issue(0, SUP_ADMIN, window(0, Some(1_000_000)));
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
fn revoked_surrendered_or_reissued_credentials_do_not_fire() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(Consortium::revoke_credential(signed(REG_AUDITOR), 0, 0));
		let v = window(0, Some(5_000_000));
		let s = reg_seal(1, GMP, v, [1; 32], 2);
		assert_ok!(Consortium::reissue_credential(signed(REG_ADMIN), 1, 0, [1; 32], v, s));
		let short = issue(1, CDMO_ADMIN, window(0, Some(1_500_000)));
		assert_ok!(Consortium::surrender_credential(signed(CDMO_ADMIN), short));
		events();
		// Org 0's (1,000,000, revoked), org 1's short one (surrendered) and org 1's
		// (2,000,000, re-issued) pass silently.
		for t in [997_000, 1_497_000, 1_997_000] {
			Timestamp::set_timestamp(t);
			run_to_block(System::block_number() + 2, 3_000);
			assert_eq!(events(), vec![]);
		}
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
		assert_eq!(Consortium::expiring(10_000_000).len(), 2);
		assert_eq!(Consortium::expiring(0), vec![]);
	});
}

#[test]
fn expiry_queue_full() {
	ExtBuilder::default().build_and_execute(|| {
		// Queue holds 6; genesis put 2 there.
		for _ in 0..3 {
			issue(0, SUP_ADMIN, window(0, Some(9_000_000)));
		}
		issue(1, CDMO_ADMIN, window(0, Some(9_000_000)));
		let v = window(0, Some(9_000_000));
		let req = request(CDMO_ADMIN);
		let s = reg_seal(1, GMP, v, [4; 32], 1);
		assert_noop!(
			Consortium::issue_credential(signed(REG_ADMIN), req, [4; 32], v, s),
			Error::<Test>::ExpiryQueueFull
		);
		// Open-ended credentials do not need the queue.
		issue(1, CDMO_ADMIN, window(0, None));
		events();
	});
}
