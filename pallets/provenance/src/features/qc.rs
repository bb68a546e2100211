//! QC results, QA status changes and cold-chain excursions.

use super::common::AncestryBudget;
use crate::*;
use bioledger_primitives::{
	CommittedParam, CommittedQcRefusal, ExcursionContext, PayloadHash, QaDecision, QcContext,
	QcVerdict,
};

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

	/// Tell the holder of `lot`'s lock (if any) that the lot's condition changed; returns the
	/// weight used (zero for an unlocked lot, which the call refunds).
	pub(crate) fn notify_lock_holder(id: &LotId, lot: &LotOf<T>) -> Weight {
		match lot.lock {
			Some(holder) => {
				T::LockHooks::on_locked_lot_changed(id, holder);
				T::LockHooks::on_locked_lot_changed_weight()
			},
			None => Weight::zero(),
		}
	}

	/// The lot `id` was split from, through at most [`SPLIT_ORIGIN_DEPTH`] splits (a part has
	/// one parent of the same product and producer), and the lots read to find it.
	pub(crate) fn split_origin(id: &LotId, lot: &LotOf<T>) -> (LotId, u32) {
		let (mut origin, mut parents, mut reads) = (id.clone(), lot.parents.clone(), 0u32);
		let (product, producer) = (lot.product.clone(), lot.producer);
		while reads < SPLIT_ORIGIN_DEPTH && parents.len() == 1 {
			let parent_id = parents[0].0.clone();
			reads += 1;
			match Lots::<T>::get(&parent_id) {
				Some(p) if p.product == product && p.producer == producer => {
					origin = parent_id;
					parents = p.parents;
				},
				_ => break,
			}
		}
		(origin, reads)
	}

	pub(crate) fn do_record_qc(
		who: T::AccountId,
		id: LotId,
		params: BoundedVec<QcParam, T::MaxQcParams>,
		coa: DocHash,
	) -> DispatchResultWithPostInfo {
		ensure!(!params.is_empty(), Error::<T>::Empty);
		Self::record_qc(who, id, params, &[], coa)
	}

	pub(crate) fn do_record_qc_committed(
		who: T::AccountId,
		id: LotId,
		committed: BoundedVec<CommittedParam, T::MaxQcParams>,
		payload: PayloadHash,
	) -> DispatchResultWithPostInfo {
		ensure!(!committed.is_empty(), Error::<T>::Empty);
		Self::record_qc(who, id, Default::default(), &committed, payload)
	}

	/// A public (`committed` empty) or committed (`params` empty) QC result.
	fn record_qc(
		who: T::AccountId,
		id: LotId,
		params: BoundedVec<QcParam, T::MaxQcParams>,
		committed: &[CommittedParam],
		coa: DocHash,
	) -> DispatchResultWithPostInfo {
		let mut lot = Self::lot(&id)?;
		let n = (params.len() + committed.len()) as u32;
		let org =
			T::Membership::acting_org(&who, Role::QaApprover).ok_or(Error::<T>::NotAuthorized)?;
		if org != lot.owner {
			ensure!(ContractLabs::<T>::contains_key(lot.owner, org), Error::<T>::NotAuthorized);
			Self::ensure_qualified(org, GatedAction::ContractTesting)?;
		}
		ensure!(!lot.status.is_final(), Error::<T>::InvalidStatus);
		ensure!(lot.qc.results < T::MaxQcResultsPerLot::get(), Error::<T>::TooManyQcResults);
		let index = lot.qc.results;
		let now = T::Time::now();
		let (origin, origin_reads) = Self::split_origin(&id, &lot);
		let ctx = QcContext {
			lot: &id,
			origin: &origin,
			product: &lot.product,
			producer: lot.producer,
			owner: lot.owner,
			tested_by: org,
			index,
			params: &params,
			coa,
			at: now,
			committed,
		};
		let mut checked = Weight::zero();
		if !committed.is_empty() {
			T::QcHook::check_committed(&ctx).map_err(|e| match e {
				CommittedQcRefusal::NoCommittedSpec => Error::<T>::NoCommittedSpec,
				CommittedQcRefusal::ProofRejected => Error::<T>::ProofRejected,
				CommittedQcRefusal::Payload => Error::<T>::PayloadRefused,
			})?;
			checked = T::QcHook::check_committed_weight(n);
		}
		let verdict = T::QcHook::on_qc_result(&ctx);
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
		let mut changed = false;
		if verdict == QcVerdict::Fail {
			if let Some(e) = Self::quarantine(&id, &mut lot) {
				Self::emit(e, &mut [&mut lot]);
				changed = true;
			}
		}
		Lots::<T>::insert(&id, &lot);
		let hook = if changed { Self::notify_lock_holder(&id, &lot) } else { Weight::zero() };
		Ok(Some(
			T::WeightInfo::record_qc_result(n)
				.saturating_add(T::QcHook::on_qc_result_weight(n))
				.saturating_add(T::WeightInfo::check_ancestry(origin_reads))
				.saturating_add(checked)
				.saturating_add(hook),
		)
		.into())
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
		// The owner's decision on a locked lot needs the lock holder's leave (a lender does not
		// let a borrower reject the goods that secure its loan); quarantine always has it.
		if let Some(holder) = lot.lock {
			let decision = match to {
				LotStatus::Released => QaDecision::Release,
				LotStatus::Quarantined => QaDecision::Quarantine,
				_ => QaDecision::Reject,
			};
			ensure!(T::LockHooks::may_decide(&id, holder, decision), Error::<T>::Locked);
		}
		let mut budget = AncestryBudget::default();
		let mut base = T::WeightInfo::set_status();
		if to == LotStatus::Released {
			base = base.saturating_add(T::QcHook::qc_required_for_release_weight());
			Self::ensure_qualified(org, GatedAction::ReleaseLots)?;
			ensure!(lot.expires_at > T::Time::now(), Error::<T>::Expired);
			// `qc.passed` is set by a passing (or unchecked) result, or inherited by split and
			// merge outputs; a failed latest result clears it. Under skip-lot testing an
			// untested lot may be released, a failed one never.
			let (origin, _) = Self::split_origin(&id, &lot);
			let qc_needed =
				T::QcHook::qc_required_for_release(&origin, &lot.product, lot.producer, lot.owner);
			let qc_ok = lot.qc.passed || (!qc_needed && lot.qc.results == 0);
			ensure!(qc_ok, Error::<T>::QcMissing);
			// A nonconformance on the lot (or the lot it was split from) is closed first.
			ensure!(
				!T::QcHook::open_nonconformance(&id) && !T::QcHook::open_nonconformance(&origin),
				Error::<T>::OpenNonconformance
			);
			Self::ensure_not_recalled(&id, &lot, &mut budget)?;
		}
		lot.status = to;
		Self::emit(Event::StatusChanged { lot: id.clone(), from, to }, &mut [&mut lot]);
		Lots::<T>::insert(&id, &lot);
		let base = base.saturating_add(Self::notify_lock_holder(&id, &lot));
		Self::with_ancestry(base, &budget)
	}

	pub(crate) fn do_report_excursion(
		who: T::AccountId,
		id: LotId,
		min: i32,
		max: i32,
		duration_secs: u32,
		evidence: DocHash,
	) -> DispatchResultWithPostInfo {
		let mut lot = Self::lot(&id)?;
		let org = T::Membership::acting_org(&who, Role::SensorGateway)
			.ok_or(Error::<T>::NotAuthorized)?;
		let shipment = lot.shipment.and_then(Shipments::<T>::get);
		let carrier = shipment.as_ref().and_then(|s| s.carrier);
		let consignee = shipment.as_ref().map(|s| s.to);
		ensure!(org == lot.custodian || carrier == Some(org), Error::<T>::NotAuthorized);
		let (origin, origin_reads) = Self::split_origin(&id, &lot);
		// The range the parties agreed governs, not the one the producer chose for the lot.
		let buyer = consignee.unwrap_or(lot.owner);
		let range = T::QcHook::agreed_storage(&origin, &lot.product, lot.producer, buyer)
			.or(lot.storage)
			.ok_or(Error::<T>::NoStorageCondition)?;
		// Only excursions are reported on chain: readings inside the range stay in the log.
		ensure!(min <= max && !range.covers(min, max), Error::<T>::InvalidRange);
		let tolerated = T::QcHook::on_excursion(&ExcursionContext {
			lot: &id,
			origin: &origin,
			product: &lot.product,
			producer: lot.producer,
			owner: lot.owner,
			custodian: lot.custodian,
			carrier,
			consignee,
			shipment: lot.shipment,
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
		let changed = change.is_some();
		if let Some(e) = change {
			Self::emit(e, &mut [&mut lot]);
		}
		Lots::<T>::insert(&id, &lot);
		let hook = if changed { Self::notify_lock_holder(&id, &lot) } else { Weight::zero() };
		Ok(Some(
			T::WeightInfo::report_excursion()
				.saturating_add(T::QcHook::on_excursion_weight())
				.saturating_add(T::WeightInfo::check_ancestry(origin_reads))
				.saturating_add(hook),
		)
		.into())
	}
}
