//! Shared checks, the audit trail and the recall-ancestry check.

use crate::*;
use alloc::collections::{BTreeSet, VecDeque};

/// Counts ancestor lots read while checking for recalls during a recall walk; the calls that
/// check ancestry declare the worst case (`MaxAncestorCheck`) and refund the unused part.
#[derive(Default)]
pub(crate) struct AncestryBudget {
	/// Ancestor lots read so far in this call.
	pub used: u32,
	seen: BTreeSet<LotId>,
}

impl<T: Config> Pallet<T> {
	/// The active organisation `origin` acts for with `role`.
	pub(crate) fn ensure_role(origin: OriginFor<T>, role: Role) -> Result<OrgId, DispatchError> {
		let who = ensure_signed(origin)?;
		T::Membership::acting_org(&who, role).ok_or_else(|| Error::<T>::NotAuthorized.into())
	}

	/// `org` holds every credential governance requires for `action` now.
	pub(crate) fn ensure_qualified(org: OrgId, action: GatedAction) -> DispatchResult {
		T::Membership::qualified(org, action, T::Time::now())
			.map_err(|_| Error::<T>::MissingCredential.into())
	}

	/// A lot id is non-empty printable ASCII (GS1 AI 10 allows a subset of it).
	pub(crate) fn ensure_lot_id(id: &LotId) -> DispatchResult {
		ensure!(
			!id.is_empty() && id.iter().all(|c| c.is_ascii_graphic()),
			Error::<T>::InvalidLotId
		);
		Ok(())
	}

	/// A new lot id: well formed and unused.
	pub(crate) fn ensure_new_lot(id: &LotId) -> DispatchResult {
		Self::ensure_lot_id(id)?;
		ensure!(!Lots::<T>::contains_key(id), Error::<T>::LotExists);
		Ok(())
	}

	/// The lot.
	pub(crate) fn lot(id: &LotId) -> Result<LotOf<T>, DispatchError> {
		Lots::<T>::get(id).ok_or_else(|| Error::<T>::LotNotFound.into())
	}

	/// Hash `event` into `lot`'s audit trail.
	pub(crate) fn note(lot: &mut LotOf<T>, event: &Event<T>) {
		lot.trail.note(event);
	}

	/// Hash `event` into the trail of every lot in `lots`, then deposit it.
	pub(crate) fn emit(event: Event<T>, lots: &mut [&mut LotOf<T>]) {
		for lot in lots.iter_mut() {
			Self::note(lot, &event);
		}
		Self::deposit_event(event);
	}

	/// The lot may be used in a movement or transformation: not locked, not recalled, and (while
	/// a recall walk runs) without a recalled ancestor.
	pub(crate) fn ensure_free(lot: &LotOf<T>, budget: &mut AncestryBudget) -> DispatchResult {
		ensure!(lot.lock.is_none(), Error::<T>::Locked);
		Self::ensure_not_recalled(lot, budget)
	}

	/// Neither the lot nor (while a recall walk runs) any ancestor is recalled.
	///
	/// When no walk is running, every descendant of a recalled lot already carries the recall,
	/// so the lot's own mark is enough. While one runs, the ancestry is walked breadth first up
	/// to `MaxAncestorCheck` lots (shared by the whole call); a larger ancestry is refused with
	/// `RecallInProgress` until the walk finishes.
	pub(crate) fn ensure_not_recalled(
		lot: &LotOf<T>,
		budget: &mut AncestryBudget,
	) -> DispatchResult {
		ensure!(lot.recall.is_none() && lot.status != LotStatus::Recalled, Error::<T>::Recalled);
		if !Self::recalls_propagating() {
			return Ok(());
		}
		let mut queue: VecDeque<LotId> = lot.parents.iter().map(|(p, _)| p.clone()).collect();
		while let Some(p) = queue.pop_front() {
			if !budget.seen.insert(p.clone()) {
				continue;
			}
			ensure!(budget.used < T::MaxAncestorCheck::get(), Error::<T>::RecallInProgress);
			budget.used += 1;
			let ancestor = Self::lot(&p)?;
			ensure!(ancestor.recall.is_none(), Error::<T>::Recalled);
			queue.extend(ancestor.parents.iter().map(|(a, _)| a.clone()));
		}
		Ok(())
	}

	/// Post-dispatch weight: the call's own weight plus the ancestry actually read.
	pub(crate) fn with_ancestry(
		base: Weight,
		budget: &AncestryBudget,
	) -> DispatchResultWithPostInfo {
		Ok(Some(base.saturating_add(T::WeightInfo::check_ancestry(budget.used))).into())
	}
}
