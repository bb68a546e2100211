//! Origin checks, audit trails and time.

use crate::*;
use bioledger_primitives::Trail;

impl<T: Config> Pallet<T> {
	/// The active organisation the signed origin acts for with `role`.
	pub(crate) fn ensure_role(origin: OriginFor<T>, role: Role) -> Result<OrgId, DispatchError> {
		let who = ensure_signed(origin)?;
		T::Membership::acting_org(&who, role).ok_or_else(|| Error::<T>::NotAuthorized.into())
	}

	/// Chain time now.
	pub(crate) fn now() -> Moment {
		T::Time::now()
	}

	/// Hash `event` into each of `trails`, then deposit it.
	pub(crate) fn emit(event: Event<T>, trails: &mut [&mut Trail]) {
		for trail in trails.iter_mut() {
			trail.note(&event);
		}
		Self::deposit_event(event);
	}

	/// Hash `event` into the trails of `pledge` and every receipt in `receipts`, deposit it.
	pub(crate) fn emit_pledge(
		event: Event<T>,
		pledge: &mut PledgeOf<T>,
		receipts: &mut [(ReceiptId, ReceiptOf<T>)],
	) {
		pledge.trail.note(&event);
		for (_, r) in receipts.iter_mut() {
			r.trail.note(&event);
		}
		Self::deposit_event(event);
	}
}
