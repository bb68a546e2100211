//! Recall: the lot at once, its descendants by a bounded walk over the children index.

use crate::*;
use bioledger_primitives::OrgKind;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_recall(who: T::AccountId, id: LotId, reason: DocHash) -> DispatchResult {
		let mut lot = Self::lot(&id)?;
		let by_producer =
			T::Membership::acting_org(&who, Role::QaApprover).filter(|o| *o == lot.producer);
		let by_regulator = T::Membership::acting_org(&who, Role::Auditor)
			.filter(|o| T::Membership::kind_of(*o) == Some(OrgKind::Regulator));
		let by = by_producer.or(by_regulator).ok_or(Error::<T>::NotAuthorized)?;
		ensure!(lot.recall.is_none(), Error::<T>::AlreadyRecalled);
		let recall = NextRecallId::<T>::get();
		let mut active = Propagating::<T>::get();
		active.try_push(recall).map_err(|_| Error::<T>::TooManyRecalls)?;
		NextRecallId::<T>::put(recall + 1);
		Propagating::<T>::put(active);
		Recalls::<T>::insert(
			recall,
			Recall {
				root: id.clone(),
				by,
				reason,
				at: T::Time::now(),
				reached: 1,
				frontier: (0, 1),
				completed_at: None,
			},
		);
		RecallFrontier::<T>::insert(recall, 0, (id.clone(), None::<LotId>));
		RecallImpact::<T>::insert(recall, &id, ());
		Self::emit(Event::RecallStarted { recall, lot: id.clone(), by, reason }, &mut [&mut lot]);
		Self::mark_recalled(recall, &id, &mut lot);
		Lots::<T>::insert(&id, lot);
		Ok(())
	}

	/// Put `recall` on `lot` and note it in its trail (the caller stores the lot).
	fn mark_recalled(recall: RecallId, id: &LotId, lot: &mut LotOf<T>) {
		if lot.recall.is_none() {
			lot.recall = Some(recall);
		}
		match lot.status {
			LotStatus::InTransit => {
				if !lot.held_status.is_some_and(|s| s.is_final()) {
					lot.held_status = Some(LotStatus::Recalled);
				}
			},
			s if s.is_final() => {},
			_ => lot.status = LotStatus::Recalled,
		}
		Self::emit(Event::LotRecalled { recall, lot: id.clone() }, &mut [lot]);
	}

	/// `on_initialize`: walk running recalls, at most `MaxRecallVisitsPerBlock` children-index
	/// entries in total. Returns the weight used.
	pub(crate) fn propagate_recalls() -> Weight {
		let mut active = Propagating::<T>::get();
		if active.is_empty() {
			return T::DbWeight::get().reads(1);
		}
		let mut budget = T::MaxRecallVisitsPerBlock::get();
		let mut visited = 0u32;
		let mut finished = 0u32;
		while budget > 0 {
			let Some(&rid) = active.first() else { break };
			let Some(mut recall) = Recalls::<T>::get(rid) else {
				active.remove(0);
				continue;
			};
			while budget > 0 && recall.frontier.0 < recall.frontier.1 {
				let pos = recall.frontier.0;
				let Some((parent, cursor)) = RecallFrontier::<T>::get(rid, pos) else {
					recall.frontier.0 += 1;
					continue;
				};
				let children: alloc::boxed::Box<dyn Iterator<Item = (LotId, u128)>> = match &cursor
				{
					None => alloc::boxed::Box::new(Children::<T>::iter_prefix(&parent)),
					Some(last) => alloc::boxed::Box::new(Children::<T>::iter_prefix_from(
						&parent,
						Children::<T>::hashed_key_for(&parent, last),
					)),
				};
				let mut last = cursor.clone();
				let mut exhausted = true;
				for (child, _) in children {
					if budget == 0 {
						exhausted = false;
						break;
					}
					budget -= 1;
					visited += 1;
					last = Some(child.clone());
					if RecallImpact::<T>::contains_key(rid, &child) {
						continue;
					}
					RecallImpact::<T>::insert(rid, &child, ());
					if let Some(mut lot) = Lots::<T>::get(&child) {
						Self::mark_recalled(rid, &child, &mut lot);
						Lots::<T>::insert(&child, lot);
					}
					RecallFrontier::<T>::insert(rid, recall.frontier.1, (child, None::<LotId>));
					recall.frontier.1 += 1;
					recall.reached += 1;
				}
				if exhausted {
					RecallFrontier::<T>::remove(rid, pos);
					recall.frontier.0 += 1;
				} else {
					RecallFrontier::<T>::insert(rid, pos, (parent, last));
				}
			}
			if recall.frontier.0 >= recall.frontier.1 {
				recall.completed_at = Some(T::Time::now());
				active.remove(0);
				finished += 1;
				Self::deposit_event(Event::RecallCompleted { recall: rid, lots: recall.reached });
			}
			Recalls::<T>::insert(rid, recall);
			if budget > 0 && active.is_empty() {
				break;
			}
		}
		Propagating::<T>::put(active);
		T::WeightInfo::propagate_recall(visited).saturating_add(
			T::DbWeight::get().reads_writes(1 + finished as u64, 1 + finished as u64),
		)
	}
}
