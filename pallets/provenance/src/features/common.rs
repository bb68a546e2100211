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

impl AncestryBudget {
	/// Walk `lot`'s ancestry breadth first for a recalled ancestor, within `MaxAncestorCheck`
	/// lots for the whole call: `Recalled` if one is found, `RecallInProgress` past the budget.
	pub(crate) fn walk<T: Config>(&mut self, lot: &LotOf<T>) -> DispatchResult {
		let mut queue: VecDeque<LotId> = lot.parents.iter().map(|(p, _)| p.clone()).collect();
		while let Some(p) = queue.pop_front() {
			if !self.seen.insert(p.clone()) {
				continue;
			}
			ensure!(self.used < T::MaxAncestorCheck::get(), Error::<T>::RecallInProgress);
			self.used += 1;
			let ancestor = Pallet::<T>::lot(&p)?;
			ensure!(ancestor.recall.is_none(), Error::<T>::Recalled);
			queue.extend(ancestor.parents.iter().map(|(a, _)| a.clone()));
		}
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	/// The active organisation `origin` acts for with `role`.
	pub(crate) fn ensure_role(origin: OriginFor<T>, role: Role) -> Result<OrgId, DispatchError> {
		Self::ensure_role_who(origin, role).map(|(_, org)| org)
	}

	/// The signing account and the active organisation it acts for with `role`.
	pub(crate) fn ensure_role_who(
		origin: OriginFor<T>,
		role: Role,
	) -> Result<(T::AccountId, OrgId), DispatchError> {
		let who = ensure_signed(origin)?;
		let org = T::Membership::acting_org(&who, role).ok_or(Error::<T>::NotAuthorized)?;
		Ok((who, org))
	}

	/// Hold the lot deposit of each new lot from `who`.
	pub(crate) fn hold_lot_deposits<'a>(
		who: &T::AccountId,
		lots: impl IntoIterator<Item = &'a LotId>,
	) -> DispatchResult {
		use frame_support::traits::fungible::MutateHold;
		let deposit = T::LotDeposit::get();
		for lot in lots {
			T::Currency::hold(&HoldReason::LotDeposit.into(), who, deposit)
				.map_err(|_| Error::<T>::InsufficientDeposit)?;
			LotDeposits::<T>::insert(lot, (who.clone(), deposit));
		}
		Ok(())
	}

	/// Give back the deposit of a lot that is used up or destroyed (if one was held).
	pub(crate) fn release_lot_deposit(lot: &LotId) {
		use frame_support::traits::{fungible::MutateHold, tokens::Precision};
		if let Some((who, deposit)) = LotDeposits::<T>::take(lot) {
			let _ = T::Currency::release(
				&HoldReason::LotDeposit.into(),
				&who,
				deposit,
				Precision::BestEffort,
			);
		}
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

	/// The lot may be used in a movement or transformation: not locked, not recalled, and
	/// without a recalled ancestor a running walk has not reached yet.
	pub(crate) fn ensure_free(
		id: &LotId,
		lot: &LotOf<T>,
		budget: &mut AncestryBudget,
	) -> DispatchResult {
		ensure!(lot.lock.is_none(), Error::<T>::Locked);
		Self::ensure_not_recalled(id, lot, budget)
	}

	/// Post-dispatch weight: the call's own weight plus the ancestry actually read.
	pub(crate) fn with_ancestry(
		base: Weight,
		budget: &AncestryBudget,
	) -> DispatchResultWithPostInfo {
		Ok(Some(base.saturating_add(T::WeightInfo::check_ancestry(budget.used))).into())
	}
}
