//! Qualification credentials and their expiry.
//!
//! Expiry is event-driven without scanning: every credential with an end of validity sits in an
//! ordered [`ExpiryQueue`]; [`NextExpiry`] holds the earliest time. `on_initialize` reads only
//! `NextExpiry` and, when an expiry is within `ExpiryLookahead` of the previous block's time,
//! reserves the weight of `MaxExpiriesPerBlock` expiries in [`ExpiryBudget`]. `on_finalize` (after
//! the timestamp inherent set this block's time) emits `CredentialExpired` for due entries, up to
//! the budget; the rest follow in the next block.

use crate::*;
use bioledger_primitives::{OnCredentialLapse, OrgStatus, Validity};
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// Check a submitted credential: issuer non-empty UTF-8, window not inverted.
	pub(crate) fn ensure_credential_input(c: &CredentialInputOf<T>) -> DispatchResult {
		Self::ensure_name(&c.issuer)?;
		Self::ensure_validity(&c.validity)
	}

	fn ensure_validity(v: &Validity) -> DispatchResult {
		ensure!(v.until.is_none_or(|u| u > v.from), Error::<T>::InvalidValidity);
		Ok(())
	}

	/// Put a checked credential on file; returns its id.
	pub(crate) fn put_credential(
		org: OrgId,
		c: CredentialInputOf<T>,
	) -> Result<CredentialId, DispatchError> {
		Self::ensure_credential_input(&c)?;
		let mut info = Self::org(org)?;
		let id = info.next_credential;
		let mut creds = OrgCredentials::<T>::get(org);
		creds
			.try_push((
				id,
				Credential {
					kind: c.kind,
					doc_hash: c.doc_hash,
					issuer: c.issuer,
					validity: c.validity,
					revoked: false,
				},
			))
			.map_err(|_| Error::<T>::TooManyCredentials)?;
		if let Some(until) = c.validity.until {
			Self::enqueue_expiry((until, org, id))?;
		}
		info.next_credential = id.saturating_add(1);
		Orgs::<T>::insert(org, info);
		OrgCredentials::<T>::insert(org, creds);
		Ok(id)
	}

	pub(crate) fn do_renew_credential(
		org: OrgId,
		id: CredentialId,
		doc_hash: DocHash,
		valid_until: Option<Moment>,
	) -> DispatchResult {
		let mut creds = OrgCredentials::<T>::get(org);
		let (_, c) =
			creds.iter_mut().find(|(i, _)| *i == id).ok_or(Error::<T>::CredentialNotFound)?;
		ensure!(!c.revoked, Error::<T>::CredentialRevoked);
		let validity = Validity { from: c.validity.from, until: valid_until };
		Self::ensure_validity(&validity)?;
		if let Some(old) = c.validity.until {
			Self::dequeue_expiry((old, org, id));
		}
		if let Some(new) = valid_until {
			Self::enqueue_expiry((new, org, id))?;
		}
		c.doc_hash = doc_hash;
		c.validity = validity;
		OrgCredentials::<T>::insert(org, creds);
		Self::deposit_event(Event::CredentialRenewed { org, credential: id, valid_until });
		Ok(())
	}

	/// Governance, an admin of the holder, or an auditor of an active regulator.
	pub(crate) fn ensure_may_revoke_credential(
		origin: OriginFor<T>,
		holder: OrgId,
	) -> DispatchResult {
		if T::GovernanceOrigin::try_origin(origin.clone()).is_ok() {
			Self::org(holder)?;
			return Ok(());
		}
		let who = ensure_signed(origin)?;
		let record = Accounts::<T>::get(&who).ok_or(Error::<T>::NotMember)?;
		ensure!(Self::is_active(record.org), Error::<T>::NotActive);
		let own_admin = record.org == holder && record.roles.contains(Role::Admin);
		// A private auditor (a member like the others) may not revoke a competitor's licences.
		let overseer = record.roles.contains(Role::Auditor)
			&& Self::kind_of(record.org) == Some(OrgKind::Regulator);
		ensure!(own_admin || overseer, Error::<T>::NotAuthorized);
		Self::org(holder)?;
		Ok(())
	}

	pub(crate) fn do_revoke_credential(org: OrgId, id: CredentialId) -> DispatchResult {
		let mut creds = OrgCredentials::<T>::get(org);
		let (_, c) =
			creds.iter_mut().find(|(i, _)| *i == id).ok_or(Error::<T>::CredentialNotFound)?;
		ensure!(!c.revoked, Error::<T>::CredentialRevoked);
		let now = T::Time::now();
		if c.is_valid_at(now) {
			T::OnCredentialLapse::on_credential_lapse(org, c.kind, now);
		}
		c.revoked = true;
		if let Some(until) = c.validity.until {
			Self::dequeue_expiry((until, org, id));
		}
		OrgCredentials::<T>::insert(org, creds);
		Self::deposit_event(Event::CredentialRevoked { org, credential: id });
		Ok(())
	}

	pub(crate) fn do_remove_credential(org: OrgId, id: CredentialId) -> DispatchResult {
		let mut creds = OrgCredentials::<T>::get(org);
		let pos = creds.iter().position(|(i, _)| *i == id).ok_or(Error::<T>::CredentialNotFound)?;
		ensure!(!creds[pos].1.is_valid_at(T::Time::now()), Error::<T>::CredentialStillValid);
		let (_, c) = creds.remove(pos);
		if let Some(until) = c.validity.until {
			// Expired but not yet processed: drop it from the queue too.
			Self::dequeue_expiry((until, org, id));
		}
		OrgCredentials::<T>::insert(org, creds);
		Self::deposit_event(Event::CredentialRemoved { org, credential: id });
		Ok(())
	}

	fn enqueue_expiry(entry: ExpiryEntry) -> DispatchResult {
		let mut queue = ExpiryQueue::<T>::get();
		queue.try_insert(entry).map_err(|_| Error::<T>::ExpiryQueueFull)?;
		NextExpiry::<T>::set(queue.iter().next().map(|e| e.0));
		ExpiryQueue::<T>::put(queue);
		Ok(())
	}

	fn dequeue_expiry(entry: ExpiryEntry) {
		let mut queue = ExpiryQueue::<T>::get();
		if queue.remove(&entry) {
			NextExpiry::<T>::set(queue.iter().next().map(|e| e.0));
			ExpiryQueue::<T>::put(queue);
		}
	}

	/// `on_initialize`: reserve weight for the expiries this block may process.
	pub(crate) fn reserve_expiry_budget() -> Weight {
		let check = T::DbWeight::get().reads(1);
		match NextExpiry::<T>::get() {
			Some(t) if t <= T::Time::now().saturating_add(T::ExpiryLookahead::get()) => {
				let budget = T::MaxExpiriesPerBlock::get();
				ExpiryBudget::<T>::put(budget);
				check
					.saturating_add(T::DbWeight::get().writes(1))
					.saturating_add(T::WeightInfo::expire_credentials(budget))
			},
			_ => check,
		}
	}

	/// `on_finalize`: emit `CredentialExpired` for due entries, within the reserved budget.
	pub(crate) fn process_expiries() {
		let Some(budget) = ExpiryBudget::<T>::take() else { return };
		let now = T::Time::now();
		let mut queue = ExpiryQueue::<T>::get();
		let due: Vec<ExpiryEntry> =
			queue.iter().take_while(|e| e.0 <= now).take(budget as usize).copied().collect();
		if due.is_empty() {
			return;
		}
		for entry in &due {
			queue.remove(entry);
			let (valid_until, org, credential) = *entry;
			let kind = OrgCredentials::<T>::get(org)
				.iter()
				.find(|(i, c)| {
					*i == credential && !c.revoked && c.validity.until == Some(valid_until)
				})
				.map(|(_, c)| c.kind);
			if let Some(kind) = kind {
				Self::deposit_event(Event::CredentialExpired {
					org,
					credential,
					kind,
					valid_until,
				});
			}
		}
		NextExpiry::<T>::set(queue.iter().next().map(|e| e.0));
		ExpiryQueue::<T>::put(queue);
	}

	/// Credentials of active or suspended organisations that expire within `within` ms of now
	/// (and those already past expiry whose event is still pending), earliest first.
	pub fn expiring(within: Moment) -> Vec<ExpiringCredential> {
		let horizon = T::Time::now().saturating_add(within);
		ExpiryQueue::<T>::get()
			.into_iter()
			.take_while(|e| e.0 <= horizon)
			.filter_map(|(valid_until, org, credential)| {
				let status = Orgs::<T>::get(org)?.status;
				if status == OrgStatus::Revoked {
					return None;
				}
				let kind =
					OrgCredentials::<T>::get(org).iter().find(|(i, _)| *i == credential)?.1.kind;
				Some(ExpiringCredential { org, credential, kind, valid_until })
			})
			.collect()
	}
}
