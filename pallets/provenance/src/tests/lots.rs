//! Commission, transform, split, merge, destroy, documents.

use crate::{mock::*, *};
use bioledger_primitives::{TemperatureRange, Unit};
use frame_support::{assert_noop, assert_ok, BoundedVec};

#[test]
fn create_lot_and_its_errors() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "GTIN-API", 500);
		assert_eq!(
			events(),
			vec![Event::LotCreated {
				lot: id("API-1"),
				product: product("GTIN-API"),
				producer: SUPPLIER,
				quantity: kg(500)
			}]
		);
		let lot = Lots::<Test>::get(id("API-1")).unwrap();
		assert_eq!(
			(lot.owner, lot.custodian, lot.status, lot.remaining),
			(SUPPLIER, SUPPLIER, LotStatus::Active, 500_000_000)
		);
		let ok = |who, l: &str, q: Quantity, exp, st| {
			Provenance::create_lot(signed(who), id(l), product("P"), q, exp, st)
		};
		assert_noop!(ok(SUP_QA, "X", kg(1), YEAR, None), Error::<Test>::NotAuthorized);
		assert_noop!(ok(OUTSIDER, "X", kg(1), YEAR, None), Error::<Test>::NotAuthorized);
		assert_noop!(ok(SUSPENDED_OP, "X", kg(1), YEAR, None), Error::<Test>::NotAuthorized);
		assert_noop!(ok(WH_OP, "X", kg(1), YEAR, None), Error::<Test>::MissingCredential);
		NO_CREDENTIALS.with(|n| n.borrow_mut().push(SUPPLIER));
		assert_noop!(ok(SUP_OP, "X", kg(1), YEAR, None), Error::<Test>::MissingCredential);
		NO_CREDENTIALS.with(|n| n.borrow_mut().clear());
		assert_noop!(ok(SUP_OP, "", kg(1), YEAR, None), Error::<Test>::InvalidLotId);
		assert_noop!(ok(SUP_OP, "A B", kg(1), YEAR, None), Error::<Test>::InvalidLotId);
		assert_noop!(ok(SUP_OP, "API-1", kg(1), YEAR, None), Error::<Test>::LotExists);
		assert_noop!(ok(SUP_OP, "X", kg(0), YEAR, None), Error::<Test>::InvalidQuantity);
		assert_noop!(
			Provenance::create_lot(signed(SUP_OP), id("X"), product(""), kg(1), YEAR, None),
			Error::<Test>::InvalidQuantity
		);
		assert_noop!(ok(SUP_OP, "X", kg(1), 1_000, None), Error::<Test>::InvalidExpiry);
		assert_noop!(
			ok(SUP_OP, "X", kg(1), YEAR, Some(TemperatureRange { min: 800, max: 200 })),
			Error::<Test>::InvalidRange
		);
	});
}

#[test]
fn transform_keeps_mass_balance_and_consumes_inputs() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 10);
		create(SUP_OP, "EXC-1", "EXC", 5);
		events();
		let outputs: BoundedVec<_, _> = vec![
			output("DS-1", "DS", kg(8), &[("API-1", 6_000_000), ("EXC-1", 5_000_000)]),
			output("DS-2", "DS", kg(4), &[("API-1", 4_000_000)]),
		]
		.try_into()
		.unwrap();
		assert_ok!(Provenance::transform(signed(SUP_OP), outputs));
		let evs = events();
		assert_eq!(evs.len(), 4);
		assert!(
			matches!(&evs[0], Event::Transformed { output, by: SUPPLIER, .. } if *output == id("DS-1"))
		);
		assert!(matches!(&evs[1], Event::Transformed { output, .. } if *output == id("DS-2")));
		// Both inputs are used up (BTreeMap order: API-1, EXC-1).
		assert_eq!(evs[2], Event::LotConsumed { lot: id("API-1") });
		assert_eq!(evs[3], Event::LotConsumed { lot: id("EXC-1") });
		let api = Lots::<Test>::get(id("API-1")).unwrap();
		assert_eq!((api.remaining, api.used, api.status), (0, 10_000_000, LotStatus::Consumed));
		assert_eq!(Children::<Test>::get(id("API-1"), id("DS-2")), Some(4_000_000));
		assert_eq!(Lots::<Test>::get(id("DS-1")).unwrap().parents.len(), 2);
	});
}

#[test]
fn transform_errors() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 10);
		create(CDMO_OP, "CD-1", "API", 10);
		let t = |who, outs: Vec<OutputLotOf<Test>>| {
			Provenance::transform(signed(who), outs.try_into().unwrap())
		};
		assert_noop!(t(SUP_OP, vec![]), Error::<Test>::Empty);
		assert_noop!(t(SUP_OP, vec![output("O", "P", kg(1), &[])]), Error::<Test>::Empty);
		assert_noop!(
			t(SUP_OP, vec![output("O", "P", kg(1), &[("NOPE", 1)])]),
			Error::<Test>::LotNotFound
		);
		assert_noop!(
			t(SUP_OP, vec![output("O", "P", kg(1), &[("CD-1", 1)])]),
			Error::<Test>::NotOwner
		);
		assert_noop!(
			t(
				SUP_OP,
				vec![
					output("O", "P", kg(1), &[("API-1", 1)]),
					output("O", "P", kg(1), &[("API-1", 1)])
				]
			),
			Error::<Test>::Duplicate
		);
		assert_noop!(
			t(SUP_OP, vec![output("O", "P", kg(1), &[("API-1", 1), ("API-1", 1)])]),
			Error::<Test>::Duplicate
		);
		assert_noop!(
			t(SUP_OP, vec![output("O", "P", kg(1), &[("O", 1)])]),
			Error::<Test>::Duplicate
		);
		assert_noop!(
			t(SUP_OP, vec![output("O", "P", kg(1), &[("API-1", 0)])]),
			Error::<Test>::InvalidQuantity
		);
		assert_noop!(
			t(SUP_OP, vec![output("O", "P", kg(0), &[("API-1", 1)])]),
			Error::<Test>::InvalidQuantity
		);
		assert_noop!(
			t(SUP_OP, vec![output("O", "P", kg(1), &[("API-1", 10_000_001)])]),
			Error::<Test>::InsufficientQuantity
		);
		// Two outputs together consume more than there is.
		assert_noop!(
			t(
				SUP_OP,
				vec![
					output("O", "P", kg(1), &[("API-1", 6_000_000)]),
					output("Q", "P", kg(1), &[("API-1", 5_000_000)])
				]
			),
			Error::<Test>::InsufficientQuantity
		);
		assert_noop!(
			t(SUP_OP, vec![output("API-1", "P", kg(1), &[("API-1", 1)])]),
			Error::<Test>::LotExists
		);
		assert_noop!(
			t(SUP_OP, vec![output("bad id", "P", kg(1), &[("API-1", 1)])]),
			Error::<Test>::InvalidLotId
		);
		let mut expired = output("O", "P", kg(1), &[("API-1", 1)]);
		expired.expires_at = 0;
		assert_noop!(t(SUP_OP, vec![expired]), Error::<Test>::InvalidExpiry);
		let mut inverted = output("O", "P", kg(1), &[("API-1", 1)]);
		inverted.storage = Some(TemperatureRange { min: 5, max: 4 });
		assert_noop!(t(SUP_OP, vec![inverted]), Error::<Test>::InvalidRange);
		assert_noop!(
			t(WH_OP, vec![output("O", "P", kg(1), &[("API-1", 1)])]),
			Error::<Test>::MissingCredential
		);
		assert_noop!(
			t(SUP_QA, vec![output("O", "P", kg(1), &[("API-1", 1)])]),
			Error::<Test>::NotAuthorized
		);
		// An input in someone else's custody.
		assert_ok!(Provenance::ship(
			signed(SUP_OP),
			vec![id("API-1")].try_into().unwrap(),
			WAREHOUSE,
			None,
			YEAR,
			false
		));
		assert_ok!(Provenance::receive(signed(WH_OP), 0, 1));
		assert_noop!(
			t(SUP_OP, vec![output("O", "P", kg(1), &[("API-1", 1)])]),
			Error::<Test>::NotCustodian
		);
		// Rejected lots cannot be inputs.
		assert_ok!(Provenance::set_status(signed(CDMO_QA), id("CD-1"), LotStatus::Rejected));
		assert_noop!(
			t(CDMO_OP, vec![output("O", "P", kg(1), &[("CD-1", 1)])]),
			Error::<Test>::InvalidStatus
		);
		events();
	});
}

#[test]
fn split_and_merge() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 10);
		events();
		let parts: BoundedVec<_, _> =
			vec![(id("A"), 3_000_000), (id("B"), 7_000_000)].try_into().unwrap();
		assert_ok!(Provenance::split(signed(SUP_OP), id("API-1"), parts.clone()));
		assert_eq!(
			events(),
			vec![Event::Split { lot: id("API-1"), parts }, Event::LotConsumed { lot: id("API-1") }]
		);
		let a = Lots::<Test>::get(id("A")).unwrap();
		assert_eq!(
			(a.remaining, a.producer, a.product.clone()),
			(3_000_000, SUPPLIER, product("API"))
		);
		assert_ok!(Provenance::merge(
			signed(SUP_OP),
			vec![id("A"), id("B")].try_into().unwrap(),
			id("M")
		));
		assert_eq!(
			events(),
			vec![
				Event::Merged {
					inputs: vec![id("A"), id("B")].try_into().unwrap(),
					output: id("M"),
					quantity: 10_000_000
				},
				Event::LotConsumed { lot: id("A") },
				Event::LotConsumed { lot: id("B") },
			]
		);
		assert_eq!(Lots::<Test>::get(id("M")).unwrap().remaining, 10_000_000);
	});
}

#[test]
fn split_and_merge_errors() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 10);
		create(SUP_OP, "API-2", "API", 1);
		create(SUP_OP, "EXC-1", "EXC", 1);
		assert_ok!(Provenance::create_lot(
			signed(SUP_OP),
			id("VIALS"),
			product("API"),
			Quantity::new(10, Unit::Each),
			YEAR,
			None
		));
		let sp = |parts: Vec<(&str, u128)>| {
			Provenance::split(
				signed(SUP_OP),
				id("API-1"),
				parts
					.into_iter()
					.map(|(l, q)| (id(l), q))
					.collect::<Vec<_>>()
					.try_into()
					.unwrap(),
			)
		};
		assert_noop!(sp(vec![]), Error::<Test>::Empty);
		assert_noop!(sp(vec![("A", 0)]), Error::<Test>::InvalidQuantity);
		assert_noop!(sp(vec![("A", 1), ("A", 1)]), Error::<Test>::Duplicate);
		assert_noop!(sp(vec![("API-1", 1)]), Error::<Test>::LotExists);
		assert_noop!(sp(vec![("A", 10_000_001)]), Error::<Test>::InsufficientQuantity);
		assert_noop!(sp(vec![("A", u128::MAX), ("B", 1)]), Error::<Test>::InsufficientQuantity);
		assert_noop!(
			Provenance::split(signed(CDMO_OP), id("API-1"), vec![(id("A"), 1)].try_into().unwrap()),
			Error::<Test>::NotOwner
		);
		let mg = |ids: Vec<&str>, out: &str| {
			Provenance::merge(
				signed(SUP_OP),
				ids.into_iter().map(id).collect::<Vec<_>>().try_into().unwrap(),
				id(out),
			)
		};
		assert_noop!(mg(vec!["API-1"], "M"), Error::<Test>::Empty);
		assert_noop!(mg(vec!["API-1", "API-1"], "M"), Error::<Test>::Duplicate);
		assert_noop!(mg(vec!["API-1", "M"], "M"), Error::<Test>::Duplicate);
		assert_noop!(mg(vec!["API-1", "API-2"], "EXC-1"), Error::<Test>::LotExists);
		assert_noop!(mg(vec!["API-1", "EXC-1"], "M"), Error::<Test>::ProductMismatch);
		assert_noop!(mg(vec!["API-1", "VIALS"], "M"), Error::<Test>::ProductMismatch);
		assert_noop!(mg(vec!["API-1", "NOPE"], "M"), Error::<Test>::LotNotFound);
		assert_noop!(mg(vec!["API-1", "API-2"], "bad id"), Error::<Test>::InvalidLotId);
		events();
	});
}

#[test]
fn destroy_and_documents() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "API-1", "API", 10);
		events();
		assert_ok!(Provenance::add_document(signed(SUP_QA), id("API-1"), DocKind::CoA, [1; 32]));
		assert_ok!(Provenance::add_document(
			signed(SUP_OP),
			id("API-1"),
			DocKind::BatchRecord,
			[2; 32]
		));
		assert_noop!(
			Provenance::add_document(signed(SUP_OP), id("API-1"), DocKind::Other, [3; 32]),
			Error::<Test>::TooManyDocs
		);
		assert_noop!(
			Provenance::add_document(signed(CDMO_OP), id("API-1"), DocKind::Other, [3; 32]),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Provenance::add_document(signed(SUP_OP), id("NOPE"), DocKind::Other, [3; 32]),
			Error::<Test>::LotNotFound
		);
		assert_noop!(Provenance::destroy(signed(CDMO_OP), id("API-1")), Error::<Test>::NotOwner);
		assert_noop!(Provenance::destroy(signed(SUP_OP), id("NOPE")), Error::<Test>::LotNotFound);
		assert_ok!(Provenance::destroy(signed(SUP_OP), id("API-1")));
		assert_noop!(
			Provenance::destroy(signed(SUP_OP), id("API-1")),
			Error::<Test>::InvalidStatus
		);
		assert_eq!(
			events(),
			vec![
				Event::DocumentAnchored { lot: id("API-1"), kind: DocKind::CoA, hash: [1; 32] },
				Event::DocumentAnchored {
					lot: id("API-1"),
					kind: DocKind::BatchRecord,
					hash: [2; 32]
				},
				Event::LotDestroyed { lot: id("API-1"), quantity: 10_000_000 },
			]
		);
		let lot = Lots::<Test>::get(id("API-1")).unwrap();
		assert_eq!(
			(lot.remaining, lot.written_off, lot.status),
			(0, 10_000_000, LotStatus::Destroyed)
		);
	});
}
