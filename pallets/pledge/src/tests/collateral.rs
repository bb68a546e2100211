//! Collateral condition and title: lots that value at zero, the lock-holder hooks, title moving
//! with receipts and foreclosures, repaid pledges releasing, and governance settling what an
//! inactive party left.

use crate::{mock::*, *};
use bioledger_primitives::{LockHolderHooks, QaDecision};
use frame_support::{assert_noop, assert_ok};

/// 500 kg at 1,000 CNY/kg pledged for 325,000 CNY (65 %).
fn active_pledge() -> (LotId, ReceiptId, PledgeId) {
	price_all(1_000);
	let r = stored("L1", 500);
	let p = propose(&[r], 325_000);
	assert_ok!(Pledge::accept_pledge(signed(BANK_SIGNER), p));
	events();
	(lot_id("L1"), r, p)
}

fn tell(lot: &LotId, r: ReceiptId) {
	<Pledge as LockHolderHooks>::on_locked_lot_changed(lot, Pledge::lock_holder(r));
}

#[test]
fn a_lot_that_turns_bad_re_values_its_pledge_at_once() {
	ExtBuilder::build_and_execute(|| {
		let (lot, r, p) = active_pledge();
		edit_lot(&lot, |f| f.quarantined = true);
		tell(&lot, r);
		assert_eq!(
			events(),
			vec![
				Event::CollateralChanged {
					receipt: r,
					lot: lot.clone(),
					condition: Condition::Quarantined { since: crate::UNCONFIRMED },
				},
				Event::MarginCall {
					pledge: p,
					level: MarginLevel::Liquidation,
					ltv: <FixedU128 as sp_runtime::traits::Bounded>::max_value(),
					value: 0,
					outstanding: yuan(325_000),
				},
			]
		);
		assert_eq!(Pledge::lot_values(r)[0].zero, Some(ZeroReason::Quarantined));
		// Released again: valuable again, and the call is cured.
		edit_lot(&lot, |f| f.quarantined = false);
		tell(&lot, r);
		assert_eq!(Pledges::<Test>::get(p).unwrap().margin, MarginLevel::Healthy);
		assert_eq!(Pledge::lot_values(r)[0].zero, None);
		assert_eq!(Pledge::lot_values(r)[0].value, yuan(500_000));
		// No change, no event.
		events();
		tell(&lot, r);
		assert_eq!(events(), vec![]);
	});
}

#[test]
fn under_a_pledge_the_owner_may_not_reject_the_goods() {
	ExtBuilder::build_and_execute(|| {
		let (lot, r, p) = active_pledge();
		let holder = Pledge::lock_holder(r);
		assert!(!<Pledge as LockHolderHooks>::may_decide(&lot, holder, QaDecision::Reject));
		assert!(<Pledge as LockHolderHooks>::may_decide(&lot, holder, QaDecision::Quarantine));
		assert!(<Pledge as LockHolderHooks>::may_decide(&lot, holder, QaDecision::Release));
		// Released: the holder owns the goods and decides freely.
		assert_ok!(Pledge::record_repayment(signed(BANK_SIGNER), p, yuan(325_000)));
		assert!(<Pledge as LockHolderHooks>::may_decide(&lot, holder, QaDecision::Reject));
	});
}

#[test]
fn the_last_repayment_releases_and_nothing_is_left_to_foreclose() {
	ExtBuilder::build_and_execute(|| {
		let (_, _, p) = active_pledge();
		assert_ok!(Pledge::record_repayment(signed(BANK_SIGNER), p, yuan(325_000)));
		assert_eq!(
			events(),
			vec![
				Event::RepaymentRecorded { pledge: p, amount: yuan(325_000), outstanding: 0 },
				Event::PledgeReleased { pledge: p },
			]
		);
		advance(YEAR);
		assert_noop!(Pledge::foreclose(signed(BANK_SIGNER), p), Error::<Test>::InvalidPledgeState);
	});
}

#[test]
fn foreclosure_and_receipt_sales_move_title() {
	ExtBuilder::build_and_execute(|| {
		let r = stored("S1", 10);
		assert_ok!(Pledge::transfer_receipt(signed(CDMO_SIGNER), r, BUYER));
		assert_eq!(owner_of(&lot_id("S1")), Some(BUYER));
		let (lot, _, p) = active_pledge();
		price_all(500);
		settle();
		assert_ok!(Pledge::foreclose(signed(BANK_SIGNER), p));
		assert_eq!(owner_of(&lot), Some(BANK));
	});
}

#[test]
fn receipts_over_unusable_lots_are_neither_sold_nor_pledged() {
	ExtBuilder::build_and_execute(|| {
		price_all(1_000);
		let r = stored("U1", 10);
		let lot = lot_id("U1");
		edit_lot(&lot, |f| f.usable = false);
		tell(&lot, r);
		assert_noop!(
			Pledge::transfer_receipt(signed(CDMO_SIGNER), r, BUYER),
			Error::<Test>::LotUnusable
		);
		assert_noop!(
			Pledge::propose_pledge(
				signed(CDMO_SIGNER),
				BANK,
				receipts(&[r]),
				yuan(1),
				CNY,
				Timestamp::now() + DAY,
				[0; 32]
			),
			Error::<Test>::LotUnusable
		);
		assert_eq!(Pledge::lot_values(r)[0].zero, Some(ZeroReason::Unusable));
		// A lot that turns bad after the proposal stops the acceptance.
		let r2 = stored("U2", 10);
		let p = propose(&[r2], 1);
		edit_lot(&lot_id("U2"), |f| f.quarantined = true);
		tell(&lot_id("U2"), r2);
		assert_noop!(Pledge::accept_pledge(signed(BANK_SIGNER), p), Error::<Test>::LotUnusable);
		// An expired lot too.
		let r3 = stored("U3", 10);
		edit_lot(&lot_id("U3"), |_| {});
		let p3 = propose(&[r3], 1);
		Receipts::<Test>::mutate(r3, |x| {
			if let Some(x) = x {
				x.lots[0].expires_at = Timestamp::now();
			}
		});
		assert_noop!(Pledge::accept_pledge(signed(BANK_SIGNER), p3), Error::<Test>::LotUnusable);
	});
}

#[test]
fn governance_settles_a_pledge_only_when_a_party_is_inactive() {
	ExtBuilder::build_and_execute(|| {
		let (lot, r, p) = active_pledge();
		assert_noop!(
			Pledge::resolve_pledge(RuntimeOrigin::root(), p, true),
			Error::<Test>::PartiesActive
		);
		assert_noop!(
			Pledge::resolve_pledge(signed(BANK_SIGNER), p, true),
			sp_runtime::DispatchError::BadOrigin
		);
		assert_noop!(
			Pledge::resolve_pledge(RuntimeOrigin::root(), 99, true),
			Error::<Test>::PledgeNotFound
		);
		set_active(CDMO, false);
		assert_ok!(Pledge::resolve_pledge(RuntimeOrigin::root(), p, true));
		assert_eq!(Pledges::<Test>::get(p).unwrap().status, PledgeStatus::Foreclosed);
		assert_eq!(owner_of(&lot), Some(BANK));
		assert_eq!(Receipts::<Test>::get(r).unwrap().holder, BANK);
		assert_noop!(
			Pledge::resolve_pledge(RuntimeOrigin::root(), p, true),
			Error::<Test>::InvalidPledgeState
		);
	});
}

#[test]
fn governance_reassigns_the_receipt_of_an_inactive_holder() {
	ExtBuilder::build_and_execute(|| {
		let r = stored("G1", 10);
		assert_noop!(
			Pledge::reassign_receipt(RuntimeOrigin::root(), r, BUYER),
			Error::<Test>::PartiesActive
		);
		assert_noop!(
			Pledge::reassign_receipt(RuntimeOrigin::root(), 77, BUYER),
			Error::<Test>::ReceiptNotFound
		);
		set_active(CDMO, false);
		assert_noop!(
			Pledge::reassign_receipt(RuntimeOrigin::root(), r, CDMO),
			Error::<Test>::SameOrg
		);
		assert_noop!(
			Pledge::reassign_receipt(RuntimeOrigin::root(), r, SUSPENDED),
			Error::<Test>::InactiveOrg
		);
		assert_ok!(Pledge::reassign_receipt(RuntimeOrigin::root(), r, BUYER));
		assert_eq!(
			events().last(),
			Some(&Event::ReceiptReassigned { receipt: r, from: CDMO, to: BUYER })
		);
		assert_eq!(owner_of(&lot_id("G1")), Some(BUYER));
		// Pledged or redeemed receipts are not reassigned.
		set_active(CDMO, true);
		let (_, r2, _) = active_pledge();
		set_active(CDMO, false);
		assert_noop!(
			Pledge::reassign_receipt(RuntimeOrigin::root(), r2, BUYER),
			Error::<Test>::Encumbered
		);
		set_active(CDMO, true);
		assert_ok!(Pledge::redeem(signed(BUYER_SIGNER), r));
		assert_noop!(
			Pledge::reassign_receipt(RuntimeOrigin::root(), r, CDMO),
			Error::<Test>::Redeemed
		);
	});
}

#[test]
fn an_unconfirmed_quarantine_never_forecloses_a_confirmed_one_after_grace() {
	ExtBuilder::build_and_execute(|| {
		let (lot, r, p) = active_pledge();
		// A custodian's excursion report (no failed QC): valued at zero for margin, but the
		// goods keep their value for a foreclosure however long the quarantine stands.
		edit_lot(&lot, |f| f.quarantined = true);
		tell(&lot, r);
		advance(3 * DAY);
		price_all(1_000);
		settle();
		assert_noop!(Pledge::foreclose(signed(BANK_SIGNER), p), Error::<Test>::NotInDefault);
		// A laboratory confirms it with a failed result: the grace period starts now.
		let confirmed = Timestamp::now();
		edit_lot(&lot, |f| f.qc_failed = true);
		tell(&lot, r);
		assert_eq!(
			Receipts::<Test>::get(r).unwrap().lots[0].condition,
			Condition::Quarantined { since: confirmed }
		);
		assert_noop!(Pledge::foreclose(signed(BANK_SIGNER), p), Error::<Test>::NotInDefault);
		advance(DAY);
		price_all(1_000);
		settle();
		assert_ok!(Pledge::foreclose(signed(BANK_SIGNER), p));
	});
}

#[test]
fn a_lot_a_running_recall_may_reach_is_neither_receipted_nor_pledged() {
	ExtBuilder::build_and_execute(|| {
		price_all(1_000);
		let r = stored("L1", 500);
		let lot = lot_id("L1");
		// A walk still running may reach the lot: not known to be recalled yet.
		edit_lot(&lot, |f| f.recall_pending = true);
		assert_noop!(
			Pledge::propose_pledge(
				signed(CDMO_SIGNER),
				BANK,
				receipts(&[r]),
				yuan(100),
				CNY,
				Timestamp::now() + 30 * DAY,
				[0; 32]
			),
			Error::<Test>::LotUnusable
		);
		assert_noop!(
			Pledge::transfer_receipt(signed(CDMO_SIGNER), r, BUYER),
			Error::<Test>::LotUnusable
		);
		// Once the walk has passed without reaching it, it is usable again.
		edit_lot(&lot, |f| f.recall_pending = false);
		assert_ok!(Pledge::transfer_receipt(signed(CDMO_SIGNER), r, BUYER));
	});
}
