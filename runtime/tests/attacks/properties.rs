//! Property test on the real runtime: random members issue random sequences of calls and, after
//! every call and block, the rules hold:
//! - title moves only with the owner's consent: on the receipt of a sale the owner sent itself
//!   or consented to, by a receipt sale of the holder (the owner), or by foreclosure of a pledge
//!   the owner gave;
//! - locked lots never move (custody, quantity and transit are unchanged while locked);
//! - credentials gate: a lot is only ever commissioned by a producer holding a valid GMP;
//! - every pallet's `try_state`.
//!
//! A failed call changes nothing (storage root before = after).

use crate::world::*;
use frame_support::traits::UnfilteredDispatchable;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Who can act: (operator, QA/signer, org) of each producer-ish member.
const MEMBERS: [(&str, &str, OrgId); 4] = [
	("//Alice//ops", "//Alice//qa", APEX),
	("//Bob//ops", "//Bob//qa", HUAXIN),
	("//Charlie//ops", "//Charlie//qa", CDMO),
	("//Dave//ops", "//Dave//qa", WAREHOUSE),
];
const LOTS: u8 = 6;

#[derive(Clone, Debug)]
enum Op {
	Create(u8, u8),
	Ship(u8, u8, u8, bool),
	Receive(u8, u8),
	Refuse(u8, u8),
	Consent(u8, u8, u8),
	Status(u8, u8, u8),
	Issue(u8),
	SellReceipt(u8, u8, u8),
	Redeem(u8, u8),
	Pledge(u8),
	Repay(u8, u32),
	Foreclose(u8),
	Prices(u16),
	Recall(u8, u8),
	RevokeGmp(u8),
	Advance(u32),
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		(0u8..4, 0..LOTS).prop_map(|(m, l)| Op::Create(m, l)),
		(0u8..4, 0..LOTS, 0u8..5, any::<bool>()).prop_map(|(m, l, t, s)| Op::Ship(m, l, t, s)),
		(0u8..4, 0u8..8).prop_map(|(m, s)| Op::Receive(m, s)),
		(0u8..4, 0u8..8).prop_map(|(m, s)| Op::Refuse(m, s)),
		(0u8..4, 0..LOTS, 0u8..5).prop_map(|(m, l, t)| Op::Consent(m, l, t)),
		(0u8..4, 0..LOTS, 0u8..3).prop_map(|(m, l, s)| Op::Status(m, l, s)),
		(0..LOTS).prop_map(Op::Issue),
		(0u8..4, 0u8..4, 0u8..5).prop_map(|(m, r, t)| Op::SellReceipt(m, r, t)),
		(0u8..4, 0u8..4).prop_map(|(m, r)| Op::Redeem(m, r)),
		(0u8..4).prop_map(Op::Pledge),
		(0u8..3, 1u32..400_000).prop_map(|(p, a)| Op::Repay(p, a)),
		(0u8..3).prop_map(Op::Foreclose),
		(100u16..2_000).prop_map(Op::Prices),
		(0u8..4, 0..LOTS).prop_map(|(m, l)| Op::Recall(m, l)),
		(0u8..4).prop_map(Op::RevokeGmp),
		(1u32..(4 * 86_400_000)).prop_map(Op::Advance),
	]
}

fn lot(i: u8) -> LotId {
	lot_id(&format!("06912345000024/PROP-{i}"))
}

fn org_of(t: u8) -> OrgId {
	[APEX, HUAXIN, CDMO, WAREHOUSE, BANK][t as usize % 5]
}

/// The facts the invariants compare before and after a call.
#[derive(Clone, PartialEq, Debug)]
struct LotState {
	owner: OrgId,
	custodian: OrgId,
	remaining: u128,
	status: LotStatus,
	locked: bool,
}

fn snapshot() -> BTreeMap<LotId, LotState> {
	pallet_provenance::Lots::<Runtime>::iter()
		.map(|(id, l)| {
			(
				id,
				LotState {
					owner: l.owner,
					custodian: l.custodian,
					remaining: l.remaining,
					status: l.status,
					locked: l.lock.is_some(),
				},
			)
		})
		.collect()
}

fn gmp_valid(org: OrgId) -> bool {
	use bioledger_primitives::Membership;
	Consortium::has_valid_credential(org, CredentialKind::GMP_CERTIFICATE, now())
}

/// Run `op`; returns whether it succeeded and, for a sale shipment, the shipment id and the
/// lots whose title the sender had the right to pass.
fn apply(op: &Op) -> (bool, Option<(u64, Vec<(LotId, bool)>)>) {
	let ok = |r: sp_runtime::DispatchResultWithInfo<frame_support::dispatch::PostDispatchInfo>| {
		r.is_ok()
	};
	match *op {
		Op::Create(m, l) => {
			let (ops, _, _) = MEMBERS[m as usize];
			let r = Provenance::create_lot(
				who(ops),
				lot(l),
				api(),
				Quantity::new(100 * KG, Unit::Milligram),
				now() + 300 * DAY,
				Some(TemperatureRange::COLD_CHAIN),
			);
			(r.is_ok(), None)
		},
		Op::Ship(m, l, t, sale) => {
			let (ops, _, org) = MEMBERS[m as usize];
			let to = org_of(t);
			let shipment = pallet_provenance::NextShipmentId::<Runtime>::get();
			let rights: Vec<(LotId, bool)> = pallet_provenance::Lots::<Runtime>::get(lot(l))
				.map(|x| {
					let consent = pallet_provenance::TitleConsents::<Runtime>::get(lot(l));
					vec![(lot(l), x.owner == org || consent == Some((x.owner, to)))]
				})
				.unwrap_or_default();
			let r = Provenance::ship(
				who(ops),
				vec![lot(l)].try_into().unwrap(),
				to,
				None,
				now() + DAY,
				sale,
			);
			(r.is_ok(), (r.is_ok() && sale).then_some((shipment, rights)))
		},
		Op::Receive(m, s) => {
			let receiver = ["//Alice//ops", "//Bob//ops", "//Charlie//ops", "//Dave//ops"];
			(ok(Provenance::receive(who(receiver[m as usize]), s as u64, 4)), None)
		},
		Op::Refuse(m, s) => {
			let receiver = ["//Alice//ops", "//Bob//ops", "//Charlie//ops", "//Dave//ops"];
			(ok(Provenance::refuse(who(receiver[m as usize]), s as u64, 4)), None)
		},
		Op::Consent(m, l, t) => {
			let (_, qa, _) = MEMBERS[m as usize];
			(Provenance::consent_title_transfer(who(qa), lot(l), Some(org_of(t))).is_ok(), None)
		},
		Op::Status(m, l, s) => {
			let (_, qa, _) = MEMBERS[m as usize];
			let to = [LotStatus::Released, LotStatus::Quarantined, LotStatus::Rejected][s as usize];
			(ok(Provenance::set_status(who(qa), lot(l), to)), None)
		},
		Op::Issue(l) => {
			let owner = pallet_provenance::Lots::<Runtime>::get(lot(l)).map(|x| x.owner);
			let r = Pledge::issue_receipt(
				who("//Dave//ops"),
				owner.unwrap_or(CDMO),
				vec![lot(l)].try_into().unwrap(),
				TemperatureRange::COLD_CHAIN,
				now() + 200 * DAY,
				[0; 32],
			);
			(r.is_ok(), None)
		},
		Op::SellReceipt(m, r, t) => {
			let (_, qa, _) = MEMBERS[m as usize];
			(ok(Pledge::transfer_receipt(who(qa), r as u64, org_of(t))), None)
		},
		Op::Redeem(m, r) => {
			let (_, qa, _) = MEMBERS[m as usize];
			(ok(Pledge::redeem(who(qa), r as u64)), None)
		},
		Op::Pledge(r) => {
			let holder = pallet_pledge::Receipts::<Runtime>::get(r as u64).map(|x| x.holder);
			let signer = MEMBERS.iter().find(|(_, _, o)| Some(*o) == holder).map(|m| m.1);
			let Some(signer) = signer else { return (false, None) };
			let p = pallet_pledge::NextPledgeId::<Runtime>::get();
			let proposed = Pledge::propose_pledge(
				who(signer),
				BANK,
				vec![r as u64].try_into().unwrap(),
				yuan(10_000),
				CNY,
				now() + 100 * DAY,
				[0; 32],
			)
			.is_ok();
			(proposed && Pledge::accept_pledge(who("//Eve//credit"), p).is_ok(), None)
		},
		Op::Repay(p, a) => (
			Pledge::record_repayment(who("//Eve//credit"), p as u64, yuan(a as u128)).is_ok(),
			None,
		),
		Op::Foreclose(p) => (Pledge::foreclose(who("//Eve//credit"), p as u64).is_ok(), None),
		Op::Prices(y) => {
			advance(SETTLEMENT);
			let all = ["//Src1//feed", "//Src2//feed", "//Src3//feed"]
				.iter()
				.all(|s| Pledge::post_price(who(s), api(), per_kg(y as u128)).is_ok());
			(all, None)
		},
		Op::Recall(m, l) => {
			let (_, qa, _) = MEMBERS[m as usize];
			(Provenance::recall(who(qa), lot(l), [0; 32]).is_ok(), None)
		},
		Op::RevokeGmp(m) => {
			let org = MEMBERS[m as usize].2;
			let creds = pallet_consortium::OrgCredentials::<Runtime>::get(org);
			let Some((id, _)) =
				creds.iter().find(|(_, c)| c.kind == CredentialKind::GMP_CERTIFICATE)
			else {
				return (false, None);
			};
			let r = RuntimeCall::Consortium(pallet_consortium::Call::revoke_credential {
				org,
				credential: *id,
			})
			.dispatch_bypass_filter(RuntimeOrigin::root());
			(r.is_ok(), None)
		},
		Op::Advance(ms) => {
			advance(ms as u64);
			(true, None)
		},
	}
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]
	#[test]
	fn random_members_cannot_break_the_rules(ops in proptest::collection::vec(op(), 1..60)) {
		world().execute_with(|| -> Result<(), TestCaseError> {
			// Title the sender had the right to pass, per (shipment, lot).
			let mut rights: BTreeMap<(u64, LotId), bool> = BTreeMap::new();
			for op in ops.iter() {
				let before = snapshot();
				let root_before = root();
				let gmp_before: BTreeMap<OrgId, bool> =
					MEMBERS.iter().map(|(_, _, o)| (*o, gmp_valid(*o))).collect();
				let pledges_before: BTreeMap<LotId, Option<u64>> = before
					.keys()
					.map(|l| {
						let r = pallet_pledge::LotReceipt::<Runtime>::get(l);
						let p = r.and_then(pallet_pledge::Receipts::<Runtime>::get).and_then(|r| r.pledge);
						(l.clone(), p)
					})
					.collect();
				let (ok, sale) = apply(op);
				if !ok && !matches!(op, Op::Prices(_) | Op::Pledge(_) | Op::Advance(_)) {
					prop_assert_eq!(root(), root_before, "failed {:?} changed state", op);
				}
				if let Some((shipment, lots)) = sale {
					for (l, right) in lots {
						rights.insert((shipment, l), right);
					}
				}
				let after = snapshot();
				for (id, now_) in after.iter() {
					let Some(was) = before.get(id) else {
						// Commissioned: only by a producer holding a valid GMP.
						if let Op::Create(m, _) = op {
							prop_assert!(gmp_before[&MEMBERS[*m as usize].2], "lot made without GMP");
						}
						continue;
					};
					if was.locked && now_.locked {
						prop_assert_eq!(was.custodian, now_.custodian, "locked lot moved: {:?}", op);
						prop_assert_eq!(was.remaining, now_.remaining, "locked lot changed: {:?}", op);
						prop_assert!(now_.status != LotStatus::InTransit, "locked lot shipped");
					}
					if was.owner != now_.owner {
						let allowed = match op {
							Op::Receive(_, s) => rights.get(&(*s as u64, id.clone())) == Some(&true),
							Op::SellReceipt(m, _, _) => MEMBERS[*m as usize].2 == was.owner,
							Op::Foreclose(_) => now_.owner == BANK && pledges_before[id].is_some(),
							_ => false,
						};
						prop_assert!(allowed, "title of {:?} moved {} → {} by {:?}", id, was.owner, now_.owner, op);
					}
				}
				invariants();
			}
			Ok(())
		})?;
	}
}
