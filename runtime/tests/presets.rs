//! The genesis presets: every founding credential carries a valid seal of its issuer, the
//! registry and requirements are the standard ones, and the issuers are admitted.

mod common;

use bioledger_crypto::native::Sm2Keypair;
use bioledger_primitives::{credentials::STANDARD_KINDS, GatedAction, Validity};
use bioledger_runtime::{
	genesis_config_presets::{self as presets, Layout, GENESIS_CREDENTIALS},
	BuildStorage, Consortium, RuntimeGenesisConfig,
};

fn storage(preset: serde_json::Value) -> sp_io::TestExternalities {
	let mut json = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	common::merge(&mut json, preset);
	let config: RuntimeGenesisConfig = serde_json::from_value(json).unwrap();
	sp_io::TestExternalities::new(config.build_storage().unwrap())
}

#[test]
fn every_founding_credential_is_sealed_by_an_admitted_issuer() {
	for (layout, preset, members) in [
		(Layout::Development, presets::development(), 1u32),
		(Layout::Consortium, presets::local_consortium(), 4),
	] {
		storage(preset).execute_with(|| {
			let (regulator, certifier) = layout.issuers();
			let mut n = 0;
			for holder in 0..members {
				for v in Consortium::credential_views(holder) {
					assert!(v.seal_valid, "{layout:?}: seal of {holder}/{}", v.id);
					assert!(v.issuer == Some(regulator) || v.issuer == Some(certifier));
					n += 1;
				}
			}
			let expected = GENESIS_CREDENTIALS.iter().filter(|c| c.0 < members).count();
			assert_eq!(n, expected, "{layout:?}");
			assert_eq!(
				Consortium::kind_views().len(),
				STANDARD_KINDS.len(),
				"the standard registry"
			);
			// Apex (org 0) may commission lots; the regulator issues and oversees GMP.
			assert_eq!(Consortium::qualified_for(0, GatedAction::CommissionLots, 1), Ok(()));
			let gmp = Consortium::kind_views()[0].clone();
			assert_eq!((gmp.issuing_orgs, gmp.overseers), (vec![regulator], vec![regulator]));
			// Every founding organisation's admin (the issuers' included) can pay fees.
			for org in 0..pallet_consortium::NextOrgId::<bioledger_runtime::Runtime>::get() {
				let admin = pallet_consortium::Orgs::<bioledger_runtime::Runtime>::get(org)
					.expect("founding organisation")
					.council_seat;
				assert!(
					pallet_balances::Pallet::<bioledger_runtime::Runtime>::free_balance(&admin) > 0,
					"{layout:?}: admin of {org} has no funds"
				);
			}
			Consortium::do_try_state().expect("consortium invariants at genesis");
		});
	}
}

/// Prints the constants of `genesis_config_presets` (issuer keys and the seals of
/// `GENESIS_CREDENTIALS`) for a change of the founding credentials:
/// `cargo test --release -p bioledger-runtime --test presets -- --ignored --nocapture`.
#[test]
#[ignore]
fn print_genesis_seals() {
	let hexs = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
	for seed in [presets::NMPA_SEED, presets::SGS_SEED] {
		println!("{seed}: {}", hexs(&Sm2Keypair::from_seed(seed).public()));
	}
	for layout in [Layout::Development, Layout::Consortium] {
		let (regulator, certifier) = layout.issuers();
		for &(holder, kind, doc, until, certified) in GENESIS_CREDENTIALS {
			if layout == Layout::Development && holder != 0 {
				continue;
			}
			let (issuer, seed) = if certified {
				(certifier, presets::SGS_SEED)
			} else {
				(regulator, presets::NMPA_SEED)
			};
			let seal = common::genesis_seal(
				seed,
				holder,
				kind,
				Validity { from: 0, until: Some(until) },
				presets::genesis_doc(doc).0,
				issuer,
			);
			println!(
				"\tGenesisSeal {{ layout: Layout::{layout:?}, holder: {holder}, kind: CredentialKind({}), issuer: {issuer}, seal: \"{}\" }},",
				kind.0,
				hexs(&seal)
			);
		}
	}
}
