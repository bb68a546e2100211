//! Runtime-level checks of the consortium wiring: council origins, seats, session manager.

use bioledger_runtime::{
	genesis_config_presets, AccountId, BuildStorage, Consortium, Runtime, RuntimeCall,
	RuntimeGenesisConfig, RuntimeOrigin, System,
};
use frame_support::{assert_ok, traits::UnfilteredDispatchable};
use sp_keyring::Sr25519Keyring;

/// RFC 7386 merge of a genesis patch into the default genesis config.
fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(b), serde_json::Value::Object(p)) => {
			for (k, v) in p {
				merge(b.entry(k).or_insert(serde_json::Value::Null), v);
			}
		},
		(b, p) => *b = p,
	}
}

fn consortium_ext() -> sp_io::TestExternalities {
	let patch = genesis_config_presets::local_consortium();
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut config, patch);
	let config: RuntimeGenesisConfig = serde_json::from_value(config).unwrap();
	let mut ext = sp_io::TestExternalities::new(config.build_storage().unwrap());
	ext.execute_with(|| System::set_block_number(1));
	ext
}

#[test]
fn two_thirds_of_the_council_is_the_governance_origin() {
	consortium_ext().execute_with(|| {
		let origin: RuntimeOrigin =
			pallet_collective::RawOrigin::<AccountId, pallet_collective::Instance1>::Members(3, 4)
				.into();
		let call = RuntimeCall::Consortium(pallet_consortium::Call::set_min_validators { min: 4 });
		assert_ok!(call.clone().dispatch_bypass_filter(origin));
		let not_enough: RuntimeOrigin =
			pallet_collective::RawOrigin::<AccountId, pallet_collective::Instance1>::Members(2, 4)
				.into();
		assert!(call.dispatch_bypass_filter(not_enough).is_err());
	});
}

#[test]
fn genesis_orgs_hold_council_seats_and_validate() {
	consortium_ext().execute_with(|| {
		// The four validating members and the two founding issuers hold seats.
		let seats = pallet_membership::Members::<Runtime, pallet_membership::Instance1>::get();
		assert_eq!(seats.len(), 6);
		assert_eq!(
			pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get().len(),
			6
		);
		assert_eq!(Consortium::validator_set().len(), 4);
		assert!(Consortium::validator_set().contains(&Sr25519Keyring::Alice.to_account_id()));
		Consortium::do_try_state().unwrap();
	});
}

#[test]
fn council_admits_an_applicant_with_a_seat() {
	consortium_ext().execute_with(|| {
		let eve = Sr25519Keyring::Eve.to_account_id();
		let seal = bioledger_crypto::native::Sm2Keypair::from_seed("//Eve");
		let pop = seal.sign(&Consortium::eseal_challenge(6, &seal.public()));
		assert_ok!(Consortium::apply(
			RuntimeOrigin::signed(eve.clone()),
			b"Hangzhou QC Labs".to_vec().try_into().unwrap(),
			bioledger_primitives::OrgKind::Laboratory,
			seal.public(),
			pop,
			Default::default(),
		));
		let origin: RuntimeOrigin =
			pallet_collective::RawOrigin::<AccountId, pallet_collective::Instance1>::Members(4, 6)
				.into();
		assert_ok!(RuntimeCall::Consortium(pallet_consortium::Call::approve_application {
			org: 6
		})
		.dispatch_bypass_filter(origin));
		let seats = pallet_membership::Members::<Runtime, pallet_membership::Instance1>::get();
		assert!(seats.contains(&eve));
		assert_eq!(
			pallet_collective::Members::<Runtime, pallet_collective::Instance1>::get().len(),
			7
		);
		Consortium::do_try_state().unwrap();
	});
}
