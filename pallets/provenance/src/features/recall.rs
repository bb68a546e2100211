//! Recall: the lot at once, its descendants by a bounded walk over the children index.

use crate::*;
use bioledger_primitives::OrgKind;
use frame_support::traits::Get;

impl<T: Config> Pallet<T> {
	/// Who orders a recall of a lot made by `producer` if `who` asks, and whether it is a
	/// regulator's: an auditor of an active regulator, or a QA approver of the producer.
	pub fn recaller(who: &T::AccountId, producer: OrgId) -> Option<(OrgId, bool)> {
		let by_regulator = T::Membership::acting_org(who, Role::Auditor)
			.filter(|o| T::Membership::kind_of(*o) == Some(OrgKind::Regulator));
		let by_producer =
			T::Membership::acting_org(who, Role::QaApprover).filter(|o| *o == producer);
		by_regulator.map(|o| (o, true)).or(by_producer.map(|o| (o, false)))
	}

	/// Whether `who` may recall `lot` (checked in the pool, before a recall takes its
	/// operational priority; the call checks it again).
	pub fn may_recall(who: &T::AccountId, lot: &LotId) -> bool {
		Lots::<T>::get(lot).is_some_and(|l| Self::recaller(who, l.producer).is_some())
	}

	pub(crate) fn do_recall(who: T::AccountId, id: LotId, reason: DocHash) -> DispatchResult {
		let mut lot = Self::lot(&id)?;
		let (by, urgent) = Self::recaller(&who, lot.producer).ok_or(Error::<T>::NotAuthorized)?;
		ensure!(lot.recall.is_none(), Error::<T>::AlreadyRecalled);
		let recall = NextRecallId::<T>::get();
		if urgent {
			// A regulator's recall has its own queue: producers cannot fill it.
			let mut queue = UrgentPropagating::<T>::get();
			queue.try_push(recall).map_err(|_| Error::<T>::TooManyRecalls)?;
			UrgentPropagating::<T>::put(queue);
		} else {
			let mine = ActiveRecallsOf::<T>::get(by);
			ensure!(mine < T::MaxRecallsPerOrg::get(), Error::<T>::TooManyRecalls);
			let mut queue = Propagating::<T>::get();
			queue.try_push(recall).map_err(|_| Error::<T>::TooManyRecalls)?;
			Propagating::<T>::put(queue);
			ActiveRecallsOf::<T>::insert(by, mine + 1);
		}
		Self::note_walk_root(recall, &id)?;
		NextRecallId::<T>::put(recall + 1);
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
		Lots::<T>::insert(&id, &lot);
		Self::notify_lock_holder(&id, &lot);
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

	/// `on_initialize`: walk running recalls, regulators' first, within a budget of
	/// `MaxRecallVisitsPerBlock` units: one per children-index entry visited, one per frontier
	/// entry taken off the queue (a leaf costs too, so no genealogy shape makes the walk
	/// unbounded), and for a locked lot reached, the lock holder's re-valuation in units.
	/// Returns the weight used.
	pub(crate) fn propagate_recalls() -> Weight {
		let mut urgent = UrgentPropagating::<T>::get();
		let mut normal = Propagating::<T>::get();
		if urgent.is_empty() && normal.is_empty() {
			return T::DbWeight::get().reads(2);
		}
		let urgent_len = urgent.len();
		let mut walk = Walk::<T>::new();
		// Regulators' walks first, oldest first; then the producers' walks share what is left
		// equally, so no producer's long walk delays another's.
		let urgent_done = walk.run(&mut urgent, false);
		let normal_done = walk.run(&mut normal, true);
		for (_, by) in normal_done.iter() {
			ActiveRecallsOf::<T>::mutate_exists(by, |n| {
				*n = n.and_then(|n| n.checked_sub(1)).filter(|n| *n > 0);
			});
		}
		let done: Vec<RecallId> =
			urgent_done.iter().chain(normal_done.iter()).map(|(r, _)| *r).collect();
		Self::forget_walk_roots(&done);
		if urgent.len() != urgent_len {
			UrgentPropagating::<T>::put(urgent);
		}
		if !normal.is_empty() || !normal_done.is_empty() {
			Propagating::<T>::put(normal);
		}
		let finished = done.len() as u64;
		T::WeightInfo::propagate_recall(walk.visited.saturating_add(walk.pops))
			.saturating_add(
				T::LockHooks::on_locked_lot_changed_weight().saturating_mul(walk.hooks.into()),
			)
			.saturating_add(T::DbWeight::get().reads_writes(3 + 2 * finished, 3 + 2 * finished))
	}
}

/// One block's share of the recall walks.
struct Walk<T> {
	/// Units left.
	budget: u32,
	/// Units a lock holder's re-valuation costs.
	hook_units: u32,
	/// Children-index entries visited.
	visited: u32,
	/// Frontier entries taken off the queues.
	pops: u32,
	/// Lock holders told.
	hooks: u32,
	_t: core::marker::PhantomData<T>,
}

impl<T: Config> Walk<T> {
	fn new() -> Self {
		let visit = T::WeightInfo::propagate_recall(1)
			.saturating_sub(T::WeightInfo::propagate_recall(0))
			.ref_time()
			.max(1);
		let hook = T::LockHooks::on_locked_lot_changed_weight().ref_time();
		let hook_units = u32::try_from(hook.div_ceil(visit)).unwrap_or(u32::MAX);
		Walk {
			budget: T::MaxRecallVisitsPerBlock::get(),
			hook_units,
			visited: 0,
			pops: 0,
			hooks: 0,
			_t: Default::default(),
		}
	}

	/// Walk the recalls of `queue` while the budget lasts: oldest first, or (`fair`) each with
	/// an equal share of the budget, a finished walk's unused share going to the next, and the
	/// queue rotated so that no walk always goes first. Finished recalls leave the queue;
	/// returns each with the organisation that ordered it.
	fn run<S: Get<u32>>(
		&mut self,
		queue: &mut BoundedVec<RecallId, S>,
		fair: bool,
	) -> Vec<(RecallId, OrgId)> {
		let mut finished = Vec::new();
		let n = queue.len() as u32;
		if n == 0 {
			return finished;
		}
		let share = if fair { (self.budget / n).max(1) } else { u32::MAX };
		let mut waiting = Vec::new();
		for rid in queue.iter().copied() {
			if self.budget == 0 {
				waiting.push(rid);
				continue;
			}
			let Some(mut recall) = Recalls::<T>::get(rid) else { continue };
			let spare = self.budget.saturating_sub(share);
			self.budget -= spare;
			self.step(rid, &mut recall);
			self.budget += spare;
			if recall.frontier.0 >= recall.frontier.1 {
				recall.completed_at = Some(T::Time::now());
				finished.push((rid, recall.by));
				Pallet::<T>::deposit_event(Event::RecallCompleted {
					recall: rid,
					lots: recall.reached,
				});
			} else {
				waiting.push(rid);
			}
			Recalls::<T>::insert(rid, recall);
		}
		if fair && waiting.len() > 1 {
			waiting.rotate_left(1);
		}
		*queue = BoundedVec::truncate_from(waiting);
		finished
	}

	/// Advance one recall's frontier within the budget.
	fn step(&mut self, rid: RecallId, recall: &mut Recall) {
		while self.budget > 0 && recall.frontier.0 < recall.frontier.1 {
			self.budget -= 1;
			self.pops += 1;
			let pos = recall.frontier.0;
			let Some((parent, cursor)) = RecallFrontier::<T>::get(rid, pos) else {
				recall.frontier.0 += 1;
				continue;
			};
			let children: alloc::boxed::Box<dyn Iterator<Item = (LotId, u128)>> = match &cursor {
				None => alloc::boxed::Box::new(Children::<T>::iter_prefix(&parent)),
				Some(last) => alloc::boxed::Box::new(Children::<T>::iter_prefix_from(
					&parent,
					Children::<T>::hashed_key_for(&parent, last),
				)),
			};
			let mut last = cursor.clone();
			let mut exhausted = true;
			for (child, _) in children {
				if self.budget == 0 {
					exhausted = false;
					break;
				}
				self.budget -= 1;
				self.visited += 1;
				last = Some(child.clone());
				if RecallImpact::<T>::contains_key(rid, &child) {
					continue;
				}
				RecallImpact::<T>::insert(rid, &child, ());
				if let Some(mut lot) = Lots::<T>::get(&child) {
					Pallet::<T>::mark_recalled(rid, &child, &mut lot);
					Lots::<T>::insert(&child, &lot);
					if lot.lock.is_some() {
						Pallet::<T>::notify_lock_holder(&child, &lot);
						self.hooks += 1;
						self.budget = self.budget.saturating_sub(self.hook_units);
					}
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
	}
}
