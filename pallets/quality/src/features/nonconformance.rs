//! Nonconformances and CAPA: open, respond, close, escalate, dispute, arbitrate.

use crate::*;
use bioledger_primitives::LotId;

impl<T: Config> Pallet<T> {
	/// Open a nonconformance for a failed check.
	pub(crate) fn open_nc(
		agreement: AgreementId,
		a: &AgreementOf<T>,
		lot: &LotId,
		qc_index: u32,
		failed: BoundedVec<FailedItem, T::MaxSpecItems>,
	) {
		let nc = NextNcId::<T>::get();
		NextNcId::<T>::put(nc.saturating_add(1));
		Nonconformances::<T>::insert(
			nc,
			Nonconformance {
				agreement,
				lot: lot.clone(),
				qc_index,
				buyer: a.buyer,
				supplier: a.supplier,
				failed,
				opened_at: T::Time::now(),
				capa: None,
				status: NcStatus::Open,
				closed_at: None,
			},
		);
		OpenNcs::<T>::insert(a.buyer, nc, ());
		OpenNcs::<T>::insert(a.supplier, nc, ());
		LotOpenNcs::<T>::insert(lot, nc, ());
		Self::deposit_event(Event::NonconformanceOpened {
			nc,
			lot: lot.clone(),
			agreement,
			supplier: a.supplier,
		});
	}

	fn nc(id: NcId) -> Result<NonconformanceOf<T>, DispatchError> {
		Nonconformances::<T>::get(id).ok_or_else(|| Error::<T>::NcNotFound.into())
	}

	/// Store `nc`, keeping the open index in step with its state.
	fn put_nc(id: NcId, nc: NonconformanceOf<T>) {
		if !nc.status.is_open() {
			OpenNcs::<T>::remove(nc.buyer, id);
			OpenNcs::<T>::remove(nc.supplier, id);
			LotOpenNcs::<T>::remove(&nc.lot, id);
		}
		Nonconformances::<T>::insert(id, nc);
	}

	pub(crate) fn do_respond(org: OrgId, id: NcId, plan: DocHash) -> DispatchResult {
		let mut nc = Self::nc(id)?;
		ensure!(nc.supplier == org, Error::<T>::NotAuthorized);
		ensure!(nc.status == NcStatus::Open, Error::<T>::InvalidNcState);
		let now = T::Time::now();
		let in_time = now.saturating_sub(nc.opened_at) <= T::ResponseTarget::get();
		Self::bump(nc.supplier, Some(nc.buyer), |c| {
			if in_time {
				c.answered_in_time += 1
			} else {
				c.answered_late += 1
			}
		});
		nc.capa = Some((plan, now));
		nc.status = NcStatus::Responded;
		Self::put_nc(id, nc);
		Self::deposit_event(Event::CapaSubmitted { nc: id, plan, in_time });
		Ok(())
	}

	pub(crate) fn do_close(org: OrgId, id: NcId) -> DispatchResult {
		let mut nc = Self::nc(id)?;
		ensure!(nc.buyer == org, Error::<T>::NotAuthorized);
		ensure!(nc.status == NcStatus::Responded, Error::<T>::InvalidNcState);
		nc.status = NcStatus::Closed;
		nc.closed_at = Some(T::Time::now());
		Self::put_nc(id, nc);
		Self::deposit_event(Event::NonconformanceClosed { nc: id });
		Ok(())
	}

	pub(crate) fn do_escalate(org: OrgId, id: NcId) -> DispatchResult {
		let mut nc = Self::nc(id)?;
		ensure!(nc.buyer == org, Error::<T>::NotAuthorized);
		ensure!(nc.status == NcStatus::Responded, Error::<T>::InvalidNcState);
		nc.status = NcStatus::Escalated;
		Self::put_nc(id, nc);
		Self::deposit_event(Event::NonconformanceEscalated { nc: id });
		Ok(())
	}

	pub(crate) fn do_dispute(org: OrgId, id: NcId) -> DispatchResult {
		let mut nc = Self::nc(id)?;
		ensure!(nc.supplier == org, Error::<T>::NotAuthorized);
		ensure!(nc.status == NcStatus::Escalated, Error::<T>::InvalidNcState);
		let arbitrator = Agreements::<T>::get(nc.agreement)
			.and_then(|a| a.terms.arbitrator)
			.ok_or(Error::<T>::NoArbitrator)?;
		nc.status = NcStatus::Disputed;
		Self::put_nc(id, nc);
		Self::deposit_event(Event::NonconformanceDisputed { nc: id, arbitrator });
		Ok(())
	}

	pub(crate) fn do_arbitrate(who: T::AccountId, id: NcId, upheld: bool) -> DispatchResult {
		let nc = Self::nc(id)?;
		let arbitrator = Agreements::<T>::get(nc.agreement).and_then(|a| a.terms.arbitrator);
		let acts_for = [Role::QaApprover, Role::Auditor]
			.into_iter()
			.filter_map(|r| T::Membership::acting_org(&who, r))
			.any(|o| Some(o) == arbitrator);
		ensure!(acts_for, Error::<T>::NotAuthorized);
		ensure!(nc.status == NcStatus::Disputed, Error::<T>::InvalidNcState);
		Self::decide(id, nc, upheld);
		Self::deposit_event(Event::DisputeResolved { nc: id, upheld });
		Ok(())
	}

	pub(crate) fn do_resolve_nc(id: NcId, upheld: bool) -> DispatchResult {
		let nc = Self::nc(id)?;
		ensure!(nc.status.is_open(), Error::<T>::InvalidNcState);
		let arbitrator = Agreements::<T>::get(nc.agreement).and_then(|a| a.terms.arbitrator);
		let stuck = !T::Membership::is_active(nc.buyer)
			|| !T::Membership::is_active(nc.supplier)
			|| (nc.status == NcStatus::Disputed
				&& arbitrator.is_none_or(|a| !T::Membership::is_active(a)));
		ensure!(stuck, Error::<T>::PartiesActive);
		Self::decide(id, nc, upheld);
		Self::deposit_event(Event::NonconformanceResolved { nc: id, upheld });
		Ok(())
	}

	/// Close `nc` as upheld (counts against the supplier) or dismissed (its failed check no
	/// longer counts).
	fn decide(id: NcId, mut nc: NonconformanceOf<T>, upheld: bool) {
		Self::bump(nc.supplier, Some(nc.buyer), |c| {
			if upheld {
				c.upheld += 1
			} else {
				c.failed = c.failed.saturating_sub(1)
			}
		});
		nc.status = if upheld { NcStatus::Upheld } else { NcStatus::Dismissed };
		nc.closed_at = Some(T::Time::now());
		Self::put_nc(id, nc);
	}

	/// Nonconformances of `org` (as buyer or supplier) that still need someone to act.
	pub fn open_nonconformances(org: OrgId) -> Vec<(NcId, NonconformanceOf<T>)> {
		OpenNcs::<T>::iter_key_prefix(org)
			.filter_map(|id| Nonconformances::<T>::get(id).map(|nc| (id, nc)))
			.collect()
	}
}
