//! Compliance rules as chain data: the credential-kind registry, what each gated action
//! requires, which organisations issue and oversee which kinds, and holders' requests.

use crate::*;
use bioledger_primitives::{GatedAction, OrgKindSet, OrgStatus};
use frame_support::ensure;

impl<T: Config> Pallet<T> {
	/// Add or change a credential kind.
	pub(crate) fn do_set_kind(
		kind: CredentialKind,
		name: BoundedVec<u8, T::MaxNameLen>,
		issuers: OrgKindSet,
		holders: OrgKindSet,
	) -> DispatchResult {
		Self::ensure_name(&name)?;
		ensure!(issuers.is_valid() && holders.is_valid(), Error::<T>::InvalidKindSet);
		if !CredentialKinds::<T>::contains_key(kind) {
			let count = KindCount::<T>::get();
			ensure!(count < T::MaxCredentialKinds::get(), Error::<T>::TooManyKinds);
			KindCount::<T>::put(count + 1);
		}
		CredentialKinds::<T>::insert(kind, KindInfo { name, issuers, holders });
		Self::deposit_event(Event::CredentialKindSet { kind });
		Ok(())
	}

	/// Set the kinds `action` requires (empty: none).
	pub(crate) fn do_set_requirement(
		action: GatedAction,
		kinds: BoundedVec<CredentialKind, T::MaxRequiredKinds>,
	) -> DispatchResult {
		for k in kinds.iter() {
			ensure!(CredentialKinds::<T>::contains_key(k), Error::<T>::UnknownKind);
		}
		let mut sorted = kinds.clone().into_inner();
		sorted.sort();
		sorted.dedup();
		ensure!(sorted.len() == kinds.len(), Error::<T>::DuplicateKind);
		Requirements::<T>::insert(action, kinds.clone());
		Self::deposit_event(Event::RequirementSet { action, kinds: kinds.into_inner() });
		Ok(())
	}

	/// Admit `org` as issuer and/or overseer of `kind` (or withdraw both with an empty
	/// authority).
	pub(crate) fn do_set_authority(
		org: OrgId,
		kind: CredentialKind,
		authority: Authority,
	) -> DispatchResult {
		let info = Self::org(org)?;
		let k = CredentialKinds::<T>::get(kind).ok_or(Error::<T>::UnknownKind)?;
		if authority.issue {
			ensure!(info.status == OrgStatus::Active, Error::<T>::NotActive);
			ensure!(k.issuers.contains(info.kind), Error::<T>::NotIssuerKind);
		}
		if authority.oversee {
			ensure!(info.kind == OrgKind::Regulator, Error::<T>::NotIssuerKind);
		}
		if authority.is_empty() {
			Authorities::<T>::remove(org, kind);
		} else {
			Authorities::<T>::insert(org, kind, authority);
		}
		Self::deposit_event(Event::AuthoritySet { org, kind, authority });
		Ok(())
	}

	/// Check a request: the kind exists, the holder's kind may hold it, the issuer is active
	/// and admitted for it.
	fn ensure_requestable(holder: OrgId, issuer: OrgId, kind: CredentialKind) -> DispatchResult {
		let k = CredentialKinds::<T>::get(kind).ok_or(Error::<T>::UnknownKind)?;
		let holder_kind = Self::kind_of(holder).ok_or(Error::<T>::OrgNotFound)?;
		ensure!(k.holders.contains(holder_kind), Error::<T>::NotHolderKind);
		ensure!(Self::is_active(issuer), Error::<T>::NotActive);
		ensure!(Authorities::<T>::get(issuer, kind).issue, Error::<T>::NotIssuer);
		Ok(())
	}

	/// Open a request from `holder` to `issuer`; returns its id.
	pub(crate) fn open_request(
		holder: OrgId,
		issuer: OrgId,
		kind: CredentialKind,
		documents: BoundedVec<DocHash, T::MaxRequestDocuments>,
	) -> Result<RequestId, DispatchError> {
		Self::ensure_requestable(holder, issuer, kind)?;
		let open = OpenRequests::<T>::get(holder).unwrap_or(0);
		ensure!(open < T::MaxOpenRequests::get(), Error::<T>::TooManyRequests);
		let id = NextRequestId::<T>::get();
		NextRequestId::<T>::put(id.saturating_add(1));
		OpenRequests::<T>::insert(holder, open + 1);
		Requests::<T>::insert(
			id,
			CredentialRequest { holder, issuer, kind, documents, requested_at: T::Time::now() },
		);
		Self::deposit_event(Event::CredentialRequested { org: holder, request: id, issuer, kind });
		Ok(id)
	}

	/// Forget a request (issued, withdrawn or refused).
	pub(crate) fn close_request(id: RequestId, holder: OrgId) {
		Requests::<T>::remove(id);
		OpenRequests::<T>::mutate_exists(holder, |n| {
			*n = n.map(|n| n.saturating_sub(1)).filter(|n| *n > 0);
		});
	}

	/// The request `id` if `holder` made it.
	pub(crate) fn own_request(
		holder: OrgId,
		id: RequestId,
	) -> Result<CredentialRequestOf<T>, DispatchError> {
		let req = Requests::<T>::get(id).ok_or(Error::<T>::RequestNotFound)?;
		ensure!(req.holder == holder, Error::<T>::RequestNotFound);
		Ok(req)
	}

	/// Attach more documents to a pending request.
	pub(crate) fn do_attach(
		holder: OrgId,
		id: RequestId,
		documents: BoundedVec<DocHash, T::MaxRequestDocuments>,
	) -> DispatchResult {
		let mut req = Self::own_request(holder, id)?;
		for d in documents.iter() {
			req.documents.try_push(*d).map_err(|_| Error::<T>::TooManyDocuments)?;
		}
		Requests::<T>::insert(id, req);
		Self::deposit_event(Event::RequestDocumentsAttached {
			request: id,
			documents: documents.len() as u32,
		});
		Ok(())
	}

	/// Whether `org` holds a credential of every kind `action` requires at `at`; the first
	/// missing kind otherwise.
	pub fn qualified_for(
		org: OrgId,
		action: GatedAction,
		at: Moment,
	) -> Result<(), CredentialKind> {
		let required = Requirements::<T>::get(action);
		if required.is_empty() {
			return Ok(());
		}
		let creds = OrgCredentials::<T>::get(org);
		let legacy = LegacyCredentialsUntil::<T>::get();
		for kind in required {
			if !creds.iter().any(|(_, c)| c.kind == kind && c.counts_at(at, legacy)) {
				return Err(kind);
			}
		}
		Ok(())
	}
}
