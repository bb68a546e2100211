//! Collateral and title (§2.3–2.5): a repaid loan releases and is never foreclosed;
//! recalled, rejected, quarantined or expired goods value at zero and a change of a pledged
//! lot re-values its pledge at once; title moves with the receipt, and the borrower cannot
//! reject pledged goods.

use crate::world::*;
use pallet_pledge::Error;

fn margin_calls() -> Vec<(MarginLevel, u128)> {
	events()
		.into_iter()
		.filter_map(|e| match e {
			RuntimeEvent::Pledge(pallet_pledge::Event::MarginCall { level, value, .. }) => {
				Some((level, value))
			},
			_ => None,
		})
		.collect()
}

#[test]
fn a_repaid_loan_cannot_be_foreclosed() {
	world().execute_with(|| {
		let (lot, _, p) = pledged_lot("06912345000024/C-1");
		assert_ok!(Pledge::record_repayment(who("//Eve//credit"), p, yuan(325_000)));
		// The last repayment releases the pledge by itself.
		assert_eq!(pledge(p).status, PledgeStatus::Released);
		// Past maturity plus the grace period the lender still cannot take the goods.
		advance(200 * DAY);
		assert_noop!(
			Pledge::foreclose(who("//Eve//credit"), p),
			Error::<Runtime>::InvalidPledgeState
		);
		assert_eq!(owner(&lot), CDMO);
		invariants();
	});
}

#[test]
fn a_recall_of_a_pledged_lot_calls_the_margin_in_the_same_block() {
	world().execute_with(|| {
		let (lot, r, p) = pledged_lot("06912345000024/C-2");
		events();
		assert_ok!(Provenance::recall(who(INSPECTOR), lot.clone(), [1; 32]));
		// Worthless collateral: straight past the liquidation line, value zero.
		assert_eq!(margin_calls(), vec![(MarginLevel::Liquidation, 0)]);
		assert_eq!(Pledge::valuation(r).unwrap().worthless_lots, 1);
		let zero = Pledge::lot_values(r);
		assert_eq!(zero[0].zero, Some(pallet_pledge::ZeroReason::Unusable));
		// A recalled lot values at zero without any price: the lender may foreclose now.
		assert_ok!(Pledge::foreclose(who("//Eve//credit"), p));
		invariants();
	});
}

#[test]
fn unusable_goods_cannot_be_pledged_or_sold_on_a_receipt() {
	world().execute_with(|| {
		prices(1_000);
		let lot = stored("06912345000024/C-3", 500);
		let r = receipt(&lot);
		// The CDMO's QA quarantines the goods: the receipt values them at zero ...
		assert_ok!(Provenance::set_status(
			who("//Charlie//qa"),
			lot.clone(),
			LotStatus::Quarantined
		));
		assert_eq!(Pledge::valuation(r).unwrap().value, 0);
		assert_eq!(Pledge::lot_values(r)[0].zero, Some(pallet_pledge::ZeroReason::Quarantined));
		// ... and it cannot be pledged at full value, or sold to an unwitting buyer.
		assert_noop!(
			Pledge::propose_pledge(
				who("//Charlie//qa"),
				BANK,
				vec![r].try_into().unwrap(),
				yuan(1),
				CNY,
				now() + 180 * DAY,
				[0; 32],
			),
			Error::<Runtime>::LotUnusable
		);
		assert_noop!(
			Pledge::transfer_receipt(who("//Charlie//qa"), r, APEX),
			Error::<Runtime>::LotUnusable
		);
		invariants();
	});
}

#[test]
fn expired_goods_value_at_zero() {
	world().execute_with(|| {
		let (_, r, p) = pledged_lot("06912345000024/C-4");
		// The lot expires after 400 days; the receipt after 365 and the loan after 180.
		advance(401 * DAY);
		prices(1_000);
		assert_eq!(Pledge::lot_values(r)[0].zero, Some(pallet_pledge::ZeroReason::Expired));
		assert_eq!(Pledge::valuation(r).unwrap().value, 0);
		let _ = p;
	});
}

#[test]
fn foreclosure_moves_title_with_the_receipt() {
	world().execute_with(|| {
		let (lot, r, p) = pledged_lot("06912345000024/C-5");
		prices(500);
		advance(SETTLEMENT);
		assert_ok!(Pledge::foreclose(who("//Eve//credit"), p));
		let receipt = pallet_pledge::Receipts::<Runtime>::get(r).unwrap();
		assert_eq!((receipt.holder, owner(&lot)), (BANK, BANK));
		// The defaulted borrower can no longer touch the goods' QA status.
		assert_noop!(
			Provenance::set_status(who("//Charlie//qa"), lot.clone(), LotStatus::Rejected),
			pallet_provenance::Error::<Runtime>::NotOwner
		);
		invariants();
	});
}

#[test]
fn a_receipt_sale_moves_title() {
	world().execute_with(|| {
		let lot = stored("06912345000024/C-6", 100);
		let r = receipt(&lot);
		assert_ok!(Pledge::transfer_receipt(who("//Charlie//qa"), r, APEX));
		assert_eq!(owner(&lot), APEX);
		invariants();
	});
}

#[test]
fn the_borrower_cannot_reject_pledged_goods() {
	world().execute_with(|| {
		let (lot, _, p) = pledged_lot("06912345000024/C-7");
		let before = root();
		assert_noop!(
			Provenance::set_status(who("//Charlie//qa"), lot.clone(), LotStatus::Rejected),
			pallet_provenance::Error::<Runtime>::Locked
		);
		assert_eq!(root(), before);
		// Quarantine stays possible (safety); it re-values the pledge at once.
		events();
		assert_ok!(Provenance::set_status(
			who("//Charlie//qa"),
			lot.clone(),
			LotStatus::Quarantined
		));
		assert_eq!(margin_calls(), vec![(MarginLevel::Liquidation, 0)]);
		assert_eq!(pledge(p).margin, MarginLevel::Liquidation);
		invariants();
	});
}

#[test]
fn a_custodians_excursion_report_cannot_hand_pledged_goods_to_the_lender() {
	world().execute_with(|| {
		let (lot, r, p) = pledged_lot("06912345000024/C-8");
		// The warehouse (custodian) reports an excursion on the pledged goods: they are
		// quarantined and the pledge is called at once ...
		assert_ok!(Provenance::report_excursion(
			who("//Dave//ops"),
			lot.clone(),
			900,
			1_200,
			7_200,
			[5; 32]
		));
		assert_eq!(status(&lot), LotStatus::Quarantined);
		assert_eq!(pledge(p).margin, MarginLevel::Liquidation);
		// ... but the lender cannot take them in the same block, nor while the owner has its
		// grace period to investigate.
		let before = root();
		assert_noop!(Pledge::foreclose(who("//Eve//credit"), p), Error::<Runtime>::NotInDefault);
		assert_eq!(root(), before);
		advance(2 * DAY);
		prices(1_000);
		advance(SETTLEMENT);
		assert_noop!(Pledge::foreclose(who("//Eve//credit"), p), Error::<Runtime>::NotInDefault);
		// Nor after it: only a laboratory's failed result confirms the quarantine (and starts
		// the grace period). The CDMO, a manufacturer, could release the goods itself; a
		// borrower without GMP could not, and the lender still may not take them.
		advance(DAY);
		prices(1_000);
		advance(SETTLEMENT);
		assert_noop!(Pledge::foreclose(who("//Eve//credit"), p), Error::<Runtime>::NotInDefault);
		assert_eq!(
			pallet_pledge::Receipts::<Runtime>::get(r).unwrap().lots[0].condition,
			pallet_pledge::Condition::Quarantined { since: pallet_pledge::UNCONFIRMED }
		);
		invariants();
	});
}

#[test]
fn an_emergency_stop_does_not_eat_a_borrowers_grace_period() {
	use frame_support::traits::UnfilteredDispatchable;
	world().execute_with(|| {
		let (_, _, p) = pledged_lot("06912345000024/C-9");
		// 800 CNY/kg: 400,000 CNY against 325,000 owed (81 %): a margin call, three days' grace.
		prices(800);
		assert_eq!(pledge(p).margin, MarginLevel::Call);
		let council: RuntimeOrigin = pallet_collective::RawOrigin::<
			bioledger_runtime::AccountId,
			pallet_collective::Instance1,
		>::Members(8, 9)
		.into();
		// The council stops the chain for two days: the borrower can neither top up nor repay.
		assert_ok!(RuntimeCall::SafeMode(pallet_safe_mode::Call::force_enter {})
			.dispatch_bypass_filter(council.clone()));
		advance(2 * DAY);
		assert_ok!(RuntimeCall::SafeMode(pallet_safe_mode::Call::force_exit {})
			.dispatch_bypass_filter(council));
		// A day later (three days of wall time), the lender may not foreclose: only one day of
		// the grace period has run.
		advance(DAY);
		prices(800);
		advance(SETTLEMENT);
		assert_noop!(Pledge::foreclose(who("//Eve//credit"), p), Error::<Runtime>::NotInDefault);
		// Three days outside safe mode: in default.
		advance(2 * DAY);
		prices(800);
		advance(SETTLEMENT);
		assert_ok!(Pledge::foreclose(who("//Eve//credit"), p));
		invariants();
	});
}
