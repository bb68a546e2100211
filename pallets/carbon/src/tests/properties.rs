//! Property test: random transfer, retire and cancel sequences keep every invariant (issued =
//! held + retired + cancelled, no overlap, no serial in two places), and a failed call changes
//! nothing.

use crate::{mock::*, *};
use proptest::prelude::*;

const HOLDERS: [(u64, OrgId); 3] =
	[(VER_SIGNER, VERIFIER), (MAKER_SIGNER, MAKER), (BUYER_SIGNER, BUYER)];

#[derive(Clone, Debug)]
enum Op {
	Transfer(usize, u8, u64, u64, usize),
	Retire(usize, u8, u64, u64, bool),
	Cancel(usize, u8, u64, u64),
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		4 => (0..3usize, 0..2u8, 0..60u64, 1..20u64, 0..3usize)
			.prop_map(|(f, b, s, l, t)| Op::Transfer(f, b, s, l, t)),
		2 => (0..3usize, 0..2u8, 0..60u64, 1..10u64, any::<bool>())
			.prop_map(|(f, b, s, l, c)| Op::Retire(f, b, s, l, c)),
		1 => (0..3usize, 0..2u8, 0..60u64, 1..10u64).prop_map(|(h, b, s, l)| Op::Cancel(h, b, s, l)),
	]
}

fn apply(op: &Op, lot: &bioledger_primitives::LotId) -> DispatchResult {
	// Batch 0 holds serials 0..50, batch 1 holds 50..100.
	let r = |b: u8, s: u64, l: u64| range(b as u64 * 50 + s, b as u64 * 50 + s + l);
	match *op {
		Op::Transfer(f, b, s, l, t) => {
			Carbon::transfer_credits(signed(HOLDERS[f].0), b as u64, r(b, s, l), HOLDERS[t].1)
		},
		Op::Retire(f, b, s, l, claim) => Carbon::retire_credits(
			signed(HOLDERS[f].0),
			b as u64,
			r(b, s, l),
			text("b"),
			text("r"),
			claim.then(|| Claim::Lot(lot.clone())),
		),
		Op::Cancel(h, b, s, l) => Carbon::cancel_credits(
			signed(VER_SIGNER),
			b as u64,
			HOLDERS[h].1,
			r(b, s, l),
			text("x"),
		),
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(128))]
	#[test]
	fn random_sequences_conserve_serials(ops in proptest::collection::vec(op(), 1..80)) {
		ExtBuilder::build_and_execute(|| {
			let lot = add_lot("LOT", MAKER, 1, &[]);
			issue(50);
			issue(50);
			for op in &ops {
				let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
				let result = frame_support::storage::with_storage_layer(|| apply(op, &lot));
				if result.is_err() {
					let after = sp_io::storage::root(sp_runtime::StateVersion::V1);
					assert_eq!(before, after, "{op:?} failed with {result:?} but changed state");
				}
				Carbon::do_try_state().unwrap_or_else(|e| panic!("after {op:?}: {e:?}"));
			}
			// Every certificate against the lot is counted in its offsets.
			let claimed: u64 = Certificates::<Test>::iter()
				.filter(|(_, c)| c.claim.is_some())
				.map(|(_, c)| c.serials.len())
				.sum();
			assert_eq!(LotOffsets::<Test>::get(&lot), claimed);
		});
	}
}
