//! Price sources, feeds, quotes and the margin check a new price triggers.

use crate::*;
use alloc::vec::Vec;
use sp_runtime::{helpers_128bit::multiply_by_rational_with_rounding, Rounding};

impl<T: Config> Pallet<T> {
	/// Whether a feed posted at `posted_at` is fresh at `now`.
	pub(crate) fn is_fresh(posted_at: Moment, now: Moment) -> bool {
		now.saturating_sub(posted_at) <= T::MaxPriceAge::get()
	}

	pub(crate) fn do_add_source(product: ProductCode, org: OrgId) -> DispatchResult {
		ensure!(T::Membership::is_active(org), Error::<T>::InactiveOrg);
		PriceSources::<T>::try_mutate(&product, |sources| -> DispatchResult {
			ensure!(!sources.contains(&org), Error::<T>::AlreadyPriceSource);
			sources.try_push(org).map_err(|_| Error::<T>::TooManyFeeds)?;
			Ok(())
		})?;
		Self::deposit_event(Event::PriceSourceAdded { product, org });
		Ok(())
	}

	pub(crate) fn do_remove_source(product: ProductCode, org: OrgId) -> DispatchResult {
		PriceSources::<T>::try_mutate_exists(&product, |sources| -> DispatchResult {
			let list = sources.as_mut().ok_or(Error::<T>::NotPriceSource)?;
			let i = list.iter().position(|o| *o == org).ok_or(Error::<T>::NotPriceSource)?;
			list.remove(i);
			if list.is_empty() {
				*sources = None;
			}
			Ok(())
		})?;
		Feeds::<T>::mutate_exists(&product, |feeds| {
			if let Some(list) = feeds {
				list.retain(|f| f.org != org);
				if list.is_empty() {
					*feeds = None;
				}
			}
		});
		Self::deposit_event(Event::PriceSourceRemoved { product, org });
		Ok(())
	}

	/// Store `org`'s price for `product` (its earlier one becomes the prior point), then
	/// re-value the active pledges on the product. Returns how many pledges were re-valued.
	pub(crate) fn do_post_price(
		org: OrgId,
		product: ProductCode,
		price: Price,
	) -> Result<u32, DispatchError> {
		ensure!(PriceSources::<T>::get(&product).contains(&org), Error::<T>::NotPriceSource);
		ensure!(
			price.amount > 0 && price.per.amount > 0 && is_currency_code(&price.currency),
			Error::<T>::InvalidPrice
		);
		let now = Self::now();
		Feeds::<T>::try_mutate(&product, |feeds| -> DispatchResult {
			if let Some(slot) = feeds.iter_mut().find(|f| f.org == org) {
				ensure!(
					now.saturating_sub(slot.posted_at) >= T::PriceSettlement::get(),
					Error::<T>::TooSoon
				);
				*slot =
					Feed { org, price, posted_at: now, prior: Some((slot.price, slot.posted_at)) };
			} else {
				// Bounded by the sources, which are bounded by the same limit.
				feeds
					.try_push(Feed { org, price, posted_at: now, prior: None })
					.map_err(|_| Error::<T>::TooManyFeeds)?;
			}
			Ok(())
		})?;
		Self::deposit_event(Event::PricePosted { product: product.clone(), org, price });

		let pledges = ProductPledges::<T>::get(&product);
		for id in pledges.iter() {
			Self::revalue(*id, now);
		}
		Ok(pledges.len() as u32)
	}

	/// Re-value active pledge `id` from fresh prices and move its margin level (events on a
	/// change). Without a quorum the level stays as it was.
	pub(crate) fn revalue(id: PledgeId, now: Moment) {
		let Some(mut pledge) = Pledges::<T>::get(id) else { return };
		if pledge.status != PledgeStatus::Active {
			return;
		}
		if let Ok(standing) = Self::standing(&pledge, now, PriceView::Fresh) {
			if Self::update_margin(id, &mut pledge, &standing, now) {
				Pledges::<T>::insert(id, pledge);
			}
		}
	}

	/// Value `amount` (in `unit`) of a product in `currency` at `now` from `feeds`, leaving out
	/// the sources in `exclude` (the pledge's parties): the lower median of the values of at
	/// least `MinFeeds` usable points, rounded down. With at least three honest sources around
	/// it, one outlier cannot move it outside the honest values. `Ok(None)` without a quorum;
	/// `Err` if a value overflows.
	pub fn quote(
		feeds: &[Feed],
		amount: u128,
		unit: bioledger_primitives::Unit,
		currency: CurrencyCode,
		now: Moment,
		exclude: &[OrgId],
		view: PriceView,
	) -> Result<Option<Quote>, DispatchError> {
		let settlement = T::PriceSettlement::get();
		let mut oldest = Moment::MAX;
		let mut values: Vec<u128> = Vec::with_capacity(feeds.len());
		for f in feeds.iter().filter(|f| !exclude.contains(&f.org)) {
			let Some((price, at)) = f.point(now, view == PriceView::Settled, settlement) else {
				continue;
			};
			if !Self::is_fresh(at, now)
				|| price.currency != currency
				|| price.per.unit != unit
				|| price.per.amount == 0
			{
				continue;
			}
			oldest = oldest.min(at);
			let value = multiply_by_rational_with_rounding(
				amount,
				price.amount,
				price.per.amount,
				Rounding::Down,
			)
			.ok_or(Error::<T>::Overflow)?;
			values.push(value);
		}
		if (values.len() as u32) < T::MinFeeds::get() {
			return Ok(None);
		}
		values.sort_unstable();
		let value = values[(values.len() - 1) / 2];
		Ok(Some(Quote { value, feeds: values.len() as u32, oldest }))
	}

	/// The risk parameters of `product`.
	pub fn risk_of(product: &ProductCode) -> RiskParams {
		Risk::<T>::get(product).unwrap_or_else(T::DefaultRisk::get)
	}
}
