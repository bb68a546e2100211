//! Margin calls from new prices, cures, foreclosure and the at-risk view.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::Permill;

fn ltv(n: u128, d: u128) -> FixedU128 {
	FixedU128::from_rational(n, d)
}

/// 500 kg at 1,000 CNY/kg pledged for 325,000 CNY (65 %).
fn active_pledge() -> (ReceiptId, PledgeId) {
	price_all(1_000);
	let r = stored("L1", 500);
	let p = propose(&[r], 325_000);
	assert_ok!(Pledge::accept_pledge(signed(BANK_SIGNER), p));
	events();
	(r, p)
}

#[test]
fn a_price_drop_makes_a_margin_call_and_collateral_cures_it() {
	ExtBuilder::build_and_execute(|| {
		let (_, p) = active_pledge();
		settle();
		let called_at = Timestamp::now();
		// 20 % down: 400,000 CNY, LTV 81.25 % — above the 80 % margin-call line.
		assert_ok!(Pledge::post_price(signed(FEED_A), code(API), per_kg(800)));
		assert_eq!(events().len(), 1, "the median (1,000) did not move yet");
		assert_ok!(Pledge::post_price(signed(FEED_B), code(API), per_kg(800)));
		assert_eq!(
			events(),
			vec![
				Event::PricePosted { product: code(API), org: FEEDER_B, price: per_kg(800) },
				Event::MarginCall {
					pledge: p,
					level: MarginLevel::Call,
					ltv: ltv(325_000, 400_000),
					value: yuan(400_000),
					outstanding: yuan(325_000),
				},
			]
		);
		let pl = Pledges::<Test>::get(p).unwrap();
		assert_eq!((pl.margin, pl.margin_since), (MarginLevel::Call, Some(called_at)));
		// A further price at the same level makes no second call.
		assert_ok!(Pledge::post_price(signed(FEED_C), code(API), per_kg(800)));
		assert_eq!(events().len(), 1);
		// The CDMO adds a 200 kg receipt: 700 kg × 800 = 560,000 CNY, LTV 58 %.
		let r2 = stored("L2", 200);
		events();
		assert_ok!(Pledge::add_collateral(signed(CDMO_SIGNER), p, receipts(&[r2])));
		assert_eq!(
			events(),
			vec![
				Event::CollateralAdded { pledge: p, receipts: 1 },
				Event::MarginCallCured { pledge: p, ltv: ltv(325_000, 560_000) },
			]
		);
		let pl = Pledges::<Test>::get(p).unwrap();
		assert_eq!((pl.margin, pl.margin_since), (MarginLevel::Healthy, None));
		let v = Pledge::valuation(r2).unwrap();
		assert_eq!(
			(v.value, v.pledge, v.margin),
			(yuan(160_000), Some(p), Some(MarginLevel::Healthy))
		);
		assert_eq!(v.ltv, Some(ltv(325_000, 560_000)));
		assert_eq!(v.health, Some(ltv(476_000, 325_000)));
	});
}

#[test]
fn a_repayment_cures_a_margin_call() {
	ExtBuilder::build_and_execute(|| {
		let (_, p) = active_pledge();
		price_all(800);
		events();
		// 400,000 × 80 % = 320,000 CNY: repaying 5,000 CNY brings it to the line.
		assert_ok!(Pledge::record_repayment(signed(BANK_SIGNER), p, yuan(5_000)));
		assert_eq!(
			events(),
			vec![
				Event::RepaymentRecorded {
					pledge: p,
					amount: yuan(5_000),
					outstanding: yuan(320_000)
				},
				Event::MarginCallCured { pledge: p, ltv: ltv(320_000, 400_000) },
			]
		);
	});
}

#[test]
fn a_rising_price_cures_and_the_liquidation_line_allows_foreclosure_at_once() {
	ExtBuilder::build_and_execute(|| {
		let (r, p) = active_pledge();
		assert_noop!(Pledge::foreclose(signed(BANK_SIGNER), p), Error::<Test>::NotInDefault);
		price_all(800);
		price_all(1_000);
		assert!(
			events().contains(&Event::MarginCallCured { pledge: p, ltv: ltv(325_000, 500_000) })
		);
		// 700 CNY/kg: 350,000 CNY, LTV 92.9 % — past the 85 % liquidation line.
		settle();
		assert_ok!(Pledge::post_price(signed(FEED_A), code(API), per_kg(700)));
		assert_ok!(Pledge::post_price(signed(FEED_B), code(API), per_kg(700)));
		assert_eq!(
			events().last(),
			Some(&Event::MarginCall {
				pledge: p,
				level: MarginLevel::Liquidation,
				ltv: ltv(325_000, 350_000),
				value: yuan(350_000),
				outstanding: yuan(325_000),
			})
		);
		assert_noop!(Pledge::foreclose(signed(CDMO_SIGNER), p), Error::<Test>::NotAuthorized);
		assert_noop!(Pledge::foreclose(signed(BANK_SIGNER), 77), Error::<Test>::PledgeNotFound);
		// Not on prices posted in the last settlement interval ...
		assert_noop!(Pledge::foreclose(signed(BANK_SIGNER), p), Error::<Test>::NotInDefault);
		// ... but once they have stood for it.
		settle();
		events();
		assert_ok!(Pledge::foreclose(signed(BANK_SIGNER), p));
		assert_eq!(
			events(),
			vec![Event::PledgeForeclosed { pledge: p, lender: BANK, outstanding: yuan(325_000) }]
		);
		let rec = Receipts::<Test>::get(r).unwrap();
		assert_eq!((rec.holder, rec.pledge), (BANK, None));
		assert_eq!(Pledge::receipts_of(BANK)[0].0, r);
		assert!(Pledge::receipts_of(CDMO).is_empty());
		assert_noop!(Pledge::foreclose(signed(BANK_SIGNER), p), Error::<Test>::InvalidPledgeState);
		// The bank now holds the goods in storage and may sell them on.
		add_member(32, BANK, bioledger_primitives::OrgKind::Lender, Role::Signer);
		assert_ok!(Pledge::transfer_receipt(signed(32), r, BUYER));
	});
}

#[test]
fn an_unanswered_margin_call_allows_foreclosure_after_the_grace_period() {
	ExtBuilder::build_and_execute(|| {
		let (_, p) = active_pledge();
		price_all(800);
		let since = Pledges::<Test>::get(p).unwrap().margin_since.unwrap();
		Timestamp::set_timestamp(since + DAY - 2 * SETTLEMENT);
		price_all(800);
		settle();
		assert_eq!(Timestamp::now(), since + DAY);
		// The call has stood for the grace period on settled prices.
		assert_ok!(Pledge::foreclose(signed(BANK_SIGNER), p));
	});
}

#[test]
fn a_loan_past_maturity_and_grace_can_be_foreclosed() {
	ExtBuilder::build_and_execute(|| {
		let (_, p) = active_pledge();
		let maturity = Pledges::<Test>::get(p).unwrap().maturity;
		Timestamp::set_timestamp(maturity + DAY - 1 - 2 * SETTLEMENT);
		price_all(1_000);
		settle();
		assert_noop!(Pledge::foreclose(signed(BANK_SIGNER), p), Error::<Test>::NotInDefault);
		advance(1);
		assert_ok!(Pledge::foreclose(signed(BANK_SIGNER), p));
	});
}

#[test]
fn pledges_at_risk_lists_those_at_or_above_the_threshold() {
	ExtBuilder::build_and_execute(|| {
		let (_, p) = active_pledge();
		let r2 = stored("L2", 500);
		let q = propose(&[r2], 200_000);
		assert_ok!(Pledge::accept_pledge(signed(BANK_SIGNER), q));
		// 65 % and 40 %.
		let ids = |t| {
			let mut ids: Vec<_> = Pledge::pledges_at_risk(Permill::from_percent(t))
				.iter()
				.map(|a| a.pledge)
				.collect();
			ids.sort();
			ids
		};
		assert_eq!(ids(60), vec![p]);
		assert_eq!(ids(40), vec![p, q]);
		assert_eq!(ids(66), Vec::<PledgeId>::new());
		price_all(800);
		let risk = Pledge::pledges_at_risk(Permill::from_percent(80));
		assert_eq!(
			risk,
			vec![AtRisk {
				pledge: p,
				ltv: ltv(325_000, 400_000),
				margin: MarginLevel::Call,
				margin_since: Some(Timestamp::now())
			}]
		);
		// Prices go stale: the pledge under a margin call stays listed at its last level.
		advance(2 * HOUR);
		let risk = Pledge::pledges_at_risk(Permill::from_percent(99));
		assert_eq!(risk.len(), 1);
		assert_eq!((risk[0].pledge, risk[0].margin), (p, MarginLevel::Call));
	});
}
