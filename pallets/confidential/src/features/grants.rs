//! Time-limited read grants to auditors and regulators.

use crate::*;
use bioledger_primitives::{Moment, OrgKind};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_grant(
		collection: CollectionId,
		org: OrgId,
		until: Moment,
		by: Option<OrgId>,
	) -> DispatchResult {
		let mut c = Collections::<T>::get(collection).ok_or(Error::<T>::UnknownCollection)?;
		ensure!(!matches!(c.status, CollectionStatus::Purged(_)), Error::<T>::AlreadyPurged);
		ensure!(T::Membership::is_active(org), Error::<T>::InactiveOrg);
		ensure!(
			matches!(T::Membership::kind_of(org), Some(OrgKind::Auditor | OrgKind::Regulator)),
			Error::<T>::NotAuditor
		);
		ensure!(c.members.binary_search(&org).is_err(), Error::<T>::AlreadyMember);
		let now = T::Time::now();
		ensure!(
			until > now && until <= now.saturating_add(T::MaxGrantPeriod::get()),
			Error::<T>::BadPeriod
		);
		if !Grants::<T>::contains_key(collection, org) {
			ensure!(c.grants < T::MaxGrants::get(), Error::<T>::TooManyGrants);
			c.grants += 1;
			Collections::<T>::insert(collection, c);
		}
		Grants::<T>::insert(collection, org, Grant { until, by });
		Self::deposit_event(Event::AccessGranted { collection, org, until, by });
		Ok(())
	}

	pub(crate) fn do_revoke(collection: CollectionId, org: OrgId) -> DispatchResult {
		let mut c = Collections::<T>::get(collection).ok_or(Error::<T>::UnknownCollection)?;
		ensure!(Grants::<T>::take(collection, org).is_some(), Error::<T>::NoGrant);
		c.grants = c.grants.saturating_sub(1);
		Collections::<T>::insert(collection, c);
		Self::deposit_event(Event::AccessRevoked { collection, org });
		Ok(())
	}
}
