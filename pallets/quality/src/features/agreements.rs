//! Agreements: draft, amend, seal, terminate, expire.

use crate::*;
use alloc::collections::BTreeSet;
use bioledger_crypto::Sm2Error;

/// Domain separator of the agreement digest.
pub const DIGEST_DOMAIN: &[u8] = b"BIOLEDGER/EQA/V1";

impl<T: Config> Pallet<T> {
	/// The active organisation `origin` acts for with `role`.
	pub(crate) fn ensure_role(origin: OriginFor<T>, role: Role) -> Result<OrgId, DispatchError> {
		let who = ensure_signed(origin)?;
		T::Membership::acting_org(&who, role).ok_or_else(|| Error::<T>::NotAuthorized.into())
	}

	/// Hold the draft deposit of agreement `id` from `who`.
	pub(crate) fn hold_draft_deposit(who: &T::AccountId, id: AgreementId) -> DispatchResult {
		use frame_support::traits::fungible::MutateHold;
		let deposit = T::DraftDeposit::get();
		T::Currency::hold(&HoldReason::DraftDeposit.into(), who, deposit)
			.map_err(|_| Error::<T>::InsufficientDeposit)?;
		DraftDeposits::<T>::insert(id, (who.clone(), deposit));
		Ok(())
	}

	/// Give back the draft deposit of `id` (sealed or terminated).
	fn release_draft_deposit(id: AgreementId) {
		use frame_support::traits::{fungible::MutateHold, tokens::Precision};
		if let Some((who, deposit)) = DraftDeposits::<T>::take(id) {
			let _ = T::Currency::release(
				&HoldReason::DraftDeposit.into(),
				&who,
				deposit,
				Precision::BestEffort,
			);
		}
	}

	/// The canonical digest both parties seal: `SM3(domain ‖ genesis hash ‖ SCALE(id, buyer,
	/// supplier, version, supersedes, terms))`.
	pub fn digest_of(
		id: AgreementId,
		buyer: OrgId,
		supplier: OrgId,
		version: u32,
		supersedes: Option<AgreementId>,
		terms: &TermsOf<T>,
	) -> [u8; 32] {
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::default());
		let mut data = DIGEST_DOMAIN.to_vec();
		data.extend_from_slice(genesis.as_ref());
		(id, buyer, supplier, version, supersedes, terms).encode_to(&mut data);
		bioledger_crypto::sm::sm3(&data)
	}

	fn ensure_terms(terms: &TermsOf<T>) -> DispatchResult {
		ensure!(!terms.specs.is_empty(), Error::<T>::InvalidTerms);
		Self::ensure_terms_but_specs(terms)
	}

	fn ensure_terms_but_specs(terms: &TermsOf<T>) -> DispatchResult {
		let ok = !terms.product.is_empty()
			&& terms.storage.is_none_or(|r| r.is_well_formed())
			&& terms.validity.until.is_none_or(|u| u > terms.validity.from)
			&& terms.specs.iter().all(|s| match (s.min, s.max) {
				(Some(a), Some(b)) => a <= b,
				(None, None) => false,
				_ => true,
			});
		ensure!(ok, Error::<T>::InvalidTerms);
		let codes: BTreeSet<_> = terms.specs.iter().map(|s| s.code.clone()).collect();
		ensure!(codes.len() == terms.specs.len(), Error::<T>::InvalidTerms);
		Ok(())
	}

	pub(crate) fn do_draft(
		buyer: OrgId,
		supplier: OrgId,
		terms: TermsOf<T>,
		previous: Option<(AgreementId, u32)>,
	) -> DispatchResult {
		Self::ensure_parties(buyer, supplier, &terms)?;
		Self::ensure_terms(&terms)?;
		Self::insert_draft(buyer, supplier, terms, previous, None)
	}

	/// Two different parties, the supplier and any arbitrator active.
	fn ensure_parties(buyer: OrgId, supplier: OrgId, terms: &TermsOf<T>) -> DispatchResult {
		ensure!(buyer != supplier, Error::<T>::SameOrg);
		ensure!(T::Membership::is_active(supplier), Error::<T>::InactiveOrg);
		ensure!(terms.arbitrator.is_none_or(T::Membership::is_active), Error::<T>::InactiveOrg);
		Ok(())
	}

	/// Draft with confidential specification items (see `draft_confidential`).
	pub(crate) fn do_draft_confidential(
		buyer: OrgId,
		supplier: OrgId,
		terms: TermsOf<T>,
		specs: BoundedVec<CommittedSpec, T::MaxSpecItems>,
		payload: bioledger_primitives::PayloadHash,
	) -> DispatchResult {
		use bioledger_primitives::Collections as _;
		ensure!(terms.specs.is_empty() && !specs.is_empty(), Error::<T>::InvalidTerms);
		let codes: BTreeSet<_> = specs.iter().map(|s| s.code.clone()).collect();
		ensure!(codes.len() == specs.len(), Error::<T>::InvalidTerms);
		Self::ensure_terms_but_specs(&terms)?;
		Self::ensure_parties(buyer, supplier, &terms)?;
		let collection = T::Collections::open(buyer, &[supplier], T::RecordRetention::get())
			.map_err(|_| Error::<T>::CollectionRefused)?;
		T::Collections::commit(collection, payload, buyer)
			.map_err(|_| Error::<T>::CollectionRefused)?;
		let id = NextAgreementId::<T>::get();
		let confidential = ConfidentialTerms { collection, payload, specs };
		Self::insert_draft(buyer, supplier, terms, None, Some(&confidential))?;
		ConfidentialTermsOf::<T>::insert(id, confidential);
		Self::deposit_event(Event::ConfidentialTermsCommitted {
			agreement: id,
			collection,
			payload,
		});
		Ok(())
	}

	fn insert_draft(
		buyer: OrgId,
		supplier: OrgId,
		terms: TermsOf<T>,
		previous: Option<(AgreementId, u32)>,
		confidential: Option<&ConfidentialTerms<T::MaxSpecItems>>,
	) -> DispatchResult {
		let id = NextAgreementId::<T>::get();
		let version = previous.map_or(1, |(_, v)| v + 1);
		let supersedes = previous.map(|(p, _)| p);
		let mut digest = Self::digest_of(id, buyer, supplier, version, supersedes, &terms);
		if let Some(c) = confidential {
			// The seals cover the committed specification and the payload's commitment.
			let mut data = digest.to_vec();
			(c.payload, &c.specs).encode_to(&mut data);
			digest = bioledger_crypto::sm::sm3(&data);
		}
		NextAgreementId::<T>::put(id + 1);
		Agreements::<T>::insert(
			id,
			Agreement {
				buyer,
				supplier,
				version,
				supersedes,
				terms,
				status: AgreementStatus::Draft,
				digest,
				buyer_seal: None,
				supplier_seal: None,
				created_at: T::Time::now(),
			},
		);
		Self::deposit_event(Event::AgreementDrafted {
			agreement: id,
			buyer,
			supplier,
			version,
			digest,
		});
		Ok(())
	}

	pub(crate) fn do_amend(
		buyer: OrgId,
		previous: AgreementId,
		terms: TermsOf<T>,
	) -> DispatchResult {
		let old = Agreements::<T>::get(previous).ok_or(Error::<T>::AgreementNotFound)?;
		ensure!(old.buyer == buyer, Error::<T>::NotAuthorized);
		ensure!(old.status == AgreementStatus::Active, Error::<T>::NotActive);
		ensure!(old.terms.product == terms.product, Error::<T>::InvalidTerms);
		Self::do_draft(buyer, old.supplier, terms, Some((previous, old.version)))
	}

	pub(crate) fn do_sign(
		who: T::AccountId,
		id: AgreementId,
		meaning: SignatureMeaning,
		signature: Sm2Signature,
	) -> DispatchResult {
		let org = T::Membership::acting_org(&who, Role::Signer).ok_or(Error::<T>::NotAuthorized)?;
		let mut a = Agreements::<T>::get(id).ok_or(Error::<T>::AgreementNotFound)?;
		ensure!(org == a.buyer || org == a.supplier, Error::<T>::NotAuthorized);
		ensure!(a.status == AgreementStatus::Draft, Error::<T>::NotDraft);
		let now = T::Time::now();
		ensure!(a.terms.validity.until.is_none_or(|u| now < u), Error::<T>::Expired);
		let slot = if org == a.buyer { &mut a.buyer_seal } else { &mut a.supplier_seal };
		ensure!(slot.is_none(), Error::<T>::AlreadySigned);
		let key = T::Membership::eseal_key_at(org, now).ok_or(Error::<T>::NoEsealKey)?;
		match bioledger_crypto::sm::sm2_verify(&key, &a.digest, &signature) {
			Ok(()) => {},
			Err(Sm2Error::MalformedKey | Sm2Error::KeyNotOnCurve) => {
				return Err(Error::<T>::NoEsealKey.into())
			},
			Err(_) => return Err(Error::<T>::BadSignature.into()),
		}
		*slot = Some(SealSignature { org, signer: who.clone(), at: now, meaning, signature, key });
		let complete = a.buyer_seal.is_some() && a.supplier_seal.is_some();
		// One agreement in force per buyer, supplier and product: the second seal may only
		// activate this version if no other is in force, or the one in force is the version it
		// amends.
		let in_force = ActiveAgreement::<T>::get((a.buyer, a.supplier, a.terms.product.clone()));
		ensure!(
			!complete || in_force.is_none() || in_force == a.supersedes,
			Error::<T>::AlreadyActive
		);
		Self::deposit_event(Event::AgreementSigned { agreement: id, org, signer: who, meaning });
		if complete {
			a.status = AgreementStatus::Active;
			let mut superseded = None;
			if let Some(prev) = a.supersedes {
				Agreements::<T>::mutate(prev, |p| {
					if let Some(p) = p.as_mut().filter(|p| p.status == AgreementStatus::Active) {
						p.status = AgreementStatus::Superseded;
						superseded = Some(prev);
					}
				});
				TerminationNotices::<T>::remove(prev);
			}
			Self::release_draft_deposit(id);
			ActiveAgreement::<T>::insert((a.buyer, a.supplier, a.terms.product.clone()), id);
			Self::deposit_event(Event::AgreementActivated { agreement: id, superseded });
		}
		Agreements::<T>::insert(id, a);
		Ok(())
	}

	/// Take `id` out of the active index if it is the indexed one.
	fn unindex(id: AgreementId, a: &AgreementOf<T>) {
		let key = (a.buyer, a.supplier, a.terms.product.clone());
		if ActiveAgreement::<T>::get(&key) == Some(id) {
			ActiveAgreement::<T>::remove(&key);
		}
	}

	pub(crate) fn do_terminate(who: T::AccountId, id: AgreementId) -> DispatchResult {
		let mut a = Agreements::<T>::get(id).ok_or(Error::<T>::AgreementNotFound)?;
		let org = [Role::QaApprover, Role::Admin]
			.into_iter()
			.find_map(|r| {
				T::Membership::acting_org(&who, r).filter(|o| *o == a.buyer || *o == a.supplier)
			})
			.ok_or(Error::<T>::NotAuthorized)?;
		match a.status {
			// A draft binds no one yet: it ends at once.
			AgreementStatus::Draft => {
				Self::unindex(id, &a);
				Self::release_draft_deposit(id);
				a.status = AgreementStatus::Terminated;
				Agreements::<T>::insert(id, a);
				Self::deposit_event(Event::AgreementTerminated { agreement: id, by: org });
			},
			// An active one runs for its notice period (or to its validity's end if sooner).
			AgreementStatus::Active => {
				ensure!(!TerminationNotices::<T>::contains_key(id), Error::<T>::NotActive);
				let notice_end = T::Time::now().saturating_add(T::TerminationNotice::get());
				let effective_at = a.terms.validity.until.map_or(notice_end, |u| u.min(notice_end));
				TerminationNotices::<T>::insert(id, (effective_at, org));
				Self::deposit_event(Event::TerminationNoticeGiven {
					agreement: id,
					by: org,
					effective_at,
				});
			},
			_ => return Err(Error::<T>::NotActive.into()),
		}
		Ok(())
	}

	pub(crate) fn do_expire(id: AgreementId) -> DispatchResult {
		let mut a = Agreements::<T>::get(id).ok_or(Error::<T>::AgreementNotFound)?;
		ensure!(a.status == AgreementStatus::Active, Error::<T>::NotActive);
		let now = T::Time::now();
		let notice = TerminationNotices::<T>::get(id).filter(|(at, _)| *at <= now);
		ensure!(
			notice.is_some() || a.terms.validity.until.is_some_and(|u| u <= now),
			Error::<T>::NotExpired
		);
		Self::unindex(id, &a);
		TerminationNotices::<T>::remove(id);
		if let Some((_, by)) = notice {
			a.status = AgreementStatus::Terminated;
			Agreements::<T>::insert(id, a);
			Self::deposit_event(Event::AgreementTerminated { agreement: id, by });
		} else {
			a.status = AgreementStatus::Expired;
			Agreements::<T>::insert(id, a);
			Self::deposit_event(Event::AgreementExpired { agreement: id });
		}
		Ok(())
	}

	/// The agreement in force now for `buyer`, `supplier` and `product` (an active one past its
	/// validity does not count, even before `expire` is called).
	pub fn active_agreement(
		buyer: OrgId,
		supplier: OrgId,
		product: &bioledger_primitives::ProductCode,
	) -> Option<(AgreementId, AgreementOf<T>)> {
		let id = ActiveAgreement::<T>::get((buyer, supplier, product.clone()))?;
		let a = Agreements::<T>::get(id)?;
		let now = T::Time::now();
		let noticed = TerminationNotices::<T>::get(id).is_some_and(|(at, _)| at <= now);
		(a.status == AgreementStatus::Active && a.terms.validity.contains(now) && !noticed)
			.then_some((id, a))
	}

	/// The agreement governing a lot: the one in force when it (or the lot it was split from,
	/// `origin`) was received, whatever has become of it since; otherwise the one in force now.
	pub fn agreement_for(
		origin: &bioledger_primitives::LotId,
		buyer: OrgId,
		supplier: OrgId,
		product: &bioledger_primitives::ProductCode,
	) -> Option<(AgreementId, AgreementOf<T>)> {
		if let Some(id) = LotAgreements::<T>::get(origin) {
			if let Some(a) = Agreements::<T>::get(id) {
				if a.buyer == buyer && a.supplier == supplier && a.terms.product == *product {
					return Some((id, a));
				}
			}
		}
		Self::active_agreement(buyer, supplier, product)
	}
}
