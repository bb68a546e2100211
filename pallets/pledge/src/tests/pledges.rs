//! Propose, withdraw, decline, accept, add collateral, repay, release; governance.

use crate::{mock::*, *};
use bioledger_primitives::CredentialKind;
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{traits::BadOrigin, Permill};

const MATURITY: u64 = 180 * DAY;

fn propose_call(who: u64, lender: OrgId, rs: &[ReceiptId], principal: u128) -> DispatchResult {
	Pledge::propose_pledge(signed(who), lender, receipts(rs), principal, CNY, MATURITY, [2; 32])
}

#[test]
fn propose_reserves_the_receipts() {
	ExtBuilder::build_and_execute(|| {
		let r = stored("L1", 500);
		events();
		assert_ok!(propose_call(CDMO_SIGNER, BANK, &[r], yuan(325_000)));
		assert_eq!(
			events(),
			vec![Event::PledgeProposed {
				pledge: 0,
				borrower: CDMO,
				lender: BANK,
				principal: yuan(325_000),
				currency: CNY,
				maturity: MATURITY,
			}]
		);
		let p = Pledges::<Test>::get(0).unwrap();
		assert_eq!(
			(p.status, p.outstanding, p.trail.count),
			(PledgeStatus::Proposed, yuan(325_000), 1)
		);
		let rec = Receipts::<Test>::get(r).unwrap();
		assert_eq!((rec.pledge, rec.trail.count), (Some(0), 2));
	});
}

#[test]
fn propose_errors() {
	ExtBuilder::build_and_execute(|| {
		let r = stored("L1", 500);
		assert_noop!(propose_call(CDMO_OP, BANK, &[r], 1), Error::<Test>::NotAuthorized);
		assert_noop!(propose_call(CDMO_SIGNER, BANK, &[r], 0), Error::<Test>::InvalidTerms);
		assert_noop!(
			Pledge::propose_pledge(
				signed(CDMO_SIGNER),
				BANK,
				receipts(&[r]),
				1,
				*b"C1Y",
				MATURITY,
				[0; 32]
			),
			Error::<Test>::InvalidTerms
		);
		assert_noop!(
			Pledge::propose_pledge(
				signed(CDMO_SIGNER),
				BANK,
				receipts(&[r]),
				1,
				CNY,
				1_000,
				[0; 32]
			),
			Error::<Test>::InvalidExpiry
		);
		assert_noop!(propose_call(CDMO_SIGNER, CDMO, &[r], 1), Error::<Test>::SameOrg);
		assert_noop!(propose_call(CDMO_SIGNER, SUSPENDED, &[r], 1), Error::<Test>::InactiveOrg);
		assert_noop!(propose_call(CDMO_SIGNER, BUYER, &[r], 1), Error::<Test>::NotLender);
		assert_noop!(propose_call(CDMO_SIGNER, BANK, &[], 1), Error::<Test>::NoReceipts);
		assert_noop!(propose_call(CDMO_SIGNER, BANK, &[r, r], 1), Error::<Test>::DuplicateReceipt);
		assert_noop!(propose_call(CDMO_SIGNER, BANK, &[7], 1), Error::<Test>::ReceiptNotFound);
		assert_noop!(propose_call(BUYER_SIGNER, BANK, &[r], 1), Error::<Test>::NotHolder);
		assert_noop!(
			Pledge::propose_pledge(
				signed(CDMO_SIGNER),
				BANK,
				receipts(&[r]),
				1,
				CNY,
				2 * YEAR,
				[0; 32]
			),
			Error::<Test>::ExpiresBeforeMaturity
		);
		assert_ok!(propose_call(CDMO_SIGNER, BANK, &[r], 1));
		// No double pledging, not even a second proposal.
		assert_noop!(propose_call(CDMO_SIGNER, BANK, &[r], 1), Error::<Test>::Encumbered);
		assert_ok!(Pledge::withdraw_pledge(signed(CDMO_SIGNER), 0));
		assert_ok!(Pledge::redeem(signed(CDMO_SIGNER), r));
		assert_noop!(propose_call(CDMO_SIGNER, BANK, &[r], 1), Error::<Test>::Redeemed);
	});
}

#[test]
fn withdraw_and_decline_free_the_receipts() {
	ExtBuilder::build_and_execute(|| {
		let r = stored("L1", 500);
		let p = propose(&[r], 100);
		events();
		assert_noop!(Pledge::withdraw_pledge(signed(BANK_SIGNER), p), Error::<Test>::NotAuthorized);
		assert_noop!(
			Pledge::withdraw_pledge(signed(CDMO_SIGNER), 9),
			Error::<Test>::PledgeNotFound
		);
		assert_ok!(Pledge::withdraw_pledge(signed(CDMO_SIGNER), p));
		assert_eq!(events(), vec![Event::PledgeWithdrawn { pledge: p }]);
		assert_eq!(Receipts::<Test>::get(r).unwrap().pledge, None);
		assert_noop!(
			Pledge::withdraw_pledge(signed(CDMO_SIGNER), p),
			Error::<Test>::InvalidPledgeState
		);
		let q = propose(&[r], 100);
		events();
		assert_noop!(Pledge::decline_pledge(signed(CDMO_SIGNER), q), Error::<Test>::NotAuthorized);
		assert_ok!(Pledge::decline_pledge(signed(BANK_SIGNER), q));
		assert_eq!(events(), vec![Event::PledgeDeclined { pledge: q }]);
		assert_eq!(Pledges::<Test>::get(q).unwrap().status, PledgeStatus::Declined);
		assert_noop!(
			Pledge::decline_pledge(signed(BANK_SIGNER), q),
			Error::<Test>::InvalidPledgeState
		);
		assert_eq!(Receipts::<Test>::get(r).unwrap().pledge, None);
	});
}

#[test]
fn accept_values_the_collateral_at_most_max_ltv() {
	ExtBuilder::build_and_execute(|| {
		let r = stored("L1", 500);
		price_all(1_000);
		// 500 kg × 1,000 CNY = 500,000 CNY; 70 % = 350,000 CNY.
		let too_much = propose(&[r], 350_001);
		assert_noop!(
			Pledge::accept_pledge(signed(BANK_SIGNER), too_much),
			Error::<Test>::LtvTooHigh
		);
		assert_ok!(Pledge::withdraw_pledge(signed(CDMO_SIGNER), too_much));
		let p = propose(&[r], 350_000);
		events();
		assert_ok!(Pledge::accept_pledge(signed(BANK_SIGNER), p));
		assert_eq!(
			events(),
			vec![Event::PledgeAccepted {
				pledge: p,
				value: yuan(500_000),
				ltv: FixedU128::from_rational(70, 100),
			}]
		);
		let pl = Pledges::<Test>::get(p).unwrap();
		assert_eq!(
			(pl.status, pl.accepted_at, pl.margin),
			(PledgeStatus::Active, Some(1_000 + SETTLEMENT), MarginLevel::Healthy)
		);
		assert_eq!(ProductPledges::<Test>::get(code(API)).into_inner(), vec![p]);
		// Pledged: no transfer, no redemption, no second pledge.
		assert_noop!(
			Pledge::transfer_receipt(signed(CDMO_SIGNER), r, BUYER),
			Error::<Test>::Encumbered
		);
		assert_noop!(Pledge::redeem(signed(CDMO_SIGNER), r), Error::<Test>::Encumbered);
		assert_noop!(propose_call(CDMO_SIGNER, BANK, &[r], 1), Error::<Test>::Encumbered);
	});
}

#[test]
fn accept_errors() {
	ExtBuilder::build_and_execute(|| {
		let r = stored("L1", 500);
		let p = propose(&[r], 100_000);
		let accept = |who, id| Pledge::accept_pledge(signed(who), id);
		assert_noop!(accept(CDMO_SIGNER, p), Error::<Test>::NotAuthorized);
		assert_noop!(accept(BANK_SIGNER, 5), Error::<Test>::PledgeNotFound);
		assert_noop!(accept(BANK_SIGNER, p), Error::<Test>::NoFreshPrice);
		price_all(1_000);
		advance(HOUR + 1);
		// The prices went stale.
		assert_noop!(accept(BANK_SIGNER, p), Error::<Test>::NoFreshPrice);
		price_all(1_000);
		set_active(CDMO, false);
		assert_noop!(accept(BANK_SIGNER, p), Error::<Test>::InactiveOrg);
		set_active(CDMO, true);
		revoke(BANK, CredentialKind::LENDING_LICENCE);
		assert_noop!(accept(BANK_SIGNER, p), Error::<Test>::NoLicence);
		// A lender without a licence may be proposed to, but cannot accept.
		let r2 = stored("L2", 100);
		let q = Pledge::propose_pledge(
			signed(CDMO_SIGNER),
			SHADOW_BANK,
			receipts(&[r2]),
			1,
			CNY,
			MATURITY,
			[0; 32],
		);
		assert_ok!(q);
		assert_noop!(accept(SHADOW_SIGNER, 1), Error::<Test>::NoLicence);
	});
}

#[test]
fn accept_after_maturity_fails_and_a_product_secures_a_bounded_number_of_pledges() {
	ExtBuilder::build_and_execute(|| {
		price_all(1_000);
		let ids: Vec<_> = (0..3).map(|i| stored(&format!("L{i}"), 100)).collect();
		let ps: Vec<_> = ids.iter().map(|r| propose(&[*r], 1_000)).collect();
		assert_ok!(Pledge::accept_pledge(signed(BANK_SIGNER), ps[0]));
		assert_ok!(Pledge::accept_pledge(signed(BANK_SIGNER), ps[1]));
		assert_noop!(
			Pledge::accept_pledge(signed(BANK_SIGNER), ps[2]),
			Error::<Test>::TooManyPledges
		);
		assert_noop!(
			Pledge::accept_pledge(signed(BANK_SIGNER), ps[0]),
			Error::<Test>::InvalidPledgeState
		);
		Timestamp::set_timestamp(1_000 + 180 * DAY);
		price_all(1_000);
		assert_noop!(
			Pledge::accept_pledge(signed(BANK_SIGNER), ps[2]),
			Error::<Test>::InvalidExpiry
		);
	});
}

#[test]
fn add_collateral_errors() {
	ExtBuilder::build_and_execute(|| {
		price_all(1_000);
		let rs: Vec<_> = (0..4).map(|i| stored(&format!("L{i}"), 100)).collect();
		let p = propose(&[rs[0]], 1_000);
		let add = |who, id, r: &[ReceiptId]| Pledge::add_collateral(signed(who), id, receipts(r));
		assert_noop!(add(CDMO_SIGNER, p, &[rs[1]]), Error::<Test>::InvalidPledgeState);
		assert_ok!(Pledge::accept_pledge(signed(BANK_SIGNER), p));
		assert_noop!(add(BANK_SIGNER, p, &[rs[1]]), Error::<Test>::NotAuthorized);
		assert_noop!(add(CDMO_SIGNER, 8, &[rs[1]]), Error::<Test>::PledgeNotFound);
		assert_noop!(add(CDMO_SIGNER, p, &[]), Error::<Test>::NoReceipts);
		assert_noop!(add(CDMO_SIGNER, p, &[rs[0]]), Error::<Test>::DuplicateReceipt);
		assert_noop!(add(CDMO_SIGNER, p, &[rs[1], rs[2], rs[3]]), Error::<Test>::TooManyReceipts);
		assert_ok!(Pledge::transfer_receipt(signed(CDMO_SIGNER), rs[3], BUYER));
		assert_noop!(add(CDMO_SIGNER, p, &[rs[3]]), Error::<Test>::NotHolder);
		let other = propose(&[rs[2]], 1);
		assert_noop!(add(CDMO_SIGNER, p, &[rs[2]]), Error::<Test>::Encumbered);
		assert_ok!(Pledge::withdraw_pledge(signed(CDMO_SIGNER), other));
		events();
		assert_ok!(add(CDMO_SIGNER, p, &[rs[1], rs[2]]));
		assert_eq!(events(), vec![Event::CollateralAdded { pledge: p, receipts: 2 }]);
		assert_eq!(Pledges::<Test>::get(p).unwrap().receipts.len(), 3);
	});
}

#[test]
fn add_collateral_checks_expiry_and_the_product_index() {
	ExtBuilder::build_and_execute(|| {
		price_all(1_000);
		let r = stored("L1", 100);
		let p = propose(&[r], 1_000);
		assert_ok!(Pledge::accept_pledge(signed(BANK_SIGNER), p));
		let short = add_lot("S1", API, CDMO, WAREHOUSE, 10);
		assert_ok!(Pledge::issue_receipt(
			signed(WH_OP),
			CDMO,
			lots(&[&short]),
			TemperatureRange::COLD_CHAIN,
			10 * DAY,
			[0; 32]
		));
		assert_noop!(
			Pledge::add_collateral(signed(CDMO_SIGNER), p, receipts(&[1])),
			Error::<Test>::ExpiresBeforeMaturity
		);
		// Two other pledges fill the index of a second product: a receipt of that product
		// cannot be added.
		let exc = |i: u32| {
			let l = add_lot(&format!("E{i}"), "GTIN-EXC", CDMO, WAREHOUSE, 10);
			let id = NextReceiptId::<Test>::get();
			assert_ok!(Pledge::issue_receipt(
				signed(WH_OP),
				CDMO,
				lots(&[&l]),
				TemperatureRange::COLD_CHAIN,
				YEAR,
				[0; 32]
			));
			id
		};
		for (f, org) in [(FEED_A, FEEDER_A), (FEED_B, FEEDER_B), (FEED_C, FEEDER_C)] {
			assert_ok!(Pledge::add_price_source(RuntimeOrigin::root(), code("GTIN-EXC"), org));
			assert_ok!(Pledge::post_price(signed(f), code("GTIN-EXC"), per_kg(10)));
		}
		for i in 0..2 {
			let e = exc(i);
			let q = propose(&[e], 1);
			assert_ok!(Pledge::accept_pledge(signed(BANK_SIGNER), q));
		}
		let e = exc(9);
		assert_noop!(
			Pledge::add_collateral(signed(CDMO_SIGNER), p, receipts(&[e])),
			Error::<Test>::TooManyPledges
		);
	});
}

#[test]
fn repayment_and_release() {
	ExtBuilder::build_and_execute(|| {
		price_all(1_000);
		let r = stored("L1", 500);
		let p = propose(&[r], 300_000);
		let repay = |who, id, amount| Pledge::record_repayment(signed(who), id, amount);
		assert_noop!(repay(BANK_SIGNER, p, 1), Error::<Test>::InvalidPledgeState);
		assert_noop!(Pledge::release(signed(BANK_SIGNER), p), Error::<Test>::InvalidPledgeState);
		assert_ok!(Pledge::accept_pledge(signed(BANK_SIGNER), p));
		events();
		assert_noop!(repay(CDMO_SIGNER, p, 1), Error::<Test>::NotAuthorized);
		assert_noop!(repay(BANK_SIGNER, 3, 1), Error::<Test>::PledgeNotFound);
		assert_noop!(repay(BANK_SIGNER, p, 0), Error::<Test>::InvalidRepayment);
		assert_noop!(repay(BANK_SIGNER, p, yuan(300_000) + 1), Error::<Test>::InvalidRepayment);
		assert_ok!(repay(BANK_SIGNER, p, yuan(100_000)));
		assert_eq!(
			events(),
			vec![Event::RepaymentRecorded {
				pledge: p,
				amount: yuan(100_000),
				outstanding: yuan(200_000)
			}]
		);
		assert_noop!(Pledge::release(signed(CDMO_SIGNER), p), Error::<Test>::NotAuthorized);
		assert_noop!(Pledge::release(signed(BANK_SIGNER), 4), Error::<Test>::PledgeNotFound);
		assert_ok!(Pledge::release(signed(BANK_SIGNER), p));
		assert_eq!(events(), vec![Event::PledgeReleased { pledge: p }]);
		let pl = Pledges::<Test>::get(p).unwrap();
		assert_eq!((pl.status, pl.outstanding), (PledgeStatus::Released, 0));
		assert!(ProductPledges::<Test>::get(code(API)).is_empty());
		// The receipt is free again; its lot stays locked until it is redeemed.
		assert_eq!(Receipts::<Test>::get(r).unwrap().pledge, None);
		assert_eq!(lock_of(&lot_id("L1")).map(|h| h.id), Some(r));
		assert_ok!(Pledge::redeem(signed(CDMO_SIGNER), r));
		assert_eq!(lock_of(&lot_id("L1")), None);
	});
}

#[test]
fn governance_sets_risk_params() {
	ExtBuilder::build_and_execute(|| {
		let params = RiskParams {
			max_ltv: Permill::from_percent(50),
			margin_call: Permill::from_percent(60),
			liquidation: Permill::from_percent(60),
		};
		assert_noop!(Pledge::set_risk_params(signed(BANK_SIGNER), code(API), params), BadOrigin);
		for bad in [
			RiskParams { max_ltv: Permill::zero(), ..params },
			RiskParams { max_ltv: Permill::from_percent(60), ..params },
			RiskParams { liquidation: Permill::from_percent(59), ..params },
		] {
			assert_noop!(
				Pledge::set_risk_params(RuntimeOrigin::root(), code(API), bad),
				Error::<Test>::InvalidRisk
			);
		}
		assert_ok!(Pledge::set_risk_params(RuntimeOrigin::root(), code(API), params));
		assert_eq!(events(), vec![Event::RiskParamsSet { product: code(API), params }]);
		// 50 % now: 500 kg × 1,000 CNY allows 250,000 CNY.
		price_all(1_000);
		let r = stored("L1", 500);
		let p = propose(&[r], 250_001);
		assert_noop!(Pledge::accept_pledge(signed(BANK_SIGNER), p), Error::<Test>::LtvTooHigh);
	});
}
