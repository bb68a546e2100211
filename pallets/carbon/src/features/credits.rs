//! Credit batches and serial ranges: issue, transfer, retire, cancel.

use crate::*;

impl<T: Config> Pallet<T> {
	/// Remove `r` from `ranges`; it must lie inside one held range (which may split in two).
	pub(crate) fn take(ranges: &mut RangesOf<T>, r: SerialRange) -> DispatchResult {
		let i = ranges.iter().position(|x| x.contains(&r)).ok_or(Error::<T>::NotHeld)?;
		let held = ranges[i];
		let left = SerialRange { start: held.start, end: r.start };
		let right = SerialRange { start: r.end, end: held.end };
		match (left.is_empty(), right.is_empty()) {
			(true, true) => {
				ranges.remove(i);
			},
			(false, true) => ranges[i] = left,
			(true, false) => ranges[i] = right,
			(false, false) => {
				ranges[i] = left;
				ranges.try_insert(i + 1, right).map_err(|_| Error::<T>::TooManyRanges)?;
			},
		}
		Ok(())
	}

	/// Add `r` (disjoint from every held range) to `ranges`, merging with adjacent ones.
	pub(crate) fn put(ranges: &mut RangesOf<T>, r: SerialRange) -> DispatchResult {
		let i = ranges.iter().position(|x| x.start >= r.end).unwrap_or(ranges.len());
		ensure!(i == 0 || ranges[i - 1].end <= r.start, Error::<T>::InvalidRange);
		let merge_left = i > 0 && ranges[i - 1].end == r.start;
		let merge_right = i < ranges.len() && ranges[i].start == r.end;
		match (merge_left, merge_right) {
			(true, true) => {
				ranges[i - 1].end = ranges[i].end;
				ranges.remove(i);
			},
			(true, false) => ranges[i - 1].end = r.end,
			(false, true) => ranges[i].start = r.start,
			(false, false) => ranges.try_insert(i, r).map_err(|_| Error::<T>::TooManyRanges)?,
		}
		Ok(())
	}

	/// Take `r` of `batch` out of `org`'s holding.
	fn take_from(org: OrgId, batch: BatchId, r: SerialRange) -> DispatchResult {
		let mut ranges = Holdings::<T>::get(org, batch);
		Self::take(&mut ranges, r)?;
		if ranges.is_empty() {
			Holdings::<T>::remove(org, batch);
		} else {
			Holdings::<T>::insert(org, batch, ranges);
		}
		Ok(())
	}

	/// The batch, if `r` is a non-empty range inside it.
	fn batch_for(batch: BatchId, r: &SerialRange) -> Result<Batch, DispatchError> {
		let b = Batches::<T>::get(batch).ok_or(Error::<T>::BatchNotFound)?;
		ensure!(!r.is_empty() && b.serials.contains(r), Error::<T>::InvalidRange);
		Ok(b)
	}

	/// Hash `event` into the batch's trail, store the batch, deposit the event.
	fn emit(id: BatchId, mut batch: Batch, event: Event<T>) {
		batch.trail.note(&event);
		Batches::<T>::insert(id, batch);
		Self::deposit_event(event);
	}

	pub(crate) fn do_issue(
		org: OrgId,
		project: Code,
		vintage: u16,
		methodology: Code,
		quantity: u64,
		evidence: DocHash,
	) -> DispatchResult {
		ensure!(quantity > 0 && (2000..3000).contains(&vintage), Error::<T>::InvalidQuantity);
		ensure!(quantity <= T::MaxCreditsPerBatch::get(), Error::<T>::BatchTooLarge);
		let start = NextSerial::<T>::get();
		let end = start.checked_add(quantity).ok_or(Error::<T>::Overflow)?;
		let id = NextBatchId::<T>::get();
		NextBatchId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		NextSerial::<T>::put(end);
		let serials = SerialRange { start, end };
		let batch = Batch {
			issuer: org,
			project,
			vintage,
			methodology,
			serials,
			evidence,
			retired: 0,
			cancelled: 0,
			issued_at: Self::now(),
			trail: Default::default(),
		};
		Holdings::<T>::insert(org, id, RangesOf::<T>::truncate_from(alloc::vec![serials]));
		Self::emit(id, batch, Event::CreditsIssued { batch: id, issuer: org, serials, vintage });
		Ok(())
	}

	pub(crate) fn do_transfer(
		org: OrgId,
		batch: BatchId,
		r: SerialRange,
		to: OrgId,
	) -> DispatchResult {
		let b = Self::batch_for(batch, &r)?;
		ensure!(to != org, Error::<T>::SameOrg);
		ensure!(T::Membership::is_active(to), Error::<T>::InactiveOrg);
		Self::take_from(org, batch, r)?;
		Holdings::<T>::try_mutate(to, batch, |ranges| Self::put(ranges, r))?;
		Self::emit(batch, b, Event::CreditsTransferred { batch, serials: r, from: org, to });
		Ok(())
	}

	pub(crate) fn do_retire(
		org: OrgId,
		batch: BatchId,
		r: SerialRange,
		beneficiary: Text,
		reason: Text,
		claim: Option<Claim>,
	) -> DispatchResult {
		let mut b = Self::batch_for(batch, &r)?;
		match &claim {
			Some(Claim::Lot(lot)) => {
				ensure!(T::Lots::facts(lot).is_some(), Error::<T>::LotNotFound)
			},
			Some(Claim::OrgPeriod(_, p)) => ensure!(p.is_valid(), Error::<T>::InvalidRecord),
			None => {},
		}
		Self::take_from(org, batch, r)?;
		let tonnes = r.len();
		b.retired = b.retired.checked_add(tonnes).ok_or(Error::<T>::Overflow)?;
		match &claim {
			Some(Claim::Lot(lot)) => LotOffsets::<T>::try_mutate(lot, |t| {
				*t = t.checked_add(tonnes).ok_or(Error::<T>::Overflow)?;
				Ok::<_, DispatchError>(())
			})?,
			Some(Claim::OrgPeriod(o, p)) => OrgOffsets::<T>::try_mutate(o, p, |t| {
				*t = t.checked_add(tonnes).ok_or(Error::<T>::Overflow)?;
				Ok::<_, DispatchError>(())
			})?,
			None => {},
		}
		let certificate = NextCertificateId::<T>::get();
		NextCertificateId::<T>::put(certificate.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Certificates::<T>::insert(
			certificate,
			Certificate {
				batch,
				serials: r,
				retired_by: org,
				beneficiary,
				reason,
				claim: claim.clone(),
				at: Self::now(),
			},
		);
		Self::emit(
			batch,
			b,
			Event::CreditsRetired { certificate, batch, serials: r, by: org, claim },
		);
		Ok(())
	}

	pub(crate) fn do_cancel(
		org: OrgId,
		batch: BatchId,
		holder: OrgId,
		r: SerialRange,
		reason: Text,
	) -> DispatchResult {
		let mut b = Batches::<T>::get(batch).ok_or(Error::<T>::BatchNotFound)?;
		ensure!(b.issuer == org, Error::<T>::NotIssuer);
		Self::batch_for(batch, &r)?;
		Self::take_from(holder, batch, r)?;
		b.cancelled = b.cancelled.checked_add(r.len()).ok_or(Error::<T>::Overflow)?;
		let cancellation = NextCancellationId::<T>::get();
		NextCancellationId::<T>::put(cancellation.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Cancellations::<T>::insert(
			cancellation,
			Cancellation { batch, serials: r, holder, reason, at: Self::now() },
		);
		Self::emit(batch, b, Event::CreditsCancelled { cancellation, batch, serials: r, holder });
		Ok(())
	}
}
