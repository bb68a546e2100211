//! Custody is not title (§2.1): a warehouse, CDMO or lab holding a customer's goods cannot sell
//! them; only the owner moves title, itself or through a consent it gave for one buyer.

use crate::world::*;
use pallet_provenance::Error;

/// The CDMO's lot, in the warehouse's custody.
fn at_warehouse() -> LotId {
	stored("06912345000024/W-1", 100)
}

#[test]
fn custodian_cannot_sell_goods_it_does_not_own() {
	world().execute_with(|| {
		let lot = at_warehouse();
		assert_eq!((owner(&lot), status(&lot)), (CDMO, LotStatus::Active));
		// The warehouse "sells" the CDMO's goods to Apex.
		assert_noop!(
			Provenance::ship(
				who("//Dave//ops"),
				vec![lot.clone()].try_into().unwrap(),
				APEX,
				None,
				now() + DAY,
				true
			),
			Error::<Runtime>::NoTitle
		);
		// Custody alone may move (the goods go where the warehouse sends them), title stays.
		deliver(&lot, "//Dave//ops", APEX, "//Alice//ops", false);
		assert_eq!(owner(&lot), CDMO);
		invariants();
	});
}

#[test]
fn a_title_consent_is_for_one_buyer_and_used_up() {
	world().execute_with(|| {
		let lot = at_warehouse();
		// Only a signer of the owner consents; the warehouse cannot consent for it.
		assert_noop!(
			Provenance::consent_title_transfer(who("//Dave"), lot.clone(), Some(APEX)),
			Error::<Runtime>::NotOwner
		);
		assert_ok!(Provenance::consent_title_transfer(
			who("//Charlie//qa"),
			lot.clone(),
			Some(APEX)
		));
		// The consent names Apex: a sale to Huaxin is still refused.
		let before = root();
		assert_noop!(
			Provenance::ship(
				who("//Dave//ops"),
				vec![lot.clone()].try_into().unwrap(),
				HUAXIN,
				None,
				now() + DAY,
				true
			),
			Error::<Runtime>::NoTitle
		);
		assert_eq!(root(), before);
		deliver(&lot, "//Dave//ops", APEX, "//Alice//ops", true);
		assert_eq!(owner(&lot), APEX);
		assert!(pallet_provenance::TitleConsents::<Runtime>::get(&lot).is_none());
		invariants();
	});
}

#[test]
fn a_consent_given_by_a_former_owner_is_void() {
	world().execute_with(|| {
		let lot = make("06912345000024/W-2", 100);
		// The CDMO consents that a custodian may sell to Huaxin, then sells to Apex itself.
		assert_ok!(Provenance::consent_title_transfer(
			who("//Charlie//qa"),
			lot.clone(),
			Some(HUAXIN)
		));
		deliver(&lot, "//Charlie//ops", APEX, "//Alice//ops", true);
		// Apex stores the goods at the warehouse; the stale consent does not let it sell them.
		deliver(&lot, "//Alice//ops", WAREHOUSE, "//Dave//ops", false);
		assert_noop!(
			Provenance::ship(
				who("//Dave//ops"),
				vec![lot.clone()].try_into().unwrap(),
				HUAXIN,
				None,
				now() + DAY,
				true
			),
			Error::<Runtime>::NoTitle
		);
		assert_eq!(owner(&lot), APEX);
		invariants();
	});
}

#[test]
fn a_consent_is_used_up_even_if_the_sale_is_refused() {
	world().execute_with(|| {
		let lot = at_warehouse();
		assert_ok!(Provenance::consent_title_transfer(
			who("//Charlie//qa"),
			lot.clone(),
			Some(APEX)
		));
		let shipment = pallet_provenance::NextShipmentId::<Runtime>::get();
		assert_ok!(Provenance::ship(
			who("//Dave//ops"),
			vec![lot.clone()].try_into().unwrap(),
			APEX,
			None,
			now() + DAY,
			true
		));
		assert_ok!(Provenance::refuse(who("//Alice//ops"), shipment, 1));
		// Back at the warehouse, the used-up consent does not allow a second sale.
		assert_noop!(
			Provenance::ship(
				who("//Dave//ops"),
				vec![lot.clone()].try_into().unwrap(),
				APEX,
				None,
				now() + DAY,
				true
			),
			Error::<Runtime>::NoTitle
		);
		assert_eq!(owner(&lot), CDMO);
		invariants();
	});
}
