//! Mock runtime for the consortium pallet's tests and benchmarks.

use crate::{self as pallet_consortium, *};
use bioledger_crypto::native::Sm2Keypair;
use bioledger_primitives::{CredentialKind, OrgKind, Role, RoleSet};
use frame_support::{
	derive_impl, parameter_types,
	storage::unhashed,
	traits::{ConstU32, ConstU64, Hooks},
};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Consortium = pallet_consortium;

	#[runtime::pallet_index(3)]
	pub type Balances = pallet_balances;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// The application deposit of the mock.
pub const DEPOSIT: u64 = 100;
/// What every account of the mock starts with.
pub const ENDOWMENT: u64 = 1_000;

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

/// Council seats kept in (transactional) storage, so that failed calls roll them back.
pub struct MockSeats;
const SEATS_KEY: &[u8] = b":mock:council-seats";
impl MockSeats {
	pub fn all() -> alloc::collections::BTreeSet<u64> {
		unhashed::get(SEATS_KEY).unwrap_or_default()
	}
	fn put(s: alloc::collections::BTreeSet<u64>) {
		unhashed::put(SEATS_KEY, &s);
	}
}
impl CouncilSeats<u64> for MockSeats {
	fn add(who: &u64) -> DispatchResult {
		let mut s = Self::all();
		frame_support::ensure!(s.insert(*who), "already seated");
		Self::put(s);
		Ok(())
	}
	fn remove(who: &u64) -> DispatchResult {
		let mut s = Self::all();
		frame_support::ensure!(s.remove(who), "not seated");
		Self::put(s);
		Ok(())
	}
	fn swap(old: &u64, new: &u64) -> DispatchResult {
		Self::remove(old)?;
		Self::add(new)
	}
	fn is_seated(who: &u64) -> bool {
		Self::all().contains(who)
	}
}

/// Session keys kept in storage: accounts that "called `session.set_keys`".
pub struct MockKeys;
const KEYS_KEY: &[u8] = b":mock:session-keys";
impl MockKeys {
	pub fn register(who: u64) {
		let mut s: alloc::collections::BTreeSet<u64> = unhashed::get(KEYS_KEY).unwrap_or_default();
		s.insert(who);
		unhashed::put(KEYS_KEY, &s);
	}
}
impl ValidatorKeys<u64> for MockKeys {
	fn has_keys(who: &u64) -> bool {
		unhashed::get::<alloc::collections::BTreeSet<u64>>(KEYS_KEY)
			.is_some_and(|s| s.contains(who))
	}
}

parameter_types! {
	pub const ExpiryLookahead: u64 = 60_000;
}

impl Config for Test {
	type Time = Timestamp;
	type GovernanceOrigin = frame_system::EnsureRoot<u64>;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ApplicationDeposit = ConstU64<DEPOSIT>;
	type CouncilSeats = MockSeats;
	type ValidatorKeys = MockKeys;
	type OnCredentialLapse = ();
	type MaxOrgs = ConstU32<6>;
	type MaxPendingApplications = ConstU32<3>;
	type MaxNameLen = ConstU32<64>;
	type MaxAccountsPerOrg = ConstU32<5>;
	type MaxCredentialsPerOrg = ConstU32<4>;
	type MaxApplicationCredentials = ConstU32<2>;
	type MaxOpenRequests = ConstU32<2>;
	type MaxRequestDocuments = ConstU32<3>;
	type MaxRequiredKinds = ConstU32<3>;
	type MaxCredentialKinds = ConstU32<30>;
	type MaxEsealKeys = ConstU32<3>;
	type MaxNodesPerOrg = ConstU32<2>;
	type MaxAddrsPerNode = ConstU32<2>;
	type MaxAddrLen = ConstU32<48>;
	type MaxExpiryQueue = ConstU32<6>;
	type MaxExpiriesPerBlock = ConstU32<2>;
	type ExpiryLookahead = ExpiryLookahead;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmark hooks of the mock.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<u64> for MockBenchmarkHelper {
	fn register_session_keys(who: &u64) {
		MockKeys::register(*who);
	}
	fn set_time(now: u64) {
		Timestamp::set_timestamp(now);
	}
}

// Accounts of the default genesis.
/// Admin of org 0 (API supplier) and its council seat.
pub const SUP_ADMIN: u64 = 1;
/// QA approver and operator of org 0.
pub const SUP_QA: u64 = 2;
/// Admin of org 1 (CDMO).
pub const CDMO_ADMIN: u64 = 3;
/// Admin of org 2 (regulator).
pub const REG_ADMIN: u64 = 5;
/// Auditor of org 2.
pub const REG_AUDITOR: u64 = 6;
/// Validators of orgs 0, 1, 2.
pub const VAL: [u64; 3] = [10, 11, 12];
/// An outsider with no organisation.
pub const OUTSIDER: u64 = 99;

/// The dev e-seal of org `i` of the default genesis.
pub fn eseal(i: u32) -> Sm2Keypair {
	Sm2Keypair::from_seed(&alloc::format!("//mock-org-{i}"))
}

/// Proof of possession of `kp` for `org`.
pub fn pop(org: OrgId, kp: &Sm2Keypair) -> Sm2Signature {
	kp.sign(&Consortium::eseal_challenge(org, &kp.public()))
}

/// A well-formed ed25519 peer id with last byte `n`.
pub fn peer(n: u8) -> PeerId {
	let mut v = ED25519_PEER_ID_PREFIX.to_vec();
	v.extend([n; 32]);
	v.try_into().unwrap()
}

/// The regulator of the default genesis (org 2): issues and oversees GMP certificates.
pub const REGULATOR: OrgId = 2;
/// The GMP certificate kind.
pub const GMP: CredentialKind = CredentialKind::GMP_CERTIFICATE;

/// The seal of `issuer`'s dev e-seal over the digest of a credential (chain as given).
pub fn seal(
	chain: [u8; 32],
	holder: OrgId,
	kind: CredentialKind,
	validity: bioledger_primitives::Validity,
	doc: DocHash,
	issuer: OrgId,
	version: u32,
) -> Sm2Signature {
	let digest =
		Consortium::credential_digest(chain, holder, kind, &validity, &doc, issuer, version);
	eseal(issuer).sign(&digest)
}

/// The seal the regulator puts on a credential issued now (chain = the genesis hash).
pub fn reg_seal(
	holder: OrgId,
	kind: CredentialKind,
	validity: bioledger_primitives::Validity,
	doc: DocHash,
	version: u32,
) -> Sm2Signature {
	let chain = Consortium::seal_chain(Timestamp::now());
	seal(chain, holder, kind, validity, doc, REGULATOR, version)
}

/// The standard credential-kind registry and requirements, as genesis carries them.
pub fn standard_registry(
) -> (Vec<GenesisKind>, Vec<(bioledger_primitives::GatedAction, Vec<CredentialKind>)>) {
	use bioledger_primitives::credentials::{STANDARD_KINDS, STANDARD_REQUIREMENTS};
	let kinds = STANDARD_KINDS
		.iter()
		.map(|k| GenesisKind {
			kind: k.kind,
			name: k.name.into(),
			issuers: k.issuers.iter().collect(),
			holders: k.holders.iter().collect(),
		})
		.collect();
	let reqs = STANDARD_REQUIREMENTS.iter().map(|(a, k)| (*a, k.to_vec())).collect();
	(kinds, reqs)
}

/// Default genesis: three active organisations with validators 10, 11, 12 (minimum 2).
pub struct ExtBuilder {
	orgs: Vec<GenesisOrg<u64>>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		let org = |i: u32, name: &str, kind, admin, accounts: Vec<(u64, RoleSet)>, validator| {
			GenesisOrg {
				name: name.into(),
				kind,
				admin,
				accounts,
				eseal_key: eseal(i).public().to_vec(),
				// Orgs 0 and 1 hold a GMP certificate the regulator sealed into genesis.
				credentials: if kind == OrgKind::Regulator {
					alloc::vec![]
				} else {
					let validity = bioledger_primitives::Validity {
						from: 0,
						until: Some(1_000_000 * (i as u64 + 1)),
					};
					let doc = [i as u8; 32];
					alloc::vec![GenesisCredential {
						kind: GMP,
						doc_hash: doc.into(),
						issuer: REGULATOR,
						valid_from: validity.from,
						valid_until: validity.until,
						seal: seal([0; 32], i, GMP, validity, doc, REGULATOR, 1).to_vec().into(),
					}]
				},
				issues: if kind == OrgKind::Regulator {
					alloc::vec![
						GMP,
						CredentialKind::MANUFACTURING_LICENCE,
						CredentialKind::COLD_CHAIN_QUALIFICATION
					]
				} else {
					alloc::vec![]
				},
				oversees: if kind == OrgKind::Regulator { alloc::vec![GMP] } else { alloc::vec![] },
				validator: Some(validator),
				nodes: alloc::vec![peer(i as u8).into_inner().into()],
			}
		};
		let op = RoleSet::from_roles(&[Role::Operator]);
		Self {
			orgs: alloc::vec![
				org(
					0,
					"Acme API",
					OrgKind::Supplier,
					SUP_ADMIN,
					alloc::vec![
						(SUP_QA, RoleSet::from_roles(&[Role::Operator, Role::QaApprover])),
						(VAL[0], op)
					],
					VAL[0]
				),
				org(1, "Bio CDMO", OrgKind::Cdmo, CDMO_ADMIN, alloc::vec![(VAL[1], op)], VAL[1]),
				org(
					2,
					"Regulator",
					OrgKind::Regulator,
					REG_ADMIN,
					alloc::vec![(REG_AUDITOR, RoleSet::from_roles(&[Role::Auditor])), (VAL[2], op)],
					VAL[2]
				),
			],
		}
	}
}

impl ExtBuilder {
	/// Only the first `n` genesis organisations.
	pub fn orgs(mut self, n: usize) -> Self {
		self.orgs.truncate(n);
		// Without the regulator, nobody issued the others' credentials.
		for o in self.orgs.iter_mut() {
			o.credentials.retain(|c| (c.issuer as usize) < n);
		}
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		let seats: Vec<u64> = self.orgs.iter().map(|o| o.admin).collect();
		let validators: Vec<u64> = self.orgs.iter().filter_map(|o| o.validator).collect();
		let (kinds, requirements) = standard_registry();
		let storage = RuntimeGenesisConfig {
			consortium: pallet_consortium::GenesisConfig {
				orgs: self.orgs,
				min_validators: 2,
				kinds,
				requirements,
			},
			balances: pallet_balances::GenesisConfig {
				balances: (1..=200).map(|a| (a, ENDOWMENT)).collect(),
				..Default::default()
			},
			..Default::default()
		}
		.build_storage()
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			MockSeats::put(seats.into_iter().collect());
			for v in validators.into_iter().chain([13, 14]) {
				MockKeys::register(v);
			}
			System::set_block_number(1);
			Timestamp::set_timestamp(1_000);
		});
		ext
	}

	/// Run `test`, then check the pallet's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Consortium::do_try_state().expect("invariants hold after the test");
		})
	}
}

/// All events since the last call, then clear them.
pub fn events() -> Vec<Event<Test>> {
	let evs = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Consortium(e) => Some(e),
			_ => None,
		})
		.collect();
	System::reset_events();
	evs
}

/// Advance to block `n`, `ms_per_block` of chain time per block, running the hooks in block
/// order: `on_initialize` (previous block's time), timestamp inherent, `on_finalize`.
pub fn run_to_block(n: u64, ms_per_block: u64) {
	while System::block_number() < n {
		System::set_block_number(System::block_number() + 1);
		Consortium::on_initialize(System::block_number());
		Timestamp::set_timestamp(Timestamp::now() + ms_per_block);
		Consortium::on_finalize(System::block_number());
	}
}

/// Signed origin.
pub fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// Root origin (the council in the mock).
pub fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}
