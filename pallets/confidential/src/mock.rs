//! Mock runtime for the confidential pallet's tests and benchmarks: a table-driven consortium.

use crate::{self as pallet_confidential, *};
use bioledger_primitives::OrgKind;
use frame_support::{
	derive_impl,
	traits::{ConstU32, ConstU64},
};
use frame_system::EnsureRoot;
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
	pub type Confidential = pallet_confidential;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

/// Buyer (A).
pub const BUYER: OrgId = 1;
/// Supplier (B).
pub const SUPPLIER: OrgId = 2;
/// A competitor (C).
pub const RIVAL: OrgId = 3;
/// A regulator.
pub const NMPA: OrgId = 4;
/// An auditor.
pub const AUDITOR: OrgId = 5;
/// A suspended organisation.
pub const SUSPENDED: OrgId = 9;

pub const BUYER_ADMIN: u64 = 11;
pub const BUYER_QA: u64 = 12;
pub const SUPPLIER_ADMIN: u64 = 21;
pub const SUPPLIER_OP: u64 = 22;
pub const RIVAL_ADMIN: u64 = 31;
pub const RIVAL_OP: u64 = 32;
pub const NMPA_ADMIN: u64 = 41;
pub const AUDITOR_ADMIN: u64 = 51;
pub const BUYER_SIGNER: u64 = 13;

pub const DAY: Moment = 86_400_000;

pub use bioledger_test_utils::{add_member, set_active, MockMembership};

impl Config for Test {
	type Membership = MockMembership;
	type Time = Timestamp;
	type GovernanceOrigin = EnsureRoot<u64>;
	type MaxMembers = ConstU32<4>;
	type MaxGrants = ConstU32<2>;
	type MaxPayloadsPerCollection = ConstU32<3>;
	type MaxCollectionsPerOrg = ConstU32<3>;
	type MaxGrantPeriod = ConstU64<{ 365 * DAY }>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmark hooks of the mock: members in the tables.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<u64> for MockBenchmarkHelper {
	fn member(seed: u32, role: Role, kind: OrgKind) -> (u64, OrgId) {
		let org = 1_000 + seed;
		let who = 100_000 + seed as u64 * 16 + role as u64;
		add_member(who, org, kind, role);
		(who, org)
	}
	fn set_time(now: Moment) {
		Timestamp::set_timestamp(now);
	}
}

pub struct ExtBuilder;
impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		bioledger_test_utils::reset();
		add_member(BUYER_ADMIN, BUYER, OrgKind::Manufacturer, Role::Admin);
		add_member(BUYER_QA, BUYER, OrgKind::Manufacturer, Role::QaApprover);
		add_member(BUYER_SIGNER, BUYER, OrgKind::Manufacturer, Role::Signer);
		add_member(SUPPLIER_ADMIN, SUPPLIER, OrgKind::Supplier, Role::Admin);
		add_member(SUPPLIER_OP, SUPPLIER, OrgKind::Supplier, Role::Operator);
		add_member(RIVAL_ADMIN, RIVAL, OrgKind::Manufacturer, Role::Admin);
		add_member(RIVAL_OP, RIVAL, OrgKind::Manufacturer, Role::Operator);
		add_member(NMPA_ADMIN, NMPA, OrgKind::Regulator, Role::Admin);
		add_member(AUDITOR_ADMIN, AUDITOR, OrgKind::Auditor, Role::Admin);
		add_member(91, SUSPENDED, OrgKind::Manufacturer, Role::Admin);
		set_active(SUSPENDED, false);
		let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
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
			Confidential::do_try_state().expect("invariants hold after the test");
		})
	}
}

/// All confidential events since the last call, then clear them.
pub fn events() -> Vec<Event<Test>> {
	let evs = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Confidential(e) => Some(e),
			_ => None,
		})
		.collect();
	System::reset_events();
	evs
}

pub fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

pub fn members(orgs: &[OrgId]) -> MembersOf<Test> {
	orgs.to_vec().try_into().unwrap()
}

/// An open collection of the buyer and the supplier with a 30-day retention.
pub fn open_pair() -> CollectionId {
	let id =
		<Confidential as bioledger_primitives::Collections>::open(BUYER, &[SUPPLIER], 30 * DAY)
			.unwrap();
	System::reset_events();
	id
}
