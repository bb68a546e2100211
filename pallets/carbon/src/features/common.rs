//! Origin checks and time.

use crate::*;
use bioledger_primitives::OrgKind;

impl<T: Config> Pallet<T> {
	/// The active organisation the signed origin acts for with `role`.
	pub(crate) fn ensure_role(origin: OriginFor<T>, role: Role) -> Result<OrgId, DispatchError> {
		let who = ensure_signed(origin)?;
		T::Membership::acting_org(&who, role).ok_or_else(|| Error::<T>::NotAuthorized.into())
	}

	/// A signer of an accredited verifier or registry, qualified for `action`.
	pub(crate) fn ensure_verifier(
		origin: OriginFor<T>,
		action: GatedAction,
	) -> Result<OrgId, DispatchError> {
		let org = Self::ensure_role(origin, Role::Signer)?;
		ensure!(T::Membership::kind_of(org) == Some(OrgKind::Verifier), Error::<T>::NotVerifier);
		ensure!(
			T::Membership::qualified(org, action, Self::now()).is_ok(),
			Error::<T>::NoAccreditation
		);
		Ok(org)
	}

	/// Chain time now.
	pub(crate) fn now() -> Moment {
		T::Time::now()
	}
}
