//! Genesis presets.
//!
//! * `development`: one validator (Alice), sudo (Alice), a one-seat council. For `--dev` only.
//! * `local_consortium`: four member organisations on one machine, each with one validator and
//!   one council seat (the well-known dev keys Alice, Bob, Charlie, Dave). No sudo: every
//!   privileged change goes through the council.

use crate::{
	AccountId, BalancesConfig, ConsortiumConfig, CouncilMembershipConfig, RuntimeGenesisConfig,
	SessionConfig, SessionKeys, SudoConfig, UNIT,
};
use alloc::{vec, vec::Vec};
use bioledger_primitives::{CredentialKind, OrgKind, Role, RoleSet};
use frame_support::{build_struct_json_patch, BoundedVec};
use pallet_consortium::{GenesisCredential, GenesisOrg};
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::traits::{BlakeTwo256, Hash as HashT};

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
	orgs: Vec<GenesisOrg<AccountId>>,
	min_validators: u32,
	endowed: Vec<AccountId>,
	sudo: Option<AccountId>,
) -> Value {
	// One council seat per founding organisation: its first admin.
	let council: Vec<AccountId> = orgs.iter().map(|o| o.admin.clone()).collect();
	// Every account of a founding organisation can pay fees.
	let mut endowed = endowed;
	for org in &orgs {
		for (a, _) in &org.accounts {
			if !endowed.contains(a) {
				endowed.push(a.clone());
			}
		}
	}
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
		consortium: ConsortiumConfig { orgs, min_validators },
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

/// SM2 e-seal public keys of the dev organisations: `Sm2Keypair::from_seed("//Alice")` etc.
/// (secret = SM3 of the seed). Development only: anyone can derive the secrets.
pub const DEV_ESEAL_KEYS: [&str; 6] = [
	"046ba5062081ab9d31fea1243b78835f1ae8d3e05576e2e02de088481ad7e142bb845593468876df0f3e73458b6027bed9d69c1840c684706bc196881950765c1f",
	"04f58595457e954a7e479569694535ac49770c44f1ceac35910f9059acea95475b95a67c834e2dd53f5c778797be31c6d2837c02cb77bab6dcd411fae203a6ea35",
	"04a12189fa134865892d23b2b725b485670592c6f4e48df15f06e4ac3aaf94d07414ea365f18bfb5032fb7920f3090ce7d4a7109e9efc694e565f1d5450793ff6c",
	"04b9cf9bf475fe75c9e2be0959bd8bb438a00c2a434bd0582bfc8352f9632f8645e955f19a69d7ac0762e3d02a473a43cc48d2826702c95ea27cee497430e029b2",
	"04b6e6c65fe955d8f42f869bc54786fd9d5412f78ab88e6115f7f3a1b1d7f42a84f9000028ed217e4779085280f9f8b29ea0db322ac5e9efed9e1bf5f153848a88",
	"0400d0fcdf4817feb7d5a3a47e45500c0ff2c8dd779ab7769dfa58808b3ff9c5d949978044d3c4f3463fe0fcc2333291ecef510a1b0eb427b65ec59fc5fb5556cf",
];

/// Libp2p peer ids of the nodes started with `--node-key 00…0i` (i = 1…6) by the scripts
/// and the end-to-end tests: identity multihash of the ed25519 public key.
pub const DEV_PEER_IDS: [&str; 6] = [
	"0024080112204cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29",
	"0024080112207422b9887598068e32c4448a949adb290d0f4e35b9e01b0ee5f1a1e600fe2674",
	"002408011220f381626e41e7027ea431bfe3009e94bdd25a746beec468948d6c3c7c5dc9a54b",
	"002408011220fd50b8e3b144ea244fbf7737f550bc8dd0c2650bbc1aada833ca17ff8dbf329b",
	"002408011220fde4fba030ad002f7c2f7d4c331f49d13fb0ec747eceebec634f1ff4cbca9def",
	"002408011220b4c92afb3ba57f3ab959ffe6d319c98484a2155a0f4c65b2c37011ffd197b075",
];

fn unhex(s: &str) -> Vec<u8> {
	(0..s.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex constant"))
		.collect()
}

/// 2030-12-31T00:00:00Z in milliseconds.
const END_OF_2030: u64 = 1_924_905_600_000;
/// 2028-06-30T00:00:00Z in milliseconds.
const MID_2028: u64 = 1_845_849_600_000;

fn credential(kind: CredentialKind, what: &str, issuer: &str, until: u64) -> GenesisCredential {
	GenesisCredential {
		kind,
		doc_hash: <BlakeTwo256 as HashT>::hash(what.as_bytes()),
		issuer: issuer.into(),
		valid_from: 0,
		valid_until: Some(until),
	}
}

/// A founding organisation whose admin (council seat) and validator is the dev key `i`.
fn dev_org(
	i: usize,
	name: &str,
	kind: OrgKind,
	credentials: Vec<GenesisCredential>,
) -> GenesisOrg<AccountId> {
	let (who, _) = CONSORTIUM_MEMBERS[i];
	let admin = who.to_account_id();
	// Each member also has a QA approver and an operator: Alice's `//qa` and `//ops`, etc.
	let sub = |role: &str| {
		let pair = <sp_core::sr25519::Pair as sp_core::Pair>::from_string(
			&alloc::format!("{}//{role}", who.to_seed()),
			None,
		)
		.expect("static derivation path; qed");
		AccountId::from(sp_core::Pair::public(&pair))
	};
	GenesisOrg {
		name: name.into(),
		kind,
		admin: admin.clone(),
		accounts: vec![
			(sub("qa"), RoleSet::from_roles(&[Role::QaApprover, Role::Signer])),
			(sub("ops"), RoleSet::from_roles(&[Role::Operator, Role::SensorGateway])),
		],
		eseal_key: unhex(DEV_ESEAL_KEYS[i]),
		credentials,
		validator: Some(admin),
		nodes: vec![unhex(DEV_PEER_IDS[i]).into()],
	}
}

/// The four founding members of the local consortium.
pub fn consortium_orgs() -> Vec<GenesisOrg<AccountId>> {
	use CredentialKind::*;
	vec![
		dev_org(
			0,
			"Shanghai Apex Pharmaceuticals",
			OrgKind::Manufacturer,
			vec![
				credential(GmpCertificate, "GMP SH20260001 Apex", "NMPA", END_OF_2030),
				credential(
					ManufacturingLicence,
					"Manufacturing licence HU20260001",
					"Shanghai MPA",
					END_OF_2030,
				),
				credential(DrugRegistration, "Registration H20260001", "NMPA", END_OF_2030),
			],
		),
		dev_org(
			1,
			"Jiangsu Huaxin API",
			OrgKind::Supplier,
			vec![
				credential(GmpCertificate, "GMP JS20260002 Huaxin", "NMPA", MID_2028),
				credential(Iso9001, "ISO 9001 CN-QMS-2026-0002", "SGS", END_OF_2030),
			],
		),
		dev_org(
			2,
			"Suzhou BioCDMO",
			OrgKind::Cdmo,
			vec![
				credential(GmpCertificate, "GMP JS20260003 BioCDMO", "NMPA", END_OF_2030),
				credential(
					ManufacturingLicence,
					"Manufacturing licence SU20260003",
					"Jiangsu MPA",
					END_OF_2030,
				),
			],
		),
		dev_org(
			3,
			"Yangtze Cold-Chain Warehouse",
			OrgKind::Warehouse,
			vec![
				credential(
					WarehouseLicence,
					"Bonded warehouse licence YZ-2026-04",
					"Shanghai Customs",
					END_OF_2030,
				),
				credential(
					ColdChainQualification,
					"GSP cold chain YZ-CC-2026",
					"Shanghai MPA",
					END_OF_2030,
				),
			],
		),
	]
}

/// The `development` preset: Alice validates alone and holds sudo; her organisation is the
/// only founding member.
pub fn development() -> Value {
	let mut orgs = consortium_orgs();
	orgs.truncate(1);
	genesis(
		vec![Validator::dev(CONSORTIUM_MEMBERS[0])],
		orgs,
		1,
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

/// The `local_consortium` preset: four members, four validators (at least three must stay:
/// GRANDPA needs more than two thirds), a four-seat council, no sudo.
pub fn local_consortium() -> Value {
	genesis(
		CONSORTIUM_MEMBERS.iter().map(|k| Validator::dev(*k)).collect(),
		consortium_orgs(),
		3,
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
