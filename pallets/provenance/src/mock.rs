//! Mock runtime for the provenance pallet's tests and benchmarks.

use crate::{self as pallet_provenance, *};
use bioledger_primitives::{
	CredentialKind, ExcursionContext, LockHolderHooks, OrgKind, QaDecision, QcContext, QcVerdict,
	ReceiptContext, RoleSet, Sm2PublicKey, Unit,
};
use core::cell::RefCell;
use frame_support::{
	derive_impl,
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
	pub type Provenance = pallet_provenance;

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

/// The lot deposit of the mock.
pub const LOT_DEPOSIT: u64 = 10;

impl pallet_timestamp::Config for Test {
	type Moment = u64;
	type OnTimestampSet = ();
	type MinimumPeriod = ConstU64<1>;
	type WeightInfo = ();
}

// --- Organisations and accounts of the mock consortium ---------------------------------------
pub const SUPPLIER: OrgId = 1;
pub const CDMO: OrgId = 2;
pub const MAKER: OrgId = 3;
pub const WAREHOUSE: OrgId = 4;
pub const LAB: OrgId = 5;
pub const REGULATOR: OrgId = 6;
pub const CARRIER: OrgId = 7;
pub const SUSPENDED: OrgId = 8;

pub const SUP_OP: u64 = 10;
pub const SUP_QA: u64 = 11;
pub const SUP_SENSOR: u64 = 12;
pub const SUP_ADMIN: u64 = 13;
pub const SUP_SIGNER: u64 = 14;
pub const CDMO_OP: u64 = 20;
pub const CDMO_QA: u64 = 21;
pub const CDMO_SENSOR: u64 = 22;
pub const CDMO_ADMIN: u64 = 23;
pub const CDMO_SIGNER: u64 = 24;
pub const MAKER_OP: u64 = 30;
pub const MAKER_QA: u64 = 31;
pub const WH_OP: u64 = 40;
pub const WH_SENSOR: u64 = 42;
pub const LAB_QA: u64 = 51;
pub const REG_AUDITOR: u64 = 61;
pub const CARRIER_SENSOR: u64 = 72;
pub const SUSPENDED_OP: u64 = 80;
pub const OUTSIDER: u64 = 99;
/// An operator of the supplier with funds for one lot deposit only.
pub const POOR: u64 = 15;

fn account(who: &u64) -> Option<(OrgId, Role)> {
	Some(match *who {
		SUP_OP => (SUPPLIER, Role::Operator),
		SUP_QA => (SUPPLIER, Role::QaApprover),
		SUP_SENSOR => (SUPPLIER, Role::SensorGateway),
		SUP_ADMIN => (SUPPLIER, Role::Admin),
		SUP_SIGNER => (SUPPLIER, Role::Signer),
		POOR => (SUPPLIER, Role::Operator),
		CDMO_OP => (CDMO, Role::Operator),
		CDMO_QA => (CDMO, Role::QaApprover),
		CDMO_SENSOR => (CDMO, Role::SensorGateway),
		CDMO_ADMIN => (CDMO, Role::Admin),
		CDMO_SIGNER => (CDMO, Role::Signer),
		MAKER_OP => (MAKER, Role::Operator),
		MAKER_QA => (MAKER, Role::QaApprover),
		WH_OP => (WAREHOUSE, Role::Operator),
		WH_SENSOR => (WAREHOUSE, Role::SensorGateway),
		LAB_QA => (LAB, Role::QaApprover),
		REG_AUDITOR => (REGULATOR, Role::Auditor),
		CARRIER_SENSOR => (CARRIER, Role::SensorGateway),
		SUSPENDED_OP => (SUSPENDED, Role::Operator),
		_ => return None,
	})
}

/// One day in milliseconds.
pub const DAY: u64 = 86_400_000;

thread_local! {
	/// Organisations whose credentials are (as if) expired.
	pub static NO_CREDENTIALS: RefCell<Vec<OrgId>> = const { RefCell::new(Vec::new()) };
	/// Verdict the mock quality rules return.
	pub static VERDICT: RefCell<QcVerdict> = const { RefCell::new(QcVerdict::NotChecked) };
	/// Whether received lots go to quarantine.
	pub static QUARANTINE_ON_RECEIPT: RefCell<bool> = const { RefCell::new(false) };
	/// Whether excursions are tolerated.
	pub static TOLERATE: RefCell<bool> = const { RefCell::new(false) };
	/// Whether release needs a QC result.
	pub static QC_REQUIRED: RefCell<bool> = const { RefCell::new(true) };
	/// Whether arriving lots lose the supplier's release (the buyer's QA releases).
	pub static DROP_RELEASE_ON_RECEIPT: RefCell<bool> = const { RefCell::new(false) };
	/// Storage range the mock agreement sets.
	pub static AGREED_STORAGE: RefCell<Option<TemperatureRange>> = const { RefCell::new(None) };
	/// Lots with an open nonconformance.
	pub static OPEN_NCS: RefCell<Vec<LotId>> = const { RefCell::new(Vec::new()) };
	/// What the hook saw (for assertions).
	pub static SEEN: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
	/// QA decisions the mock lock holder refuses on locked lots.
	pub static REFUSED_DECISIONS: RefCell<Vec<QaDecision>> = const { RefCell::new(Vec::new()) };
	/// Locked lots whose change the mock lock holder was told of.
	pub static LOCKED_CHANGES: RefCell<Vec<LotId>> = const { RefCell::new(Vec::new()) };
	/// Organisations made inactive by a test (suspended or revoked).
	pub static INACTIVE: RefCell<Vec<OrgId>> = const { RefCell::new(Vec::new()) };
}

/// The mock lock holder: refuses the decisions in `REFUSED_DECISIONS`, records changes.
pub struct MockLockHooks;
impl LockHolderHooks for MockLockHooks {
	fn may_decide(_: &LotId, _: LockHolder, decision: QaDecision) -> bool {
		!REFUSED_DECISIONS.with(|r| r.borrow().contains(&decision))
	}
	fn on_locked_lot_changed(lot: &LotId, _: LockHolder) {
		LOCKED_CHANGES.with(|c| c.borrow_mut().push(lot.clone()));
	}
	fn on_locked_lot_changed_weight() -> Weight {
		Weight::from_parts(50_000_000, 0)
	}
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
		(1..=7).contains(&org) && !INACTIVE.with(|i| i.borrow().contains(&org))
	}
	fn kind_of(org: OrgId) -> Option<OrgKind> {
		Some(match org {
			SUPPLIER => OrgKind::Supplier,
			CDMO => OrgKind::Cdmo,
			MAKER => OrgKind::Manufacturer,
			WAREHOUSE => OrgKind::Warehouse,
			LAB => OrgKind::Laboratory,
			REGULATOR => OrgKind::Regulator,
			CARRIER => OrgKind::Logistics,
			SUSPENDED => OrgKind::Cdmo,
			_ => return None,
		})
	}
	fn has_valid_credential(org: OrgId, kind: CredentialKind, _at: Moment) -> bool {
		if NO_CREDENTIALS.with(|n| n.borrow().contains(&org)) {
			return false;
		}
		match kind {
			CredentialKind::GMP_CERTIFICATE => matches!(org, SUPPLIER | CDMO | MAKER | SUSPENDED),
			CredentialKind::LABORATORY_ACCREDITATION => org == LAB,
			_ => false,
		}
	}
	/// The standard requirements over the table above.
	fn qualified(
		org: OrgId,
		action: bioledger_primitives::GatedAction,
		at: Moment,
	) -> Result<(), CredentialKind> {
		let (_, kinds) = bioledger_primitives::credentials::STANDARD_REQUIREMENTS
			.iter()
			.find(|(a, _)| *a == action)
			.expect("every action has a standard requirement");
		match kinds.iter().find(|k| !Self::has_valid_credential(org, **k, at)) {
			Some(k) => Err(*k),
			None => Ok(()),
		}
	}
	fn eseal_key_at(_: OrgId, _: Moment) -> Option<Sm2PublicKey> {
		None
	}
}

/// The mock quality rules.
pub struct MockQc;
impl QcHook for MockQc {
	fn on_qc_result(_: &QcContext) -> QcVerdict {
		SEEN.with(|s| s.borrow_mut().push("qc"));
		VERDICT.with(|v| *v.borrow())
	}
	fn check_committed(ctx: &QcContext) -> Result<(), bioledger_primitives::CommittedQcRefusal> {
		SEEN.with(|s| s.borrow_mut().push("check_committed"));
		// The mock accepts a proof of one byte 1; [3]: no committed spec, [4]: the payload is
		// refused; any other non-empty proof is rejected.
		use bioledger_primitives::CommittedQcRefusal as R;
		for p in ctx.committed.iter().filter(|p| !p.proof.is_empty()) {
			match p.proof[..] {
				[1] => {},
				[3] => return Err(R::NoCommittedSpec),
				[4] => return Err(R::Payload),
				_ => return Err(R::ProofRejected),
			}
		}
		Ok(())
	}
	fn on_excursion(_: &ExcursionContext) -> bool {
		SEEN.with(|s| s.borrow_mut().push("excursion"));
		TOLERATE.with(|t| *t.borrow())
	}
	fn on_received(_: &ReceiptContext) -> bioledger_primitives::Arrival {
		SEEN.with(|s| s.borrow_mut().push("received"));
		bioledger_primitives::Arrival {
			quarantine: QUARANTINE_ON_RECEIPT.with(|q| *q.borrow()),
			keep_release: !DROP_RELEASE_ON_RECEIPT.with(|q| *q.borrow()),
		}
	}
	fn qc_required_for_release(_: &LotId, _: &ProductCode, _: OrgId, _: OrgId) -> bool {
		QC_REQUIRED.with(|q| *q.borrow())
	}
	fn agreed_storage(_: &LotId, _: &ProductCode, _: OrgId, _: OrgId) -> Option<TemperatureRange> {
		AGREED_STORAGE.with(|s| *s.borrow())
	}
	fn open_nonconformance(lot: &LotId) -> bool {
		OPEN_NCS.with(|o| o.borrow().contains(lot))
	}
	fn on_qc_result_weight(params: u32) -> Weight {
		Weight::from_parts(1_000 * params as u64, 0)
	}
	fn check_committed_weight(params: u32) -> Weight {
		Weight::from_parts(5_000 * params as u64, 0)
	}
	fn on_excursion_weight() -> Weight {
		Weight::from_parts(1_000, 0)
	}
	fn on_received_weight() -> Weight {
		Weight::from_parts(1_000, 0)
	}
	fn qc_required_for_release_weight() -> Weight {
		Weight::from_parts(1_000, 0)
	}
}

impl Config for Test {
	type Membership = MockMembership;
	type Time = Timestamp;
	type QcHook = MockQc;
	type LockHooks = MockLockHooks;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type LotDeposit = ConstU64<LOT_DEPOSIT>;
	type MaxParents = ConstU32<4>;
	type MaxOutputs = ConstU32<4>;
	type MaxDocs = ConstU32<2>;
	type MaxQcParams = ConstU32<4>;
	type MaxQcResultsPerLot = ConstU32<3>;
	type MaxLotsPerShipment = ConstU32<4>;
	type MaxActiveRecalls = ConstU32<2>;
	type MaxRecallsPerOrg = ConstU32<1>;
	type MaxUrgentRecalls = ConstU32<2>;
	type MaxRecallVisitsPerBlock = ConstU32<5>;
	type MaxAncestorCheck = ConstU32<6>;
	type ShipmentTimeout = ConstU64<{ 14 * DAY }>;
	type MaxTraceResults = ConstU32<100>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmark hooks of the mock: fixed accounts of the mock consortium.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl BenchmarkHelper<u64> for MockBenchmarkHelper {
	fn member(seed: u32, role: Role, kind: OrgKind) -> (u64, OrgId) {
		let (org, op, qa, sensor, admin) = match (seed % 2, kind) {
			(_, OrgKind::Regulator) => {
				(REGULATOR, REG_AUDITOR, REG_AUDITOR, REG_AUDITOR, REG_AUDITOR)
			},
			(_, OrgKind::Laboratory) => (LAB, LAB_QA, LAB_QA, LAB_QA, LAB_QA),
			(_, OrgKind::Manufacturer) => (MAKER, MAKER_OP, MAKER_QA, MAKER_OP, MAKER_OP),
			(_, OrgKind::Warehouse) => (WAREHOUSE, WH_OP, WH_OP, WH_SENSOR, WH_OP),
			(_, OrgKind::Logistics) => {
				(CARRIER, CARRIER_SENSOR, CARRIER_SENSOR, CARRIER_SENSOR, CARRIER_SENSOR)
			},
			(0, _) => (SUPPLIER, SUP_OP, SUP_QA, SUP_SENSOR, SUP_ADMIN),
			_ => (CDMO, CDMO_OP, CDMO_QA, CDMO_SENSOR, CDMO_ADMIN),
		};
		let who = match role {
			Role::Operator => op,
			Role::QaApprover => qa,
			Role::SensorGateway => sensor,
			Role::Signer if org == SUPPLIER => SUP_SIGNER,
			Role::Signer if org == CDMO => CDMO_SIGNER,
			_ => admin,
		};
		(who, org)
	}
	fn set_time(now: Moment) {
		Timestamp::set_timestamp(now);
	}
}

/// Test externalities: empty chain at block 1, time 1,000 ms, default hook behaviour.
pub struct ExtBuilder;

impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		NO_CREDENTIALS.with(|n| n.borrow_mut().clear());
		VERDICT.with(|v| *v.borrow_mut() = QcVerdict::NotChecked);
		QUARANTINE_ON_RECEIPT.with(|q| *q.borrow_mut() = false);
		TOLERATE.with(|t| *t.borrow_mut() = false);
		QC_REQUIRED.with(|q| *q.borrow_mut() = true);
		SEEN.with(|s| s.borrow_mut().clear());
		REFUSED_DECISIONS.with(|r| r.borrow_mut().clear());
		LOCKED_CHANGES.with(|c| c.borrow_mut().clear());
		INACTIVE.with(|i| i.borrow_mut().clear());
		DROP_RELEASE_ON_RECEIPT.with(|q| *q.borrow_mut() = false);
		AGREED_STORAGE.with(|s| *s.borrow_mut() = None);
		OPEN_NCS.with(|o| o.borrow_mut().clear());
		let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		// Every mock account can pay a few hundred lot deposits; `POOR` only a few.
		pallet_balances::GenesisConfig::<Test> {
			balances: (10..100).map(|a| (a, if a == POOR { 15 } else { 10_000 })).collect(),
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

	/// Run `test`, then check the pallet's invariants.
	pub fn build_and_execute(test: impl FnOnce()) {
		Self::build().execute_with(|| {
			test();
			Provenance::do_try_state().expect("invariants hold after the test");
		})
	}
}

/// All provenance events since the last call, then clear them.
pub fn events() -> Vec<Event<Test>> {
	let evs = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Provenance(e) => Some(e),
			_ => None,
		})
		.collect();
	System::reset_events();
	evs
}

/// Run `n` more blocks (3 s each), with the recall walk in `on_initialize`.
pub fn next_blocks(n: u64) {
	for _ in 0..n {
		System::set_block_number(System::block_number() + 1);
		Provenance::on_initialize(System::block_number());
		Timestamp::set_timestamp(Timestamp::now() + 3_000);
	}
}

pub fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

/// A lot id.
pub fn id(s: &str) -> LotId {
	s.as_bytes().to_vec().try_into().unwrap()
}

/// A product code.
pub fn product(s: &str) -> ProductCode {
	s.as_bytes().to_vec().try_into().unwrap()
}

/// `n` kilograms in milligrams.
pub fn kg(n: u128) -> Quantity {
	Quantity::new(n * 1_000_000, Unit::Milligram)
}

/// One year after genesis, in ms.
pub const YEAR: Moment = 365 * 24 * 3600 * 1000;

/// Commission `lot` of `n` kg of `prod` by the supplier (or `who`'s org), 2–8 °C.
pub fn create(who: u64, lot: &str, prod: &str, n: u128) {
	frame_support::assert_ok!(Provenance::create_lot(
		signed(who),
		id(lot),
		product(prod),
		kg(n),
		YEAR,
		Some(bioledger_primitives::TemperatureRange::COLD_CHAIN),
	));
}

/// An output of a transform.
pub fn output(lot: &str, prod: &str, q: Quantity, inputs: &[(&str, u128)]) -> OutputLotOf<Test> {
	OutputLot {
		id: id(lot),
		product: product(prod),
		quantity: q,
		expires_at: YEAR,
		storage: Some(bioledger_primitives::TemperatureRange::COLD_CHAIN),
		inputs: inputs.iter().map(|(l, q)| (id(l), *q)).collect::<Vec<_>>().try_into().unwrap(),
	}
}

/// A QC parameter.
pub fn param(code: &str, value: i64, unit: &str) -> QcParam {
	QcParam {
		code: code.as_bytes().to_vec().try_into().unwrap(),
		value,
		unit: unit.as_bytes().to_vec().try_into().unwrap(),
	}
}
