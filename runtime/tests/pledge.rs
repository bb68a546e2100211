//! Warehouse-receipt finance on the real runtime (consortium + provenance + pledge): a CDMO
//! stores 500 kg of an API lot at a licensed warehouse, the warehouse issues a receipt, the CDMO
//! pledges it to a bank at 65 % LTV, the price drops 20 %, margin call, the CDMO adds a second
//! receipt, repays, release — and every attempt to ship the pledged lot on the way fails.

use bioledger_primitives::{
	CredentialKind, LotId, OrgKind, Quantity, Role, RoleSet, TemperatureRange, Unit,
};
use bioledger_runtime::{Pledge, Provenance, Runtime, System};
use common::{account, ext_with, member, who};
use frame_support::{assert_noop, assert_ok};
use pallet_pledge::{MarginLevel, PledgeStatus, Price};
use sp_runtime::FixedU128;

mod common;

const CDMO: u32 = 2;
const WAREHOUSE: u32 = 3;
/// After the four founders and the two founding issuers.
const BANK: u32 = 6;
const DAY: u64 = 86_400_000;
const KG: u128 = 1_000_000;
const CNY: [u8; 3] = *b"CNY";

/// The local consortium plus a bank (Eve, with a lending licence) and three independent
/// market-data providers, admitted as the API's price sources.
fn ext() -> sp_io::TestExternalities {
	let mut ext = ext_with(|config| {
		member(
			config,
			"Bank of Suzhou Supply-Chain Finance",
			OrgKind::Lender,
			"//Eve",
			&[("credit", Role::Signer), ("feed", Role::PriceFeeder)],
			CredentialKind::LENDING_LICENCE,
		);
		for seed in SOURCES {
			member(
				config,
				seed,
				OrgKind::Auditor,
				seed,
				&[("feed", Role::PriceFeeder)],
				CredentialKind::BUSINESS_LICENCE,
			);
		}
		config.consortium.orgs[0]
			.accounts
			.push((account("//Alice//feed"), RoleSet::from_roles(&[Role::PriceFeeder])));
	});
	ext.execute_with(|| {
		// The three market-data sources come after the bank.
		for org in BANK + 1..BANK + 4 {
			assert_ok!(Pledge::add_price_source(
				bioledger_runtime::RuntimeOrigin::root(),
				api(),
				org
			));
		}
	});
	ext
}

const SOURCES: [&str; 3] = ["//Src1", "//Src2", "//Src3"];

fn lot_id(s: &str) -> LotId {
	s.as_bytes().to_vec().try_into().unwrap()
}

fn api() -> bioledger_primitives::ProductCode {
	b"GTIN-06912345000024".to_vec().try_into().unwrap()
}

fn yuan(yuan: u128) -> u128 {
	yuan * 100
}

fn per_kg(yuan: u128) -> Price {
	Price { currency: CNY, amount: yuan * 100, per: Quantity::new(KG, Unit::Milligram) }
}

/// The CDMO makes a lot of `kg` and ships it (custody only) to the warehouse, which receives it.
fn store_at_warehouse(id: &str, kg: u128) -> LotId {
	let lot = lot_id(id);
	assert_ok!(Provenance::create_lot(
		who("//Charlie//ops"),
		lot.clone(),
		api(),
		Quantity::new(kg * KG, Unit::Milligram),
		400 * DAY,
		Some(TemperatureRange::COLD_CHAIN),
	));
	let shipment = pallet_provenance::NextShipmentId::<Runtime>::get();
	assert_ok!(Provenance::ship(
		who("//Charlie//ops"),
		vec![lot.clone()].try_into().unwrap(),
		WAREHOUSE,
		None,
		1_000_000_000,
		false
	));
	assert_ok!(Provenance::receive(who("//Dave//ops"), shipment, 1));
	let l = pallet_provenance::Lots::<Runtime>::get(&lot).unwrap();
	assert_eq!((l.owner, l.custodian), (CDMO, WAREHOUSE));
	lot
}

fn issue(lot: &LotId) -> pallet_pledge::ReceiptId {
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

/// Every way the warehouse could move the goods out fails while the lot is locked.
fn cannot_move(lot: &LotId) {
	let locked = pallet_provenance::Error::<Runtime>::Locked;
	assert_noop!(
		Provenance::ship(
			who("//Dave//ops"),
			vec![lot.clone()].try_into().unwrap(),
			CDMO,
			None,
			1_000_000_000,
			false
		),
		locked
	);
	// The owner cannot ship it either: it does not hold it.
	assert!(Provenance::ship(
		who("//Charlie//ops"),
		vec![lot.clone()].try_into().unwrap(),
		1,
		None,
		1_000_000_000,
		true
	)
	.is_err());
}

/// The three sources post `yuan`/kg, a minute (`PriceSettlement`) after their last posts.
fn prices(yuan: u128) {
	let now = pallet_timestamp::Now::<Runtime>::get();
	pallet_timestamp::Now::<Runtime>::put(now + 60_000);
	for seed in SOURCES {
		assert_ok!(Pledge::post_price(who(&format!("{seed}//feed")), api(), per_kg(yuan)));
	}
}

fn check_invariants() {
	Pledge::do_try_state().expect("pledge invariants");
	Provenance::do_try_state().expect("provenance invariants");
	// No lock without a receipt, and no receipt lot without its lock.
	for (lot, l) in pallet_provenance::Lots::<Runtime>::iter() {
		let receipt = pallet_pledge::LotReceipt::<Runtime>::get(&lot);
		assert_eq!(l.lock.map(|h| h.id), receipt, "lock of {lot:?}");
	}
}

#[test]
fn pledge_margin_call_top_up_repay_release_and_the_lot_never_moves() {
	ext().execute_with(|| {
		let lot = store_at_warehouse("06912345000024/C2026-11", 500);
		let r1 = issue(&lot);
		cannot_move(&lot);
		check_invariants();

		prices(1_000);
		// 65 % of 500 kg × 1,000 CNY.
		let pledge = pallet_pledge::NextPledgeId::<Runtime>::get();
		assert_ok!(Pledge::propose_pledge(
			who("//Charlie//qa"),
			BANK,
			vec![r1].try_into().unwrap(),
			yuan(325_000),
			CNY,
			180 * DAY,
			[0xc0; 32],
		));
		assert_ok!(Pledge::accept_pledge(who("//Eve//credit"), pledge));
		cannot_move(&lot);
		let v = Pledge::valuation(r1).unwrap();
		assert_eq!((v.value, v.ltv), (yuan(500_000), Some(FixedU128::from_rational(65, 100))));

		// The price drops 20 %: LTV 81.25 %, above the 80 % margin-call line.
		System::reset_events();
		prices(800);
		let call = System::events().into_iter().find_map(|r| match r.event {
			bioledger_runtime::RuntimeEvent::Pledge(
				e @ pallet_pledge::Event::MarginCall { .. },
			) => Some(e),
			_ => None,
		});
		assert_eq!(
			call,
			Some(pallet_pledge::Event::MarginCall {
				pledge,
				level: MarginLevel::Call,
				ltv: FixedU128::from_rational(325_000, 400_000),
				value: yuan(400_000),
				outstanding: yuan(325_000),
			})
		);
		assert_eq!(Pledge::pledges_at_risk(sp_runtime::Permill::from_percent(80)).len(), 1);
		cannot_move(&lot);
		// A pledged receipt cannot be redeemed or sold to get the goods out.
		assert_noop!(
			Pledge::redeem(who("//Charlie//qa"), r1),
			pallet_pledge::Error::<Runtime>::Encumbered
		);
		assert_noop!(
			Pledge::transfer_receipt(who("//Charlie//qa"), r1, 0),
			pallet_pledge::Error::<Runtime>::Encumbered
		);

		// The CDMO stores 200 kg more and adds that receipt: 700 kg × 800 = 560,000 CNY.
		let lot2 = store_at_warehouse("06912345000024/C2026-12", 200);
		let r2 = issue(&lot2);
		assert_ok!(Pledge::add_collateral(
			who("//Charlie//qa"),
			pledge,
			vec![r2].try_into().unwrap()
		));
		let p = pallet_pledge::Pledges::<Runtime>::get(pledge).unwrap();
		assert_eq!(p.margin, MarginLevel::Healthy);
		cannot_move(&lot);
		cannot_move(&lot2);
		check_invariants();

		// Repayment in two instalments, then release.
		assert_ok!(Pledge::record_repayment(who("//Eve//credit"), pledge, yuan(125_000)));
		// The last instalment releases the pledge.
		assert_ok!(Pledge::record_repayment(who("//Eve//credit"), pledge, yuan(200_000)));
		cannot_move(&lot);
		assert_eq!(
			pallet_pledge::Pledges::<Runtime>::get(pledge).unwrap().status,
			PledgeStatus::Released
		);
		// Released but not redeemed: the receipts still hold the goods.
		cannot_move(&lot);
		assert_ok!(Pledge::redeem(who("//Charlie//qa"), r1));
		check_invariants();

		// Redeemed: the warehouse hands the goods back.
		assert_ok!(Provenance::ship(
			who("//Dave//ops"),
			vec![lot.clone()].try_into().unwrap(),
			CDMO,
			None,
			1_000_000_000,
			false
		));
		check_invariants();
	});
}
