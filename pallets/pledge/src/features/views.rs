//! Read-only views behind the runtime API.

use crate::*;
use alloc::vec::Vec;
use sp_runtime::{traits::Bounded, Permill};

impl<T: Config> Pallet<T> {
	/// Active receipts held by `org`, with their records.
	pub fn receipts_of(org: OrgId) -> Vec<(ReceiptId, ReceiptOf<T>)> {
		HolderReceipts::<T>::iter_key_prefix(org)
			.filter_map(|id| Receipts::<T>::get(id).map(|r| (id, r)))
			.collect()
	}

	/// The currency receipt `r` is valued in: its pledge's, or (unpledged) that of the
	/// freshest feed of its product; with the pledge, if any.
	fn valuation_context(
		r: &ReceiptOf<T>,
		feeds: &[Feed],
		now: Moment,
	) -> Option<(CurrencyCode, Option<(PledgeId, PledgeOf<T>)>)> {
		let pledge = r.pledge.and_then(|p| Pledges::<T>::get(p).map(|x| (p, x)));
		let currency = match &pledge {
			Some((_, p)) => p.currency,
			None => {
				feeds
					.iter()
					.filter(|f| Self::is_fresh(f.posted_at, now))
					.max_by_key(|f| f.posted_at)?
					.price
					.currency
			},
		};
		Some((currency, pledge))
	}

	/// Value of receipt `id` now (lots that value at zero left out): in its pledge's currency
	/// from sources other than the pledge's parties, or (unpledged) in the currency of the
	/// freshest feed of its product; with the pledge's loan-to-value, health and margin level.
	/// `None` if the receipt does not exist or no quorum of fresh prices values it.
	pub fn valuation(id: ReceiptId) -> Option<Valuation> {
		let receipt = Receipts::<T>::get(id)?;
		let now = Self::now();
		let feeds = Feeds::<T>::get(&receipt.product);
		let (currency, pledge) = Self::valuation_context(&receipt, &feeds, now)?;
		let parties: Vec<OrgId> = pledge
			.as_ref()
			.map(|(_, p)| alloc::vec![p.borrower, p.lender])
			.unwrap_or_default();
		let amount = receipt.valuable_amount(now, PriceView::Fresh, &|_| true);
		let worthless_lots = receipt.lots.iter().filter(|l| !l.good_at(now)).count() as u32;
		let quote = if amount == 0 {
			Quote { value: 0, feeds: 0, oldest: now }
		} else {
			Self::quote(
				&feeds,
				amount,
				receipt.quantity.unit,
				currency,
				now,
				&parties,
				PriceView::Fresh,
			)
			.ok()??
		};
		let standing =
			pledge.as_ref().and_then(|(_, p)| Self::standing(p, now, PriceView::Fresh).ok());
		let outstanding = pledge.as_ref().map(|(_, p)| p.outstanding).unwrap_or(0);
		Some(Valuation {
			currency,
			value: quote.value,
			price_age: now.saturating_sub(quote.oldest),
			feeds: quote.feeds,
			worthless_lots,
			pledge: pledge.as_ref().map(|(p, _)| *p),
			ltv: standing.and_then(|s| s.ltv(outstanding)),
			health: standing.and_then(|s| s.health(outstanding)),
			margin: standing.map(|s| s.level(outstanding)),
		})
	}

	/// Every lot of receipt `id` with its share of the receipt's value now and, for a lot
	/// that values at zero, why (recalled or rejected, quarantined, expired).
	pub fn lot_values(id: ReceiptId) -> Vec<LotValue> {
		let Some(receipt) = Receipts::<T>::get(id) else { return Vec::new() };
		let now = Self::now();
		let total = receipt.valuable_amount(now, PriceView::Fresh, &|_| true);
		let value = Self::valuation(id).map(|v| v.value).unwrap_or(0);
		receipt
			.lots
			.iter()
			.map(|l| {
				let facts = T::Lots::facts(&l.lot);
				let zero = if facts.as_ref().is_none_or(|f| !f.usable)
					|| l.condition == Condition::Unusable
				{
					Some(ZeroReason::Unusable)
				} else if l.condition != Condition::Good
					|| facts.as_ref().is_some_and(|f| f.quarantined)
				{
					Some(ZeroReason::Quarantined)
				} else if now >= l.expires_at {
					Some(ZeroReason::Expired)
				} else {
					None
				};
				let share = match (zero, total) {
					(None, t) if t > 0 => {
						sp_runtime::helpers_128bit::multiply_by_rational_with_rounding(
							value,
							l.amount,
							t,
							sp_runtime::Rounding::Down,
						)
						.unwrap_or(0)
					},
					_ => 0,
				};
				LotValue { lot: l.lot.clone(), amount: l.amount, value: share, zero }
			})
			.collect()
	}

	/// The price sources of `product` and their feeds.
	pub fn feeds_of(product: &ProductCode) -> (Vec<OrgId>, Vec<Feed>) {
		(PriceSources::<T>::get(product).into_inner(), Feeds::<T>::get(product).into_inner())
	}

	/// Active pledges whose loan-to-value is at least `threshold` now (a pledge whose
	/// collateral is worth nothing counts with the largest LTV), plus those with an
	/// outstanding margin call that no quorum of fresh prices can value, at their last known
	/// level.
	pub fn pledges_at_risk(threshold: Permill) -> Vec<AtRisk> {
		let now = Self::now();
		let threshold = FixedU128::from(threshold);
		ActivePledges::<T>::iter_keys()
			.filter_map(|id| {
				let p = Pledges::<T>::get(id)?;
				match Self::standing(&p, now, PriceView::Fresh) {
					Ok(s) => {
						let ltv = s.ltv(p.outstanding).unwrap_or_else(FixedU128::max_value);
						(ltv >= threshold).then_some(AtRisk {
							pledge: id,
							ltv,
							margin: s.level(p.outstanding),
							margin_since: p.margin_since,
						})
					},
					Err(_) => (p.margin != MarginLevel::Healthy).then_some(AtRisk {
						pledge: id,
						ltv: FixedU128::max_value(),
						margin: p.margin,
						margin_since: p.margin_since,
					}),
				}
			})
			.collect()
	}
}
