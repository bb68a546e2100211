//! Mock runtime for the pledge pallet's tests and benchmarks: a table-driven consortium, lots
//! and locks standing in for the consortium and provenance pallets.

use crate::{self as pallet_pledge, *};
use alloc::collections::BTreeMap;
use bioledger_primitives::{CredentialKind, LockHolder, LotFacts, OrgKind, Unit};
use core::cell::RefCell;
use frame_support::{
	derive_impl, parameter_types,
	traits::{ConstU32, ConstU64},
};
use sp_runtime::{BuildStorage, DispatchResult, Permill};

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
	pub type Pledge = pallet_pledge;
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

pub const WAREHOUSE: OrgId = 1;
pub const CDMO: OrgId = 2;
pub const BANK: OrgId = 3;
pub const BUYER: OrgId = 4;
pub const FEEDER_A: OrgId = 5;
pub const FEEDER_B: OrgId = 6;
pub const FEEDER_C: OrgId = 7;
/// A warehouse without a valid licence.
pub const UNLICENSED: OrgId = 8;
/// A suspended organisation.
pub const SUSPENDED: OrgId = 9;
/// A lender without a valid licence.
pub const SHADOW_BANK: OrgId = 10;

pub const WH_OP: u64 = 11;
pub const WH_SIGNER: u64 = 12;
pub const CDMO_SIGNER: u64 = 21;
pub const CDMO_OP: u64 = 22;
pub const BANK_SIGNER: u64 = 31;
pub const BUYER_SIGNER: u64 = 41;
pub const FEED_A: u64 = 51;
pub const FEED_B: u64 = 61;
pub const FEED_C: u64 = 71;
pub const UNLICENSED_OP: u64 = 81;
pub const SUSPENDED_SIGNER: u64 = 91;
pub const SHADOW_SIGNER: u64 = 101;
pub const OUTSIDER: u64 = 999;

thread_local! {
	/// lots
	static LOTS: RefCell<BTreeMap<LotId, LotFacts>> = const { RefCell::new(BTreeMap::new()) };
}

pub use bioledger_test_utils::{add_member, revoke, set_active, MockMembership};

/// Put a lot of `kg` kilograms of `product` owned by `owner` at `custodian` (2–8 °C).
pub fn add_lot(id: &str, product: &str, owner: OrgId, custodian: OrgId, kg: u128) -> LotId {
	let lot = lot_id(id);
	LOTS.with(|l| {
		l.borrow_mut().insert(
			lot.clone(),
			LotFacts {
				product: code(product),
				producer: owner,
				owner,
				custodian,
				remaining: Quantity::new(kg * KG, Unit::Milligram),
				produced: Quantity::new(kg * KG, Unit::Milligram),
				storage: Some(TemperatureRange::COLD_CHAIN),
				usable: true,
				quarantined: false,
				qc_failed: false,
				recall_pending: false,
				expires_at: 2 * YEAR,
			},
		)
	});
	lot
}

/// Change a mock lot.
pub fn edit_lot(id: &LotId, f: impl FnOnce(&mut LotFacts)) {
	LOTS.with(|l| f(l.borrow_mut().get_mut(id).expect("mock lot exists")));
}

/// The mock locks live in storage (not in a thread-local) so that a failed call rolls them
/// back, as provenance's would be.
const LOCKS_KEY: &[u8] = b":mock:locks";

/// All mock locks.
pub fn locks() -> BTreeMap<LotId, LockHolder> {
	frame_support::storage::unhashed::get(LOCKS_KEY).unwrap_or_default()
}

fn set_locks(locks: BTreeMap<LotId, LockHolder>) {
	frame_support::storage::unhashed::put(LOCKS_KEY, &locks);
}

/// Who holds the mock lock on `lot`.
pub fn lock_of(lot: &LotId) -> Option<LockHolder> {
	locks().get(lot).copied()
}

/// Owners moved through the lock holder, in storage (rolled back with a failed call).
const OWNERS_KEY: &[u8] = b":mock:owners";

fn owners() -> BTreeMap<LotId, OrgId> {
	frame_support::storage::unhashed::get(OWNERS_KEY).unwrap_or_default()
}

/// The current owner of a mock lot.
pub fn owner_of(lot: &LotId) -> Option<OrgId> {
	MockLots::facts(lot).map(|f| f.owner)
}

/// The mock provenance: lots and their locks.
pub struct MockLots;
impl bioledger_primitives::Lots for MockLots {
	fn facts(lot: &LotId) -> Option<LotFacts> {
		let mut facts = LOTS.with(|l| l.borrow().get(lot).cloned())?;
		if let Some(owner) = owners().get(lot) {
			facts.owner = *owner;
		}
		Some(facts)
	}
	fn inputs(_: &LotId) -> Vec<(LotId, u128, u128)> {
		Vec::new()
	}
}
impl LotLock for MockLots {
	fn lock(lot: &LotId, holder: LockHolder) -> DispatchResult {
		if !LOTS.with(|l| l.borrow().contains_key(lot)) {
			return Err("LotNotFound".into());
		}
		let mut l = locks();
		if l.contains_key(lot) {
			return Err("Locked".into());
		}
		l.insert(lot.clone(), holder);
		set_locks(l);
		Ok(())
	}
	fn unlock(lot: &LotId, holder: LockHolder) -> DispatchResult {
		let mut l = locks();
		if l.get(lot) != Some(&holder) {
			return Err("NotLockHolder".into());
		}
		l.remove(lot);
		set_locks(l);
		Ok(())
	}
	fn locked_by(lot: &LotId) -> Option<LockHolder> {
		lock_of(lot)
	}
	fn transfer_title(lot: &LotId, holder: LockHolder, to: OrgId) -> DispatchResult {
		if lock_of(lot) != Some(holder) {
			return Err("NotLockHolder".into());
		}
		let mut o = owners();
		o.insert(lot.clone(), to);
		frame_support::storage::unhashed::put(OWNERS_KEY, &o);
		Ok(())
	}
}

parameter_types! {
	pub const DefaultRisk: RiskParams = RiskParams {
		max_ltv: Permill::from_percent(70),
		margin_call: Permill::from_percent(80),
		liquidation: Permill::from_percent(85),
	};
}

pub const HOUR: u64 = 3_600_000;
pub const DAY: u64 = 24 * HOUR;
pub const YEAR: u64 = 365 * DAY;
/// A price point counts for foreclosure (and a source may post again) after a minute.
pub const SETTLEMENT: u64 = 60_000;
/// Milligrams in a kilogram.
pub const KG: u128 = 1_000_000;

impl Config for Test {
	type Membership = MockMembership;
	type Lots = MockLots;
	type LotLock = MockLots;
	type Time = Timestamp;
	type GovernanceOrigin = frame_system::EnsureRoot<u64>;
	type DefaultRisk = DefaultRisk;
	type MaxLotsPerReceipt = ConstU32<4>;
	type MaxReceiptsPerPledge = ConstU32<3>;
	type MaxFeedsPerProduct = ConstU32<3>;
	type MaxPledgesPerProduct = ConstU32<2>;
	type MaxPledgesPerParty = ConstU32<2>;
	type MinFeeds = ConstU32<3>;
	type PriceSettlement = ConstU64<SETTLEMENT>;
	type MaxPriceAge = ConstU64<HOUR>;
	type MarginGracePeriod = ConstU64<DAY>;
	type Paused = ();
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
	fn lot(id: LotId, product: ProductCode, owner: OrgId, custodian: OrgId, amount: u128) {
		LOTS.with(|l| {
			l.borrow_mut().insert(
				id,
				LotFacts {
					product,
					producer: owner,
					owner,
					custodian,
					remaining: Quantity::new(amount, Unit::Milligram),
					produced: Quantity::new(amount, Unit::Milligram),
					storage: Some(TemperatureRange::COLD_CHAIN),
					usable: true,
					quarantined: false,
					qc_failed: false,
					recall_pending: false,
					expires_at: u64::MAX,
				},
			)
		});
	}
	fn set_time(now: Moment) {
		Timestamp::set_timestamp(now);
	}
	fn quarantine(id: &LotId) {
		edit_lot(id, |f| f.quarantined = true);
	}
}

pub struct ExtBuilder;
impl ExtBuilder {
	pub fn build() -> sp_io::TestExternalities {
		bioledger_test_utils::reset();
		LOTS.with(|l| l.borrow_mut().clear());
		add_member(WH_OP, WAREHOUSE, OrgKind::Warehouse, Role::Operator);
		add_member(WH_SIGNER, WAREHOUSE, OrgKind::Warehouse, Role::Signer);
		add_member(CDMO_SIGNER, CDMO, OrgKind::Cdmo, Role::Signer);
		add_member(CDMO_OP, CDMO, OrgKind::Cdmo, Role::Operator);
		add_member(BANK_SIGNER, BANK, OrgKind::Lender, Role::Signer);
		add_member(BUYER_SIGNER, BUYER, OrgKind::Manufacturer, Role::Signer);
		add_member(FEED_A, FEEDER_A, OrgKind::Auditor, Role::PriceFeeder);
		add_member(FEED_B, FEEDER_B, OrgKind::Auditor, Role::PriceFeeder);
		add_member(FEED_C, FEEDER_C, OrgKind::Auditor, Role::PriceFeeder);
		add_member(UNLICENSED_OP, UNLICENSED, OrgKind::Warehouse, Role::Operator);
		revoke(UNLICENSED, CredentialKind::WAREHOUSE_LICENCE);
		add_member(SUSPENDED_SIGNER, SUSPENDED, OrgKind::Lender, Role::Signer);
		set_active(SUSPENDED, false);
		add_member(SHADOW_SIGNER, SHADOW_BANK, OrgKind::Lender, Role::Signer);
		revoke(SHADOW_BANK, CredentialKind::LENDING_LICENCE);
		let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			Timestamp::set_timestamp(1_000);
			// The three feeders are the API's price sources.
			PriceSources::<Test>::insert(
				code(API),
				BoundedVec::truncate_from(vec![FEEDER_A, FEEDER_B, FEEDER_C]),
			);
		});
		ext
	}

	pub fn build_and_execute(test: impl FnOnce()) {
		Self::build().execute_with(|| {
			test();
			Pledge::do_try_state().expect("invariants hold after the test");
			no_stray_locks();
		})
	}
}

/// No lock without a receipt: every lock the pallet holds belongs to an active receipt.
pub fn no_stray_locks() {
	for (lot, holder) in locks() {
		assert_eq!(holder.pallet, LOCK_TAG);
		assert_eq!(LotReceipt::<Test>::get(&lot), Some(holder.id), "stray lock");
	}
}

/// All pledge events since the last call, then clear them.
pub fn events() -> Vec<Event<Test>> {
	let evs = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Pledge(e) => Some(e),
			_ => None,
		})
		.collect();
	System::reset_events();
	evs
}

pub fn signed(who: u64) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}

pub fn code(s: &str) -> ProductCode {
	s.as_bytes().to_vec().try_into().unwrap()
}

pub fn lot_id(s: &str) -> LotId {
	s.as_bytes().to_vec().try_into().unwrap()
}

pub fn lots(ids: &[&LotId]) -> LotsOf<Test> {
	ids.iter().map(|l| (*l).clone()).collect::<Vec<_>>().try_into().unwrap()
}

pub fn receipts(ids: &[ReceiptId]) -> ReceiptsOf<Test> {
	ids.to_vec().try_into().unwrap()
}

pub const API: &str = "GTIN-API";
pub const CNY: CurrencyCode = *b"CNY";

/// `yuan` CNY in fen (the minor unit).
pub fn yuan(yuan: u128) -> u128 {
	yuan * 100
}

/// `yuan` CNY per kilogram.
pub fn per_kg(yuan: u128) -> Price {
	Price { currency: CNY, amount: yuan * 100, per: Quantity::new(KG, Unit::Milligram) }
}

/// Advance chain time by `ms`.
pub fn advance(ms: u64) {
	Timestamp::set_timestamp(Timestamp::now() + ms);
}

/// A 500 kg API lot `id` owned by the CDMO at the warehouse, and its receipt; returns the
/// receipt id.
pub fn stored(id: &str, kg: u128) -> ReceiptId {
	let lot = add_lot(id, API, CDMO, WAREHOUSE, kg);
	let r = NextReceiptId::<Test>::get();
	frame_support::assert_ok!(Pledge::issue_receipt(
		signed(WH_OP),
		CDMO,
		lots(&[&lot]),
		TemperatureRange::COLD_CHAIN,
		YEAR,
		[0xee; 32]
	));
	r
}

/// Prices from all three feeders (a settlement interval after their last posts).
pub fn price_all(yuan_per_kg: u128) {
	advance(SETTLEMENT);
	for f in [FEED_A, FEED_B, FEED_C] {
		frame_support::assert_ok!(Pledge::post_price(signed(f), code(API), per_kg(yuan_per_kg)));
	}
}

/// Let the last posted prices settle (so that they count for a foreclosure).
pub fn settle() {
	advance(SETTLEMENT);
}

/// Propose a pledge of `rs` to the bank for `principal_yuan`, maturity in 180 days.
pub fn propose(rs: &[ReceiptId], principal_yuan: u128) -> PledgeId {
	let id = NextPledgeId::<Test>::get();
	frame_support::assert_ok!(Pledge::propose_pledge(
		signed(CDMO_SIGNER),
		BANK,
		receipts(rs),
		principal_yuan * 100,
		CNY,
		Timestamp::now() + 180 * DAY,
		[0xcc; 32]
	));
	id
}
