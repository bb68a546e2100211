//! Commitments, and the glue trait other pallets keep their content confidential with.

use crate::*;
use bioledger_primitives::{Access, Moment};

impl<T: Config> Pallet<T> {
	pub(crate) fn check_commit(
		collection: CollectionId,
		payload: &PayloadHash,
		by: OrgId,
	) -> Result<CollectionOf<T>, DispatchError> {
		let c = Collections::<T>::get(collection).ok_or(Error::<T>::UnknownCollection)?;
		ensure!(c.members.binary_search(&by).is_ok(), Error::<T>::NotMember);
		ensure!(c.status == CollectionStatus::Open, Error::<T>::NotOpen);
		ensure!(!Payloads::<T>::contains_key(payload), Error::<T>::PayloadExists);
		ensure!(c.payloads < T::MaxPayloadsPerCollection::get(), Error::<T>::TooManyPayloads);
		Ok(c)
	}

	pub(crate) fn do_commit(
		collection: CollectionId,
		payload: PayloadHash,
		by: OrgId,
	) -> DispatchResult {
		let mut c = Self::check_commit(collection, &payload, by)?;
		c.payloads += 1;
		Collections::<T>::insert(collection, c);
		let seq = NextSeq::<T>::get();
		NextSeq::<T>::put(seq.saturating_add(1));
		Payloads::<T>::insert(payload, PayloadMeta { collection, by, at: T::Time::now(), seq });
		PayloadBySeq::<T>::insert(seq, payload);
		Self::deposit_event(Event::PayloadCommitted { collection, payload, by, seq });
		Ok(())
	}
}

impl<T: Config> bioledger_primitives::Collections for Pallet<T> {
	fn open(
		owner: OrgId,
		members: &[OrgId],
		retention: Moment,
	) -> Result<CollectionId, DispatchError> {
		Self::do_create(owner, members, retention, true)
	}

	fn can_commit(collection: CollectionId, payload: &PayloadHash, by: OrgId) -> DispatchResult {
		Self::check_commit(collection, payload, by).map(|_| ())
	}

	fn commit(collection: CollectionId, payload: PayloadHash, by: OrgId) -> DispatchResult {
		Self::do_commit(collection, payload, by)
	}

	fn access(collection: CollectionId, org: OrgId, now: Moment) -> Access {
		Self::access_at(collection, org, now)
	}

	fn open_weight() -> Weight {
		T::WeightInfo::create(T::MaxMembers::get())
	}

	fn commit_weight() -> Weight {
		T::WeightInfo::commit()
	}
}
