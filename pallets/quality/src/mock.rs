//! Mock runtime for the quality pallet's tests and benchmarks.

use crate::{self as pallet_quality, *};
use bioledger_crypto::native::Sm2Keypair;
use bioledger_primitives::{
	CredentialKind, OrgKind, ParamCode, ProductCode, QcParam, RoleSet, Sm2PublicKey,
	TemperatureRange, UnitCode, Validity,
};
use core::cell::RefCell;
use frame_support::{
	derive_impl,
	traits::{ConstU32, ConstU64},
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
	pub type Quality = pallet_quality;

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

/// The draft deposit of the mock.
pub const DRAFT_DEPOSIT: u64 = 100;

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

pub const BUYER: OrgId = 1;
pub const SUPPLIER: OrgId = 2;
pub const ARBITRATOR: OrgId = 3;
pub const CARRIER: OrgId = 4;
pub const OTHER: OrgId = 5;
pub const SUSPENDED: OrgId = 9;

pub const BUYER_QA: u64 = 10;
pub const BUYER_SIGNER: u64 = 11;
pub const BUYER_ADMIN: u64 = 12;
pub const SUP_QA: u64 = 20;
pub const SUP_SIGNER: u64 = 21;
pub const SUP_ADMIN: u64 = 22;
pub const ARB_QA: u64 = 30;
pub const OTHER_QA: u64 = 50;
pub const OTHER_SIGNER: u64 = 51;
pub const OUTSIDER: u64 = 99;

fn account(who: &u64) -> Option<(OrgId, Role)> {
	Some(match *who {
		BUYER_QA => (BUYER, Role::QaApprover),
		BUYER_SIGNER => (BUYER, Role::Signer),
		BUYER_ADMIN => (BUYER, Role::Admin),
		SUP_QA => (SUPPLIER, Role::QaApprover),
		SUP_SIGNER => (SUPPLIER, Role::Signer),
		SUP_ADMIN => (SUPPLIER, Role::Admin),
		ARB_QA => (ARBITRATOR, Role::QaApprover),
		OTHER_QA => (OTHER, Role::QaApprover),
		OTHER_SIGNER => (OTHER, Role::Signer),
		_ => return None,
	})
}

/// The dev e-seal of mock organisation `org`.
pub fn seal(org: OrgId) -> Sm2Keypair {
	Sm2Keypair::from_seed(&alloc::format!("//org{org}"))
}

thread_local! {
	/// E-seal keys overriding the seeded ones (`None` = no key).
	pub static KEYS: RefCell<Vec<(OrgId, Option<Sm2PublicKey>)>> = const { RefCell::new(Vec::new()) };
	/// Organisations a test suspended.
	pub static INACTIVE: RefCell<Vec<OrgId>> = const { RefCell::new(Vec::new()) };
}

/// Suspend `org` in the mock consortium.
pub fn deactivate(org: OrgId) {
	INACTIVE.with(|i| i.borrow_mut().push(org));
}

/// The mock consortium.
pub struct MockMembership;
impl Membership<u64> for MockMembership {
	fn org_of(who: &u64) -> Option<OrgId> {
		account(who).map(|(o, _)| o)
	}
	fn roles_of(who: &u64) -> RoleSet {
		account(who).map(|(_, r)| RoleSet::from_roles(&[r])).unwrap_or_default()
	}
	fn is_active(org: OrgId) -> bool {
		(1..=5).contains(&org) && !INACTIVE.with(|i| i.borrow().contains(&org))
	}
	fn kind_of(_: OrgId) -> Option<OrgKind> {
		Some(OrgKind::Manufacturer)
	}
	fn has_valid_credential(_: OrgId, _: CredentialKind, _: Moment) -> bool {
		true
	}
	fn qualified(
		_: OrgId,
		_: bioledger_primitives::GatedAction,
		_: Moment,
	) -> Result<(), CredentialKind> {
		Ok(())
	}
	fn eseal_key_at(org: OrgId, _: Moment) -> Option<Sm2PublicKey> {
		if let Some((_, k)) = KEYS.with(|k| k.borrow().iter().find(|(o, _)| *o == org).copied()) {
			return k;
		}
		Some(seal(org).public())
	}
}

thread_local! {
	/// The mock collections: members, and committed payloads with their collection and author.
	pub static COLLECTIONS: RefCell<Vec<Vec<OrgId>>> = const { RefCell::new(Vec::new()) };
	pub static PAYLOADS: RefCell<Vec<(bioledger_primitives::PayloadHash, u64, OrgId)>> = const { RefCell::new(Vec::new()) };
}

/// The mock confidential collections (pallet-confidential has its own tests).
pub struct MockCollections;
impl bioledger_primitives::Collections for MockCollections {
	fn open(owner: OrgId, members: &[OrgId], _: Moment) -> Result<u64, sp_runtime::DispatchError> {
		let mut all = members.to_vec();
		all.push(owner);
		Ok(COLLECTIONS.with(|c| {
			c.borrow_mut().push(all);
			c.borrow().len() as u64 - 1
		}))
	}
	fn can_commit(
		collection: u64,
		payload: &bioledger_primitives::PayloadHash,
		by: OrgId,
	) -> sp_runtime::DispatchResult {
		let member = COLLECTIONS
			.with(|c| c.borrow().get(collection as usize).is_some_and(|m| m.contains(&by)));
		let exists = PAYLOADS.with(|p| p.borrow().iter().any(|(h, _, _)| h == payload));
		if !member || exists {
			return Err(sp_runtime::DispatchError::Other("refused"));
		}
		Ok(())
	}
	fn commit(
		collection: u64,
		payload: bioledger_primitives::PayloadHash,
		by: OrgId,
	) -> sp_runtime::DispatchResult {
		Self::can_commit(collection, &payload, by)?;
		PAYLOADS.with(|p| p.borrow_mut().push((payload, collection, by)));
		Ok(())
	}
	fn access(_: u64, _: OrgId, _: Moment) -> bioledger_primitives::Access {
		bioledger_primitives::Access::None
	}
	fn open_weight() -> Weight {
		Weight::from_parts(1_000, 0)
	}
	fn commit_weight() -> Weight {
		Weight::from_parts(1_000, 0)
	}
}

impl Config for Test {
	type Collections = MockCollections;
	/// Five years.
	type RecordRetention = ConstU64<{ 5 * 365 * 86_400_000 }>;
	type Membership = MockMembership;
	type Time = Timestamp;
	type GovernanceOrigin = frame_system::EnsureRoot<u64>;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type DraftDeposit = ConstU64<DRAFT_DEPOSIT>;
	type MaxSpecItems = ConstU32<4>;
	/// 7 days.
	type ResponseTarget = ConstU64<604_800_000>;
	/// 30 days.
	type BucketLength = ConstU64<2_592_000_000>;
	type WindowBuckets = ConstU32<12>;
	type MaxOverdueScan = ConstU32<8>;
	type TerminationNotice = frame_support::traits::ConstU64<{ 30 * 86_400_000 }>;
	type MinHistoryForTierA = ConstU32<3>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmark hooks of the mock: the fixed accounts.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<u64> for MockBenchmarkHelper {
	fn member(seed: u32, role: Role) -> (u64, OrgId) {
		let org = [BUYER, SUPPLIER, ARBITRATOR][seed as usize % 3];
		let who = match (org, role) {
			(BUYER, Role::QaApprover) => BUYER_QA,
			(BUYER, Role::Signer) => BUYER_SIGNER,
			(BUYER, _) => BUYER_ADMIN,
			(SUPPLIER, Role::QaApprover) => SUP_QA,
			(SUPPLIER, Role::Signer) => SUP_SIGNER,
			(SUPPLIER, _) => SUP_ADMIN,
			_ => ARB_QA,
		};
		KEYS.with(|k| {
			k.borrow_mut().push((org, Some(crate::benchmarking::seal_key(seed))));
		});
		(who, org)
	}
	fn set_time(now: Moment) {
		Timestamp::set_timestamp(now);
	}
	fn deactivate(org: OrgId) {
		deactivate(org);
	}
}

pub struct ExtBuilder;
impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		KEYS.with(|k| k.borrow_mut().clear());
		INACTIVE.with(|i| i.borrow_mut().clear());
		COLLECTIONS.with(|c| c.borrow_mut().clear());
		PAYLOADS.with(|p| p.borrow_mut().clear());
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		// Every mock account can hold a few draft deposits; the buyer's signer none.
		pallet_balances::GenesisConfig::<Test> {
			balances: (10..100).filter(|a| *a != BUYER_SIGNER).map(|a| (a, 1_000)).collect(),
			..Default::default()
		}
		.assimilate_storage(&mut storage)
		.unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			Timestamp::set_timestamp(1_000);
		});
		ext
	}

	pub fn build_and_execute(test: impl FnOnce()) {
		Self::build().execute_with(|| {
			test();
			Quality::do_try_state().expect("invariants hold after the test");
		})
	}
}

/// All quality events since the last call, then clear them.
pub fn events() -> Vec<Event<Test>> {
	let evs = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Quality(e) => Some(e),
			_ => None,
		})
		.collect();
	System::reset_events();
	evs
}

pub fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

pub fn code(s: &str) -> ParamCode {
	s.as_bytes().to_vec().try_into().unwrap()
}

pub fn unit(s: &str) -> UnitCode {
	s.as_bytes().to_vec().try_into().unwrap()
}

pub fn product() -> ProductCode {
	b"GTIN-API".to_vec().try_into().unwrap()
}

/// The brief's example: purity ≥ 98.0 % (in 0.1 %), endotoxin ≤ 0.5 EU/mg (in 0.01 EU/mg),
/// 2–8 °C with at most 30 min excursion, one year, arbitrator.
pub fn terms() -> TermsOf<Test> {
	Terms {
		product: product(),
		specs: vec![
			SpecItem {
				code: code("PURITY"),
				unit: unit("0.1%"),
				min: Some(980),
				max: None,
				method: b"ChP <0512>".to_vec().try_into().unwrap(),
			},
			SpecItem {
				code: code("ENDOTOX"),
				unit: unit("cEU/mg"),
				min: None,
				max: Some(50),
				method: b"USP <85>".to_vec().try_into().unwrap(),
			},
		]
		.try_into()
		.unwrap(),
		storage: Some(TemperatureRange::COLD_CHAIN),
		max_excursion_secs: 1_800,
		excursion_liability: Liability::Supplier,
		release: ReleaseResponsibility::Buyer,
		skip_lot: true,
		validity: Validity { from: 0, until: Some(YEAR) },
		document: [0xd0; 32],
		arbitrator: Some(ARBITRATOR),
	}
}

pub const YEAR: u64 = 365 * 24 * 3600 * 1000;
pub const DAY: u64 = 24 * 3600 * 1000;

pub fn param(c: &str, value: i64, u: &str) -> QcParam {
	QcParam { code: code(c), value, unit: unit(u) }
}

/// Draft the default terms and seal them by both sides; returns the agreement id.
pub fn active_agreement() -> AgreementId {
	let id = NextAgreementId::<Test>::get();
	frame_support::assert_ok!(Quality::draft(signed(BUYER_QA), SUPPLIER, terms()));
	seal_both(id);
	id
}

/// Seal agreement `id` by buyer and supplier.
pub fn seal_both(id: AgreementId) {
	let digest = Agreements::<Test>::get(id).unwrap().digest;
	frame_support::assert_ok!(Quality::sign(
		signed(BUYER_SIGNER),
		id,
		SignatureMeaning::Approval,
		seal(BUYER).sign(&digest)
	));
	frame_support::assert_ok!(Quality::sign(
		signed(SUP_SIGNER),
		id,
		SignatureMeaning::Approval,
		seal(SUPPLIER).sign(&digest)
	));
}
