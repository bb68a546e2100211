//! Price feeds, quotes and the margin check a new price triggers.

use crate::*;
use alloc::vec::Vec;
use sp_runtime::{helpers_128bit::multiply_by_rational_with_rounding, Rounding};

impl<T: Config> Pallet<T> {
	/// Whether a feed posted at `posted_at` is fresh at `now`.
	pub(crate) fn is_fresh(posted_at: Moment, now: Moment) -> bool {
		now.saturating_sub(posted_at) <= T::MaxPriceAge::get()
	}

	/// Store `org`'s price for `product`, then re-value the active pledges on the product.
	/// Returns how many pledges were re-valued.
	pub(crate) fn do_post_price(
		org: OrgId,
		product: ProductCode,
		price: Price,
	) -> Result<u32, DispatchError> {
		ensure!(
			price.amount > 0 && price.per.amount > 0 && is_currency_code(&price.currency),
			Error::<T>::InvalidPrice
		);
		let now = Self::now();
		let feed = Feed { org, price, posted_at: now };
		Feeds::<T>::try_mutate(&product, |feeds| -> DispatchResult {
			if let Some(slot) = feeds.iter_mut().find(|f| f.org == org) {
				*slot = feed;
			} else if let Err(feed) = feeds.try_push(feed) {
				let stale = feeds
					.iter_mut()
					.find(|f| !Self::is_fresh(f.posted_at, now))
					.ok_or(Error::<T>::TooManyFeeds)?;
				*stale = feed;
			}
			Ok(())
		})?;
		Self::deposit_event(Event::PricePosted { product: product.clone(), org, price });

		let pledges = ProductPledges::<T>::get(&product);
		for id in pledges.iter() {
			let Some(mut pledge) = Pledges::<T>::get(id) else { continue };
			if let Ok(standing) = Self::standing(&pledge, now) {
				if Self::update_margin(*id, &mut pledge, &standing, now) {
					Pledges::<T>::insert(id, pledge);
				}
			}
		}
		Ok(pledges.len() as u32)
	}

	/// Value `quantity` of a product in `currency` from `feeds` fresh at `now`: the median of
	/// the feeds' values (rounded down; with an even count, the mean of the two middle values,
	/// rounded down). `None` without a fresh feed in that currency and unit.
	pub fn quote(
		feeds: &[Feed],
		quantity: Quantity,
		currency: CurrencyCode,
		now: Moment,
	) -> Option<Quote> {
		let mut oldest = Moment::MAX;
		let mut values: Vec<u128> = feeds
			.iter()
			.filter(|f| {
				Self::is_fresh(f.posted_at, now)
					&& f.price.currency == currency
					&& f.price.per.unit == quantity.unit
					&& f.price.per.amount > 0
			})
			.map(|f| {
				oldest = oldest.min(f.posted_at);
				multiply_by_rational_with_rounding(
					quantity.amount,
					f.price.amount,
					f.price.per.amount,
					Rounding::Down,
				)
				.unwrap_or(u128::MAX)
			})
			.collect();
		if values.is_empty() {
			return None;
		}
		values.sort_unstable();
		let n = values.len();
		let value = if n % 2 == 1 {
			values[n / 2]
		} else {
			let (a, b) = (values[n / 2 - 1], values[n / 2]);
			a / 2 + b / 2 + (a % 2 + b % 2) / 2
		};
		Some(Quote { value, feeds: n as u32, oldest })
	}

	/// The risk parameters of `product`.
	pub fn risk_of(product: &ProductCode) -> RiskParams {
		Risk::<T>::get(product).unwrap_or_else(T::DefaultRisk::get)
	}
}
