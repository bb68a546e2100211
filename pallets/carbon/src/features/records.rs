//! Emission records: report, verify, reject.

use crate::*;

/// Add `kg` to `scope` of `totals`.
fn add(totals: &mut ByScope, scope: Scope, kg: u128) -> Result<(), ()> {
	let slot = &mut totals[scope.index()];
	*slot = slot.checked_add(kg).ok_or(())?;
	Ok(())
}

impl<T: Config> Pallet<T> {
	pub(crate) fn do_report(
		org: OrgId,
		scope: Scope,
		kg_co2e: u128,
		subject: Subject,
		facility: Code,
		methodology: Code,
		evidence: DocHash,
	) -> DispatchResult {
		ensure!(kg_co2e > 0, Error::<T>::InvalidRecord);
		match &subject {
			Subject::Period(p) => ensure!(p.is_valid(), Error::<T>::InvalidRecord),
			Subject::Lot(lot) => {
				let facts = T::Lots::facts(lot).ok_or(Error::<T>::LotNotFound)?;
				ensure!(facts.producer == org || facts.owner == org, Error::<T>::NotLotParty);
			},
		}
		let id = NextRecordId::<T>::get();
		NextRecordId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Records::<T>::insert(
			id,
			EmissionRecord {
				reporter: org,
				scope,
				kg_co2e,
				subject: subject.clone(),
				facility,
				methodology,
				evidence,
				reported_at: Self::now(),
				status: RecordStatus::Reported,
				verifier: None,
				decided_at: None,
			},
		);
		Self::deposit_event(Event::EmissionReported {
			record: id,
			reporter: org,
			scope,
			kg_co2e,
			subject,
		});
		Ok(())
	}

	/// Verify (`finding` = `None`) or reject a record.
	pub(crate) fn do_decide(
		verifier: OrgId,
		id: RecordId,
		finding: Option<DocHash>,
	) -> DispatchResult {
		let mut record = Records::<T>::get(id).ok_or(Error::<T>::RecordNotFound)?;
		ensure!(record.status == RecordStatus::Reported, Error::<T>::AlreadyDecided);
		ensure!(record.reporter != verifier, Error::<T>::SelfVerification);
		record.verifier = Some(verifier);
		record.decided_at = Some(Self::now());
		match finding {
			Some(finding) => {
				record.status = RecordStatus::Rejected;
				Self::deposit_event(Event::EmissionRejected { record: id, verifier, finding });
			},
			None => {
				record.status = RecordStatus::Verified;
				let (scope, kg) = (record.scope, record.kg_co2e);
				match &record.subject {
					Subject::Lot(lot) => LotEmissions::<T>::try_mutate(lot, |t| add(t, scope, kg)),
					Subject::Period(p) => {
						OrgEmissions::<T>::try_mutate(record.reporter, p, |t| add(t, scope, kg))
							.and_then(|_| {
								if p.month == 0 {
									return Ok(());
								}
								let year = Period { year: p.year, month: 0 };
								OrgEmissions::<T>::try_mutate(record.reporter, year, |t| {
									add(t, scope, kg)
								})
							})
					},
				}
				.map_err(|_| Error::<T>::Overflow)?;
				Self::deposit_event(Event::EmissionVerified { record: id, verifier });
			},
		}
		Records::<T>::insert(id, record);
		Ok(())
	}
}
