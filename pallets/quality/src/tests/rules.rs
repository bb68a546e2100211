//! Trust round 3 in quality: draft deposits, notice to end an agreement, the agreement that
//! governs a received lot, open nonconformances per lot, the agreed storage range and release.

use super::conformance::qc_on;
use crate::{mock::*, *};
use bioledger_primitives::{LotId, QcHook, QcVerdict, ReceiptContext};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};

fn held(who: u64) -> u64 {
	<Balances as InspectHold<u64>>::balance_on_hold(&HoldReason::DraftDeposit.into(), &who)
}

fn lot(s: &str) -> LotId {
	LotId::truncate_from(s.as_bytes().to_vec())
}

fn receive(l: &LotId) -> bioledger_primitives::Arrival {
	<Quality as QcHook>::on_received(&ReceiptContext {
		lot: l,
		product: &product(),
		producer: SUPPLIER,
		from: SUPPLIER,
		to: BUYER,
		carrier: None,
		shipment: 0,
		promised_at: 10,
		promise_agreed: false,
		received_at: 5,
	})
}

#[test]
fn a_draft_holds_a_deposit_until_sealed_or_terminated() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Quality::draft(signed(BUYER_QA), SUPPLIER, terms()));
		assert_eq!(held(BUYER_QA), DRAFT_DEPOSIT);
		// Terminated while a draft: the deposit comes back.
		assert_ok!(Quality::terminate(signed(BUYER_QA), 0));
		assert_eq!(held(BUYER_QA), 0);
		// Sealed by both: the deposit comes back too.
		let id = active_agreement();
		assert_eq!(Agreements::<Test>::get(id).unwrap().status, AgreementStatus::Active);
		assert_eq!(held(BUYER_QA), 0);
		assert!(DraftDeposits::<Test>::get(id).is_none());
		// An account that cannot hold it drafts nothing.
		assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), BUYER_QA, 50));
		assert_noop!(
			Quality::draft(signed(BUYER_QA), SUPPLIER, terms()),
			Error::<Test>::InsufficientDeposit
		);
		assert_noop!(
			Quality::amend(signed(BUYER_QA), id, terms()),
			Error::<Test>::InsufficientDeposit
		);
	});
}

#[test]
fn a_received_lot_stays_under_the_agreement_after_it_ends() {
	ExtBuilder::build_and_execute(|| {
		let id = active_agreement();
		let l = lot("RECEIVED");
		let arrival = receive(&l);
		assert_eq!(LotAgreements::<Test>::get(&l), Some(id));
		// The agreement says the buyer's QA releases (the mock's terms): no supplier release
		// travels with the goods.
		assert!(!arrival.keep_release);
		assert_ok!(Quality::terminate(signed(SUP_ADMIN), id));
		Timestamp::set_timestamp(Timestamp::now() + 30 * DAY);
		assert_ok!(Quality::expire(signed(OUTSIDER), id));
		// No agreement is in force any more, but the lot received under it is still checked
		// against it: a failing result fails and opens a nonconformance on that lot.
		assert!(Quality::active_agreement(BUYER, SUPPLIER, &product()).is_none());
		assert_eq!(qc_on(&l, &[param("PURITY", 1, "0.1%")], BUYER), QcVerdict::Fail);
		assert!(<Quality as QcHook>::open_nonconformance(&l));
		assert!(!<Quality as QcHook>::open_nonconformance(&lot("OTHER")));
		// A lot received after the end is not.
		let later = lot("LATER");
		receive(&later);
		assert_eq!(qc_on(&later, &[param("PURITY", 1, "0.1%")], BUYER), QcVerdict::NotChecked);
		// The agreed storage range is what excursions on the lot are judged against.
		assert_eq!(
			<Quality as QcHook>::agreed_storage(&l, &product(), SUPPLIER, BUYER),
			terms().storage
		);
		assert_eq!(<Quality as QcHook>::agreed_storage(&later, &product(), SUPPLIER, BUYER), None);
	});
}
