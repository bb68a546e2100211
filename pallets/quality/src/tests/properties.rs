//! Property test: random agreement, QC and CAPA sequences keep the invariants.

use super::conformance::qc;
use crate::{mock::*, *};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
	Draft,
	Amend(u32),
	SealBuyer(u32),
	SealSupplier(u32),
	Terminate(u32),
	Expire(u32),
	Qc(i64),
	Respond(u32),
	Close(u32),
	Escalate(u32),
	Dispute(u32),
	Arbitrate(u32, bool),
	Time(u32),
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		Just(Op::Draft),
		(0u32..6).prop_map(Op::Amend),
		(0u32..6).prop_map(Op::SealBuyer),
		(0u32..6).prop_map(Op::SealSupplier),
		(0u32..6).prop_map(Op::Terminate),
		(0u32..6).prop_map(Op::Expire),
		(900i64..1_000).prop_map(Op::Qc),
		(0u32..6).prop_map(Op::Respond),
		(0u32..6).prop_map(Op::Close),
		(0u32..6).prop_map(Op::Escalate),
		(0u32..6).prop_map(Op::Dispute),
		(0u32..6, any::<bool>()).prop_map(|(n, u)| Op::Arbitrate(n, u)),
		(1u32..400).prop_map(Op::Time),
	]
}

fn seal_with(who: u64, org: OrgId, id: AgreementId) {
	if let Some(a) = Agreements::<Test>::get(id) {
		let _ =
			Quality::sign(signed(who), id, SignatureMeaning::Approval, seal(org).sign(&a.digest));
	}
}

fn run(op: Op) {
	let _ = match op {
		Op::Draft => Quality::draft(signed(BUYER_QA), SUPPLIER, terms()),
		Op::Amend(id) => Quality::amend(signed(BUYER_QA), id, terms()),
		Op::SealBuyer(id) => {
			seal_with(BUYER_SIGNER, BUYER, id);
			Ok(())
		},
		Op::SealSupplier(id) => {
			seal_with(SUP_SIGNER, SUPPLIER, id);
			Ok(())
		},
		Op::Terminate(id) => Quality::terminate(signed(SUP_QA), id),
		Op::Expire(id) => Quality::expire(signed(OUTSIDER), id),
		Op::Qc(purity) => {
			qc(&[param("PURITY", purity, "0.1%"), param("ENDOTOX", 10, "cEU/mg")], BUYER);
			Ok(())
		},
		Op::Respond(nc) => Quality::respond(signed(SUP_QA), nc, [1; 32]),
		Op::Close(nc) => Quality::close(signed(BUYER_QA), nc),
		Op::Escalate(nc) => Quality::escalate(signed(BUYER_QA), nc),
		Op::Dispute(nc) => Quality::dispute(signed(SUP_QA), nc),
		Op::Arbitrate(nc, upheld) => Quality::arbitrate(signed(ARB_QA), nc, upheld),
		Op::Time(days) => {
			Timestamp::set_timestamp(Timestamp::now() + days as u64 * DAY);
			Ok(())
		},
	};
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(200))]

	#[test]
	fn random_sequences_keep_invariants(ops in prop::collection::vec(op(), 1..40)) {
		ExtBuilder::build().execute_with(|| {
			for op in ops {
				run(op.clone());
				if let Err(e) = Quality::do_try_state() {
					panic!("invariant broken after {op:?}: {e:?}");
				}
				let s = Quality::scorecard(SUPPLIER);
				prop_assert!(s.total <= sp_runtime::Permill::one());
			}
			Ok(())
		})?;
	}
}
