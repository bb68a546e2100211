//! Price feeds: one per organisation, medians of fresh feeds, staleness.

use crate::{mock::*, *};
use bioledger_primitives::Unit;
use frame_support::{assert_noop, assert_ok};

fn feeds() -> Vec<(OrgId, u128)> {
	Feeds::<Test>::get(code(API)).iter().map(|f| (f.org, f.price.amount)).collect()
}

#[test]
fn each_org_has_one_feed_per_product() {
	ExtBuilder::build_and_execute(|| {
		assert_ok!(Pledge::post_price(signed(FEED_A), code(API), per_kg(1_000)));
		assert_ok!(Pledge::post_price(signed(FEED_A), code(API), per_kg(1_100)));
		assert_ok!(Pledge::post_price(signed(FEED_B), code(API), per_kg(900)));
		assert_eq!(feeds(), vec![(FEEDER_A, 110_000), (FEEDER_B, 90_000)]);
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
	});
}

#[test]
fn a_full_product_takes_a_new_feeder_only_in_place_of_a_stale_feed() {
	ExtBuilder::build_and_execute(|| {
		price_all(1_000);
		add_member(1_001, 77, bioledger_primitives::OrgKind::Auditor, Role::PriceFeeder);
		assert_noop!(
			Pledge::post_price(signed(1_001), code(API), per_kg(2_000)),
			Error::<Test>::TooManyFeeds
		);
		advance(HOUR - 1);
		assert_ok!(Pledge::post_price(signed(FEED_B), code(API), per_kg(1_000)));
		assert_ok!(Pledge::post_price(signed(FEED_C), code(API), per_kg(1_000)));
		advance(2);
		// A's feed is now older than MaxPriceAge: the newcomer takes its slot.
		assert_ok!(Pledge::post_price(signed(1_001), code(API), per_kg(2_000)));
		assert_eq!(feeds(), vec![(77, 200_000), (FEEDER_B, 100_000), (FEEDER_C, 100_000)]);
	});
}

#[test]
fn quote_is_the_median_of_fresh_feeds_in_currency_and_unit() {
	ExtBuilder::build_and_execute(|| {
		let kg500 = Quantity::new(500 * KG, Unit::Milligram);
		let feed = |org, yuan, at| Feed { org, price: per_kg(yuan), posted_at: at };
		let now = 10 * HOUR;
		let fresh = [feed(1, 1_000, now), feed(2, 1_200, now - HOUR), feed(3, 900, now - 10)];
		let q = Pledge::quote(&fresh, kg500, CNY, now).unwrap();
		// Median of 500 × {1000, 1200, 900} yuan = 500,000 yuan, in fen.
		assert_eq!(q, Quote { value: 50_000_000, feeds: 3, oldest: now - HOUR });
		// One stale feed drops out; the mean of the two middle values (rounded down) is used.
		let with_stale = [feed(1, 1_000, now), feed(2, 1_201, now - HOUR - 1), feed(3, 901, now)];
		assert_eq!(Pledge::quote(&with_stale, kg500, CNY, now).unwrap().value, 47_525_000);
		// 1 kg at 1 and 2 fen/kg: the mean 1.5 fen rounds down to 1.
		let fen = |org, amount| Feed {
			org,
			price: Price { currency: CNY, amount, per: Quantity::new(KG, Unit::Milligram) },
			posted_at: now,
		};
		let kg = Quantity::new(KG, Unit::Milligram);
		assert_eq!(Pledge::quote(&[fen(1, 1), fen(2, 2)], kg, CNY, now).unwrap().value, 1);
		// 1 mg at 1,000 yuan/kg is 0.1 fen: rounds down to 0.
		let mg = Quantity::new(1, Unit::Milligram);
		assert_eq!(Pledge::quote(&[feed(1, 1_000, now)], mg, CNY, now).unwrap().value, 0);
		// Other currency, other unit, or nothing fresh: no quote.
		assert_eq!(Pledge::quote(&fresh, kg500, *b"USD", now), None);
		assert_eq!(Pledge::quote(&fresh, Quantity::new(5, Unit::Each), CNY, now), None);
		assert_eq!(Pledge::quote(&fresh, kg500, CNY, now + 2 * HOUR), None);
		// Values too large for u128 saturate instead of wrapping.
		let dear = [Feed {
			org: 1,
			price: Price {
				currency: CNY,
				amount: u128::MAX,
				per: Quantity::new(1, Unit::Milligram),
			},
			posted_at: now,
		}];
		assert_eq!(Pledge::quote(&dear, kg500, CNY, now).unwrap().value, u128::MAX);
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
		assert_eq!(Pledge::valuation(99), None);
	});
}
