//! Accounts of an organisation, their roles, and the organisation's council seat.

use crate::*;
use bioledger_primitives::OrgStatus;
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// The active organisation whose admin signed `origin`.
	pub(crate) fn ensure_admin(origin: OriginFor<T>) -> Result<OrgId, DispatchError> {
		let who = ensure_signed(origin)?;
		Self::ensure_role(&who, Role::Admin)
	}

	/// The active organisation `who` acts for with `role`, or the precise reason why not.
	pub(crate) fn ensure_role(who: &T::AccountId, role: Role) -> Result<OrgId, DispatchError> {
		let record = Accounts::<T>::get(who).ok_or(Error::<T>::NotMember)?;
		ensure!(Self::is_active(record.org), Error::<T>::NotActive);
		ensure!(record.roles.contains(role), Error::<T>::NotAuthorized);
		Ok(record.org)
	}

	fn ensure_roles_valid(roles: RoleSet) -> DispatchResult {
		ensure!(!roles.is_empty() && roles.is_valid(), Error::<T>::InvalidRoles);
		Ok(())
	}

	pub(crate) fn do_link_account(
		org: OrgId,
		account: T::AccountId,
		roles: RoleSet,
	) -> DispatchResult {
		Self::ensure_roles_valid(roles)?;
		ensure!(!Accounts::<T>::contains_key(&account), Error::<T>::AccountTaken);
		ensure!(!ApplicationByApplicant::<T>::contains_key(&account), Error::<T>::AccountTaken);
		let mut info = Self::org(org)?;
		ensure!(info.accounts < T::MaxAccountsPerOrg::get(), Error::<T>::TooManyAccounts);
		info.accounts += 1;
		info.admins += u32::from(roles.contains(Role::Admin));
		Orgs::<T>::insert(org, info);
		Accounts::<T>::insert(&account, AccountRecord { org, roles });
		OrgAccounts::<T>::insert(org, &account, ());
		Self::deposit_event(Event::AccountLinked { org, account, roles });
		Ok(())
	}

	/// The record of `account`, which must belong to `org`.
	fn member_of(org: OrgId, account: &T::AccountId) -> Result<AccountRecord, DispatchError> {
		Accounts::<T>::get(account)
			.filter(|r| r.org == org)
			.ok_or_else(|| Error::<T>::AccountNotFound.into())
	}

	pub(crate) fn do_set_roles(
		org: OrgId,
		account: T::AccountId,
		roles: RoleSet,
	) -> DispatchResult {
		Self::ensure_roles_valid(roles)?;
		let mut record = Self::member_of(org, &account)?;
		let (was, will) = (record.roles.contains(Role::Admin), roles.contains(Role::Admin));
		if was != will {
			let mut info = Self::org(org)?;
			if was {
				ensure!(info.admins >= 2, Error::<T>::LastAdmin);
				info.admins -= 1;
			} else {
				info.admins += 1;
			}
			Orgs::<T>::insert(org, info);
		}
		record.roles = roles;
		Accounts::<T>::insert(&account, record);
		Self::deposit_event(Event::RolesChanged { org, account, roles });
		Ok(())
	}

	pub(crate) fn do_unlink_account(org: OrgId, account: T::AccountId) -> DispatchResult {
		let record = Self::member_of(org, &account)?;
		let mut info = Self::org(org)?;
		ensure!(info.council_seat != account, Error::<T>::SeatHolder);
		ensure!(!ValidatorOwner::<T>::contains_key(&account), Error::<T>::ValidatorExists);
		if record.roles.contains(Role::Admin) {
			ensure!(info.admins >= 2, Error::<T>::LastAdmin);
			info.admins -= 1;
		}
		info.accounts = info.accounts.saturating_sub(1);
		Orgs::<T>::insert(org, info);
		Accounts::<T>::remove(&account);
		OrgAccounts::<T>::remove(org, &account);
		Self::deposit_event(Event::AccountUnlinked { org, account });
		Ok(())
	}

	pub(crate) fn do_move_council_seat(org: OrgId, to: T::AccountId) -> DispatchResult {
		Self::member_of(org, &to)?;
		let mut info = Self::org(org)?;
		ensure!(info.status == OrgStatus::Active, Error::<T>::NotActive);
		ensure!(info.council_seat != to, Error::<T>::SeatHolder);
		let from = core::mem::replace(&mut info.council_seat, to.clone());
		T::CouncilSeats::swap(&from, &to)?;
		Orgs::<T>::insert(org, info);
		Self::deposit_event(Event::CouncilSeatMoved { org, from, to });
		Ok(())
	}
}
