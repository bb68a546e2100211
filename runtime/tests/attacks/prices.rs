//! One price feeder cannot set the collateral price (§2.2): sources are admitted by governance
//! per product; a quorum of three fresh feeds from sources that are not party to the pledge;
//! a lower median one outlier cannot move; no foreclosure on a price posted in the last
//! `PriceSettlement`; overflow is an error.

use crate::world::*;
use pallet_pledge::Error;

#[test]
fn a_feeder_governance_did_not_admit_cannot_post() {
	world().execute_with(|| {
		// The bank's own market desk (a price feeder of the lender) is no source for the API.
		assert_noop!(
			Pledge::post_price(who("//Eve//feed"), api(), per_kg(1)),
			Error::<Runtime>::NotPriceSource
		);
		// Nor can a member admit itself.
		assert_noop!(
			Pledge::add_price_source(who("//Eve"), api(), BANK),
			sp_runtime::DispatchError::BadOrigin
		);
	});
}

#[test]
fn one_price_feeder_cannot_set_the_collateral_price() {
	world().execute_with(|| {
		let (_, r, p) = pledged_lot("06912345000024/P-1");
		events();
		// One of the three sources posts a crash price: the median holds, no margin call.
		advance(SETTLEMENT);
		assert_ok!(Pledge::post_price(who("//Src1//feed"), api(), per_kg(1)));
		assert!(!events()
			.iter()
			.any(|e| matches!(e, RuntimeEvent::Pledge(pallet_pledge::Event::MarginCall { .. }))));
		assert_eq!(Pledge::valuation(r).unwrap().value, yuan(500_000));
		assert_eq!(pledge(p).margin, MarginLevel::Healthy);
		// ... and a wild high price cannot inflate it either.
		assert_ok!(Pledge::post_price(who("//Src2//feed"), api(), per_kg(1_000_000)));
		assert_eq!(Pledge::valuation(r).unwrap().value, yuan(500_000));
	});
}

#[test]
fn a_party_to_the_pledge_is_no_source_for_its_valuation() {
	world().execute_with(|| {
		// Governance admits the bank as a fourth source of the API (a market maker, say).
		assert_ok!(Pledge::add_price_source(RuntimeOrigin::root(), api(), BANK));
		let (_, r, p) = pledged_lot("06912345000024/P-2");
		// A day later every feed is stale. The bank and two sources post a crash price.
		advance(DAY + 1);
		for seed in ["//Src1//feed", "//Src2//feed", "//Eve//feed"] {
			assert_ok!(Pledge::post_price(who(seed), api(), per_kg(1)));
		}
		advance(SETTLEMENT);
		// Without the bank's own feed there are two: no quorum values its pledge at all.
		assert_eq!(pledge(p).margin, MarginLevel::Healthy);
		assert_eq!(Pledge::valuation(r), None);
		let before = root();
		assert_noop!(Pledge::foreclose(who("//Eve//credit"), p), Error::<Runtime>::NotInDefault);
		assert_eq!(root(), before);
	});
}

#[test]
fn a_crash_price_and_foreclose_in_one_batch_fails() {
	world().execute_with(|| {
		let (_, _, p) = pledged_lot("06912345000024/P-3");
		advance(SETTLEMENT);
		// Colluding sources crash the price, and the lender forecloses in the same block.
		for seed in ["//Src1//feed", "//Src2//feed", "//Src3//feed"] {
			assert_ok!(Pledge::post_price(who(seed), api(), per_kg(100)));
		}
		assert_eq!(pledge(p).margin, MarginLevel::Liquidation, "the call is made at once");
		let before = root();
		assert_noop!(Pledge::foreclose(who("//Eve//credit"), p), Error::<Runtime>::NotInDefault);
		assert_eq!(root(), before);
		// Once those prices have stood for the settlement interval, they count.
		advance(SETTLEMENT);
		assert_ok!(Pledge::foreclose(who("//Eve//credit"), p));
		invariants();
	});
}

#[test]
fn an_overflowing_price_is_an_error_not_a_saturated_value() {
	world().execute_with(|| {
		let lot = stored("06912345000024/P-4", 500);
		let r = receipt(&lot);
		advance(SETTLEMENT);
		let dear =
			Price { currency: CNY, amount: u128::MAX, per: Quantity::new(1, Unit::Milligram) };
		for seed in ["//Src1//feed", "//Src2//feed", "//Src3//feed"] {
			assert_ok!(Pledge::post_price(who(seed), api(), dear));
		}
		let p = pallet_pledge::NextPledgeId::<Runtime>::get();
		assert_ok!(Pledge::propose_pledge(
			who("//Charlie//qa"),
			BANK,
			vec![r].try_into().unwrap(),
			u128::MAX / 2,
			CNY,
			now() + 180 * DAY,
			[0xc0; 32],
		));
		assert_noop!(Pledge::accept_pledge(who("//Eve//credit"), p), Error::<Runtime>::Overflow);
	});
}
