//! Validators: one per organisation, approved by the council, rotated in by pallet-session.

use crate::*;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// The validator set as it stands now: approved validators of active organisations, sorted.
	pub fn validator_set() -> Vec<T::AccountId> {
		let mut set: Vec<T::AccountId> = Validators::<T>::iter()
			.filter(|(org, v)| v.status == ValidatorStatus::Approved && Self::is_active(*org))
			.map(|(_, v)| v.account)
			.collect();
		set.sort();
		set
	}

	/// Refuse a change that would take `org`'s approved validator out of a set already at the
	/// minimum.
	pub(crate) fn ensure_validators_left_without(org: OrgId) -> DispatchResult {
		let counts = Validators::<T>::get(org)
			.is_some_and(|v| v.status == ValidatorStatus::Approved)
			&& Self::is_active(org);
		if counts {
			let remaining = Self::validator_set().len().saturating_sub(1);
			ensure!(remaining >= MinValidators::<T>::get() as usize, Error::<T>::TooFewValidators);
		}
		Ok(())
	}

	pub(crate) fn do_propose_validator(org: OrgId, account: T::AccountId) -> DispatchResult {
		ensure!(
			Accounts::<T>::get(&account).is_some_and(|r| r.org == org),
			Error::<T>::AccountNotFound
		);
		// One validator per organisation (an account belongs to one organisation, so it cannot
		// validate for another).
		ensure!(!Validators::<T>::contains_key(org), Error::<T>::ValidatorExists);
		ensure!(T::ValidatorKeys::has_keys(&account), Error::<T>::NoSessionKeys);
		Validators::<T>::insert(
			org,
			ValidatorRecord { account: account.clone(), status: ValidatorStatus::Proposed },
		);
		ValidatorOwner::<T>::insert(&account, org);
		Self::deposit_event(Event::ValidatorProposed { org, account });
		Ok(())
	}

	pub(crate) fn do_approve_validator(org: OrgId) -> DispatchResult {
		let mut v = Validators::<T>::get(org).ok_or(Error::<T>::ValidatorNotFound)?;
		ensure!(v.status == ValidatorStatus::Proposed, Error::<T>::AlreadyApproved);
		ensure!(Self::is_active(org), Error::<T>::NotActive);
		ensure!(T::ValidatorKeys::has_keys(&v.account), Error::<T>::NoSessionKeys);
		v.status = ValidatorStatus::Approved;
		let account = v.account.clone();
		Validators::<T>::insert(org, v);
		Self::deposit_event(Event::ValidatorApproved { org, account });
		Ok(())
	}

	pub(crate) fn do_remove_validator(org: OrgId) -> DispatchResult {
		ensure!(Validators::<T>::contains_key(org), Error::<T>::ValidatorNotFound);
		Self::ensure_validators_left_without(org)?;
		let v = Validators::<T>::take(org).ok_or(Error::<T>::ValidatorNotFound)?;
		ValidatorOwner::<T>::remove(&v.account);
		Self::deposit_event(Event::ValidatorRemoved { org, account: v.account });
		Ok(())
	}
}

/// pallet-session asks this pallet for the next validator set at every session boundary.
impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(index: u32) -> Option<Vec<T::AccountId>> {
		let set = Self::validator_set();
		if set.len() < MinValidators::<T>::get() as usize {
			log::warn!(
				target: "runtime::consortium",
				"session {index}: only {} eligible validators (minimum {}); keeping the current set",
				set.len(),
				MinValidators::<T>::get(),
			);
			return None;
		}
		Some(set)
	}

	fn end_session(_: u32) {}

	fn start_session(_: u32) {}
}
