//! Shared set-up of the runtime tests: the local consortium's genesis, optionally with more
//! member organisations, and dev accounts.

#![allow(dead_code)]

use bioledger_primitives::{
	credentials::STANDARD_KINDS, CredentialKind, OrgKind, Role, RoleSet, Validity,
};
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

/// Merge a genesis preset's JSON patch into a full genesis config's JSON.
pub fn merge(base: &mut serde_json::Value, patch: serde_json::Value) {
	match (base, patch) {
		(serde_json::Value::Object(b), serde_json::Value::Object(p)) => {
			for (k, v) in p {
				merge(b.entry(k).or_insert(serde_json::Value::Null), v);
			}
		},
		(b, p) => *b = p,
	}
}

/// The genesis seal of `issuer` (dev e-seal of `issuer_seed`) on a credential of `holder`.
pub fn genesis_seal(
	issuer_seed: &str,
	holder: u32,
	kind: CredentialKind,
	validity: Validity,
	doc: [u8; 32],
	issuer: u32,
) -> Vec<u8> {
	let digest = pallet_consortium::Pallet::<Runtime>::credential_digest(
		[0; 32], holder, kind, &validity, &doc, issuer, 1,
	);
	bioledger_crypto::native::Sm2Keypair::from_seed(issuer_seed)
		.sign(&digest)
		.to_vec()
}

/// A member organisation admitted at genesis whose admin is the dev key `seed` (e.g.
/// `//Eve`), with `accounts` (`//Eve//<suffix>`, role), one credential of `credential` issued
/// by the founding regulator or certification body (if its kind may hold it) and the dev
/// e-seal key of `seed`; it gets a council seat and no validator.
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
		credentials: issued(config, kind, credential),
		issues: vec![],
		oversees: vec![],
		validator: None,
		nodes: vec![],
	});
	let mut council = config.council_membership.members.to_vec();
	council.push(account(seed));
	config.council_membership.members = BoundedVec::truncate_from(council);
}

/// A credential of `kind` for the next genesis organisation (of `holder_kind`), sealed by the
/// founding regulator (NMPA) or, for the kinds certification bodies issue, SGS.
fn issued(
	config: &RuntimeGenesisConfig,
	holder_kind: OrgKind,
	kind: CredentialKind,
) -> Vec<GenesisCredential> {
	let std = STANDARD_KINDS.iter().find(|k| k.kind == kind).expect("standard kind");
	if !std.holders.contains(holder_kind) {
		return vec![];
	}
	let (regulator, certifier) = genesis_config_presets::Layout::Consortium.issuers();
	let (issuer, seed) = if std.issuers.contains(OrgKind::Regulator) {
		(regulator, genesis_config_presets::NMPA_SEED)
	} else {
		(certifier, genesis_config_presets::SGS_SEED)
	};
	let holder = config.consortium.orgs.len() as u32;
	let validity = Validity { from: 0, until: None };
	let doc = [kind.0 as u8; 32];
	vec![GenesisCredential {
		kind,
		doc_hash: doc.into(),
		issuer,
		valid_from: 0,
		valid_until: None,
		seal: genesis_seal(seed, holder, kind, validity, doc, issuer).into(),
	}]
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
