//! Recall: immediate mark, bounded walk, diamonds, safety while walking, impact.

use crate::{mock::*, *};
use bioledger_primitives::LotLock;
use frame_support::{assert_noop, assert_ok, BoundedVec};

fn split(who: u64, lot: &str, parts: &[(&str, u128)]) {
	let parts: BoundedVec<_, _> =
		parts.iter().map(|(l, q)| (id(l), *q)).collect::<Vec<_>>().try_into().unwrap();
	assert_ok!(Provenance::split(signed(who), id(lot), parts));
}

/// R → P1..P4 → each 2 parts: 12 descendants.
fn tree() {
	create(SUP_OP, "R", "API", 8);
	split(
		SUP_OP,
		"R",
		&[("P1", 2_000_000), ("P2", 2_000_000), ("P3", 2_000_000), ("P4", 2_000_000)],
	);
	for p in ["P1", "P2", "P3", "P4"] {
		let (a, b) = (format!("{p}a"), format!("{p}b"));
		split(SUP_OP, p, &[(&a, 1_000_000), (&b, 1_000_000)]);
	}
	events();
}

#[test]
fn recall_walks_descendants_within_the_block_budget() {
	ExtBuilder::build_and_execute(|| {
		tree();
		assert_ok!(Provenance::recall(signed(SUP_QA), id("R"), [7; 32]));
		assert_eq!(
			events(),
			vec![
				Event::RecallStarted { recall: 0, lot: id("R"), by: SUPPLIER, reason: [7; 32] },
				Event::LotRecalled { recall: 0, lot: id("R") },
			]
		);
		assert_eq!(Lots::<Test>::get(id("R")).unwrap().recall, Some(0));
		let mut reached = 0;
		let mut blocks = 0;
		while !Propagating::<Test>::get().is_empty() {
			next_blocks(1);
			blocks += 1;
			let evs = events();
			let n = evs.iter().filter(|e| matches!(e, Event::LotRecalled { .. })).count();
			assert!(n <= 5, "{n} lots reached in one block (budget 5 edges)");
			reached += n;
			assert!(blocks < 10);
		}
		assert_eq!(reached, 12);
		assert_eq!(Recalls::<Test>::get(0).unwrap().reached, 13);
		for l in ["P1", "P2a", "P4b"] {
			let lot = Lots::<Test>::get(id(l)).unwrap();
			assert_eq!(lot.recall, Some(0));
		}
		assert_eq!(Lots::<Test>::get(id("P3a")).unwrap().status, LotStatus::Recalled);
		// Split parents were consumed: they keep `Consumed` and carry the recall.
		assert_eq!(Lots::<Test>::get(id("P3")).unwrap().status, LotStatus::Consumed);
		let impact = Provenance::recall_impact(0, None, 100);
		assert_eq!(impact.len(), 13);
		assert!(impact
			.iter()
			.filter(|e| e.remaining.amount > 0)
			.all(|e| e.custodian == SUPPLIER));
		// Paging: two pages of 7 and 6 cover the same set.
		let first = Provenance::recall_impact(0, None, 7);
		let second = Provenance::recall_impact(0, Some(first.last().unwrap().lot.clone()), 7);
		assert_eq!(first.len() + second.len(), 13);
	});
}

#[test]
fn diamonds_are_reached_once() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "A", "API", 4);
		split(SUP_OP, "A", &[("B", 2_000_000), ("C", 2_000_000)]);
		assert_ok!(Provenance::transform(
			signed(SUP_OP),
			vec![output("D", "DS", kg(4), &[("B", 2_000_000), ("C", 2_000_000)])]
				.try_into()
				.unwrap()
		));
		let fwd = Provenance::trace_forward(&id("A"), 10).unwrap();
		assert_eq!(fwd.lots.iter().filter(|e| e.lot == id("D")).count(), 1);
		assert_eq!(fwd.lots.len(), 3);
		assert!(!fwd.truncated);
		let back = Provenance::trace_back(&id("D"), 10).unwrap();
		assert_eq!(
			back.lots.iter().map(|e| (e.lot.clone(), e.depth)).collect::<Vec<_>>(),
			vec![(id("B"), 1), (id("C"), 1), (id("A"), 2)]
		);
		assert_eq!(Provenance::trace_back(&id("D"), 1).unwrap().lots.len(), 2);
		assert!(Provenance::trace_back(&id("NOPE"), 1).is_none());
		events();
		assert_ok!(Provenance::recall(signed(SUP_QA), id("A"), [1; 32]));
		next_blocks(3);
		let recalled: Vec<LotId> = events()
			.into_iter()
			.filter_map(|e| match e {
				Event::LotRecalled { lot, .. } => Some(lot),
				_ => None,
			})
			.collect();
		assert_eq!(recalled.iter().filter(|l| **l == id("D")).count(), 1);
		assert_eq!(recalled.len(), 4);
	});
}

#[test]
fn nothing_made_from_a_recalled_lot_moves_while_the_walk_runs() {
	ExtBuilder::build_and_execute(|| {
		tree();
		assert_ok!(Provenance::recall(signed(SUP_QA), id("R"), [7; 32]));
		// Nothing reached yet beyond R: the ancestry check finds R above P4b.
		assert_eq!(Lots::<Test>::get(id("P4b")).unwrap().recall, None);
		assert_noop!(
			Provenance::ship(
				signed(SUP_OP),
				vec![id("P4b")].try_into().unwrap(),
				CDMO,
				None,
				50_000,
				true
			),
			Error::<Test>::Recalled
		);
		assert_noop!(
			Provenance::split(signed(SUP_OP), id("P4b"), vec![(id("X"), 1)].try_into().unwrap()),
			Error::<Test>::Recalled
		);
		QC_REQUIRED.with(|q| *q.borrow_mut() = false);
		assert_noop!(
			Provenance::set_status(signed(SUP_QA), id("P4b"), LotStatus::Released),
			Error::<Test>::Recalled
		);
		// Unrelated lots move freely.
		create(SUP_OP, "OTHER", "API", 1);
		assert_ok!(Provenance::ship(
			signed(SUP_OP),
			vec![id("OTHER")].try_into().unwrap(),
			CDMO,
			None,
			50_000,
			true
		));
		next_blocks(10);
		assert!(Propagating::<Test>::get().is_empty());
		assert_noop!(
			Provenance::ship(
				signed(SUP_OP),
				vec![id("P4b")].try_into().unwrap(),
				CDMO,
				None,
				50_000,
				true
			),
			Error::<Test>::Recalled
		);
		events();
	});
}

fn ship_one(lot: &str) -> DispatchResultWithPostInfo {
	Provenance::ship(signed(SUP_OP), vec![id(lot)].try_into().unwrap(), CDMO, None, 50_000, true)
}

#[test]
fn only_lots_a_running_walk_may_reach_wait_for_it() {
	ExtBuilder::build_and_execute(|| {
		// Two chains of 8 generations; the ancestry check covers 6.
		for chain in ["G", "H"] {
			create(SUP_OP, &format!("{chain}0"), "API", 1);
			for g in 1..=8 {
				let (from, to) = (format!("{chain}{}", g - 1), format!("{chain}{g}"));
				split(SUP_OP, &from, &[(&to, 1_000 - g as u128)]);
			}
		}
		// G0 is recalled; its walk has not reached G8 yet.
		assert_ok!(Provenance::recall(signed(SUP_QA), id("G0"), [1; 32]));
		assert!(Provenance::recall_may_reach(&id("G8")));
		// An unrelated lot with as deep an ancestry is not held up by the walk (its ancestry
		// filter does not contain G0): the gate is no broader than the recall.
		assert!(!Provenance::recall_may_reach(&id("H8")));
		assert_ok!(ship_one("H8"));
		// G8 is a descendant whose recalled ancestor lies beyond the check: it waits.
		assert_noop!(ship_one("G8"), Error::<Test>::RecallInProgress);
		// G1 is one generation down: the check finds the recall.
		assert_noop!(ship_one("G1"), Error::<Test>::Recalled);
		// Nor can a lot the walk may reach be locked (receipted, pledged) meanwhile.
		assert_noop!(
			<Provenance as LotLock>::lock(&id("G8"), LockHolder { pallet: *b"testlock", id: 1 }),
			Error::<Test>::RecallInProgress
		);
		let facts = <Provenance as bioledger_primitives::Lots>::facts(&id("G8")).unwrap();
		assert!(facts.usable && facts.recall_pending);
		next_blocks(4);
		assert!(Propagating::<Test>::get().is_empty());
		assert!(WalkRoots::<Test>::get().is_empty());
		// The walk has marked G8 itself.
		assert_noop!(ship_one("G8"), Error::<Test>::Recalled);
		let facts = <Provenance as bioledger_primitives::Lots>::facts(&id("G8")).unwrap();
		assert!(!facts.usable && !facts.recall_pending);
		events();
	});
}

#[test]
fn recall_errors_and_who_may_recall() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "A", "API", 1);
		create(SUP_OP, "B", "API", 1);
		create(SUP_OP, "C", "API", 1);
		assert_noop!(
			Provenance::recall(signed(CDMO_QA), id("A"), [0; 32]),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Provenance::recall(signed(SUP_OP), id("A"), [0; 32]),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			Provenance::recall(signed(SUP_QA), id("NOPE"), [0; 32]),
			Error::<Test>::LotNotFound
		);
		assert_ok!(Provenance::recall(signed(REG_AUDITOR), id("A"), [0; 32]));
		assert_noop!(
			Provenance::recall(signed(SUP_QA), id("A"), [0; 32]),
			Error::<Test>::AlreadyRecalled
		);
		assert_ok!(Provenance::recall(signed(SUP_QA), id("B"), [0; 32]));
		assert_noop!(
			Provenance::recall(signed(SUP_QA), id("C"), [0; 32]),
			Error::<Test>::TooManyRecalls
		);
		next_blocks(1);
		assert_ok!(Provenance::recall(signed(SUP_QA), id("C"), [0; 32]));
		assert_eq!(Recalls::<Test>::get(0).unwrap().by, REGULATOR);
		next_blocks(1);
		events();
	});
}

#[test]
fn in_transit_lot_arrives_recalled() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "A", "API", 1);
		assert_ok!(Provenance::ship(
			signed(SUP_OP),
			vec![id("A")].try_into().unwrap(),
			CDMO,
			None,
			50_000,
			true
		));
		assert_ok!(Provenance::recall(signed(SUP_QA), id("A"), [0; 32]));
		assert_eq!(Lots::<Test>::get(id("A")).unwrap().held_status, Some(LotStatus::Recalled));
		assert_ok!(Provenance::receive(signed(CDMO_OP), 0, 1));
		assert_eq!(Lots::<Test>::get(id("A")).unwrap().status, LotStatus::Recalled);
		next_blocks(1);
		events();
	});
}

#[test]
fn a_regulators_recall_has_its_own_queue_walked_first() {
	ExtBuilder::build_and_execute(|| {
		for l in ["A", "B", "C"] {
			create(SUP_OP, l, "API", 1);
		}
		create(CDMO_OP, "K", "API", 1);
		create(SUP_OP, "REG", "API", 1);
		// One propagating recall per producer (the mock's `MaxRecallsPerOrg`).
		assert_ok!(Provenance::recall(signed(SUP_QA), id("A"), [0; 32]));
		assert_noop!(
			Provenance::recall(signed(SUP_QA), id("B"), [0; 32]),
			Error::<Test>::TooManyRecalls
		);
		assert_eq!(ActiveRecallsOf::<Test>::get(SUPPLIER), 1);
		// The producers' queue (2) fills up ...
		assert_ok!(Provenance::recall(signed(CDMO_QA), id("K"), [0; 32]));
		assert_eq!(Propagating::<Test>::get().len(), 2);
		// ... and the regulator's recall still goes in, to its own queue.
		assert_ok!(Provenance::recall(signed(REG_AUDITOR), id("REG"), [0; 32]));
		assert_eq!(UrgentPropagating::<Test>::get().into_inner(), vec![2]);
		events();
		next_blocks(1);
		let completed: Vec<RecallId> = events()
			.into_iter()
			.filter_map(|e| match e {
				Event::RecallCompleted { recall, .. } => Some(recall),
				_ => None,
			})
			.collect();
		assert_eq!(completed[0], 2, "the regulator's recall completes first");
		next_blocks(2);
		assert!(
			Propagating::<Test>::get().is_empty() && UrgentPropagating::<Test>::get().is_empty()
		);
		assert_eq!(ActiveRecallsOf::<Test>::get(SUPPLIER), 0);
		assert_ok!(Provenance::recall(signed(SUP_QA), id("B"), [0; 32]));
		next_blocks(1);
		events();
	});
}

#[test]
fn leaves_taken_off_the_frontier_count_against_the_walk_budget() {
	ExtBuilder::build_and_execute(|| {
		create(SUP_OP, "R", "API", 4);
		split(
			SUP_OP,
			"R",
			&[("L1", 1_000_000), ("L2", 1_000_000), ("L3", 1_000_000), ("L4", 1_000_000)],
		);
		assert_ok!(Provenance::recall(signed(SUP_QA), id("R"), [0; 32]));
		events();
		let mut head = 0;
		while !Propagating::<Test>::get().is_empty() {
			next_blocks(1);
			let reached =
				events().iter().filter(|e| matches!(e, Event::LotRecalled { .. })).count() as u32;
			let frontier = Recalls::<Test>::get(0).unwrap().frontier.0;
			// Budget 5 units: each lot reached and each frontier entry taken costs one.
			assert!(
				reached + (frontier - head) <= 5,
				"{reached} reached, {} popped",
				frontier - head
			);
			head = frontier;
		}
		assert_eq!(Recalls::<Test>::get(0).unwrap().reached, 5);
	});
}
