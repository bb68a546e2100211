//! Genesis presets.
//!
//! * `development`: one validator (Alice), Alice's organisation and the two founding issuers,
//!   whose three admins hold the council seats. For `--dev` only.
//! * `local_consortium`: four member organisations on one machine, each with one validator and
//!   one council seat (the well-known dev keys Alice, Bob, Charlie, Dave), plus the founding
//!   regulator and certification body (council seats, no validator).
//!
//! No preset (and no runtime) has sudo: every privileged change goes through the council.
//!
//! Every genesis credential carries its issuer's SM2 seal over the credential digest with the
//! chain part zero (the genesis hash does not exist yet); the seals are constants generated
//! with the dev e-seal keys (see [`GENESIS_SEALS`]).

use crate::{
	AccountId, BalancesConfig, ConsortiumConfig, CouncilMembershipConfig, RuntimeGenesisConfig,
	SessionConfig, SessionKeys, UNIT,
};
use alloc::{vec, vec::Vec};
use bioledger_primitives::{
	credentials::{STANDARD_KINDS, STANDARD_REQUIREMENTS},
	CredentialKind, OrgId, OrgKind, Role, RoleSet,
};
use frame_support::{build_struct_json_patch, BoundedVec};
use pallet_consortium::{GenesisCredential, GenesisKind, GenesisOrg};
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET, LOCAL_TESTNET_RUNTIME_PRESET};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::traits::{BlakeTwo256, Hash as HashT};

/// Name of the four-member local consortium preset.
pub const LOCAL_CONSORTIUM_PRESET: &str = "local_consortium";

/// Fee tokens given to every well-known account at genesis.
pub const ENDOWMENT: crate::Balance = 100_000_000 * UNIT;

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
) -> Value {
	// One council seat per founding organisation: its first admin.
	let council: Vec<AccountId> = orgs.iter().map(|o| o.admin.clone()).collect();
	// Every account of a founding organisation (its admin included) can pay fees.
	let mut endowed = endowed;
	for org in &orgs {
		for a in core::iter::once(&org.admin).chain(org.accounts.iter().map(|(a, _)| a)) {
			if !endowed.contains(a) {
				endowed.push(a.clone());
			}
		}
	}
	let session_keys = validators
		.into_iter()
		.map(|v| (v.account.clone(), v.account, SessionKeys { aura: v.aura, grandpa: v.grandpa }))
		.collect::<Vec<_>>();
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed.into_iter().map(|a| (a, ENDOWMENT)).collect(),
		},
		session: SessionConfig { keys: session_keys },
		council_membership: CouncilMembershipConfig { members: BoundedVec::truncate_from(council) },
		consortium: ConsortiumConfig {
			orgs,
			min_validators,
			kinds: standard_kinds(),
			requirements: STANDARD_REQUIREMENTS.iter().map(|(a, k)| (*a, k.to_vec())).collect(),
		},
	})
}

/// The standard credential-kind registry (`bioledger_primitives::credentials`) as genesis
/// carries it.
fn standard_kinds() -> Vec<GenesisKind> {
	STANDARD_KINDS
		.iter()
		.map(|k| GenesisKind {
			kind: k.kind,
			name: k.name.into(),
			issuers: k.issuers.iter().collect(),
			holders: k.holders.iter().collect(),
		})
		.collect()
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

/// Derived dev accounts and e-seal seeds of the two founding issuers (development only:
/// anyone can derive their secrets).
pub const NMPA_SEED: &str = "//NMPA";
/// See [`NMPA_SEED`].
pub const SGS_SEED: &str = "//SGS";

/// SM2 e-seal public keys of the founding issuers: `Sm2Keypair::from_seed("//NMPA")`,
/// `("//SGS")`.
pub const ISSUER_ESEAL_KEYS: [&str; 2] = [NMPA_ESEAL_KEY, SGS_ESEAL_KEY];
const NMPA_ESEAL_KEY: &str = "048d006a783bb1476d921c80dba71f97654d8bb2132d0f0acd994aed59c29730b67d4c92d1b57175a47f984aaa89b39ab80ee78f710627a98aab8361fc6c36678f";
const SGS_ESEAL_KEY: &str = "04e9c91f3a827cc74f7c89d8767e101a451c2ca5e76c045516d2eb031d4d4d04570fc49d13bee4d7989df7750f4b7597c02c3372286b9b41114f6a6f66ea53a44b";

/// Which preset a genesis credential belongs to (issuer ids differ between them, and the
/// seal covers the issuer id).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Layout {
	/// `development`: Apex (0), NMPA (1), SGS (2).
	Development,
	/// `local_consortium`: Apex (0), Huaxin (1), BioCDMO (2), Yangtze (3), NMPA (4), SGS (5).
	Consortium,
}

impl Layout {
	/// Org ids of the regulator and the certification body.
	pub const fn issuers(self) -> (OrgId, OrgId) {
		match self {
			Layout::Development => (1, 2),
			Layout::Consortium => (4, 5),
		}
	}
}

/// A genesis credential: what it is, and the seal its issuer put on it (generated by
/// `cargo test -p bioledger-runtime --test presets -- --ignored --nocapture print_genesis_seals`).
pub struct GenesisSeal {
	/// Preset.
	pub layout: Layout,
	/// Holder.
	pub holder: OrgId,
	/// Kind.
	pub kind: CredentialKind,
	/// Issuer.
	pub issuer: OrgId,
	/// `r ‖ s`, hex.
	pub seal: &'static str,
}

/// The document a genesis credential stands for, hashed.
pub fn genesis_doc(what: &str) -> sp_core::H256 {
	<BlakeTwo256 as HashT>::hash(what.as_bytes())
}

/// The genesis credentials of every founding member: (holder, kind, document, until, issued
/// by the certification body rather than the regulator).
pub const GENESIS_CREDENTIALS: &[(OrgId, CredentialKind, &str, u64, bool)] = &[
	(0, CredentialKind::GMP_CERTIFICATE, "GMP SH20260001 Apex", END_OF_2030, false),
	(
		0,
		CredentialKind::MANUFACTURING_LICENCE,
		"Manufacturing licence HU20260001",
		END_OF_2030,
		false,
	),
	(0, CredentialKind::DRUG_REGISTRATION, "Registration H20260001", END_OF_2030, false),
	(1, CredentialKind::GMP_CERTIFICATE, "GMP JS20260002 Huaxin", MID_2028, false),
	(1, CredentialKind::ISO_9001, "ISO 9001 CN-QMS-2026-0002", END_OF_2030, true),
	(2, CredentialKind::GMP_CERTIFICATE, "GMP JS20260003 BioCDMO", END_OF_2030, false),
	(
		2,
		CredentialKind::MANUFACTURING_LICENCE,
		"Manufacturing licence SU20260003",
		END_OF_2030,
		false,
	),
	(
		3,
		CredentialKind::WAREHOUSE_LICENCE,
		"Bonded warehouse licence YZ-2026-04",
		END_OF_2030,
		false,
	),
	(3, CredentialKind::COLD_CHAIN_QUALIFICATION, "GSP cold chain YZ-CC-2026", END_OF_2030, false),
];

/// The sealed genesis credentials of `holder` in `layout`.
fn credentials_of(layout: Layout, holder: OrgId) -> Vec<GenesisCredential> {
	let (regulator, certifier) = layout.issuers();
	GENESIS_CREDENTIALS
		.iter()
		.filter(|c| c.0 == holder)
		.map(|&(holder, kind, doc, until, certified)| {
			let issuer = if certified { certifier } else { regulator };
			let seal = GENESIS_SEALS
				.iter()
				.find(|s| s.layout == layout && s.holder == holder && s.kind == kind)
				.map(|s| unhex(s.seal))
				.unwrap_or_default();
			GenesisCredential {
				kind,
				doc_hash: genesis_doc(doc),
				issuer,
				valid_from: 0,
				valid_until: Some(until),
				seal: seal.into(),
			}
		})
		.collect()
}

/// The seals of [`GENESIS_CREDENTIALS`] (SM2 signatures are randomised: any valid seal works).
pub const GENESIS_SEALS: &[GenesisSeal] = &[
	GenesisSeal { layout: Layout::Development, holder: 0, kind: CredentialKind(0), issuer: 1, seal: "f2f81efc1c6d9069bc7092af5b1578478f5e52c02cfe80fe1c915f8245d3abc08fb1402cf92112b0acb52a02c9b841e428af814fe9f8eaf06876b11b61f794c6" },
	GenesisSeal { layout: Layout::Development, holder: 0, kind: CredentialKind(1), issuer: 1, seal: "73b0bc9b3e63e517b976fabffefac38e523f92f1839f0aefe67bbe9bae3a19715b2119cfc9a8393802792f3dc74e84819d13b50c09f6ad977ed7b97aa6f9744b" },
	GenesisSeal { layout: Layout::Development, holder: 0, kind: CredentialKind(2), issuer: 1, seal: "4e5934d9b7e2735f490820cf96074dca7eeea3282cd51fbabea3f20974e599cb68ab6b889c5c8ddca1a61492c9d1ced0c41339937c6f1167378c2cac6cefdaa5" },
	GenesisSeal { layout: Layout::Consortium, holder: 0, kind: CredentialKind(0), issuer: 4, seal: "13f4955adf10533cc16b13231727a9896927a836470efa5188c1337e15d0961a61cbacc4116ab0bfa95d7dafe7f99c32c4d8c1ce59afb4625b5053724343fcf5" },
	GenesisSeal { layout: Layout::Consortium, holder: 0, kind: CredentialKind(1), issuer: 4, seal: "50ce856ca9434728ba73e3c3c4e3b606577385fb3a403866810d7afa422cbef12178a5a417dd0726b09ad997aea20e922460f4a23227c55cf49704dae7ae2faa" },
	GenesisSeal { layout: Layout::Consortium, holder: 0, kind: CredentialKind(2), issuer: 4, seal: "4191eefbd65b58c9fad24a1762320e134be207fb64071333b0304b8fce54e2e756252541f19158a66164684adc60a61892dcfc0ac032cb39fbbbe14fa80e4005" },
	GenesisSeal { layout: Layout::Consortium, holder: 1, kind: CredentialKind(0), issuer: 4, seal: "8cb5b56bcdf1a0b1cb20aaabbe0a861194d3b87051fb1e31694ec32b2bff6d661cab93c841696c54cf3b15030c2406d0f6769fb02c58392532f7480b6c3e28d4" },
	GenesisSeal { layout: Layout::Consortium, holder: 1, kind: CredentialKind(3), issuer: 5, seal: "005611631e6bb0018bae58a5ddde31016f59fe4a650b44c82555165fddaeca7423a16557b5f107b309b8fc4eaf19cc3fc6461e0c482337cb17a6014560fef709" },
	GenesisSeal { layout: Layout::Consortium, holder: 2, kind: CredentialKind(0), issuer: 4, seal: "2ccc4a44024ff852305213c6a5b7d71850496c42223b0cb643efcf26843922ab4a6dac60bd505b363af9fcfd208e5f5dd6cbd768166ec5379e882ac7352ffdd1" },
	GenesisSeal { layout: Layout::Consortium, holder: 2, kind: CredentialKind(1), issuer: 4, seal: "5629231a8b77e9b25dc819995677912e7017a3c5a2b01dc2e769c5f5a9aaf0ff2d5f859265e0bd821acc19069991bf052030deecf35cb9b21d66528d043a14c2" },
	GenesisSeal { layout: Layout::Consortium, holder: 3, kind: CredentialKind(4), issuer: 4, seal: "af4408a136fc723246710e91e4df07c152a3b10af776473c3df4545eba8c27e27eef8a525bd28b4a09786ec1036ec0cc8762b34428beef938a5e012ff7496ef0" },
	GenesisSeal { layout: Layout::Consortium, holder: 3, kind: CredentialKind(7), issuer: 4, seal: "c807b6005cd024652d7f011a2b8855047e97939ed5c6751b55b7eb2f7cc2d04627a1ddaa52b7c17bf286e0843de8a7f8fabad37857a397498efa358ffdb2c07d" },
];

/// A founding organisation whose admin (council seat) and validator is the dev key `i`.
fn dev_org(layout: Layout, i: usize, name: &str, kind: OrgKind) -> GenesisOrg<AccountId> {
	let (who, _) = CONSORTIUM_MEMBERS[i];
	let admin = who.to_account_id();
	// Each member also has a QA approver and an operator: Alice's `//qa` and `//ops`, etc.
	let sub = |role: &str| derived(&alloc::format!("{}//{role}", who.to_seed()));
	GenesisOrg {
		name: name.into(),
		kind,
		admin: admin.clone(),
		accounts: vec![
			(sub("qa"), RoleSet::from_roles(&[Role::QaApprover, Role::Signer])),
			(sub("ops"), RoleSet::from_roles(&[Role::Operator, Role::SensorGateway])),
		],
		eseal_key: unhex(DEV_ESEAL_KEYS[i]),
		credentials: credentials_of(layout, i as OrgId),
		issues: vec![],
		oversees: vec![],
		validator: Some(admin),
		nodes: vec![unhex(DEV_PEER_IDS[i]).into()],
	}
}

/// The account of a dev derivation path (`//NMPA`, `//Alice//qa`).
fn derived(path: &str) -> AccountId {
	let pair = <sp_core::sr25519::Pair as sp_core::Pair>::from_string(path, None)
		.expect("static derivation path; qed");
	AccountId::from(sp_core::Pair::public(&pair))
}

/// The founding issuers: the national regulator (issues and oversees every kind the registry
/// lets regulators issue; its inspector audits) and a certification body (ISO certificates,
/// laboratory and verifier accreditation). Neither runs a validator.
fn issuer_orgs() -> Vec<GenesisOrg<AccountId>> {
	let kinds_issued_by = |org_kind: OrgKind| -> Vec<CredentialKind> {
		STANDARD_KINDS
			.iter()
			.filter(|k| k.issuers.contains(org_kind))
			.map(|k| k.kind)
			.collect()
	};
	let regulated = kinds_issued_by(OrgKind::Regulator);
	vec![
		GenesisOrg {
			name: "National Medical Products Administration".into(),
			kind: OrgKind::Regulator,
			admin: derived(NMPA_SEED),
			accounts: vec![(
				derived(&alloc::format!("{NMPA_SEED}//inspector")),
				RoleSet::from_roles(&[Role::Auditor]),
			)],
			eseal_key: unhex(NMPA_ESEAL_KEY),
			credentials: vec![],
			issues: regulated.clone(),
			oversees: regulated,
			validator: None,
			nodes: vec![],
		},
		GenesisOrg {
			name: "SGS-CSTC Certification".into(),
			kind: OrgKind::CertificationBody,
			admin: derived(SGS_SEED),
			accounts: vec![],
			eseal_key: unhex(SGS_ESEAL_KEY),
			credentials: vec![],
			issues: kinds_issued_by(OrgKind::CertificationBody),
			oversees: vec![],
			validator: None,
			nodes: vec![],
		},
	]
}

/// The organisations of a layout, in id order.
pub fn founding_orgs(layout: Layout) -> Vec<GenesisOrg<AccountId>> {
	let mut orgs = vec![dev_org(layout, 0, "Shanghai Apex Pharmaceuticals", OrgKind::Manufacturer)];
	if layout == Layout::Consortium {
		orgs.push(dev_org(layout, 1, "Jiangsu Huaxin API", OrgKind::Supplier));
		orgs.push(dev_org(layout, 2, "Suzhou BioCDMO", OrgKind::Cdmo));
		orgs.push(dev_org(layout, 3, "Yangtze Cold-Chain Warehouse", OrgKind::Warehouse));
	}
	orgs.extend(issuer_orgs());
	orgs
}

/// The four validating members of the local consortium (the issuers follow them).
pub fn consortium_orgs() -> Vec<GenesisOrg<AccountId>> {
	founding_orgs(Layout::Consortium)
}

/// The `development` preset: Alice validates alone; her organisation and the two founding
/// issuers (regulator, certification body) are the founding members and hold the three council
/// seats (a ⅔ motion is Alice's and the regulator's vote; there is no sudo).
pub fn development() -> Value {
	let orgs = founding_orgs(Layout::Development);
	genesis(vec![Validator::dev(CONSORTIUM_MEMBERS[0])], orgs, 1, well_known_accounts())
}

/// The four dev keys that stand for the four members of the local consortium.
pub const CONSORTIUM_MEMBERS: [(Sr25519Keyring, Ed25519Keyring); 4] = [
	(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
	(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
	(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
	(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
];

/// The `local_consortium` preset: four members with validators (at least three must stay:
/// GRANDPA needs more than two thirds) and the two founding issuers, a six-seat council, no
/// sudo.
pub fn local_consortium() -> Value {
	genesis(
		CONSORTIUM_MEMBERS.iter().map(|k| Validator::dev(*k)).collect(),
		consortium_orgs(),
		3,
		well_known_accounts(),
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
