//! The v1 → v2 storage migration on v1-encoded data.

use crate::{migrations::v2, mock::*, *};
use bioledger_primitives::{GatedAction, OrgKind, Validity};
use codec::Encode;
use frame_support::{
	storage::unhashed,
	traits::{ConstU64, GetStorageVersion, OnRuntimeUpgrade, StorageVersion},
	BoundedVec,
};

type Name = <Test as Config>::MaxNameLen;

fn v1_credential(kind: u8, revoked: bool) -> v2::old::Credential<Name> {
	v2::old::Credential {
		kind,
		doc_hash: [kind; 32],
		issuer: BoundedVec::truncate_from(b"NMPA".to_vec()),
		validity: Validity { from: 0, until: Some(9_000_000) },
		revoked,
	}
}

#[test]
fn v1_credentials_become_legacy_and_the_registry_appears() {
	ExtBuilder::default().build().execute_with(|| {
		// Put the chain back to v1: v1 credential lists, a v1 application, no registry.
		let _ = CredentialKinds::<Test>::clear(u32::MAX, None);
		KindCount::<Test>::kill();
		let _ = Requirements::<Test>::clear(u32::MAX, None);
		OrgCredentials::<Test>::remove(1);
		let list: v2::old::CredentialList<Test> = BoundedVec::truncate_from(vec![
			(0, v1_credential(0, false)),
			(1, v1_credential(9, true)),
		]);
		unhashed::put_raw(&OrgCredentials::<Test>::hashed_key_for(0), &list.encode());
		let app = v2::old::Application::<u64, Name, <Test as Config>::MaxApplicationCredentials> {
			applicant: 40,
			name: BoundedVec::truncate_from(b"Old Applicant".to_vec()),
			kind: OrgKind::Supplier,
			eseal_key: eseal(3).public(),
			credentials: BoundedVec::truncate_from(vec![v2::old::CredentialInput {
				kind: 0,
				doc_hash: [1; 32],
				issuer: BoundedVec::truncate_from(b"NMPA".to_vec()),
				validity: Validity { from: 0, until: None },
			}]),
			submitted_at: 500,
		};
		unhashed::put_raw(&Applications::<Test>::hashed_key_for(3), &app.encode());
		StorageVersion::new(1).put::<Pallet<Test>>();
		Timestamp::set_timestamp(10_000);

		v2::MigrateV1ToV2::<Test, ConstU64<1_000>>::on_runtime_upgrade();

		assert_eq!(Pallet::<Test>::on_chain_storage_version(), 2);
		let creds = OrgCredentials::<Test>::get(0);
		assert_eq!(creds.len(), 2);
		assert_eq!(creds[0].1.kind, CredentialKind::GMP_CERTIFICATE);
		assert_eq!(creds[0].1.issuer, Issuer::Legacy(BoundedVec::truncate_from(b"NMPA".to_vec())));
		assert_eq!(creds[0].1.status, CredentialStatus::Active);
		assert_eq!(creds[1].1.kind, CredentialKind::LENDING_LICENCE);
		assert_eq!(
			creds[1].1.status,
			CredentialStatus::Revoked { by: Revoker::Legacy, at: 10_000 }
		);
		assert_eq!(Applications::<Test>::get(3).unwrap().requests.len(), 0);
		assert_eq!(Applications::<Test>::get(3).unwrap().applicant, 40);
		assert_eq!(
			KindCount::<Test>::get() as usize,
			bioledger_primitives::credentials::STANDARD_KINDS.len()
		);
		assert_eq!(
			Requirements::<Test>::get(GatedAction::CommissionLots).into_inner(),
			vec![CredentialKind::GMP_CERTIFICATE]
		);
		assert_eq!(LegacyCredentialsUntil::<Test>::get(), Some(11_000));
		// The legacy GMP counts inside the window only.
		assert!(Consortium::has_valid_credential(0, CredentialKind::GMP_CERTIFICATE, 10_999));
		assert!(!Consortium::has_valid_credential(0, CredentialKind::GMP_CERTIFICATE, 11_000));
		// Run again: the version guard makes it a no-op.
		LegacyCredentialsUntil::<Test>::put(42);
		v2::MigrateV1ToV2::<Test, ConstU64<1_000>>::on_runtime_upgrade();
		assert_eq!(LegacyCredentialsUntil::<Test>::get(), Some(42));
	});
}
