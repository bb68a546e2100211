//! Supplier scorecards: counters in time buckets over a sliding window; weighted score; tiers.

use crate::*;
use bioledger_primitives::{CredentialKind, OnCredentialLapse};
use sp_runtime::Permill;

impl<T: Config> Pallet<T> {
	fn bucket_now() -> u64 {
		T::Time::now() / T::BucketLength::get().max(1)
	}

	/// Add to the current bucket of `buckets`, dropping buckets older than the window.
	fn bump_buckets(buckets: &mut BucketsOf<T>, now: u64, f: &impl Fn(&mut Counters)) {
		let window = T::WindowBuckets::get() as u64;
		buckets.retain(|(b, _)| b + window > now);
		match buckets.last_mut() {
			Some((b, c)) if *b == now => f(c),
			_ => {
				let mut c = Counters::default();
				f(&mut c);
				if buckets.is_full() {
					buckets.remove(0);
				}
				let _ = buckets.try_push((now, c));
			},
		}
	}

	/// Count something for `supplier` (and the pair with `buyer`).
	pub(crate) fn bump(supplier: OrgId, buyer: Option<OrgId>, f: impl Fn(&mut Counters)) {
		let now = Self::bucket_now();
		SupplierCounters::<T>::mutate(supplier, |b| Self::bump_buckets(b, now, &f));
		if let Some(buyer) = buyer {
			PairCounters::<T>::mutate(buyer, supplier, |b| Self::bump_buckets(b, now, &f));
		}
	}

	fn window_sum(buckets: &BucketsOf<T>) -> Counters {
		let now = Self::bucket_now();
		let window = T::WindowBuckets::get() as u64;
		buckets
			.iter()
			.filter(|(b, _)| b + window > now)
			.fold(Counters::default(), |acc, (_, c)| acc.merged(*c))
	}

	/// Open nonconformances of `supplier` (optionally with `buyer`) past the response target.
	fn overdue(supplier: OrgId, buyer: Option<OrgId>) -> u32 {
		let now = T::Time::now();
		let target = T::ResponseTarget::get();
		OpenNcs::<T>::iter_key_prefix(supplier)
			.take(T::MaxOverdueScan::get() as usize)
			.filter_map(Nonconformances::<T>::get)
			.filter(|nc| {
				nc.supplier == supplier
					&& buyer.is_none_or(|b| b == nc.buyer)
					&& nc.status == NcStatus::Open
					&& now.saturating_sub(nc.opened_at) > target
			})
			.count() as u32
	}

	fn ratio(good: u32, total: u32) -> Permill {
		if total == 0 {
			Permill::one()
		} else {
			Permill::from_rational(good.min(total), total)
		}
	}

	/// The weighted score of `counters` with `overdue` unanswered nonconformances.
	pub fn score(counters: Counters, overdue: u32) -> Scorecard {
		let quality =
			Self::ratio(counters.checked.saturating_sub(counters.failed), counters.checked);
		let delivery = Self::ratio(counters.on_time, counters.deliveries);
		let answered = counters.answered_in_time + counters.answered_late;
		// Late answers earn half.
		let response = if answered + overdue == 0 {
			Permill::one()
		} else {
			Permill::from_rational(
				2 * counters.answered_in_time as u64 + counters.answered_late as u64,
				2 * (answered + overdue) as u64,
			)
		};
		// Each lapse or upheld dispute costs a quarter of the compliance score.
		let hits = counters.lapses.saturating_add(counters.upheld).min(4);
		let compliance = Permill::from_percent(100 - 25 * hits);
		let weighted = |p: Permill, w: u32| p.deconstruct() as u64 * w as u64;
		let total = (weighted(quality, 40)
			+ weighted(delivery, 30)
			+ weighted(response, 20)
			+ weighted(compliance, 10))
			/ 100;
		let total = Permill::from_parts(total as u32);
		let t = Thresholds::<T>::get();
		// No history is no proof of quality: a pair reaches A only after enough checked lots.
		let tier = if total >= t.a && counters.checked >= T::MinHistoryForTierA::get() {
			Tier::A
		} else if total >= t.b {
			Tier::B
		} else if total >= t.c {
			Tier::C
		} else {
			Tier::D
		};
		Scorecard { quality, delivery, response, compliance, total, tier, counters, overdue }
	}

	/// A supplier's scorecard over the window (all buyers).
	pub fn scorecard(supplier: OrgId) -> Scorecard {
		Self::score(
			Self::window_sum(&SupplierCounters::<T>::get(supplier)),
			Self::overdue(supplier, None),
		)
	}

	/// A supplier's scorecard with one buyer: quality, delivery and response from that pair's
	/// own record; compliance (credential lapses, upheld disputes) from the supplier's whole
	/// record, since a lapsed licence is a lapse for every buyer.
	pub fn pair_scorecard(buyer: OrgId, supplier: OrgId) -> Scorecard {
		let mut pair = Self::window_sum(&PairCounters::<T>::get(buyer, supplier));
		let all = Self::window_sum(&SupplierCounters::<T>::get(supplier));
		pair.lapses = all.lapses;
		pair.upheld = pair.upheld.max(all.upheld);
		Self::score(pair, Self::overdue(supplier, Some(buyer)))
	}
}

impl<T: Config> OnCredentialLapse for Pallet<T> {
	fn on_credential_lapse(org: OrgId, _kind: CredentialKind, _at: Moment) {
		Self::bump(org, None, |c| c.lapses += 1);
	}
}
