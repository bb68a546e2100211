//! A regulator's recall cannot be crowded out or delayed by a member (§3), and the recall walk
//! is bounded whatever genealogy a member builds.

use crate::world::*;
use frame_support::{
	dispatch::{DispatchClass, GetDispatchInfo},
	traits::Get,
};

#[test]
fn producers_cannot_crowd_out_a_regulators_recall() {
	world().execute_with(|| {
		// The CDMO fills its share of the producers' queue with recalls of its own tiny lots
		// (two per producer), and the next one is refused ...
		let lots: Vec<LotId> = (0..3).map(|i| make(&format!("06912345000024/R-{i}"), 1)).collect();
		assert_ok!(Provenance::recall(who("//Charlie//qa"), lots[0].clone(), [0; 32]));
		assert_ok!(Provenance::recall(who("//Charlie//qa"), lots[1].clone(), [0; 32]));
		assert_noop!(
			Provenance::recall(who("//Charlie//qa"), lots[2].clone(), [0; 32]),
			pallet_provenance::Error::<Runtime>::TooManyRecalls
		);
		// ... but the regulator's recall has its own queue and is walked first.
		let target = make("06912345000024/R-target", 5);
		assert_ok!(Provenance::recall(who(INSPECTOR), target.clone(), [9; 32]));
		assert_eq!(pallet_provenance::UrgentPropagating::<Runtime>::get().into_inner(), vec![2]);
		assert_eq!(status(&target), LotStatus::Recalled);
		invariants();
	});
}

#[test]
fn a_recall_is_an_operational_transaction() {
	let call = RuntimeCall::Provenance(pallet_provenance::Call::recall {
		lot: lot_id("X"),
		reason: [0; 32],
	});
	assert_eq!(call.get_dispatch_info().class, DispatchClass::Operational);
}

#[test]
fn the_recall_walk_stays_within_its_block_budget_for_a_wide_tree_of_leaves() {
	world().execute_with(|| {
		// The CDMO builds three generations of 16-way splits under one lot: 4,096 leaves that
		// each cost a unit of the walk when taken off the frontier (they used to be free, so
		// one block would take them all).
		let root_lot = make("T", 4_096);
		let split = |lot: &LotId, each: u128| {
			let parts: Vec<(LotId, u128)> = (0..16)
				.map(|i| (lot_id(&format!("{}-{i:x}", String::from_utf8_lossy(lot))), each))
				.collect();
			assert_ok!(Provenance::split(
				who("//Charlie//ops"),
				lot.clone(),
				parts.try_into().unwrap()
			));
		};
		split(&root_lot, 256 * KG);
		for i in 0..16 {
			let mid = lot_id(&format!("T-{i:x}"));
			split(&mid, 16 * KG);
			for j in 0..16 {
				split(&lot_id(&format!("T-{i:x}-{j:x}")), KG);
			}
		}
		assert_ok!(Provenance::recall(who("//Charlie//qa"), root_lot, [0; 32]));
		events();
		let budget = <Runtime as pallet_provenance::Config>::MaxRecallVisitsPerBlock::get();
		let max = <Runtime as frame_system::Config>::BlockWeights::get().max_block;
		let mut blocks = 0;
		let mut head = 0;
		while !pallet_provenance::Propagating::<Runtime>::get().is_empty() {
			System::set_block_number(System::block_number() + 1);
			let used = Provenance::on_initialize(System::block_number());
			let reached = events()
				.iter()
				.filter(|e| {
					matches!(
						e,
						RuntimeEvent::Provenance(pallet_provenance::Event::LotRecalled { .. })
					)
				})
				.count() as u32;
			let frontier = pallet_provenance::Recalls::<Runtime>::get(0).unwrap().frontier.0;
			let popped = frontier - head;
			head = frontier;
			assert!(
				reached + popped <= budget,
				"block {blocks}: {reached} lots reached and {popped} taken off the frontier"
			);
			assert!(used.all_lte(max / 5), "the walk used {used:?} of one block");
			blocks += 1;
			assert!(blocks < 20);
		}
		let reached = pallet_provenance::Recalls::<Runtime>::get(0).unwrap().reached;
		assert_eq!(reached, 1 + 16 + 256 + 4_096);
		assert!(blocks >= 8, "4,369 lots and 4,369 frontier entries need 8+ blocks of 1,000");
		invariants();
	});
}

#[test]
fn an_unauthorized_recall_never_reaches_a_block() {
	use sp_runtime::{traits::TransactionExtension, transaction_validity::TransactionSource};
	world().execute_with(|| {
		let lot = make("06912345000024/R-x", 1);
		let recall = RuntimeCall::Provenance(pallet_provenance::Call::recall {
			lot: lot.clone(),
			reason: [0; 32],
		});
		let info = recall.get_dispatch_info();
		let check = |seed: &str, call: &RuntimeCall| {
			bioledger_runtime::configs::operational::CheckOperational
				.validate(
					who(seed),
					call,
					&info,
					0,
					(),
					&sp_runtime::traits::TxBaseImplication(()),
					TransactionSource::External,
				)
				.is_ok()
		};
		// A funded member that is neither the producer's QA nor a regulator: refused in the
		// pool, alone or hidden in a batch, so it cannot take the recall's operational space.
		assert!(!check("//Alice//ops", &recall));
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch {
			calls: vec![
				RuntimeCall::System(frame_system::Call::remark { remark: vec![] }),
				recall.clone(),
			],
		});
		assert!(!check("//Alice//qa", &batch));
		// Nor inside `if_else` (either branch), which any signed account may call.
		let remark = || RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		for (main, fallback) in [(recall.clone(), remark()), (remark(), recall.clone())] {
			let hidden = RuntimeCall::Utility(pallet_utility::Call::if_else {
				main: Box::new(main),
				fallback: Box::new(fallback),
			});
			assert!(!check("//Alice//qa", &hidden));
			assert!(check("//Charlie//qa", &hidden));
		}
		// The producer's QA and the regulator pass; other calls are not looked at.
		assert!(check("//Charlie//qa", &recall));
		assert!(check(INSPECTOR, &batch));
		let remark = RuntimeCall::System(frame_system::Call::remark { remark: vec![] });
		assert!(check("//Alice//ops", &remark));
	});
}

#[test]
fn a_regulators_recall_is_walked_before_producers_long_walks() {
	world().execute_with(|| {
		// The CDMO's two recalls propagate through a big genealogy (several blocks' work) ...
		let root_lot = make("W", 4_096);
		let split = |lot: &LotId, each: u128| {
			let parts: Vec<(LotId, u128)> = (0..16)
				.map(|i| (lot_id(&format!("{}-{i:x}", String::from_utf8_lossy(lot))), each))
				.collect();
			assert_ok!(Provenance::split(
				who("//Charlie//ops"),
				lot.clone(),
				parts.try_into().unwrap()
			));
		};
		split(&root_lot, 256 * KG);
		for i in 0..16 {
			split(&lot_id(&format!("W-{i:x}")), 16 * KG);
			for j in 0..16 {
				split(&lot_id(&format!("W-{i:x}-{j:x}")), KG);
			}
		}
		assert_ok!(Provenance::recall(who("//Charlie//qa"), root_lot, [0; 32]));
		// ... when the regulator recalls another lot with descendants.
		let target = make("06912345000024/R-reg", 4);
		let parts: Vec<(LotId, u128)> =
			(0..4).map(|i| (lot_id(&format!("R-reg-{i}")), KG)).collect();
		assert_ok!(Provenance::split(
			who("//Charlie//ops"),
			target.clone(),
			parts.try_into().unwrap()
		));
		assert_ok!(Provenance::recall(who(INSPECTOR), target, [9; 32]));
		events();
		advance(3_000);
		let completed: Vec<u32> = events()
			.into_iter()
			.filter_map(|e| match e {
				RuntimeEvent::Provenance(pallet_provenance::Event::RecallCompleted {
					recall,
					..
				}) => Some(recall),
				_ => None,
			})
			.collect();
		// The regulator's recall (id 1) completed in the first block; the producer's did not.
		assert_eq!(completed, vec![1]);
		assert_eq!(status(&lot_id("R-reg-3")), LotStatus::Recalled);
		invariants();
	});
}
