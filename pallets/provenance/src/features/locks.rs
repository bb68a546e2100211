//! Locks on lots (for the pledge pallet) and read access for other pallets.

use crate::*;
use bioledger_primitives::{LotFacts, LotLock, Lots as LotsTrait};

impl<T: Config> LotLock for Pallet<T> {
	fn lock(id: &LotId, holder: LockHolder) -> DispatchResult {
		let mut lot = Self::lot(id)?;
		ensure!(lot.lock.is_none(), Error::<T>::Locked);
		ensure!(lot.recall.is_none(), Error::<T>::Recalled);
		// A lot a running recall walk may still reach is not locked (receipted, pledged) until
		// the walk has passed: value must not be raised on a descendant of a recalled lot.
		ensure!(!Self::recall_may_reach(id), Error::<T>::RecallInProgress);
		// From now on title follows the lock holder: no earlier consent survives.
		TitleConsents::<T>::remove(id);
		ensure!(
			matches!(lot.status, LotStatus::Active | LotStatus::Released | LotStatus::Quarantined),
			Error::<T>::InvalidStatus
		);
		lot.lock = Some(holder);
		Self::emit(Event::LotLocked { lot: id.clone(), holder }, &mut [&mut lot]);
		Lots::<T>::insert(id, lot);
		Ok(())
	}

	fn unlock(id: &LotId, holder: LockHolder) -> DispatchResult {
		let mut lot = Self::lot(id)?;
		ensure!(lot.lock == Some(holder), Error::<T>::NotLockHolder);
		lot.lock = None;
		Self::emit(Event::LotUnlocked { lot: id.clone(), holder }, &mut [&mut lot]);
		Lots::<T>::insert(id, lot);
		Ok(())
	}

	fn locked_by(id: &LotId) -> Option<LockHolder> {
		Lots::<T>::get(id).and_then(|l| l.lock)
	}

	fn transfer_title(id: &LotId, holder: LockHolder, to: OrgId) -> DispatchResult {
		let mut lot = Self::lot(id)?;
		ensure!(lot.lock == Some(holder), Error::<T>::NotLockHolder);
		let from = lot.owner;
		if from == to {
			return Ok(());
		}
		lot.owner = to;
		TitleConsents::<T>::remove(id);
		Self::emit(
			Event::TitleTransferred { lot: id.clone(), from, to, by: holder },
			&mut [&mut lot],
		);
		Lots::<T>::insert(id, lot);
		Ok(())
	}
}

impl<T: Config> LotsTrait for Pallet<T> {
	fn facts(id: &LotId) -> Option<LotFacts> {
		// A lot a running recall walk may still reach counts as recalled until it has passed.
		let pending_recall = Self::recall_may_reach(id);
		Lots::<T>::get(id).map(|l| {
			let qc_failed = l.qc.results > 0
				&& QcResults::<T>::get(id, l.qc.results - 1)
					.is_some_and(|r| r.verdict == bioledger_primitives::QcVerdict::Fail);
			LotFacts {
				product: l.product,
				producer: l.producer,
				owner: l.owner,
				custodian: l.custodian,
				remaining: Quantity::new(l.remaining, l.produced.unit),
				produced: l.produced,
				storage: l.storage,
				usable: l.recall.is_none()
					&& !matches!(
						l.status,
						LotStatus::Recalled
							| LotStatus::Rejected | LotStatus::Consumed
							| LotStatus::Destroyed
					),
				quarantined: l.status == LotStatus::Quarantined,
				qc_failed,
				recall_pending: pending_recall,
				expires_at: l.expires_at,
			}
		})
	}

	fn inputs(id: &LotId) -> Vec<(LotId, u128, u128)> {
		Lots::<T>::get(id)
			.map(|l| {
				l.parents
					.into_iter()
					.filter_map(|(p, used)| {
						Lots::<T>::get(&p).map(|pl| (p, used, pl.produced.amount))
					})
					.collect()
			})
			.unwrap_or_default()
	}
}
