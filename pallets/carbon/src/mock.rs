//! Mock runtime for the carbon pallet's tests and benchmarks: a table-driven consortium and
//! lots with their inputs standing in for the consortium and provenance pallets.

use crate::{self as pallet_carbon, *};
use alloc::collections::BTreeMap;
use bioledger_primitives::{CredentialKind, LotFacts, LotId, OrgKind, Quantity, Unit};
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
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
	pub type Carbon = pallet_carbon;
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

pub const MAKER: OrgId = 1;
pub const API_CO: OrgId = 2;
pub const EXCIPIENT_CO: OrgId = 3;
pub const VERIFIER: OrgId = 4;
/// A verifier without a valid accreditation.
pub const UNACCREDITED: OrgId = 5;
pub const BUYER: OrgId = 6;
/// A suspended organisation.
pub const SUSPENDED: OrgId = 9;

pub const MAKER_OP: u64 = 11;
pub const MAKER_SIGNER: u64 = 12;
pub const API_OP: u64 = 21;
pub const EXC_OP: u64 = 31;
pub const VER_SIGNER: u64 = 41;
pub const VER_OP: u64 = 42;
pub const UNACC_SIGNER: u64 = 51;
pub const BUYER_SIGNER: u64 = 61;
pub const OUTSIDER: u64 = 999;

thread_local! {
	/// lots and their inputs
	static LOTS: RefCell<BTreeMap<LotId, (LotFacts, Vec<(LotId, u128, u128)>)>> = const { RefCell::new(BTreeMap::new()) };
}

pub use bioledger_test_utils::{add_member, revoke, set_active, MockMembership};

/// A lot of `kg` made by `producer`, from `inputs` = (input, kg consumed).
pub fn add_lot(id: &str, producer: OrgId, kg: u128, inputs: &[(&LotId, u128)]) -> LotId {
	let lot = lot_id(id);
	let ins: Vec<(LotId, u128, u128)> = inputs
		.iter()
		.map(|(i, used)| {
			let produced =
				LOTS.with(|l| l.borrow().get(*i).expect("input exists").0.produced.amount);
			((*i).clone(), used * KG, produced)
		})
		.collect();
	LOTS.with(|l| {
		l.borrow_mut().insert(
			lot.clone(),
			(
				LotFacts {
					product: b"GTIN".to_vec().try_into().unwrap(),
					producer,
					owner: producer,
					custodian: producer,
					remaining: Quantity::new(kg * KG, Unit::Milligram),
					produced: Quantity::new(kg * KG, Unit::Milligram),
					storage: None,
					usable: true,
					quarantined: false,
					qc_failed: false,
					recall_pending: false,
					expires_at: u64::MAX,
				},
				ins,
			),
		)
	});
	lot
}

/// The mock provenance: lots and their inputs.
pub struct MockLots;
impl bioledger_primitives::Lots for MockLots {
	fn facts(lot: &LotId) -> Option<LotFacts> {
		LOTS.with(|l| l.borrow().get(lot).map(|x| x.0.clone()))
	}
	fn inputs(lot: &LotId) -> Vec<(LotId, u128, u128)> {
		LOTS.with(|l| l.borrow().get(lot).map(|x| x.1.clone()).unwrap_or_default())
	}
}

parameter_types! {}

/// Milligrams in a kilogram.
pub const KG: u128 = 1_000_000;

impl Config for Test {
	type Membership = MockMembership;
	type Lots = MockLots;
	type Time = Timestamp;
	type MaxCreditsPerBatch = frame_support::traits::ConstU64<1_000_000>;
	type MaxRangesPerHolding = ConstU32<4>;
	type MaxFootprintLots = ConstU32<16>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmark hooks of the mock: members and lots in the tables.
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
	fn lot(id: LotId, producer: OrgId) {
		let name = alloc::string::String::from_utf8(id.to_vec()).expect("ascii");
		add_lot(&name, producer, 100, &[]);
	}
	fn set_time(now: Moment) {
		Timestamp::set_timestamp(now);
	}
}

pub struct ExtBuilder;
impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		bioledger_test_utils::reset();
		LOTS.with(|l| l.borrow_mut().clear());
		add_member(MAKER_OP, MAKER, OrgKind::Manufacturer, Role::Operator);
		add_member(MAKER_SIGNER, MAKER, OrgKind::Manufacturer, Role::Signer);
		add_member(API_OP, API_CO, OrgKind::Supplier, Role::Operator);
		add_member(EXC_OP, EXCIPIENT_CO, OrgKind::Supplier, Role::Operator);
		add_member(VER_SIGNER, VERIFIER, OrgKind::Verifier, Role::Signer);
		add_member(VER_OP, VERIFIER, OrgKind::Verifier, Role::Operator);
		add_member(UNACC_SIGNER, UNACCREDITED, OrgKind::Verifier, Role::Signer);
		revoke(UNACCREDITED, CredentialKind::VERIFIER_ACCREDITATION);
		add_member(BUYER_SIGNER, BUYER, OrgKind::Manufacturer, Role::Signer);
		add_member(91, SUSPENDED, OrgKind::Manufacturer, Role::Signer);
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
			Carbon::do_try_state().expect("invariants hold after the test");
		})
	}
}

/// All carbon events since the last call, then clear them.
pub fn events() -> Vec<Event<Test>> {
	let evs = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Carbon(e) => Some(e),
			_ => None,
		})
		.collect();
	System::reset_events();
	evs
}

pub fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

pub fn lot_id(s: &str) -> LotId {
	s.as_bytes().to_vec().try_into().unwrap()
}

pub fn code(s: &str) -> Code {
	s.as_bytes().to_vec().try_into().unwrap()
}

pub fn text(s: &str) -> Text {
	s.as_bytes().to_vec().try_into().unwrap()
}

pub fn range(start: Serial, end: Serial) -> SerialRange {
	SerialRange { start, end }
}

pub const MONTH: Period = Period { year: 2026, month: 11 };

/// Report `kg` of `scope` for `subject` by `who` and verify it; returns the record id.
pub fn verified(who: u64, scope: Scope, kg: u128, subject: Subject) -> RecordId {
	let id = NextRecordId::<Test>::get();
	frame_support::assert_ok!(Carbon::report_emission(
		signed(who),
		scope,
		kg,
		subject,
		code("PLANT-1"),
		code("ISO14067"),
		[5; 32]
	));
	frame_support::assert_ok!(Carbon::verify_emission(signed(VER_SIGNER), id));
	id
}

/// Issue `tonnes` credits to the verifier; returns the batch id.
pub fn issue(tonnes: u64) -> BatchId {
	let id = NextBatchId::<Test>::get();
	frame_support::assert_ok!(Carbon::issue_credits(
		signed(VER_SIGNER),
		code("VCS-1234"),
		2025,
		code("VM0038"),
		tonnes,
		[6; 32]
	));
	id
}
