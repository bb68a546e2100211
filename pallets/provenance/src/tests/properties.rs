//! Property test: random sequences of calls never break the invariants (mass balance,
//! children index, trails, transit, recall reach).

use crate::{mock::*, *};
use bioledger_primitives::{LockHolder, LotLock, QcVerdict};
use proptest::prelude::*;

const LOTS: [&str; 8] = ["L0", "L1", "L2", "L3", "L4", "L5", "L6", "L7"];

#[derive(Clone, Debug)]
enum Op {
	Create(usize, u8),
	Transform { out: usize, a: usize, qa: u32, b: usize, qb: u32 },
	Split { src: usize, p1: usize, q1: u32, p2: usize, q2: u32 },
	Merge(usize, usize, usize),
	Ship { lot: usize, to_cdmo: bool },
	Receive(u64),
	Refuse(u64),
	Qc(usize, bool),
	Status(usize, u8),
	Recall(usize),
	Excursion(usize),
	Destroy(usize),
	Lock(usize),
	Unlock(usize),
	Blocks(u8),
}

fn op() -> impl Strategy<Value = Op> {
	let l = || 0..LOTS.len();
	prop_oneof![
		(l(), 1u8..20).prop_map(|(i, q)| Op::Create(i, q)),
		(l(), l(), 1u32..5_000_000, l(), 1u32..5_000_000)
			.prop_map(|(out, a, qa, b, qb)| Op::Transform { out, a, qa, b, qb }),
		(l(), l(), 1u32..5_000_000, l(), 1u32..5_000_000)
			.prop_map(|(src, p1, q1, p2, q2)| Op::Split { src, p1, q1, p2, q2 }),
		(l(), l(), l()).prop_map(|(a, b, c)| Op::Merge(a, b, c)),
		(l(), any::<bool>()).prop_map(|(lot, to_cdmo)| Op::Ship { lot, to_cdmo }),
		(0u64..6).prop_map(Op::Receive),
		(0u64..6).prop_map(Op::Refuse),
		(l(), any::<bool>()).prop_map(|(i, pass)| Op::Qc(i, pass)),
		(l(), 0u8..3).prop_map(|(i, s)| Op::Status(i, s)),
		l().prop_map(Op::Recall),
		l().prop_map(Op::Excursion),
		l().prop_map(Op::Destroy),
		l().prop_map(Op::Lock),
		l().prop_map(Op::Unlock),
		(1u8..4).prop_map(Op::Blocks),
	]
}

/// The lot count of a shipment (the witness `receive` and `refuse` take); 0 if none.
fn shipment_size(s: u64) -> u32 {
	Shipments::<Test>::get(s).map_or(0, |x| x.lots.len() as u32)
}

fn run(op: Op) {
	let lid = |i: usize| id(LOTS[i]);
	// Actors of whichever organisation currently holds the lot.
	let holder_op = |i: usize| match Lots::<Test>::get(lid(i)).map(|l| l.custodian) {
		Some(CDMO) => CDMO_OP,
		_ => SUP_OP,
	};
	let _ = match op {
		Op::Create(i, q) => Provenance::create_lot(
			signed(SUP_OP),
			lid(i),
			product("API"),
			kg(q as u128),
			YEAR,
			Some(bioledger_primitives::TemperatureRange::COLD_CHAIN),
		),
		Op::Transform { out, a, qa, b, qb } => Provenance::transform(
			signed(holder_op(a)),
			vec![output(LOTS[out], "API", kg(1), &[(LOTS[a], qa as u128), (LOTS[b], qb as u128)])]
				.try_into()
				.unwrap(),
		)
		.map(|_| ())
		.map_err(|e| e.error),
		Op::Split { src, p1, q1, p2, q2 } => Provenance::split(
			signed(holder_op(src)),
			lid(src),
			vec![(lid(p1), q1 as u128), (lid(p2), q2 as u128)].try_into().unwrap(),
		)
		.map(|_| ())
		.map_err(|e| e.error),
		Op::Merge(a, b, out) => Provenance::merge(
			signed(holder_op(a)),
			vec![lid(a), lid(b)].try_into().unwrap(),
			lid(out),
		)
		.map(|_| ())
		.map_err(|e| e.error),
		Op::Ship { lot, to_cdmo } => Provenance::ship(
			signed(holder_op(lot)),
			vec![lid(lot)].try_into().unwrap(),
			if to_cdmo { CDMO } else { WAREHOUSE },
			None,
			Timestamp::now() + 10_000,
			to_cdmo,
		)
		.map(|_| ())
		.map_err(|e| e.error),
		Op::Receive(s) => Provenance::receive(signed(CDMO_OP), s, shipment_size(s))
			.or_else(|_| Provenance::receive(signed(WH_OP), s, shipment_size(s)))
			.map(|_| ())
			.map_err(|e| e.error),
		Op::Refuse(s) => Provenance::refuse(signed(CDMO_OP), s, shipment_size(s))
			.or_else(|_| Provenance::refuse(signed(WH_OP), s, shipment_size(s)))
			.map(|_| ())
			.map_err(|e| e.error),
		Op::Qc(i, pass) => {
			VERDICT
				.with(|v| *v.borrow_mut() = if pass { QcVerdict::Pass } else { QcVerdict::Fail });
			Provenance::record_qc_result(
				signed(SUP_QA),
				lid(i),
				vec![param("P", 1, "u")].try_into().unwrap(),
				[0; 32],
			)
			.map(|_| ())
			.map_err(|e| e.error)
		},
		Op::Status(i, s) => Provenance::set_status(
			signed(SUP_QA),
			lid(i),
			[LotStatus::Released, LotStatus::Quarantined, LotStatus::Rejected][s as usize],
		)
		.map(|_| ())
		.map_err(|e| e.error),
		Op::Recall(i) => Provenance::recall(signed(SUP_QA), lid(i), [0; 32]),
		Op::Excursion(i) => {
			Provenance::report_excursion(signed(SUP_SENSOR), lid(i), 900, 1_000, 60, [0; 32])
				.map(|_| ())
				.map_err(|e| e.error)
		},
		Op::Destroy(i) => Provenance::destroy(signed(holder_op(i)), lid(i)),
		Op::Lock(i) => {
			<Provenance as LotLock>::lock(&lid(i), LockHolder { pallet: *b"test____", id: 1 })
		},
		Op::Unlock(i) => {
			<Provenance as LotLock>::unlock(&lid(i), LockHolder { pallet: *b"test____", id: 1 })
		},
		Op::Blocks(n) => {
			next_blocks(n as u64);
			Ok(())
		},
	};
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(300))]

	#[test]
	fn random_calls_keep_invariants(ops in prop::collection::vec(op(), 1..50)) {
		ExtBuilder::build().execute_with(|| {
			for op in ops {
				run(op.clone());
				if let Err(e) = Provenance::do_try_state() {
					panic!("invariant broken after {op:?}: {e:?}");
				}
			}
			// Let every recall finish: then every descendant is marked.
			next_blocks(20);
			Provenance::do_try_state().expect("invariants after the walks");
		});
	}
}
