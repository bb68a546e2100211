//! Applications and the council's decisions on organisations.

use crate::*;
use bioledger_primitives::{OrgStatus, Validity};
use frame_support::{
	ensure,
	traits::tokens::{Fortitude, Precision},
};

impl<T: Config> Pallet<T> {
	/// A name is non-empty UTF-8.
	pub(crate) fn ensure_name(name: &[u8]) -> DispatchResult {
		ensure!(!name.is_empty() && core::str::from_utf8(name).is_ok(), Error::<T>::InvalidName);
		Ok(())
	}

	pub(crate) fn do_apply(
		who: T::AccountId,
		name: BoundedVec<u8, T::MaxNameLen>,
		kind: OrgKind,
		eseal_key: Sm2PublicKey,
		pop: Sm2Signature,
		requests: BoundedVec<RequestInput, T::MaxApplicationCredentials>,
	) -> DispatchResult {
		Self::ensure_name(&name)?;
		ensure!(!Accounts::<T>::contains_key(&who), Error::<T>::AlreadyMember);
		ensure!(!ApplicationByApplicant::<T>::contains_key(&who), Error::<T>::ApplicationPending);
		let pending = PendingApplications::<T>::get();
		ensure!(pending < T::MaxPendingApplications::get(), Error::<T>::TooManyApplications);
		ensure!(OrgCount::<T>::get() < T::MaxOrgs::get(), Error::<T>::TooManyOrgs);
		for r in requests.iter() {
			let k = CredentialKinds::<T>::get(r.kind).ok_or(Error::<T>::UnknownKind)?;
			ensure!(k.holders.contains(kind), Error::<T>::NotHolderKind);
		}
		let org = NextOrgId::<T>::get();
		Self::check_proof_of_possession(org, &eseal_key, &pop)?;
		T::Currency::hold(&HoldReason::Application.into(), &who, T::ApplicationDeposit::get())
			.map_err(|_| Error::<T>::InsufficientDeposit)?;

		NextOrgId::<T>::put(org.saturating_add(1));
		PendingApplications::<T>::put(pending + 1);
		ApplicationByApplicant::<T>::insert(&who, org);
		Applications::<T>::insert(
			org,
			Application {
				applicant: who.clone(),
				name,
				kind,
				eseal_key,
				requests,
				submitted_at: T::Time::now(),
			},
		);
		Self::deposit_event(Event::ApplicationSubmitted { org, applicant: who, kind });
		Ok(())
	}

	/// Forget a pending application; its deposit is returned, or burned (`burn`: rejected).
	pub(crate) fn drop_application(org: OrgId, applicant: &T::AccountId, burn: bool) {
		Applications::<T>::remove(org);
		ApplicationByApplicant::<T>::remove(applicant);
		PendingApplications::<T>::mutate(|n| *n = n.saturating_sub(1));
		let reason = HoldReason::Application.into();
		// Best effort: one application per applicant, so the hold is exactly its deposit.
		let _ = if burn {
			T::Currency::burn_all_held(&reason, applicant, Precision::BestEffort, Fortitude::Force)
		} else {
			T::Currency::release_all(&reason, applicant, Precision::BestEffort)
		};
	}

	pub(crate) fn do_approve_application(org: OrgId) -> DispatchResult {
		let app = Applications::<T>::get(org).ok_or(Error::<T>::ApplicationNotFound)?;
		ensure!(OrgCount::<T>::get() < T::MaxOrgs::get(), Error::<T>::TooManyOrgs);
		// The applicant may have been linked to another organisation since applying.
		ensure!(!Accounts::<T>::contains_key(&app.applicant), Error::<T>::AlreadyMember);
		Self::drop_application(org, &app.applicant, false);

		let admin = app.applicant.clone();
		Self::create_org(org, app.name, app.kind, admin.clone())?;
		T::CouncilSeats::add(&admin)?;
		Self::deposit_event(Event::OrgAdmitted { org, kind: app.kind, admin: admin.clone() });
		let roles = RoleSet::from_roles(&[Role::Admin, Role::Signer]);
		Self::do_link_account(org, admin, roles)?;
		Self::push_eseal_key(org, app.eseal_key)?;
		for r in app.requests {
			// The issuers decide: each becomes a pending request (an issuer withdrawn since
			// the application fails the admission; the council re-decides).
			let documents = BoundedVec::truncate_from(alloc::vec![r.document]);
			Self::open_request(org, r.issuer, r.kind, documents)?;
		}
		Ok(())
	}

	/// Create the organisation record (no accounts, keys or credentials yet).
	fn create_org(
		org: OrgId,
		name: BoundedVec<u8, T::MaxNameLen>,
		kind: OrgKind,
		council_seat: T::AccountId,
	) -> DispatchResult {
		let count = OrgCount::<T>::get();
		ensure!(count < T::MaxOrgs::get(), Error::<T>::TooManyOrgs);
		OrgCount::<T>::put(count + 1);
		Orgs::<T>::insert(
			org,
			OrgInfo {
				name,
				kind,
				status: OrgStatus::Active,
				council_seat,
				admitted_at: T::Time::now(),
				accounts: 0,
				admins: 0,
				next_credential: 0,
			},
		);
		Ok(())
	}

	/// The organisation, if it exists.
	pub(crate) fn org(org: OrgId) -> Result<OrgInfoOf<T>, DispatchError> {
		Orgs::<T>::get(org).ok_or_else(|| Error::<T>::OrgNotFound.into())
	}

	pub(crate) fn do_suspend(org: OrgId) -> DispatchResult {
		let mut info = Self::org(org)?;
		ensure!(info.status == OrgStatus::Active, Error::<T>::NotActive);
		Self::ensure_validators_left_without(org)?;
		T::CouncilSeats::remove(&info.council_seat)?;
		info.status = OrgStatus::Suspended;
		Orgs::<T>::insert(org, info);
		Self::deposit_event(Event::OrgSuspended { org });
		Ok(())
	}

	pub(crate) fn do_reinstate(org: OrgId) -> DispatchResult {
		let mut info = Self::org(org)?;
		ensure!(info.status == OrgStatus::Suspended, Error::<T>::NotSuspended);
		T::CouncilSeats::add(&info.council_seat)?;
		info.status = OrgStatus::Active;
		Orgs::<T>::insert(org, info);
		Self::deposit_event(Event::OrgReinstated { org });
		Ok(())
	}

	pub(crate) fn do_revoke(org: OrgId) -> DispatchResult {
		let mut info = Self::org(org)?;
		ensure!(info.status != OrgStatus::Revoked, Error::<T>::AlreadyRevoked);
		if info.status == OrgStatus::Active {
			Self::ensure_validators_left_without(org)?;
			T::CouncilSeats::remove(&info.council_seat)?;
		}
		info.status = OrgStatus::Revoked;
		Orgs::<T>::insert(org, info);
		if let Some(v) = Validators::<T>::take(org) {
			ValidatorOwner::<T>::remove(&v.account);
			Self::deposit_event(Event::ValidatorRemoved { org, account: v.account });
		}
		for node in Nodes::<T>::take(org) {
			PeerOwner::<T>::remove(&node.peer_id);
			Self::deposit_event(Event::NodeRemoved { org, peer_id: node.peer_id });
		}
		Self::deposit_event(Event::OrgRevoked { org });
		Ok(())
	}

	/// Build a genesis organisation (trusted input: no proof of possession, no council call).
	pub(crate) fn genesis_org(g: &GenesisOrg<T::AccountId>) -> DispatchResult {
		let org = NextOrgId::<T>::get();
		NextOrgId::<T>::put(org + 1);
		let name: BoundedVec<u8, T::MaxNameLen> =
			g.name.as_bytes().to_vec().try_into().map_err(|_| Error::<T>::InvalidName)?;
		Self::ensure_name(&name)?;
		Self::create_org(org, name, g.kind, g.admin.clone())?;
		Self::do_link_account(
			org,
			g.admin.clone(),
			RoleSet::from_roles(&[Role::Admin, Role::Signer]),
		)?;
		for (account, roles) in &g.accounts {
			Self::do_link_account(org, account.clone(), *roles)?;
		}
		let key: Sm2PublicKey =
			g.eseal_key.clone().try_into().map_err(|_| Error::<T>::InvalidKey)?;
		Self::ensure_key_well_formed(&key)?;
		Self::push_eseal_key(org, key)?;
		for peer in &g.nodes {
			let peer_id: PeerId =
				peer.0.clone().try_into().map_err(|_| Error::<T>::InvalidPeerId)?;
			Self::do_register_node(org, peer_id, Default::default())?;
		}
		if let Some(v) = &g.validator {
			ensure!(
				Accounts::<T>::get(v).is_some_and(|r| r.org == org),
				Error::<T>::AccountNotFound
			);
			ensure!(!ValidatorOwner::<T>::contains_key(v), Error::<T>::ValidatorExists);
			Validators::<T>::insert(
				org,
				ValidatorRecord { account: v.clone(), status: ValidatorStatus::Approved },
			);
			ValidatorOwner::<T>::insert(v, org);
		}
		Ok(())
	}

	/// Genesis: the issuer admissions of organisation `org`, then (once every organisation's
	/// admissions are in) its credentials, each checked against its issuer's seal over the
	/// digest of a credential sealed into the genesis state (chain = 32 zero bytes).
	pub(crate) fn genesis_authorities(org: OrgId, g: &GenesisOrg<T::AccountId>) -> DispatchResult {
		for kind in &g.issues {
			let rights = Authority { issue: true, ..Authorities::<T>::get(org, kind) };
			Self::do_set_authority(org, *kind, rights)?;
		}
		for kind in &g.oversees {
			let rights = Authority { oversee: true, ..Authorities::<T>::get(org, kind) };
			Self::do_set_authority(org, *kind, rights)?;
		}
		Ok(())
	}

	/// See [`Self::genesis_authorities`].
	pub(crate) fn genesis_credentials(org: OrgId, g: &GenesisOrg<T::AccountId>) -> DispatchResult {
		for c in &g.credentials {
			let seal: Sm2Signature =
				c.seal.0.clone().try_into().map_err(|_| Error::<T>::BadSeal)?;
			let validity = Validity { from: c.valid_from, until: c.valid_until };
			let request = Self::open_request(org, c.issuer, c.kind, Default::default())?;
			Self::do_issue(c.issuer, request, c.doc_hash.0, validity, seal)?;
		}
		Ok(())
	}
}
