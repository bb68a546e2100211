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

	/// Value of receipt `id` now: in its pledge's currency, or (unpledged) in the currency of
	/// the freshest feed of its product; with the pledge's loan-to-value, health and margin
	/// level. `None` if the receipt does not exist or no fresh price values it.
	pub fn valuation(id: ReceiptId) -> Option<Valuation> {
		let receipt = Receipts::<T>::get(id)?;
		let now = Self::now();
		let feeds = Feeds::<T>::get(&receipt.product);
		let pledge = receipt.pledge.and_then(|p| Pledges::<T>::get(p).map(|x| (p, x)));
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
		let quote = Self::quote(&feeds, receipt.quantity, currency, now)?;
		let standing = pledge.as_ref().and_then(|(_, p)| Self::standing(p, now).ok());
		let outstanding = pledge.as_ref().map(|(_, p)| p.outstanding).unwrap_or(0);
		Some(Valuation {
			currency,
			value: quote.value,
			price_age: now.saturating_sub(quote.oldest),
			feeds: quote.feeds,
			pledge: pledge.as_ref().map(|(p, _)| *p),
			ltv: standing.and_then(|s| s.ltv(outstanding)),
			health: standing.and_then(|s| s.health(outstanding)),
			margin: standing.map(|s| s.level(outstanding)),
		})
	}

	/// Active pledges whose loan-to-value is at least `threshold` now (a pledge whose
	/// collateral is worth nothing counts with the largest LTV), plus those with an
	/// outstanding margin call that no fresh price can value, at their last known level.
	pub fn pledges_at_risk(threshold: Permill) -> Vec<AtRisk> {
		let now = Self::now();
		let threshold = FixedU128::from(threshold);
		ActivePledges::<T>::iter_keys()
			.filter_map(|id| {
				let p = Pledges::<T>::get(id)?;
				match Self::standing(&p, now) {
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
