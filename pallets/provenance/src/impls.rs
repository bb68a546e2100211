//! Invariants checked by `try_state` (and after every unit test).

use crate::*;
use alloc::collections::{BTreeMap, BTreeSet};

impl<T: Config> Pallet<T> {
	/// Check the pallet's invariants:
	/// - mass balance: every lot's `produced = remaining + used + written_off`, and its `used`
	///   equals the sum of its children-index entries; a consumed lot has nothing left;
	/// - the children index mirrors every lot's parent list, both ways;
	/// - every lot has a non-empty audit trail, and as many QC results as its counter says;
	/// - a lot is in transit exactly when it is on an open shipment that lists it;
	/// - a completed recall reached every descendant of its root; a running one is listed;
	/// - a locked lot is not consumed, destroyed or in transit after being locked (locks are
	///   checked by the calls; here: a locked lot is never final);
	/// - the walk roots are exactly the running walks; deposits are held only for live lots.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut used_by_children: BTreeMap<LotId, u128> = BTreeMap::new();
		for (parent, child, q) in Children::<T>::iter() {
			*used_by_children.entry(parent.clone()).or_default() += q;
			let c = Lots::<T>::get(&child).ok_or("child index points to a missing lot")?;
			ensure!(
				c.parents.iter().any(|(p, pq)| *p == parent && *pq == q),
				"child index without parent entry"
			);
		}
		for (id, lot) in Lots::<T>::iter() {
			let total =
				lot.remaining.checked_add(lot.used).and_then(|x| x.checked_add(lot.written_off));
			ensure!(total == Some(lot.produced.amount), "mass balance broken");
			ensure!(
				used_by_children.get(&id).copied().unwrap_or(0) == lot.used,
				"used != children"
			);
			ensure!(
				lot.status != LotStatus::Consumed || lot.remaining == 0,
				"consumed lot with quantity"
			);
			ensure!(
				lot.status != LotStatus::Destroyed || lot.remaining == 0,
				"destroyed lot with quantity"
			);
			ensure!(lot.remaining > 0 || lot.status.is_final(), "empty lot not final");
			for (p, q) in lot.parents.iter() {
				ensure!(Children::<T>::get(p, &id) == Some(*q), "parent entry without child index");
			}
			ensure!(lot.trail.count > 0 && lot.trail.head != [0u8; 32], "empty audit trail");
			ensure!(
				QcResults::<T>::iter_prefix(&id).count() as u32 == lot.qc.results,
				"QC result counter"
			);
			ensure!(lot.lock.is_none() || !lot.status.is_final(), "locked lot is final");
			let in_transit = lot.status == LotStatus::InTransit;
			ensure!(in_transit == lot.shipment.is_some(), "transit without shipment");
			ensure!(in_transit == lot.held_status.is_some(), "transit without held status");
			if let Some(s) = lot.shipment {
				let s = Shipments::<T>::get(s).ok_or("missing shipment")?;
				ensure!(
					s.status == ShipmentStatus::InTransit && s.lots.contains(&id),
					"shipment mismatch"
				);
			}
		}
		let active: BTreeSet<RecallId> = Propagating::<T>::get()
			.into_iter()
			.chain(UrgentPropagating::<T>::get())
			.collect();
		let mut per_org: BTreeMap<OrgId, u32> = BTreeMap::new();
		for rid in Propagating::<T>::get() {
			let r = Recalls::<T>::get(rid).ok_or("propagating recall missing")?;
			*per_org.entry(r.by).or_default() += 1;
		}
		ensure!(
			ActiveRecallsOf::<T>::iter().collect::<BTreeMap<_, _>>() == per_org,
			"per-organisation recall counter"
		);
		for id in TitleConsents::<T>::iter_keys() {
			ensure!(Lots::<T>::contains_key(&id), "title consent for a missing lot");
		}
		for (rid, recall) in Recalls::<T>::iter() {
			ensure!(recall.completed_at.is_none() == active.contains(&rid), "propagating list");
			if recall.completed_at.is_some() {
				let mut stack = alloc::vec![recall.root.clone()];
				let mut seen = BTreeSet::new();
				while let Some(l) = stack.pop() {
					if !seen.insert(l.clone()) {
						continue;
					}
					ensure!(RecallImpact::<T>::contains_key(rid, &l), "descendant not reached");
					ensure!(
						Lots::<T>::get(&l).is_some_and(|x| x.recall.is_some()),
						"descendant not marked"
					);
					stack.extend(Children::<T>::iter_key_prefix(&l));
				}
				ensure!(seen.len() as u32 == recall.reached, "reached counter");
			}
		}
		let walking: BTreeSet<RecallId> = WalkRoots::<T>::get().iter().map(|(r, _)| *r).collect();
		ensure!(walking == active, "walk roots differ from the running walks");
		for rid in active {
			ensure!(Recalls::<T>::contains_key(rid), "unknown propagating recall");
		}
		for (lot, _) in LotDeposits::<T>::iter() {
			let l = Lots::<T>::get(&lot).ok_or("deposit of a missing lot")?;
			ensure!(!l.status.is_final(), "deposit still held for a final lot");
		}
		for lot in AncestryFilters::<T>::iter_keys() {
			ensure!(Lots::<T>::contains_key(&lot), "ancestry filter of a missing lot");
		}
		Ok(())
	}
}
