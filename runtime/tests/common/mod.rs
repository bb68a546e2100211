//! Shared set-up of the runtime tests: the local consortium's genesis, optionally with more
//! member organisations, and dev accounts.

#![allow(dead_code)]

use bioledger_primitives::{CredentialKind, OrgKind, Role, RoleSet};
use bioledger_runtime::{
	genesis_config_presets, AccountId, BuildStorage, Runtime, RuntimeGenesisConfig, RuntimeOrigin,
	System,
};
use frame_support::BoundedVec;
use pallet_consortium::{GenesisCredential, GenesisOrg};
use sp_core::{sr25519, Pair};

/// The dev account at `path` (e.g. `//Alice//qa`).
pub fn account(path: &str) -> AccountId {
	sr25519::Pair::from_string(path, None).unwrap().public().into()
}

/// A signed origin of the dev account at `path`.
pub fn who(path: &str) -> RuntimeOrigin {
	RuntimeOrigin::signed(account(path))
}

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

/// A member organisation admitted at genesis whose admin is the dev key `seed` (e.g.
/// `//Eve`), with `accounts` (`//Eve//<suffix>`, role), one credential of `credential` and the
/// dev e-seal key of `seed`; it gets a council seat and no validator.
pub fn member(
	config: &mut RuntimeGenesisConfig,
	name: &str,
	kind: OrgKind,
	seed: &str,
	accounts: &[(&str, Role)],
	credential: CredentialKind,
) {
	config.consortium.orgs.push(GenesisOrg {
		name: name.into(),
		kind,
		admin: account(seed),
		accounts: accounts
			.iter()
			.map(|(sub, role)| (account(&format!("{seed}//{sub}")), RoleSet::from_roles(&[*role])))
			.collect(),
		eseal_key: bioledger_crypto::native::Sm2Keypair::from_seed(seed).public().to_vec(),
		credentials: vec![GenesisCredential {
			kind: credential,
			doc_hash: [credential as u8; 32].into(),
			issuer: "test".into(),
			valid_from: 0,
			valid_until: None,
		}],
		validator: None,
		nodes: vec![],
	});
	let mut council = config.council_membership.members.to_vec();
	council.push(account(seed));
	config.council_membership.members = BoundedVec::truncate_from(council);
}

/// The `local_consortium` genesis changed by `edit`, at block 1 and chain time 1,000.
pub fn ext_with(edit: impl FnOnce(&mut RuntimeGenesisConfig)) -> sp_io::TestExternalities {
	let mut json = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
	merge(&mut json, genesis_config_presets::local_consortium());
	let mut config: RuntimeGenesisConfig = serde_json::from_value(json).unwrap();
	edit(&mut config);
	let mut ext = sp_io::TestExternalities::new(config.build_storage().unwrap());
	ext.execute_with(|| {
		System::set_block_number(1);
		pallet_timestamp::Now::<Runtime>::put(1_000);
	});
	ext
}

/// The `local_consortium` genesis as it is.
pub fn ext() -> sp_io::TestExternalities {
	ext_with(|_| {})
}
