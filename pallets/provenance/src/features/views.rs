//! What the runtime API shows: lots, traces, recall impact, shipments, trails.

use crate::*;
use alloc::collections::{BTreeSet, VecDeque};

impl<T: Config> Pallet<T> {
	/// A lot.
	pub fn lot_view(id: &LotId) -> Option<LotView> {
		Lots::<T>::get(id).map(|l| LotView {
			id: id.clone(),
			product: l.product,
			producer: l.producer,
			owner: l.owner,
			custodian: l.custodian,
			produced: l.produced,
			remaining: l.remaining,
			used: l.used,
			written_off: l.written_off,
			produced_at: l.produced_at,
			expires_at: l.expires_at,
			status: l.status,
			storage: l.storage,
			parents: l.parents.into_inner(),
			docs: l.docs.into_inner(),
			qc: l.qc,
			lock: l.lock,
			recall: l.recall,
			shipment: l.shipment,
			trail: l.trail,
		})
	}

	/// Breadth-first walk from `start` over `next`, each lot once, up to `max_depth`
	/// generations and `MaxTraceResults` lots.
	fn walk(start: &LotId, max_depth: u32, next: impl Fn(&LotId) -> Vec<(LotId, u128)>) -> Trace {
		let limit = T::MaxTraceResults::get() as usize;
		let mut seen = BTreeSet::from([start.clone()]);
		let mut queue = VecDeque::from([(start.clone(), 0u32)]);
		let mut lots = Vec::new();
		let mut truncated = false;
		while let Some((id, depth)) = queue.pop_front() {
			if depth >= max_depth {
				continue;
			}
			for (n, quantity) in next(&id) {
				if seen.insert(n.clone()) {
					if lots.len() >= limit {
						truncated = true;
						return Trace { lots, truncated };
					}
					lots.push(TraceEntry { lot: n.clone(), depth: depth + 1, quantity });
					queue.push_back((n, depth + 1));
				}
			}
		}
		Trace { lots, truncated }
	}

	/// Every ancestor of `id` up to `max_depth` generations, each once.
	pub fn trace_back(id: &LotId, max_depth: u32) -> Option<Trace> {
		Lots::<T>::contains_key(id).then(|| {
			Self::walk(id, max_depth, |l| {
				Lots::<T>::get(l).map(|lot| lot.parents.into_inner()).unwrap_or_default()
			})
		})
	}

	/// Every descendant of `id` up to `max_depth` generations, each once.
	pub fn trace_forward(id: &LotId, max_depth: u32) -> Option<Trace> {
		Lots::<T>::contains_key(id)
			.then(|| Self::walk(id, max_depth, |l| Children::<T>::iter_prefix(l).collect()))
	}

	/// A page of the lots a recall reached, with their custodian and what is left: up to `max`
	/// (at most `MaxTraceResults`) after `start_after`; the last lot returned is the next cursor.
	pub fn recall_impact(
		recall: RecallId,
		start_after: Option<LotId>,
		max: u32,
	) -> Vec<ImpactEntry> {
		let max = max.min(T::MaxTraceResults::get()) as usize;
		let iter: alloc::boxed::Box<dyn Iterator<Item = LotId>> = match start_after {
			None => alloc::boxed::Box::new(RecallImpact::<T>::iter_key_prefix(recall)),
			Some(after) => alloc::boxed::Box::new(RecallImpact::<T>::iter_key_prefix_from(
				recall,
				RecallImpact::<T>::hashed_key_for(recall, &after),
			)),
		};
		iter.take(max)
			.filter_map(|id| {
				Lots::<T>::get(&id).map(|l| ImpactEntry {
					lot: id,
					custodian: l.custodian,
					owner: l.owner,
					remaining: Quantity::new(l.remaining, l.produced.unit),
					status: l.status,
				})
			})
			.collect()
	}

	/// A page of the shipments `org` sent, received or carried: up to `max` after `start_after`.
	pub fn shipments_of(
		org: OrgId,
		start_after: Option<ShipmentId>,
		max: u32,
	) -> Vec<(ShipmentId, ShipmentOf<T>)> {
		let max = max.min(T::MaxTraceResults::get()) as usize;
		let iter: alloc::boxed::Box<dyn Iterator<Item = ShipmentId>> = match start_after {
			None => alloc::boxed::Box::new(OrgShipments::<T>::iter_key_prefix(org)),
			Some(after) => alloc::boxed::Box::new(OrgShipments::<T>::iter_key_prefix_from(
				org,
				OrgShipments::<T>::hashed_key_for(org, after),
			)),
		};
		iter.take(max)
			.filter_map(|id| Shipments::<T>::get(id).map(|s| (id, s)))
			.collect()
	}

	/// QC results of a lot, oldest first.
	pub fn qc_results(id: &LotId) -> Vec<QcResultOf<T>> {
		let n = Lots::<T>::get(id).map(|l| l.qc.results).unwrap_or(0);
		(0..n).filter_map(|i| QcResults::<T>::get(id, i)).collect()
	}
}
