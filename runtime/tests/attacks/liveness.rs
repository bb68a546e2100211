//! Nothing involving a suspended or revoked party is stuck forever (§3): a shipment to a
//! suspended receiver, a pledge with a revoked lender, a nonconformance with a suspended buyer.

use crate::world::*;
use frame_support::traits::UnfilteredDispatchable;

fn council() -> RuntimeOrigin {
	pallet_collective::RawOrigin::<bioledger_runtime::AccountId, pallet_collective::Instance1>::Members(8, 9)
		.into()
}

fn suspend(org: OrgId) {
	assert_ok!(RuntimeCall::Consortium(pallet_consortium::Call::suspend { org })
		.dispatch_bypass_filter(council()));
}

#[test]
fn a_shipment_to_a_suspended_receiver_can_be_taken_back() {
	world().execute_with(|| {
		let lot = make("06912345000024/L-1", 10);
		let shipment = pallet_provenance::NextShipmentId::<Runtime>::get();
		assert_ok!(Provenance::ship(
			who("//Charlie//ops"),
			vec![lot.clone()].try_into().unwrap(),
			BANK,
			None,
			now() + DAY,
			true
		));
		// While the receiver is active, the sender cannot take the goods back.
		assert_noop!(
			Provenance::cancel_shipment(who("//Charlie//ops"), shipment, 1),
			pallet_provenance::Error::<Runtime>::ReceiverActive
		);
		suspend(BANK);
		// The bank can no longer act at all; the CDMO takes its lot back.
		assert!(!<Consortium as bioledger_primitives::Membership<_>>::is_active(BANK));
		assert_ok!(Provenance::cancel_shipment(who("//Charlie//ops"), shipment, 1));
		assert_eq!((status(&lot), owner(&lot)), (LotStatus::Active, CDMO));
		invariants();
	});
}

#[test]
fn a_pledge_whose_lender_was_suspended_is_settled_by_the_council() {
	world().execute_with(|| {
		let (lot, r, p) = pledged_lot("06912345000024/L-2");
		// While both parties are active, the council has no say.
		assert_noop!(
			Pledge::resolve_pledge(RuntimeOrigin::root(), p, false),
			pallet_pledge::Error::<Runtime>::PartiesActive
		);
		suspend(BANK);
		assert_ok!(RuntimeCall::Pledge(pallet_pledge::Call::resolve_pledge {
			pledge: p,
			foreclose: false
		})
		.dispatch_bypass_filter(council()));
		assert_eq!(pledge(p).status, PledgeStatus::Released);
		// The receipt is free again: the CDMO redeems and gets its goods out.
		assert_ok!(Pledge::redeem(who("//Charlie//qa"), r));
		assert_eq!(pallet_provenance::Lots::<Runtime>::get(&lot).unwrap().lock, None);
		invariants();
	});
}

#[test]
fn a_receipt_of_a_suspended_holder_can_be_reassigned() {
	world().execute_with(|| {
		let lot = stored("06912345000024/L-3", 10);
		let r = receipt(&lot);
		assert_noop!(
			Pledge::reassign_receipt(RuntimeOrigin::root(), r, APEX),
			pallet_pledge::Error::<Runtime>::PartiesActive
		);
		suspend(CDMO);
		assert_ok!(RuntimeCall::Pledge(pallet_pledge::Call::reassign_receipt {
			receipt: r,
			to: APEX
		})
		.dispatch_bypass_filter(council()));
		assert_eq!(owner(&lot), APEX);
		invariants();
	});
}
