//! The world the attacks run in: the local consortium (Apex, Huaxin, BioCDMO, Yangtze) plus a
//! founding regulator (NMPA) and certification body (SGS), a bank and three independent
//! market-data sources admitted for the API's price, on the real runtime with every pallet.

#![allow(dead_code)]

pub use crate::common::{account, ext_with, member, who};
pub use bioledger_primitives::{
	CredentialKind, LotId, OrgId, OrgKind, ProductCode, Quantity, Role, TemperatureRange, Unit,
};
pub use bioledger_runtime::{
	Carbon, Confidential, Consortium, Pledge, Provenance, Quality, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, System,
};
pub use frame_support::{assert_noop, assert_ok, traits::Hooks, BoundedVec};
pub use pallet_pledge::{MarginLevel, PledgeStatus, Price};
pub use pallet_provenance::LotStatus;

pub const APEX: OrgId = 0;
pub const HUAXIN: OrgId = 1;
pub const CDMO: OrgId = 2;
pub const WAREHOUSE: OrgId = 3;
/// The founding regulator (NMPA) and certification body (SGS) of the local consortium.
pub const REGULATOR: OrgId = 4;
pub const CERTIFIER: OrgId = 5;
pub const BANK: OrgId = 6;
pub const SOURCES: [OrgId; 3] = [7, 8, 9];
/// The founding regulator's inspector (auditor role).
pub const INSPECTOR: &str = "//NMPA//inspector";

pub const DAY: u64 = 86_400_000;
pub const KG: u128 = 1_000_000;
pub const CNY: [u8; 3] = *b"CNY";
/// The runtime's `PriceSettlement`.
pub const SETTLEMENT: u64 = 60_000;

/// The world, at block 1 and chain time 1,000.
pub fn world() -> sp_io::TestExternalities {
	let mut ext = ext_with(|config| {
		member(
			config,
			"Bank of Suzhou",
			OrgKind::Lender,
			"//Eve",
			&[("credit", Role::Signer), ("feed", Role::PriceFeeder)],
			CredentialKind::LENDING_LICENCE,
		);
		for (i, seed) in ["//Src1", "//Src2", "//Src3"].iter().enumerate() {
			member(
				config,
				&format!("Market data {i}"),
				OrgKind::Auditor,
				seed,
				&[("feed", Role::PriceFeeder)],
				CredentialKind::BUSINESS_LICENCE,
			);
		}
	});
	ext.execute_with(|| {
		for org in SOURCES {
			assert_ok!(Pledge::add_price_source(RuntimeOrigin::root(), api(), org));
		}
	});
	ext
}

pub fn lot_id(s: &str) -> LotId {
	s.as_bytes().to_vec().try_into().unwrap()
}

pub fn api() -> ProductCode {
	b"GTIN-06912345000024".to_vec().try_into().unwrap()
}

pub fn yuan(yuan: u128) -> u128 {
	yuan * 100
}

pub fn per_kg(yuan: u128) -> Price {
	Price { currency: CNY, amount: yuan * 100, per: Quantity::new(KG, Unit::Milligram) }
}

/// Chain time now.
pub fn now() -> u64 {
	pallet_timestamp::Now::<Runtime>::get()
}

/// Move chain time on by `ms` (one block, with provenance's recall walk).
pub fn advance(ms: u64) {
	System::set_block_number(System::block_number() + 1);
	Provenance::on_initialize(System::block_number());
	pallet_timestamp::Now::<Runtime>::put(now() + ms);
}

/// The three independent sources post `yuan`/kg (a settlement interval after their last
/// posts), and the prices settle.
pub fn prices(yuan: u128) {
	advance(SETTLEMENT);
	for seed in ["//Src1//feed", "//Src2//feed", "//Src3//feed"] {
		assert_ok!(Pledge::post_price(who(seed), api(), per_kg(yuan)));
	}
}

/// A lot of `kg` made by the CDMO.
pub fn make(id: &str, kg: u128) -> LotId {
	let lot = lot_id(id);
	assert_ok!(Provenance::create_lot(
		who("//Charlie//ops"),
		lot.clone(),
		api(),
		Quantity::new(kg * KG, Unit::Milligram),
		400 * DAY,
		Some(TemperatureRange::COLD_CHAIN),
	));
	lot
}

/// Ship `lot` from `from_ops` to `to` (custody only, or a sale) and receive it with `to_ops`.
pub fn deliver(lot: &LotId, from_ops: &str, to: OrgId, to_ops: &str, sale: bool) {
	let shipment = pallet_provenance::NextShipmentId::<Runtime>::get();
	assert_ok!(Provenance::ship(
		who(from_ops),
		vec![lot.clone()].try_into().unwrap(),
		to,
		None,
		now() + DAY,
		sale
	));
	assert_ok!(Provenance::receive(who(to_ops), shipment, 1));
}

/// A lot of `kg` of the CDMO's, stored at the warehouse.
pub fn stored(id: &str, kg: u128) -> LotId {
	let lot = make(id, kg);
	deliver(&lot, "//Charlie//ops", WAREHOUSE, "//Dave//ops", false);
	lot
}

/// The warehouse's receipt over `lot`, held by the CDMO.
pub fn receipt(lot: &LotId) -> pallet_pledge::ReceiptId {
	let id = pallet_pledge::NextReceiptId::<Runtime>::get();
	assert_ok!(Pledge::issue_receipt(
		who("//Dave//ops"),
		CDMO,
		vec![lot.clone()].try_into().unwrap(),
		TemperatureRange::COLD_CHAIN,
		365 * DAY,
		[0xe1; 32],
	));
	id
}

/// The CDMO pledges `r` to the bank for `principal` CNY (maturity in 180 days) and the bank
/// accepts.
pub fn pledged(r: pallet_pledge::ReceiptId, principal: u128) -> pallet_pledge::PledgeId {
	let p = pallet_pledge::NextPledgeId::<Runtime>::get();
	assert_ok!(Pledge::propose_pledge(
		who("//Charlie//qa"),
		BANK,
		vec![r].try_into().unwrap(),
		yuan(principal),
		CNY,
		now() + 180 * DAY,
		[0xc0; 32],
	));
	assert_ok!(Pledge::accept_pledge(who("//Eve//credit"), p));
	p
}

/// A stored 500 kg lot, its receipt, priced at 1,000 CNY/kg, pledged at 65 %.
pub fn pledged_lot(id: &str) -> (LotId, pallet_pledge::ReceiptId, pallet_pledge::PledgeId) {
	prices(1_000);
	let lot = stored(id, 500);
	let r = receipt(&lot);
	let p = pledged(r, 325_000);
	(lot, r, p)
}

pub fn owner(lot: &LotId) -> OrgId {
	pallet_provenance::Lots::<Runtime>::get(lot).unwrap().owner
}

pub fn status(lot: &LotId) -> LotStatus {
	pallet_provenance::Lots::<Runtime>::get(lot).unwrap().status
}

pub fn pledge(p: pallet_pledge::PledgeId) -> pallet_pledge::PledgeOf<Runtime> {
	pallet_pledge::Pledges::<Runtime>::get(p).unwrap()
}

/// The pallet events of this block so far, then clear them.
pub fn events() -> Vec<RuntimeEvent> {
	let evs = System::events().into_iter().map(|r| r.event).collect();
	System::reset_events();
	evs
}

/// The storage root now (to show a refused attack changed nothing).
pub fn root() -> Vec<u8> {
	sp_io::storage::root(sp_runtime::StateVersion::V1)
}

/// Every pallet's invariants.
pub fn invariants() {
	Consortium::do_try_state().expect("consortium invariants");
	Provenance::do_try_state().expect("provenance invariants");
	Pledge::do_try_state().expect("pledge invariants");
	Quality::do_try_state().expect("quality invariants");
	Carbon::do_try_state().expect("carbon invariants");
	Confidential::do_try_state().expect("confidential invariants");
}
