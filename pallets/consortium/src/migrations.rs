//! Storage migrations of the consortium pallet.

use crate::*;
use frame_support::{
	migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
};

/// v1 → v2: issued credentials and compliance rules as data.
///
/// - `CredentialKind` becomes a registry key (`u16`, the v1 enum indices keep their meaning) and
///   the registry and the gated actions' requirements are written from the standard tables
///   (`bioledger_primitives::credentials`), which reproduce v1's fixed rules.
/// - Every v1 credential (written by its holder, naming an authority) becomes a **legacy**
///   credential: it keeps its window and counts only until `LegacyCredentialsUntil` = upgrade
///   time + `Window`, while the council admits issuers and they issue sealed credentials. A
///   credential v1 marked revoked stays revoked (`Revoker::Legacy`).
/// - Pending applications keep everything but their self-declared credentials, which cannot
///   become requests (v1 named issuers by free text): the applicant requests after admission.
pub mod v2 {
	use super::*;
	use alloc::vec::Vec;
	use bioledger_primitives::{
		credentials::{STANDARD_KINDS, STANDARD_REQUIREMENTS},
		Validity,
	};

	/// The v1 layouts.
	pub mod old {
		use super::*;

		/// A v1 credential: kind as the one-byte enum index, issuer as free text.
		#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
		#[scale_info(skip_type_params(MaxName))]
		#[codec(mel_bound())]
		pub struct Credential<MaxName: Get<u32>> {
			pub kind: u8,
			pub doc_hash: DocHash,
			pub issuer: BoundedVec<u8, MaxName>,
			pub validity: Validity,
			pub revoked: bool,
		}

		/// A v1 credential as submitted with an application.
		#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
		#[scale_info(skip_type_params(MaxName))]
		#[codec(mel_bound())]
		pub struct CredentialInput<MaxName: Get<u32>> {
			pub kind: u8,
			pub doc_hash: DocHash,
			pub issuer: BoundedVec<u8, MaxName>,
			pub validity: Validity,
		}

		/// A v1 application.
		#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
		#[scale_info(skip_type_params(MaxName, MaxCreds))]
		#[codec(mel_bound(AccountId: MaxEncodedLen))]
		pub struct Application<AccountId, MaxName: Get<u32>, MaxCreds: Get<u32>> {
			pub applicant: AccountId,
			pub name: BoundedVec<u8, MaxName>,
			pub kind: OrgKind,
			pub eseal_key: Sm2PublicKey,
			pub credentials: BoundedVec<CredentialInput<MaxName>, MaxCreds>,
			pub submitted_at: Moment,
		}

		/// A v1 credential list.
		pub type CredentialList<T> = BoundedVec<
			(CredentialId, Credential<<T as Config>::MaxNameLen>),
			<T as Config>::MaxCredentialsPerOrg,
		>;
	}

	/// What the checks compare before and after.
	#[cfg(feature = "try-runtime")]
	#[derive(Encode, Decode)]
	struct Counts {
		credentials: u32,
		revoked: u32,
		applications: u32,
	}

	/// The migration's body (without the version guard). `Window`: how long legacy credentials
	/// keep counting after the upgrade.
	pub struct Inner<T, Window>(core::marker::PhantomData<(T, Window)>);

	impl<T: Config, Window: Get<Moment>> UncheckedOnRuntimeUpgrade for Inner<T, Window> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads = 0u64;
			let mut writes = 0u64;
			let now = T::Time::now();
			OrgCredentials::<T>::translate::<old::CredentialList<T>, _>(|_, list| {
				reads += 1;
				writes += 1;
				let migrated: Vec<(CredentialId, CredentialOf<T>)> = list
					.into_iter()
					.map(|(id, c)| {
						let status = if c.revoked {
							CredentialStatus::Revoked { by: Revoker::Legacy, at: now }
						} else {
							CredentialStatus::Active
						};
						let credential = Credential {
							kind: CredentialKind(u16::from(c.kind)),
							issuer: Issuer::Legacy(c.issuer),
							doc_hash: c.doc_hash,
							validity: c.validity,
							version: 1,
							issued_at: c.validity.from,
							seal: None,
							status,
						};
						(id, credential)
					})
					.collect();
				Some(BoundedVec::truncate_from(migrated))
			});
			Applications::<T>::translate::<
				old::Application<T::AccountId, T::MaxNameLen, T::MaxApplicationCredentials>,
				_,
			>(|_, a| {
				reads += 1;
				writes += 1;
				Some(Application {
					applicant: a.applicant,
					name: a.name,
					kind: a.kind,
					eseal_key: a.eseal_key,
					requests: Default::default(),
					submitted_at: a.submitted_at,
				})
			});
			for k in STANDARD_KINDS {
				if !CredentialKinds::<T>::contains_key(k.kind) {
					let name = BoundedVec::truncate_from(k.name.as_bytes().to_vec());
					CredentialKinds::<T>::insert(
						k.kind,
						KindInfo { name, issuers: k.issuers, holders: k.holders },
					);
					KindCount::<T>::mutate(|n| *n = n.saturating_add(1));
					writes += 2;
				}
			}
			for (action, kinds) in STANDARD_REQUIREMENTS {
				Requirements::<T>::insert(action, BoundedVec::truncate_from(kinds.to_vec()));
				writes += 1;
			}
			LegacyCredentialsUntil::<T>::put(now.saturating_add(Window::get()));
			writes += 1;
			T::DbWeight::get().reads_writes(reads + 1, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, sp_runtime::TryRuntimeError> {
			let mut counts = Counts { credentials: 0, revoked: 0, applications: 0 };
			// Decode with the old layouts: the new ones would not decode v1 data.
			for org in OrgCredentials::<T>::iter_keys() {
				let raw = frame_support::storage::unhashed::get_raw(
					&OrgCredentials::<T>::hashed_key_for(org),
				)
				.ok_or("credential list vanished")?;
				let list = old::CredentialList::<T>::decode(&mut &raw[..])
					.map_err(|_| "a credential list does not decode as v1")?;
				counts.credentials += list.len() as u32;
				counts.revoked += list.iter().filter(|(_, c)| c.revoked).count() as u32;
			}
			for org in Applications::<T>::iter_keys() {
				let raw = frame_support::storage::unhashed::get_raw(
					&Applications::<T>::hashed_key_for(org),
				)
				.ok_or("application vanished")?;
				old::Application::<T::AccountId, T::MaxNameLen, T::MaxApplicationCredentials>::decode(
					&mut &raw[..],
				)
				.map_err(|_| "an application does not decode as v1")?;
				counts.applications += 1;
			}
			Ok(counts.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = Counts::decode(&mut &state[..]).map_err(|_| "bad pre-upgrade state")?;
			let (mut credentials, mut revoked) = (0u32, 0u32);
			for (_, list) in OrgCredentials::<T>::iter() {
				for (_, c) in list.iter() {
					credentials += 1;
					ensure!(
						matches!(c.issuer, Issuer::Legacy(_)),
						"a migrated credential is issued"
					);
					ensure!(c.seal.is_none(), "a legacy credential has a seal");
					revoked += u32::from(matches!(c.status, CredentialStatus::Revoked { .. }));
				}
			}
			ensure!(credentials == before.credentials, "credentials lost or made up");
			ensure!(revoked == before.revoked, "revocations lost or made up");
			ensure!(
				Applications::<T>::iter().count() as u32 == before.applications,
				"applications lost"
			);
			for k in STANDARD_KINDS {
				ensure!(CredentialKinds::<T>::contains_key(k.kind), "standard kind missing");
			}
			for (action, kinds) in STANDARD_REQUIREMENTS {
				ensure!(Requirements::<T>::get(action).as_slice() == *kinds, "requirement differs");
			}
			ensure!(LegacyCredentialsUntil::<T>::get().is_some(), "no transition window");
			Pallet::<T>::do_try_state()
		}
	}

	/// The v1 → v2 migration, run once (guarded by the on-chain storage version).
	pub type MigrateV1ToV2<T, Window> = VersionedMigration<
		1,
		2,
		Inner<T, Window>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
