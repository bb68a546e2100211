//! Property test: random call sequences keep every invariant, and a failed call changes
//! nothing.

use crate::{mock::*, *};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
	Issue(u8, u8),
	Transfer(u8, bool),
	Redeem(u8),
	Price(u8, u16),
	Propose(u8, u8, u32, bool),
	Withdraw(u8),
	Decline(u8),
	Accept(u8),
	Add(u8, u8),
	Repay(u8, u32),
	Release(u8),
	Foreclose(u8),
	Advance(u32),
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		(0u8..6, 1u8..3).prop_map(|(a, n)| Op::Issue(a, n)),
		(0u8..6, any::<bool>()).prop_map(|(r, b)| Op::Transfer(r, b)),
		(0u8..6).prop_map(Op::Redeem),
		(0u8..3, 500u16..1_500).prop_map(|(f, p)| Op::Price(f, p)),
		(0u8..6, 0u8..6, 1u32..400_000, any::<bool>())
			.prop_map(|(a, b, p, x)| Op::Propose(a, b, p, x)),
		(0u8..4).prop_map(Op::Withdraw),
		(0u8..4).prop_map(Op::Decline),
		(0u8..4).prop_map(Op::Accept),
		(0u8..4, 0u8..6).prop_map(|(p, r)| Op::Add(p, r)),
		(0u8..4, 1u32..200_000).prop_map(|(p, a)| Op::Repay(p, a)),
		(0u8..4).prop_map(Op::Release),
		(0u8..4).prop_map(Op::Foreclose),
		(1u32..2_000).prop_map(Op::Advance),
	]
}

fn apply(op: &Op) -> DispatchResult {
	let feeders = [FEED_A, FEED_B, FEED_C];
	match *op {
		Op::Issue(a, n) => {
			let ids: Vec<LotId> = (a..a + n).map(|i| lot_id(&format!("L{}", i % 6))).collect();
			Pledge::issue_receipt(
				signed(WH_OP),
				CDMO,
				ids.try_into().unwrap(),
				TemperatureRange::COLD_CHAIN,
				YEAR,
				[0; 32],
			)
		},
		Op::Transfer(r, to_buyer) => {
			let (who, to) = if to_buyer { (CDMO_SIGNER, BUYER) } else { (BUYER_SIGNER, CDMO) };
			Pledge::transfer_receipt(signed(who), r as u64, to)
				.map(|_| ())
				.map_err(|e| e.error)
		},
		Op::Redeem(r) => {
			Pledge::redeem(signed(CDMO_SIGNER), r as u64).map(|_| ()).map_err(|e| e.error)
		},
		Op::Price(f, p) => {
			Pledge::post_price(signed(feeders[f as usize]), code(API), per_kg(p as u128))
				.map(|_| ())
				.map_err(|e| e.error)
		},
		Op::Propose(a, b, principal, two) => {
			let rs: Vec<u64> = if two { vec![a as u64, b as u64] } else { vec![a as u64] };
			Pledge::propose_pledge(
				signed(CDMO_SIGNER),
				BANK,
				rs.try_into().unwrap(),
				principal as u128 * 100,
				CNY,
				Timestamp::now() + 30 * DAY,
				[0; 32],
			)
		},
		Op::Withdraw(p) => Pledge::withdraw_pledge(signed(CDMO_SIGNER), p as u64),
		Op::Decline(p) => Pledge::decline_pledge(signed(BANK_SIGNER), p as u64),
		Op::Accept(p) => Pledge::accept_pledge(signed(BANK_SIGNER), p as u64),
		Op::Add(p, r) => {
			Pledge::add_collateral(signed(CDMO_SIGNER), p as u64, receipts(&[r as u64]))
		},
		Op::Repay(p, a) => Pledge::record_repayment(signed(BANK_SIGNER), p as u64, a as u128 * 100),
		Op::Release(p) => Pledge::release(signed(BANK_SIGNER), p as u64),
		Op::Foreclose(p) => Pledge::foreclose(signed(BANK_SIGNER), p as u64),
		Op::Advance(minutes) => {
			advance(minutes as u64 * 60_000);
			Ok(())
		},
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(96))]
	#[test]
	fn random_sequences_keep_the_invariants(ops in proptest::collection::vec(op(), 1..60)) {
		ExtBuilder::build_and_execute(|| {
			for i in 0..6 {
				add_lot(&format!("L{i}"), API, CDMO, WAREHOUSE, 100 + i as u128 * 50);
			}
			for op in &ops {
				let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
				let result = frame_support::storage::with_storage_layer(|| apply(op));
				if result.is_err() {
					let after = sp_io::storage::root(sp_runtime::StateVersion::V1);
					assert_eq!(before, after, "{op:?} failed with {result:?} but changed state");
				}
				Pledge::do_try_state().unwrap_or_else(|e| panic!("after {op:?}: {e:?}"));
				no_stray_locks();
				// Every lot is either under exactly one active receipt (and locked by it) or free.
				for i in 0..6 {
					let lot = lot_id(&format!("L{i}"));
					match LotReceipt::<Test>::get(&lot) {
						Some(r) => assert_eq!(lock_of(&lot).map(|h| h.id), Some(r)),
						None => assert_eq!(lock_of(&lot), None),
					}
				}
			}
		});
	}
}
