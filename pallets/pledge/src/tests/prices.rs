//! Price sources and feeds: admitted by governance, one feed per source, rate-limited with a
//! prior point, lower medians of a quorum of fresh feeds, settled points, overflow.

use crate::{mock::*, *};
use bioledger_primitives::Unit;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::DispatchError;

fn feeds() -> Vec<(OrgId, u128, Option<u128>)> {
	Feeds::<Test>::get(code(API))
		.iter()
		.map(|f| (f.org, f.price.amount, f.prior.map(|(p, _)| p.amount)))
		.collect()
}

#[test]
fn each_source_has_one_feed_per_product_with_its_prior_point() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Pledge::post_price(signed(FEED_A), code(API), per_kg(1_000)));
		advance(SETTLEMENT);
		assert_ok!(Pledge::post_price(signed(FEED_A), code(API), per_kg(1_100)));
		assert_ok!(Pledge::post_price(signed(FEED_B), code(API), per_kg(900)));
		assert_eq!(feeds(), vec![(FEEDER_A, 110_000, Some(100_000)), (FEEDER_B, 90_000, None)]);
		assert_eq!(
			events(),
			vec![
				Event::PricePosted { product: code(API), org: FEEDER_A, price: per_kg(1_000) },
				Event::PricePosted { product: code(API), org: FEEDER_A, price: per_kg(1_100) },
				Event::PricePosted { product: code(API), org: FEEDER_B, price: per_kg(900) },
			]
		);
	});
}

#[test]
fn post_price_errors() {
	ExtBuilder::build_and_execute(|| {
		assert_noop!(
			Pledge::post_price(signed(CDMO_SIGNER), code(API), per_kg(1)),
			Error::<Test>::NotAuthorized
		);
		// A price feeder of an organisation governance did not admit for the product.
		add_member(1_001, 77, bioledger_primitives::OrgKind::Auditor, Role::PriceFeeder);
		assert_noop!(
			Pledge::post_price(signed(1_001), code(API), per_kg(2_000)),
			Error::<Test>::NotPriceSource
		);
		assert_noop!(
			Pledge::post_price(signed(FEED_A), code("OTHER"), per_kg(2_000)),
			Error::<Test>::NotPriceSource
		);
		let zero = Price { amount: 0, ..per_kg(1) };
		assert_noop!(
			Pledge::post_price(signed(FEED_A), code(API), zero),
			Error::<Test>::InvalidPrice
		);
		let per_nothing = Price { per: Quantity::new(0, Unit::Milligram), ..per_kg(1) };
		assert_noop!(
			Pledge::post_price(signed(FEED_A), code(API), per_nothing),
			Error::<Test>::InvalidPrice
		);
		let lower = Price { currency: *b"cny", ..per_kg(1) };
		assert_noop!(
			Pledge::post_price(signed(FEED_A), code(API), lower),
			Error::<Test>::InvalidPrice
		);
		assert_ok!(Pledge::post_price(signed(FEED_A), code(API), per_kg(1_000)));
		advance(SETTLEMENT - 1);
		assert_noop!(
			Pledge::post_price(signed(FEED_A), code(API), per_kg(1)),
			Error::<Test>::TooSoon
		);
		advance(1);
		assert_ok!(Pledge::post_price(signed(FEED_A), code(API), per_kg(1)));
	});
}

#[test]
fn governance_admits_and_removes_sources() {
	ExtBuilder::build_and_execute(|| {
		let other = code("OTHER");
		assert_noop!(
			Pledge::add_price_source(signed(BANK_SIGNER), other.clone(), FEEDER_A),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Pledge::add_price_source(RuntimeOrigin::root(), other.clone(), SUSPENDED),
			Error::<Test>::InactiveOrg
		);
		assert_ok!(Pledge::add_price_source(RuntimeOrigin::root(), other.clone(), FEEDER_A));
		assert_noop!(
			Pledge::add_price_source(RuntimeOrigin::root(), other.clone(), FEEDER_A),
			Error::<Test>::AlreadyPriceSource
		);
		// At most `MaxFeedsPerProduct` (3) sources.
		add_member(1_001, 77, bioledger_primitives::OrgKind::Auditor, Role::PriceFeeder);
		assert_noop!(
			Pledge::add_price_source(RuntimeOrigin::root(), code(API), 77),
			Error::<Test>::TooManyFeeds
		);
		// Removing a source removes its feed.
		price_all(1_000);
		assert_noop!(
			Pledge::remove_price_source(signed(BANK_SIGNER), code(API), FEEDER_A),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Pledge::remove_price_source(RuntimeOrigin::root(), code(API), 77),
			Error::<Test>::NotPriceSource
		);
		assert_ok!(Pledge::remove_price_source(RuntimeOrigin::root(), code(API), FEEDER_A));
		assert_eq!(feeds().iter().map(|f| f.0).collect::<Vec<_>>(), vec![FEEDER_B, FEEDER_C]);
		assert_eq!(PriceSources::<Test>::get(code(API)).into_inner(), vec![FEEDER_B, FEEDER_C]);
		assert!(events().contains(&Event::PriceSourceRemoved { product: code(API), org: FEEDER_A }));
		assert_ok!(Pledge::add_price_source(RuntimeOrigin::root(), code(API), 77));
	});
}

fn feed(org: OrgId, yuan: u128, at: u64) -> Feed {
	Feed { org, price: per_kg(yuan), posted_at: at, prior: None }
}

fn quote(feeds: &[Feed], kg: u128, now: u64, exclude: &[OrgId], view: PriceView) -> Option<u128> {
	Pledge::quote(feeds, kg * KG, Unit::Milligram, CNY, now, exclude, view)
		.unwrap()
		.map(|q| q.value)
}

#[test]
fn quote_is_the_lower_median_of_a_quorum_of_fresh_independent_feeds() {
	ExtBuilder::build_and_execute(|| {
		let now = 10 * HOUR;
		let fresh = [feed(1, 1_000, now), feed(2, 1_200, now - HOUR), feed(3, 900, now - 10)];
		let q = Pledge::quote(&fresh, 500 * KG, Unit::Milligram, CNY, now, &[], PriceView::Fresh)
			.unwrap()
			.unwrap();
		// Median of 500 × {1000, 1200, 900} yuan = 500,000 yuan, in fen.
		assert_eq!(q, Quote { value: 50_000_000, feeds: 3, oldest: now - HOUR });
		// Fewer than `MinFeeds` (3): a stale one, or one from a party, leaves no quorum.
		let with_stale = [feed(1, 1_000, now), feed(2, 1_201, now - HOUR - 1), feed(3, 901, now)];
		assert_eq!(quote(&with_stale, 500, now, &[], PriceView::Fresh), None);
		assert_eq!(quote(&fresh, 500, now, &[2], PriceView::Fresh), None);
		// An even count uses the lower of the two middle values (conservative for a lender).
		let four = [fresh[0], fresh[1], fresh[2], feed(4, 1_100, now)];
		assert_eq!(quote(&four, 1, now, &[], PriceView::Fresh), Some(100_000));
		// One outlier, however wild, stays out of the middle.
		for crash in [1, 10, 899] {
			let rigged = [fresh[0], fresh[1], fresh[2], feed(4, crash, now)];
			assert_eq!(quote(&rigged, 1, now, &[], PriceView::Fresh), Some(90_000));
		}
		let moon = [fresh[0], fresh[1], fresh[2], feed(4, 1_000_000, now)];
		assert_eq!(quote(&moon, 1, now, &[], PriceView::Fresh), Some(100_000));
		// 1 mg at 1,000 yuan/kg is 0.1 fen: rounds down to 0.
		let all_now = [feed(1, 1_000, now), feed(2, 1_000, now), feed(3, 1_000, now)];
		assert_eq!(
			Pledge::quote(&all_now, 1, Unit::Milligram, CNY, now, &[], PriceView::Fresh)
				.unwrap()
				.map(|q| q.value),
			Some(0)
		);
		// Other currency, other unit, or nothing fresh: no quote.
		assert_eq!(
			Pledge::quote(&fresh, 500 * KG, Unit::Milligram, *b"USD", now, &[], PriceView::Fresh),
			Ok(None)
		);
		assert_eq!(Pledge::quote(&fresh, 5, Unit::Each, CNY, now, &[], PriceView::Fresh), Ok(None));
		assert_eq!(quote(&fresh, 500, now + 2 * HOUR, &[], PriceView::Fresh), None);
	});
}

#[test]
fn settled_view_uses_points_old_enough_and_falls_back_to_the_prior() {
	ExtBuilder::build_and_execute(|| {
		let now = 10 * HOUR;
		let just_posted = |org| Feed {
			org,
			price: per_kg(100),
			posted_at: now,
			prior: Some((per_kg(1_000), now - SETTLEMENT)),
		};
		let feeds = [just_posted(1), just_posted(2), just_posted(3)];
		// Fresh: the crash price; settled: the prices before it.
		assert_eq!(quote(&feeds, 1, now, &[], PriceView::Fresh), Some(10_000));
		assert_eq!(quote(&feeds, 1, now, &[], PriceView::Settled), Some(100_000));
		assert_eq!(quote(&feeds, 1, now + SETTLEMENT, &[], PriceView::Settled), Some(10_000));
		// A first post has no prior: not settled until it is old enough.
		let first = [feed(1, 1_000, now), feed(2, 1_000, now), feed(3, 1_000, now)];
		assert_eq!(quote(&first, 1, now, &[], PriceView::Settled), None);
	});
}

#[test]
fn an_overflowing_value_is_an_error() {
	ExtBuilder::build_and_execute(|| {
		let now = HOUR;
		let dear = |org| Feed {
			org,
			price: Price {
				currency: CNY,
				amount: u128::MAX,
				per: Quantity::new(1, Unit::Milligram),
			},
			posted_at: now,
			prior: None,
		};
		let feeds = [dear(1), dear(2), dear(3)];
		assert_eq!(
			Pledge::quote(&feeds, 500 * KG, Unit::Milligram, CNY, now, &[], PriceView::Fresh),
			Err(Error::<Test>::Overflow.into())
		);
	});
}

#[test]
fn valuation_of_an_unpledged_receipt_uses_the_freshest_feeds_currency() {
	ExtBuilder::build_and_execute(|| {
		let r = stored("L1", 500);
		assert_eq!(Pledge::valuation(r), None);
		price_all(1_000);
		advance(1_000);
		let v = Pledge::valuation(r).unwrap();
		assert_eq!((v.currency, v.value, v.feeds, v.price_age), (CNY, 50_000_000, 3, 1_000));
		assert_eq!((v.pledge, v.ltv, v.health, v.margin), (None, None, None, None));
		assert_eq!(v.worthless_lots, 0);
		assert_eq!(Pledge::valuation(99), None);
	});
}
