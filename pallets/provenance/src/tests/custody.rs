//! Ship, receive, refuse.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, BoundedVec};

fn lots(ids: &[&str]) -> BoundedVec<LotId, <Test as Config>::MaxLotsPerShipment> {
	ids.iter().map(|l| id(l)).collect::<Vec<_>>().try_into().unwrap()
}

#[test]
fn ship_and_receive_moves_custody_and_ownership() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 500);
		create(SUP_OP, "API-2", "API", 100);
		assert_ok!(Provenance::set_status(signed(SUP_QA), id("API-1"), LotStatus::Quarantined));
		events();
		assert_ok!(Provenance::ship(
			signed(SUP_OP),
			lots(&["API-1", "API-2"]),
			CDMO,
			Some(CARRIER),
			50_000,
			true
		));
		assert_eq!(
			events(),
			vec![Event::Shipped {
				shipment: 0,
				from: SUPPLIER,
				to: CDMO,
				carrier: Some(CARRIER),
				lots: lots(&["API-1", "API-2"]),
				promised_at: 50_000
			}]
		);
		let l = Lots::<Test>::get(id("API-1")).unwrap();
		assert_eq!(
			(l.status, l.held_status, l.shipment),
			(LotStatus::InTransit, Some(LotStatus::Quarantined), Some(0))
		);
		// In transit a lot cannot be used, re-shipped or destroyed.
		assert_noop!(
			Provenance::ship(signed(SUP_OP), lots(&["API-2"]), MAKER, None, 50_000, true),
			Error::<Test>::InvalidStatus
		);
		assert_noop!(
			Provenance::destroy(signed(SUP_OP), id("API-2")),
			Error::<Test>::InvalidStatus
		);
		assert_noop!(
			Provenance::split(signed(SUP_OP), id("API-2"), vec![(id("X"), 1)].try_into().unwrap()),
			Error::<Test>::InvalidStatus
		);
		assert_noop!(Provenance::receive(signed(MAKER_OP), 0, 2), Error::<Test>::NotAuthorized);
		assert_ok!(Provenance::receive(signed(CDMO_OP), 0, 2));
		assert_eq!(
			events(),
			vec![Event::Received {
				shipment: 0,
				by: CDMO,
				ownership: true,
				quarantined: Default::default()
			}]
		);
		let l = Lots::<Test>::get(id("API-1")).unwrap();
		assert_eq!(
			(l.owner, l.custodian, l.status, l.shipment),
			(CDMO, CDMO, LotStatus::Quarantined, None)
		);
		assert_eq!(Lots::<Test>::get(id("API-2")).unwrap().status, LotStatus::Active);
		let s = Shipments::<Test>::get(0).unwrap();
		assert_eq!((s.status, s.closed_at), (ShipmentStatus::Received, Some(1_000)));
		assert!(OrgShipments::<Test>::contains_key(CARRIER, 0));
		assert_noop!(Provenance::receive(signed(CDMO_OP), 0, 2), Error::<Test>::ShipmentClosed);
		assert_noop!(Provenance::refuse(signed(CDMO_OP), 0, 2), Error::<Test>::ShipmentClosed);
		assert_noop!(Provenance::receive(signed(CDMO_OP), 7, 1), Error::<Test>::ShipmentNotFound);
	});
}

/// `receive` and `refuse` take the shipment's lot count as a witness: a count below the
/// shipment's size is refused (nothing changes), a larger one is accepted and refunded to the
/// lots actually moved.
#[test]
fn receive_and_refuse_need_a_witness_covering_the_shipment() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 500);
		create(SUP_OP, "API-2", "API", 100);
		assert_ok!(Provenance::ship(
			signed(SUP_OP),
			lots(&["API-1", "API-2"]),
			CDMO,
			None,
			50_000,
			true
		));
		events();
		assert_noop!(Provenance::receive(signed(CDMO_OP), 0, 1), Error::<Test>::WitnessTooLow);
		assert_noop!(Provenance::refuse(signed(CDMO_OP), 0, 0), Error::<Test>::WitnessTooLow);
		let post = Provenance::receive(signed(CDMO_OP), 0, 5).expect("a larger witness is fine");
		assert_eq!(
			post.actual_weight,
			Some(<() as WeightInfo>::receive(2).saturating_add(MockQc::on_received_weight() * 2))
		);
		assert_eq!(
			events(),
			vec![Event::Received {
				shipment: 0,
				by: CDMO,
				ownership: true,
				quarantined: Default::default()
			}]
		);
		assert_eq!(Lots::<Test>::get(id("API-2")).unwrap().owner, CDMO);
	});
}

#[test]
fn storage_shipment_moves_custody_only_and_refusal_returns_everything() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 500);
		assert_ok!(Provenance::ship(
			signed(SUP_OP),
			lots(&["API-1"]),
			WAREHOUSE,
			None,
			50_000,
			false
		));
		assert_ok!(Provenance::receive(signed(WH_OP), 0, 1));
		let l = Lots::<Test>::get(id("API-1")).unwrap();
		assert_eq!((l.owner, l.custodian), (SUPPLIER, WAREHOUSE));
		// The owner cannot destroy what it does not hold; the custodian cannot ship it back
		// to itself.
		assert_noop!(Provenance::destroy(signed(SUP_OP), id("API-1")), Error::<Test>::NotCustodian);
		assert_noop!(
			Provenance::ship(signed(SUP_OP), lots(&["API-1"]), CDMO, None, 50_000, true),
			Error::<Test>::NotCustodian
		);
		// Custody is not title: the warehouse cannot sell the supplier's goods.
		assert_noop!(
			Provenance::ship(signed(WH_OP), lots(&["API-1"]), CDMO, None, 50_000, true),
			Error::<Test>::NoTitle
		);
		assert_ok!(Provenance::ship(signed(WH_OP), lots(&["API-1"]), CDMO, None, 50_000, false));
		events();
		assert_ok!(Provenance::refuse(signed(CDMO_OP), 1, 1));
		assert_eq!(events(), vec![Event::Refused { shipment: 1, by: CDMO }]);
		let l = Lots::<Test>::get(id("API-1")).unwrap();
		assert_eq!((l.owner, l.custodian, l.status), (SUPPLIER, WAREHOUSE, LotStatus::Active));
		assert_eq!(Shipments::<Test>::get(1).unwrap().status, ShipmentStatus::Refused);
	});
}

#[test]
fn quality_rules_quarantine_on_receipt() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 5);
		assert_ok!(Provenance::ship(signed(SUP_OP), lots(&["API-1"]), CDMO, None, 50_000, true));
		QUARANTINE_ON_RECEIPT.with(|q| *q.borrow_mut() = true);
		events();
		assert_ok!(Provenance::receive(signed(CDMO_OP), 0, 1));
		assert_eq!(
			events(),
			vec![Event::Received {
				shipment: 0,
				by: CDMO,
				ownership: true,
				quarantined: lots(&["API-1"])
			}]
		);
		assert_eq!(Lots::<Test>::get(id("API-1")).unwrap().status, LotStatus::Quarantined);
		assert!(SEEN.with(|s| s.borrow().contains(&"received")));
	});
}

#[test]
fn ship_errors() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 5);
		let sh = |who, ids: &[&str], to, carrier, promise| {
			Provenance::ship(signed(who), lots(ids), to, carrier, promise, true)
		};
		assert_noop!(sh(SUP_OP, &[], CDMO, None, 50_000), Error::<Test>::Empty);
		assert_noop!(sh(SUP_OP, &["API-1"], SUPPLIER, None, 50_000), Error::<Test>::SameOrg);
		assert_noop!(sh(SUP_OP, &["API-1"], SUSPENDED, None, 50_000), Error::<Test>::InactiveOrg);
		assert_noop!(
			sh(SUP_OP, &["API-1"], CDMO, Some(SUSPENDED), 50_000),
			Error::<Test>::InactiveOrg
		);
		assert_noop!(sh(SUP_OP, &["API-1"], CDMO, None, 1_000), Error::<Test>::InvalidPromise);
		assert_noop!(sh(SUP_OP, &["API-1", "API-1"], CDMO, None, 50_000), Error::<Test>::Duplicate);
		assert_noop!(sh(SUP_OP, &["NOPE"], CDMO, None, 50_000), Error::<Test>::LotNotFound);
		assert_noop!(sh(CDMO_OP, &["API-1"], MAKER, None, 50_000), Error::<Test>::NotCustodian);
		assert_noop!(sh(SUP_QA, &["API-1"], CDMO, None, 50_000), Error::<Test>::NotAuthorized);
		assert_ok!(Provenance::destroy(signed(SUP_OP), id("API-1")));
		assert_noop!(sh(SUP_OP, &["API-1"], CDMO, None, 50_000), Error::<Test>::InvalidStatus);
		events();
	});
}
