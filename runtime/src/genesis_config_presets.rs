//! Genesis presets.
//!
//! * `development`: one validator (Alice), sudo (Alice), a one-seat council. For `--dev` only.
//! * `local_consortium`: four member organisations on one machine, each with one validator and
//!   one council seat (the well-known dev keys Alice, Bob, Charlie, Dave). No sudo: every
//!   privileged change goes through the council.

use crate::{
	AccountId, BalancesConfig, CouncilMembershipConfig, RuntimeGenesisConfig, SessionConfig,
	SessionKeys, SudoConfig, UNIT,
};
use alloc::{vec, vec::Vec};
use frame_support::{build_struct_json_patch, BoundedVec};
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// Name of the four-member local consortium preset.
pub const LOCAL_CONSORTIUM_PRESET: &str = "local_consortium";

/// Fee tokens given to every well-known account at genesis.
pub const ENDOWMENT: crate::Balance = 1_000_000 * UNIT;

/// A validator: its account and its session keys.
pub struct Validator {
	/// The validator's account (also its `ValidatorId`).
	pub account: AccountId,
	/// Aura authoring key.
	pub aura: AuraId,
	/// GRANDPA voting key.
	pub grandpa: GrandpaId,
}

impl Validator {
	/// A validator with the well-known dev keys of one name (Alice, Bob, ...).
	pub fn dev((sr, ed): (Sr25519Keyring, Ed25519Keyring)) -> Self {
		Validator {
			account: sr.to_account_id(),
			aura: sr.public().into(),
			grandpa: ed.public().into(),
		}
	}
}

/// Build a genesis patch.
fn genesis(
	validators: Vec<Validator>,
	council: Vec<AccountId>,
	endowed: Vec<AccountId>,
	sudo: Option<AccountId>,
) -> Value {
	let session_keys = validators
		.into_iter()
		.map(|v| (v.account.clone(), v.account, SessionKeys { aura: v.aura, grandpa: v.grandpa }))
		.collect::<Vec<_>>();
	let mut patch = build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|a| (a, ENDOWMENT)).collect(),
		},
		session: SessionConfig { keys: session_keys },
		council_membership: CouncilMembershipConfig { members: BoundedVec::truncate_from(council) },
	});
	if let Some(key) = sudo {
		let sudo =
			build_struct_json_patch!(RuntimeGenesisConfig { sudo: SudoConfig { key: Some(key) } });
		if let (Value::Object(p), Value::Object(s)) = (&mut patch, sudo) {
			p.extend(s);
		}
	}
	patch
}

/// Every well-known dev account (Alice … Ferdie and their `//stash` twins).
fn well_known_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// The `development` preset: Alice validates alone and holds sudo.
pub fn development() -> Value {
	genesis(
		vec![Validator::dev(CONSORTIUM_MEMBERS[0])],
		vec![Sr25519Keyring::Alice.to_account_id()],
		well_known_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// The four dev keys that stand for the four members of the local consortium.
pub const CONSORTIUM_MEMBERS: [(Sr25519Keyring, Ed25519Keyring); 4] = [
	(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
	(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
	(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
	(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
];

/// The `local_consortium` preset: four members, four validators, a four-seat council, no sudo.
pub fn local_consortium() -> Value {
	genesis(
		CONSORTIUM_MEMBERS.iter().map(|k| Validator::dev(*k)).collect(),
		CONSORTIUM_MEMBERS.iter().map(|(k, _)| k.to_account_id()).collect(),
		well_known_accounts(),
		None,
	)
}

/// The preset called `id`, serialized, if it exists.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV_RUNTIME_PRESET => development(),
		LOCAL_CONSORTIUM_PRESET | LOCAL_TESTNET_RUNTIME_PRESET => local_consortium(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work; qed")
			.into_bytes(),
	)
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV_RUNTIME_PRESET), PresetId::from(LOCAL_CONSORTIUM_PRESET)]
}
