//! QC results, QA status changes and cold-chain excursions.

use super::common::AncestryBudget;
use crate::*;
use bioledger_primitives::{ExcursionContext, QcContext, QcVerdict};

impl<T: Config> Pallet<T> {
	/// Quarantine a lot that is usable (directly, or on arrival if in transit). Returns the
	/// `StatusChanged` event to emit, if the status changed now.
	fn quarantine(id: &LotId, lot: &mut LotOf<T>) -> Option<Event<T>> {
		match lot.status {
			LotStatus::Active | LotStatus::Released => {
				let from = lot.status;
				lot.status = LotStatus::Quarantined;
				Some(Event::StatusChanged { lot: id.clone(), from, to: LotStatus::Quarantined })
			},
			LotStatus::InTransit => {
				if matches!(lot.held_status, Some(LotStatus::Active | LotStatus::Released)) {
					lot.held_status = Some(LotStatus::Quarantined);
				}
				None
			},
			_ => None,
		}
	}

	pub(crate) fn do_record_qc(
		who: T::AccountId,
		id: LotId,
		params: BoundedVec<QcParam, T::MaxQcParams>,
		coa: DocHash,
	) -> DispatchResult {
		let mut lot = Self::lot(&id)?;
		let org =
			T::Membership::acting_org(&who, Role::QaApprover).ok_or(Error::<T>::NotAuthorized)?;
		if org != lot.owner {
			ensure!(ContractLabs::<T>::contains_key(lot.owner, org), Error::<T>::NotAuthorized);
			Self::ensure_credential(org, T::LabCredential::get())?;
		}
		ensure!(!params.is_empty(), Error::<T>::Empty);
		ensure!(!lot.status.is_final(), Error::<T>::InvalidStatus);
		let index = lot.qc.results;
		let now = T::Time::now();
		let verdict = T::QcHook::on_qc_result(&QcContext {
			lot: &id,
			product: &lot.product,
			producer: lot.producer,
			owner: lot.owner,
			tested_by: org,
			index,
			params: &params,
			coa,
			at: now,
		});
		lot.qc = QcSummary { results: index + 1, passed: verdict != QcVerdict::Fail };
		QcResults::<T>::insert(
			&id,
			index,
			QcResult { tested_by: org, at: now, params, coa, verdict },
		);
		Self::emit(
			Event::QcRecorded { lot: id.clone(), index, tested_by: org, verdict },
			&mut [&mut lot],
		);
		if verdict == QcVerdict::Fail {
			if let Some(e) = Self::quarantine(&id, &mut lot) {
				Self::emit(e, &mut [&mut lot]);
			}
		}
		Lots::<T>::insert(&id, lot);
		Ok(())
	}

	pub(crate) fn do_set_status(
		org: OrgId,
		id: LotId,
		to: LotStatus,
	) -> DispatchResultWithPostInfo {
		let mut lot = Self::lot(&id)?;
		ensure!(lot.owner == org, Error::<T>::NotOwner);
		let from = lot.status;
		let allowed = match to {
			LotStatus::Released => matches!(from, LotStatus::Active | LotStatus::Quarantined),
			LotStatus::Quarantined => matches!(from, LotStatus::Active | LotStatus::Released),
			LotStatus::Rejected => {
				matches!(from, LotStatus::Active | LotStatus::Quarantined | LotStatus::Released)
			},
			_ => false,
		};
		ensure!(allowed, Error::<T>::InvalidStatus);
		let mut budget = AncestryBudget::default();
		let mut base = T::WeightInfo::set_status();
		if to == LotStatus::Released {
			base = base.saturating_add(T::QcHook::qc_required_for_release_weight());
			Self::ensure_credential(org, T::ReleaseCredential::get())?;
			ensure!(lot.expires_at > T::Time::now(), Error::<T>::Expired);
			// `qc.passed` is set by a passing (or unchecked) result, or inherited by split and
			// merge outputs; a failed latest result clears it. Under skip-lot testing an
			// untested lot may be released, a failed one never.
			let qc_needed =
				T::QcHook::qc_required_for_release(&id, &lot.product, lot.producer, lot.owner);
			let qc_ok = lot.qc.passed || (!qc_needed && lot.qc.results == 0);
			ensure!(qc_ok, Error::<T>::QcMissing);
			Self::ensure_not_recalled(&lot, &mut budget)?;
		}
		lot.status = to;
		Self::emit(Event::StatusChanged { lot: id.clone(), from, to }, &mut [&mut lot]);
		Lots::<T>::insert(&id, lot);
		Self::with_ancestry(base, &budget)
	}

	pub(crate) fn do_report_excursion(
		who: T::AccountId,
		id: LotId,
		min: i32,
		max: i32,
		duration_secs: u32,
		evidence: DocHash,
	) -> DispatchResult {
		let mut lot = Self::lot(&id)?;
		let org = T::Membership::acting_org(&who, Role::SensorGateway)
			.ok_or(Error::<T>::NotAuthorized)?;
		let shipment = lot.shipment.and_then(Shipments::<T>::get);
		let carrier = shipment.as_ref().and_then(|s| s.carrier);
		let consignee = shipment.as_ref().map(|s| s.to);
		ensure!(org == lot.custodian || carrier == Some(org), Error::<T>::NotAuthorized);
		let range = lot.storage.ok_or(Error::<T>::NoStorageCondition)?;
		// Only excursions are reported on chain: readings inside the range stay in the log.
		ensure!(min <= max && !range.covers(min, max), Error::<T>::InvalidRange);
		let tolerated = T::QcHook::on_excursion(&ExcursionContext {
			lot: &id,
			product: &lot.product,
			producer: lot.producer,
			owner: lot.owner,
			custodian: lot.custodian,
			carrier,
			consignee,
			observed: (min, max),
			duration_secs,
			at: T::Time::now(),
		});
		let change = if tolerated { None } else { Self::quarantine(&id, &mut lot) };
		let quarantined = !tolerated
			&& (change.is_some()
				|| lot.held_status == Some(LotStatus::Quarantined)
				|| lot.status == LotStatus::Quarantined);
		Self::emit(
			Event::ColdChainExcursion {
				lot: id.clone(),
				min,
				max,
				duration_secs,
				evidence,
				quarantined,
			},
			&mut [&mut lot],
		);
		if let Some(e) = change {
			Self::emit(e, &mut [&mut lot]);
		}
		Lots::<T>::insert(&id, lot);
		Ok(())
	}
}
