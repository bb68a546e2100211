//! The [`Membership`] glue other pallets use, the runtime API's views, and the invariants
//! checked by `try_state` (and after every unit test).

use crate::*;
use bioledger_primitives::OrgStatus;

impl<T: Config> Membership<T::AccountId> for Pallet<T> {
	fn org_of(who: &T::AccountId) -> Option<OrgId> {
		Accounts::<T>::get(who).map(|r| r.org)
	}

	fn roles_of(who: &T::AccountId) -> RoleSet {
		Accounts::<T>::get(who).map(|r| r.roles).unwrap_or_default()
	}

	fn is_active(org: OrgId) -> bool {
		Orgs::<T>::get(org).is_some_and(|o| o.status == bioledger_primitives::OrgStatus::Active)
	}

	fn kind_of(org: OrgId) -> Option<OrgKind> {
		Orgs::<T>::get(org).map(|o| o.kind)
	}

	fn has_valid_credential(org: OrgId, kind: CredentialKind, at: Moment) -> bool {
		let legacy = LegacyCredentialsUntil::<T>::get();
		OrgCredentials::<T>::get(org)
			.iter()
			.any(|(_, c)| c.kind == kind && c.counts_at(at, legacy))
	}

	fn qualified(org: OrgId, action: GatedAction, at: Moment) -> Result<(), CredentialKind> {
		Self::qualified_for(org, action, at)
	}

	fn eseal_key_at(org: OrgId, at: Moment) -> Option<Sm2PublicKey> {
		EsealKeys::<T>::get(org)
			.iter()
			.rev()
			.find(|k| k.validity.contains(at))
			.map(|k| k.public)
	}

	fn acting_org(who: &T::AccountId, role: Role) -> Option<OrgId> {
		let record = Accounts::<T>::get(who)?;
		(record.roles.contains(role) && Self::is_active(record.org)).then_some(record.org)
	}
}

impl<T: Config> Pallet<T> {
	/// The runtime API's view of an organisation.
	pub fn org_view(id: OrgId) -> Option<OrgView<T::AccountId>> {
		let info = Orgs::<T>::get(id)?;
		Some(OrgView {
			id,
			name: info.name.into_inner(),
			kind: info.kind,
			status: info.status,
			council_seat: info.council_seat,
			accounts: OrgAccounts::<T>::iter_key_prefix(id)
				.filter_map(|a| {
					Accounts::<T>::get(&a).map(|r| {
						let roles = bioledger_primitives::Role::ALL
							.iter()
							.copied()
							.filter(|role| r.roles.contains(*role))
							.collect();
						(a, roles)
					})
				})
				.collect(),
			eseal_key: EsealKeys::<T>::get(id).last().map(|k| k.public),
			validator: Validators::<T>::get(id)
				.map(|v| (v.account, v.status == ValidatorStatus::Approved)),
		})
	}

	/// Every organisation, by id.
	pub fn org_views() -> Vec<OrgView<T::AccountId>> {
		let mut ids: Vec<OrgId> = Orgs::<T>::iter_keys().collect();
		ids.sort();
		ids.into_iter().filter_map(Self::org_view).collect()
	}

	/// Check the pallet's invariants:
	/// - every linked account is in exactly one organisation, and the per-organisation account
	///   and admin counters match the records; roles are valid and non-empty;
	/// - every admitted organisation has at least one admin, at most `MaxAccountsPerOrg`
	///   accounts, and its council seat is one of its accounts; active organisations hold a
	///   council seat, others do not;
	/// - the validator set is a subset of active organisations' approved validators, at least
	///   `MinValidators` (≥ 1) strong; each
	///   validator account belongs to its organisation, `ValidatorOwner` mirrors `Validators`;
	/// - `PeerOwner` mirrors `Nodes`; every peer id is well formed;
	/// - the expiry queue holds exactly the non-revoked credentials with an end of validity not
	///   yet processed, and `NextExpiry` is its first entry;
	/// - every issued credential's seal verifies against its issuer's key of the issue time
	///   over its canonical digest; legacy ones carry no seal; every kind is in the registry;
	/// - the registry count, requirements, issuer/overseer admissions (of the right
	///   organisation kinds) and the per-holder request counters are consistent;
	/// - pending-application counters match, and e-seal key windows are contiguous.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::ensure;
		// Accounts.
		let mut per_org: alloc::collections::BTreeMap<OrgId, (u32, u32)> = Default::default();
		for (account, record) in Accounts::<T>::iter() {
			ensure!(record.roles.is_valid() && !record.roles.is_empty(), "invalid role set");
			ensure!(OrgAccounts::<T>::contains_key(record.org, &account), "account index missing");
			let e = per_org.entry(record.org).or_default();
			e.0 += 1;
			e.1 += u32::from(record.roles.contains(Role::Admin));
		}
		for (org, account, ()) in OrgAccounts::<T>::iter() {
			ensure!(
				Accounts::<T>::get(&account).is_some_and(|r| r.org == org),
				"account index points to another organisation"
			);
		}
		ensure!(OrgCount::<T>::get() == Orgs::<T>::iter().count() as u32, "org count");
		ensure!(OrgCount::<T>::get() <= T::MaxOrgs::get(), "too many organisations");
		for (org, info) in Orgs::<T>::iter() {
			let (accounts, admins) = per_org.get(&org).copied().unwrap_or_default();
			ensure!(info.accounts == accounts, "account counter");
			ensure!(info.admins == admins, "admin counter");
			ensure!(admins >= 1, "organisation without admin");
			ensure!(accounts <= T::MaxAccountsPerOrg::get(), "too many accounts");
			ensure!(
				Accounts::<T>::get(&info.council_seat).is_some_and(|r| r.org == org),
				"council seat held outside the organisation"
			);
			ensure!(
				T::CouncilSeats::is_seated(&info.council_seat)
					== (info.status == OrgStatus::Active),
				"council seat does not match status"
			);
			let keys = EsealKeys::<T>::get(org);
			ensure!(!keys.is_empty(), "organisation without e-seal key");
			ensure!(keys.last().is_some_and(|k| k.validity.until.is_none()), "no current key");
			for pair in keys.windows(2) {
				ensure!(pair[0].validity.until == Some(pair[1].validity.from), "key windows gap");
			}
			for (id, c) in OrgCredentials::<T>::get(org).iter() {
				ensure!(*id < info.next_credential, "credential id not yet assigned");
				ensure!(CredentialKinds::<T>::contains_key(c.kind), "credential of unknown kind");
				match c.issuer {
					// Every issued credential carries its issuer's valid seal.
					Issuer::Org(_) => ensure!(Self::seal_valid(org, c), "credential seal invalid"),
					Issuer::Legacy(_) => ensure!(c.seal.is_none(), "legacy credential with a seal"),
				}
				if c.awaits_expiry() {
					let until = c.validity.until.unwrap_or_default();
					let queued = ExpiryQueue::<T>::get().contains(&(until, org, *id));
					// Processed expiries leave the queue; pending ones must be in it.
					ensure!(
						queued || until <= T::Time::now(),
						"credential awaiting expiry not queued"
					);
				}
			}
		}
		// Validators.
		for (org, v) in Validators::<T>::iter() {
			ensure!(Orgs::<T>::contains_key(org), "validator of unknown organisation");
			ensure!(ValidatorOwner::<T>::get(&v.account) == Some(org), "validator owner index");
			ensure!(
				Accounts::<T>::get(&v.account).is_some_and(|r| r.org == org),
				"validator account outside its organisation"
			);
		}
		ensure!(
			ValidatorOwner::<T>::iter().count() == Validators::<T>::iter().count(),
			"validator owner index size"
		);
		let set = Self::validator_set();
		ensure!(set.len() >= MinValidators::<T>::get() as usize, "validator set below minimum");
		ensure!(MinValidators::<T>::get() >= 1, "minimum validators is zero");
		for account in set {
			let org = ValidatorOwner::<T>::get(&account).ok_or("validator without owner")?;
			ensure!(Self::is_active(org), "validator of an inactive organisation");
		}
		// Nodes.
		let mut peers = 0usize;
		for (org, nodes) in Nodes::<T>::iter() {
			for n in nodes.iter() {
				peers += 1;
				ensure!(PeerOwner::<T>::get(&n.peer_id) == Some(org), "peer owner index");
				ensure!(Self::ensure_peer_id(&n.peer_id).is_ok(), "malformed peer id");
			}
		}
		ensure!(PeerOwner::<T>::iter().count() == peers, "peer owner index size");
		// Expiry queue.
		let queue = ExpiryQueue::<T>::get();
		ensure!(NextExpiry::<T>::get() == queue.iter().next().map(|e| e.0), "next expiry");
		for (until, org, id) in queue.iter() {
			let creds = OrgCredentials::<T>::get(org);
			let c = creds.iter().find(|(i, _)| i == id).ok_or("queued credential missing")?;
			ensure!(
				c.1.awaits_expiry() && c.1.validity.until == Some(*until),
				"stale expiry entry"
			);
		}
		// Compliance registry.
		ensure!(KindCount::<T>::get() == CredentialKinds::<T>::iter().count() as u32, "kind count");
		ensure!(KindCount::<T>::get() <= T::MaxCredentialKinds::get(), "too many kinds");
		for (_, kinds) in Requirements::<T>::iter() {
			for k in kinds.iter() {
				ensure!(CredentialKinds::<T>::contains_key(k), "requirement of unknown kind");
			}
		}
		for (org, kind, rights) in Authorities::<T>::iter() {
			let info = Orgs::<T>::get(org).ok_or("authority of unknown organisation")?;
			let k = CredentialKinds::<T>::get(kind).ok_or("authority over unknown kind")?;
			ensure!(!rights.is_empty(), "empty authority kept");
			ensure!(!rights.issue || k.issuers.contains(info.kind), "issuer of a wrong kind");
			ensure!(!rights.oversee || info.kind == OrgKind::Regulator, "overseer not a regulator");
		}
		// Requests.
		let mut open: alloc::collections::BTreeMap<OrgId, u32> = Default::default();
		for (id, r) in Requests::<T>::iter() {
			ensure!(id < NextRequestId::<T>::get(), "request id not yet assigned");
			ensure!(Orgs::<T>::contains_key(r.holder), "request of unknown holder");
			*open.entry(r.holder).or_default() += 1;
		}
		for (org, n) in OpenRequests::<T>::iter() {
			ensure!(open.remove(&org) == Some(n), "open request counter");
			ensure!(n <= T::MaxOpenRequests::get(), "too many open requests");
		}
		ensure!(open.is_empty(), "open request counter missing");
		ensure!(ExpiryBudget::<T>::get().is_none(), "expiry budget left over");
		// Applications.
		ensure!(
			PendingApplications::<T>::get() == Applications::<T>::iter().count() as u32,
			"pending application counter"
		);
		for (org, app) in Applications::<T>::iter() {
			ensure!(
				ApplicationByApplicant::<T>::get(&app.applicant) == Some(org),
				"applicant index"
			);
			ensure!(!Orgs::<T>::contains_key(org), "application for an admitted id");
		}
		Ok(())
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// For other pallets' benchmarks: an account with `role` in an active organisation of
	/// `kind` (one per `seed`) holding a valid, open-ended credential of every kind.
	pub fn bench_member(seed: u32, role: Role, kind: OrgKind) -> (T::AccountId, OrgId) {
		use bioledger_primitives::{credentials::STANDARD_KINDS, OrgStatus, Validity};
		let admin: T::AccountId = frame_benchmarking::account("bench-admin", seed, 0);
		let org = match Accounts::<T>::get(&admin) {
			Some(r) => r.org,
			None => {
				let org = NextOrgId::<T>::get();
				NextOrgId::<T>::put(org + 1);
				OrgCount::<T>::mutate(|n| *n += 1);
				Orgs::<T>::insert(
					org,
					OrgInfo {
						name: b"Bench Org".to_vec().try_into().expect("short; qed"),
						kind,
						status: OrgStatus::Active,
						council_seat: admin.clone(),
						admitted_at: 0,
						accounts: 1,
						admins: 1,
						next_credential: STANDARD_KINDS.len() as u32,
					},
				);
				Accounts::<T>::insert(
					&admin,
					AccountRecord { org, roles: RoleSet::from_roles(&[Role::Admin]) },
				);
				OrgAccounts::<T>::insert(org, &admin, ());
				let creds: Vec<(CredentialId, CredentialOf<T>)> = STANDARD_KINDS
					.iter()
					.enumerate()
					.map(|(i, k)| {
						(
							i as CredentialId,
							Credential {
								kind: k.kind,
								issuer: Issuer::Org(org),
								doc_hash: [0; 32],
								validity: Validity { from: 0, until: None },
								version: 1,
								issued_at: 0,
								seal: Some([0; 64]),
								status: CredentialStatus::Active,
							},
						)
					})
					.collect();
				OrgCredentials::<T>::insert(org, BoundedVec::truncate_from(creds));
				let _ = T::CouncilSeats::add(&admin);
				org
			},
		};
		if role == Role::Admin {
			return (admin, org);
		}
		let who: T::AccountId = frame_benchmarking::account("bench-member", seed, role as u32);
		if !Accounts::<T>::contains_key(&who) {
			Accounts::<T>::insert(&who, AccountRecord { org, roles: RoleSet::from_roles(&[role]) });
			OrgAccounts::<T>::insert(org, &who, ());
			Orgs::<T>::mutate(org, |o| {
				if let Some(o) = o {
					o.accounts += 1
				}
			});
		}
		(who, org)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl<T: Config> Pallet<T> {
	/// For other pallets' benchmarks: set `org`'s status directly.
	pub fn bench_set_status(org: OrgId, status: bioledger_primitives::OrgStatus) {
		Orgs::<T>::mutate(org, |o| {
			if let Some(o) = o {
				o.status = status;
			}
		});
	}

	/// For other pallets' benchmarks: make `key` the only e-seal key of `org`.
	pub fn bench_set_eseal(org: OrgId, key: Sm2PublicKey) {
		let keys = BoundedVec::truncate_from(alloc::vec![EsealKey {
			public: key,
			validity: bioledger_primitives::Validity { from: 0, until: None },
		}]);
		EsealKeys::<T>::insert(org, keys);
	}
}
