//! Issued credentials: requests, issue and re-issue under the issuer's SM2 e-seal, suspension,
//! revocation, surrender, and expiry.
//!
//! Only an organisation the council admitted as issuer of a kind ([`Authorities`]) writes
//! credentials of that kind, each sealed over [`Pallet::credential_digest`]; the holder asks
//! ([`Requests`]), attaches documents, withdraws its request or surrenders a credential, but
//! never writes one. A revocation (by the issuer, a regulator with oversight of the kind, or the
//! council) stands until the issuer re-issues.
//!
//! Expiry is event-driven without scanning: every credential with an end of validity sits in an
//! ordered [`ExpiryQueue`]; [`NextExpiry`] holds the earliest time. `on_initialize` reads only
//! `NextExpiry` and, when an expiry is within `ExpiryLookahead` of the previous block's time,
//! reserves the weight of `MaxExpiriesPerBlock` expiries in [`ExpiryBudget`]. `on_finalize` (after
//! the timestamp inherent set this block's time) emits `CredentialExpired` (a lapse for the
//! holder's compliance score) for due entries, up to the budget; the rest follow in the next block.

use crate::*;
use bioledger_crypto::Sm2Error;
use bioledger_primitives::{credentials::ISSUING_ROLE, OnCredentialLapse, OrgStatus, Validity};
use frame_support::ensure;

/// Domain separator of the credential digest.
pub const CREDENTIAL_DIGEST_DOMAIN: &[u8] = b"BIOLEDGER/CREDENTIAL/V1";

impl<T: Config> Pallet<T> {
	/// The chain a seal is bound to: the genesis hash, or 32 zero bytes for credentials sealed
	/// into the genesis state itself (issued at time 0, before the genesis hash exists).
	pub fn seal_chain(issued_at: Moment) -> [u8; 32] {
		if issued_at == 0 {
			return [0; 32];
		}
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::default());
		let mut out = [0u8; 32];
		let bytes = genesis.as_ref();
		out[..bytes.len().min(32)].copy_from_slice(&bytes[..bytes.len().min(32)]);
		out
	}

	/// The bytes an issuer's digest is the SM3 hash of: `domain ‖ chain ‖ SCALE(holder, kind,
	/// validity, document hash, issuer, version)`.
	pub fn credential_preimage(
		chain: [u8; 32],
		holder: OrgId,
		kind: CredentialKind,
		validity: &Validity,
		doc_hash: &DocHash,
		issuer: OrgId,
		version: u32,
	) -> Vec<u8> {
		let mut data = CREDENTIAL_DIGEST_DOMAIN.to_vec();
		data.extend_from_slice(&chain);
		(holder, kind, validity, doc_hash, issuer, version).encode_to(&mut data);
		data
	}

	/// The canonical digest an issuer seals: SM3 of [`Self::credential_preimage`]. The SM2 seal
	/// is over these 32 bytes with the default user id (`e = SM3(Z_A ‖ digest)`).
	pub fn credential_digest(
		chain: [u8; 32],
		holder: OrgId,
		kind: CredentialKind,
		validity: &Validity,
		doc_hash: &DocHash,
		issuer: OrgId,
		version: u32,
	) -> [u8; 32] {
		bioledger_crypto::sm::sm3(&Self::credential_preimage(
			chain, holder, kind, validity, doc_hash, issuer, version,
		))
	}

	/// The digest of a credential on file.
	pub(crate) fn digest_of(holder: OrgId, c: &CredentialOf<T>) -> Option<[u8; 32]> {
		let issuer = c.issuer_org()?;
		Some(Self::credential_digest(
			Self::seal_chain(c.issued_at),
			holder,
			c.kind,
			&c.validity,
			&c.doc_hash,
			issuer,
			c.version,
		))
	}

	/// Whether a credential's seal verifies against its issuer's key of the issue time.
	pub fn seal_valid(holder: OrgId, c: &CredentialOf<T>) -> bool {
		let (Some(issuer), Some(seal), Some(digest)) =
			(c.issuer_org(), c.seal, Self::digest_of(holder, c))
		else {
			return false;
		};
		Self::eseal_key_at(issuer, c.issued_at)
			.is_some_and(|key| bioledger_crypto::sm::sm2_verify(&key, &digest, &seal).is_ok())
	}

	/// Check `seal` by `issuer` over `digest` with its current key.
	fn check_seal(issuer: OrgId, digest: &[u8; 32], seal: &Sm2Signature) -> DispatchResult {
		let key = Self::eseal_key_at(issuer, T::Time::now()).ok_or(Error::<T>::NoEsealKey)?;
		match bioledger_crypto::sm::sm2_verify(&key, digest, seal) {
			Ok(()) => Ok(()),
			Err(Sm2Error::MalformedKey | Sm2Error::KeyNotOnCurve) => {
				Err(Error::<T>::NoEsealKey.into())
			},
			Err(_) => Err(Error::<T>::BadSeal.into()),
		}
	}

	fn ensure_validity(v: &Validity) -> DispatchResult {
		ensure!(v.until.is_none_or(|u| u > v.from), Error::<T>::InvalidValidity);
		Ok(())
	}

	/// The active organisation `origin` acts for as an issuer's sealing account, admitted by the
	/// council to issue `kind`.
	pub(crate) fn ensure_issuer(
		origin: OriginFor<T>,
		kind: CredentialKind,
	) -> Result<OrgId, DispatchError> {
		let who = ensure_signed(origin)?;
		let record = Accounts::<T>::get(&who).ok_or(Error::<T>::NotMember)?;
		ensure!(Self::is_active(record.org), Error::<T>::NotActive);
		ensure!(record.roles.contains(ISSUING_ROLE), Error::<T>::NotAuthorized);
		ensure!(Authorities::<T>::get(record.org, kind).issue, Error::<T>::NotIssuer);
		Ok(record.org)
	}

	/// The credential `id` of `holder` and the holder's list.
	fn credential(
		holder: OrgId,
		id: CredentialId,
	) -> Result<(CredentialListOf<T>, usize), DispatchError> {
		let creds = OrgCredentials::<T>::get(holder);
		let pos = creds.iter().position(|(i, _)| *i == id).ok_or(Error::<T>::CredentialNotFound)?;
		Ok((creds, pos))
	}

	/// Issue a credential on a pending request: checks, seal, then on file.
	pub(crate) fn do_issue(
		issuer: OrgId,
		request: RequestId,
		doc_hash: DocHash,
		validity: Validity,
		seal: Sm2Signature,
	) -> DispatchResult {
		let req = Requests::<T>::get(request).ok_or(Error::<T>::RequestNotFound)?;
		ensure!(req.issuer == issuer, Error::<T>::NotIssuer);
		Self::ensure_validity(&validity)?;
		let holder = req.holder;
		let mut info = Self::org(holder)?;
		ensure!(info.status == OrgStatus::Active, Error::<T>::NotActive);
		let now = T::Time::now();
		let digest = Self::credential_digest(
			Self::seal_chain(now),
			holder,
			req.kind,
			&validity,
			&doc_hash,
			issuer,
			1,
		);
		Self::check_seal(issuer, &digest, &seal)?;
		let id = info.next_credential;
		let mut creds = OrgCredentials::<T>::get(holder);
		creds
			.try_push((
				id,
				Credential {
					kind: req.kind,
					issuer: Issuer::Org(issuer),
					doc_hash,
					validity,
					version: 1,
					issued_at: now,
					seal: Some(seal),
					status: CredentialStatus::Active,
				},
			))
			.map_err(|_| Error::<T>::TooManyCredentials)?;
		if let Some(until) = validity.until {
			Self::enqueue_expiry((until, holder, id))?;
		}
		info.next_credential = id.saturating_add(1);
		Orgs::<T>::insert(holder, info);
		OrgCredentials::<T>::insert(holder, creds);
		Self::close_request(request, holder);
		Self::deposit_event(Event::CredentialIssued {
			org: holder,
			credential: id,
			kind: req.kind,
			issuer,
			valid_until: validity.until,
		});
		Ok(())
	}

	/// Re-issue (renew, restore) a credential: a new version under a new seal. It clears a
	/// suspension or revocation; a surrendered credential cannot come back.
	pub(crate) fn do_reissue(
		origin: OriginFor<T>,
		holder: OrgId,
		id: CredentialId,
		doc_hash: DocHash,
		validity: Validity,
		seal: Sm2Signature,
	) -> DispatchResult {
		let (mut creds, pos) = Self::credential(holder, id)?;
		let kind = creds[pos].1.kind;
		let issuer = Self::ensure_issuer(origin, kind)?;
		let c = &mut creds[pos].1;
		ensure!(c.issuer == Issuer::Org(issuer), Error::<T>::NotIssuer);
		ensure!(
			!matches!(c.status, CredentialStatus::Surrendered { .. }),
			Error::<T>::CredentialSurrendered
		);
		ensure!(Self::is_active(holder), Error::<T>::NotActive);
		Self::ensure_validity(&validity)?;
		let now = T::Time::now();
		let version = c.version.saturating_add(1);
		let digest = Self::credential_digest(
			Self::seal_chain(now),
			holder,
			kind,
			&validity,
			&doc_hash,
			issuer,
			version,
		);
		Self::check_seal(issuer, &digest, &seal)?;
		if c.awaits_expiry() {
			if let Some(old) = c.validity.until {
				Self::dequeue_expiry((old, holder, id));
			}
		}
		if let Some(new) = validity.until {
			Self::enqueue_expiry((new, holder, id))?;
		}
		*c = Credential {
			kind,
			issuer: Issuer::Org(issuer),
			doc_hash,
			validity,
			version,
			issued_at: now,
			seal: Some(seal),
			status: CredentialStatus::Active,
		};
		OrgCredentials::<T>::insert(holder, creds);
		Self::deposit_event(Event::CredentialReissued {
			org: holder,
			credential: id,
			version,
			valid_until: validity.until,
		});
		Ok(())
	}

	/// The issuer suspends (`suspend`) or reinstates an active (suspended) credential.
	pub(crate) fn do_set_suspended(
		origin: OriginFor<T>,
		holder: OrgId,
		id: CredentialId,
		suspend: bool,
	) -> DispatchResult {
		let (mut creds, pos) = Self::credential(holder, id)?;
		let kind = creds[pos].1.kind;
		let issuer = Self::ensure_issuer(origin, kind)?;
		let c = &mut creds[pos].1;
		ensure!(c.issuer == Issuer::Org(issuer), Error::<T>::NotIssuer);
		let now = T::Time::now();
		if suspend {
			ensure!(c.status == CredentialStatus::Active, Error::<T>::CredentialNotActive);
			if c.validity.contains(now) {
				T::OnCredentialLapse::on_credential_lapse(holder, kind, now);
			}
			c.status = CredentialStatus::Suspended { at: now };
			Self::deposit_event(Event::CredentialSuspended { org: holder, credential: id, issuer });
		} else {
			ensure!(
				matches!(c.status, CredentialStatus::Suspended { .. }),
				Error::<T>::CredentialNotSuspended
			);
			c.status = CredentialStatus::Active;
			Self::deposit_event(Event::CredentialReinstated { org: holder, credential: id });
		}
		OrgCredentials::<T>::insert(holder, creds);
		Ok(())
	}

	/// Who may revoke `holder`'s credential of `kind` issued by `issuer`: the council, the
	/// issuer's sealing account, or an auditor of an active regulator with oversight of the
	/// kind. A private auditor (a member like the others) may not.
	pub(crate) fn ensure_may_revoke(
		origin: OriginFor<T>,
		kind: CredentialKind,
		issuer: Option<OrgId>,
	) -> Result<Revoker, DispatchError> {
		if T::GovernanceOrigin::try_origin(origin.clone()).is_ok() {
			return Ok(Revoker::Governance);
		}
		let who = ensure_signed(origin)?;
		let record = Accounts::<T>::get(&who).ok_or(Error::<T>::NotMember)?;
		ensure!(Self::is_active(record.org), Error::<T>::NotActive);
		let rights = Authorities::<T>::get(record.org, kind);
		if rights.issue && issuer == Some(record.org) && record.roles.contains(ISSUING_ROLE) {
			return Ok(Revoker::Issuer);
		}
		let overseer = rights.oversee
			&& record.roles.contains(Role::Auditor)
			&& Self::kind_of(record.org) == Some(OrgKind::Regulator);
		ensure!(overseer, Error::<T>::NotAuthorized);
		Ok(Revoker::Overseer(record.org))
	}

	pub(crate) fn do_revoke_credential(
		origin: OriginFor<T>,
		holder: OrgId,
		id: CredentialId,
	) -> DispatchResult {
		let (mut creds, pos) = Self::credential(holder, id)?;
		let by = Self::ensure_may_revoke(origin, creds[pos].1.kind, creds[pos].1.issuer_org())?;
		let c = &mut creds[pos].1;
		ensure!(
			matches!(c.status, CredentialStatus::Active | CredentialStatus::Suspended { .. }),
			Error::<T>::CredentialRevoked
		);
		let now = T::Time::now();
		if c.status == CredentialStatus::Active && c.validity.contains(now) {
			T::OnCredentialLapse::on_credential_lapse(holder, c.kind, now);
		}
		if let Some(until) = c.validity.until {
			Self::dequeue_expiry((until, holder, id));
		}
		c.status = CredentialStatus::Revoked { by, at: now };
		OrgCredentials::<T>::insert(holder, creds);
		Self::deposit_event(Event::CredentialRevoked { org: holder, credential: id, by });
		Ok(())
	}

	/// The holder gives a credential up for good.
	pub(crate) fn do_surrender(holder: OrgId, id: CredentialId) -> DispatchResult {
		let (mut creds, pos) = Self::credential(holder, id)?;
		let c = &mut creds[pos].1;
		ensure!(
			!matches!(c.status, CredentialStatus::Surrendered { .. }),
			Error::<T>::CredentialSurrendered
		);
		if c.awaits_expiry() {
			if let Some(until) = c.validity.until {
				Self::dequeue_expiry((until, holder, id));
			}
		}
		c.status = CredentialStatus::Surrendered { at: T::Time::now() };
		OrgCredentials::<T>::insert(holder, creds);
		Self::deposit_event(Event::CredentialSurrendered { org: holder, credential: id });
		Ok(())
	}

	pub(crate) fn do_remove_credential(org: OrgId, id: CredentialId) -> DispatchResult {
		let (mut creds, pos) = Self::credential(org, id)?;
		let now = T::Time::now();
		let c = &creds[pos].1;
		let over = matches!(
			c.status,
			CredentialStatus::Revoked { .. } | CredentialStatus::Surrendered { .. }
		) || c.validity.until.is_some_and(|u| u <= now);
		ensure!(over, Error::<T>::CredentialStillValid);
		let (_, c) = creds.remove(pos);
		if c.awaits_expiry() {
			if let Some(until) = c.validity.until {
				// Expired but not yet processed: drop it from the queue too.
				Self::dequeue_expiry((until, org, id));
			}
		}
		OrgCredentials::<T>::insert(org, creds);
		Self::deposit_event(Event::CredentialRemoved { org, credential: id });
		Ok(())
	}

	pub(crate) fn enqueue_expiry(entry: ExpiryEntry) -> DispatchResult {
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

	/// `on_finalize`: emit `CredentialExpired` for due entries, within the reserved budget. An
	/// expiry of an active credential is a lapse for the holder's compliance score.
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
			let found = OrgCredentials::<T>::get(org)
				.iter()
				.find(|(i, c)| {
					*i == credential && c.awaits_expiry() && c.validity.until == Some(valid_until)
				})
				.map(|(_, c)| (c.kind, c.status == CredentialStatus::Active));
			if let Some((kind, active)) = found {
				if active {
					T::OnCredentialLapse::on_credential_lapse(org, kind, valid_until);
				}
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
