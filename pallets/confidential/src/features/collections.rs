//! Creating, accepting and purging collections.

use crate::*;
use bioledger_primitives::Moment;

impl<T: Config> Pallet<T> {
	/// Create a collection of `owner` and `others`; `consented`: the others agreed through the
	/// calling pallet's own action, so it opens at once.
	pub(crate) fn do_create(
		owner: OrgId,
		others: &[OrgId],
		retention: Moment,
		consented: bool,
	) -> Result<CollectionId, DispatchError> {
		let mut all: alloc::vec::Vec<OrgId> = others.to_vec();
		all.push(owner);
		all.sort_unstable();
		all.dedup();
		for org in &all {
			ensure!(T::Membership::is_active(*org), Error::<T>::InactiveOrg);
		}
		let members: MembersOf<T> = all.try_into().map_err(|_| Error::<T>::BadMembers)?;
		let created = CreatedBy::<T>::get(owner);
		ensure!(created < T::MaxCollectionsPerOrg::get(), Error::<T>::TooManyCollections);
		let pending: MembersOf<T> = if consented {
			Default::default()
		} else {
			let p: alloc::vec::Vec<OrgId> =
				members.iter().copied().filter(|o| *o != owner).collect();
			p.try_into().map_err(|_| Error::<T>::BadMembers)?
		};
		let id = NextCollectionId::<T>::get();
		NextCollectionId::<T>::put(id.saturating_add(1));
		CreatedBy::<T>::insert(owner, created + 1);
		let open = pending.is_empty();
		Collections::<T>::insert(
			id,
			Collection {
				owner,
				members: members.clone(),
				pending,
				purge_votes: Default::default(),
				created: T::Time::now(),
				retention,
				status: if open { CollectionStatus::Open } else { CollectionStatus::Pending },
				payloads: 0,
				grants: 0,
			},
		);
		Self::deposit_event(Event::CollectionCreated { collection: id, owner, members, retention });
		if open {
			Self::deposit_event(Event::CollectionOpened { collection: id });
		}
		Ok(id)
	}

	pub(crate) fn do_accept(org: OrgId, collection: CollectionId) -> DispatchResult {
		Collections::<T>::try_mutate(collection, |c| {
			let c = c.as_mut().ok_or(Error::<T>::UnknownCollection)?;
			ensure!(c.status == CollectionStatus::Pending, Error::<T>::NothingToAccept);
			let i = c.pending.iter().position(|o| *o == org).ok_or(Error::<T>::NothingToAccept)?;
			c.pending.remove(i);
			Self::deposit_event(Event::CollectionAccepted { collection, org });
			if c.pending.is_empty() {
				c.status = CollectionStatus::Open;
				Self::deposit_event(Event::CollectionOpened { collection });
			}
			Ok(())
		})
	}

	pub(crate) fn do_purge(org: OrgId, collection: CollectionId) -> DispatchResult {
		let mut c = Collections::<T>::get(collection).ok_or(Error::<T>::UnknownCollection)?;
		ensure!(c.members.binary_search(&org).is_ok(), Error::<T>::NotMember);
		ensure!(!matches!(c.status, CollectionStatus::Purged(_)), Error::<T>::AlreadyPurged);
		let now = T::Time::now();
		let retained = now >= c.created.saturating_add(c.retention);
		if !retained {
			ensure!(!c.purge_votes.contains(&org), Error::<T>::AlreadyRequested);
			// Bounded: a member votes once and members are at most `MaxMembers`.
			c.purge_votes.try_push(org).map_err(|_| Error::<T>::BadMembers)?;
			Self::deposit_event(Event::PurgeRequested { collection, org });
			if c.purge_votes.len() < c.members.len() {
				Collections::<T>::insert(collection, c);
				return Ok(());
			}
		}
		// Grants end with the content (at most `MaxGrants` of them).
		let _ = Grants::<T>::clear_prefix(collection, T::MaxGrants::get(), None);
		c.grants = 0;
		c.status = CollectionStatus::Purged(now);
		let payloads = c.payloads;
		Collections::<T>::insert(collection, c);
		Self::deposit_event(Event::Purged { collection, payloads });
		Ok(())
	}
}
