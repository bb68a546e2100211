//! Benchmarks (frame-benchmarking v2), each at the worst case the bounds allow.
//!
//! SM2 signatures cannot be made inside the runtime, so `sign` is measured with fixed test
//! vectors made by OpenSSL 3: three key pairs and their signatures over the digest `0x42…`; the
//! benchmark stores that digest on the agreement (verification costs the same for any digest).

use super::*;
use crate::Pallet as Quality;
use bioledger_primitives::{
	ExcursionContext, ParamCode, QcContext, QcHook, QcParam, QcVerdict, ReceiptContext,
	TemperatureRange, UnitCode, Validity,
};
use frame_benchmarking::v2::*;
use frame_support::traits::Time;
use frame_system::RawOrigin;

const fn hex<const N: usize>(s: &str) -> [u8; N] {
	const fn nibble(c: u8) -> u8 {
		match c {
			b'0'..=b'9' => c - b'0',
			b'a'..=b'f' => c - b'a' + 10,
			_ => panic!("bad hex"),
		}
	}
	let b = s.as_bytes();
	let mut out = [0u8; N];
	let mut i = 0;
	while i < N {
		out[i] = (nibble(b[2 * i]) << 4) | nibble(b[2 * i + 1]);
		i += 1;
	}
	out
}

/// The digest the vectors sign.
pub const BENCH_DIGEST: [u8; 32] = [0x42; 32];

/// (public key, signature over `BENCH_DIGEST`) for organisation seeds 0, 1, 2.
const VECTORS: [(&str, &str); 3] = [
	("044a9beffd298baa674705ae1d7614c33a567693e8b56bf97438476ad7444f3d45e3fbbaddc238f6e0c8e5623ed23aaae75108b71f1dd126b7e88e870c08e355d4", "6ecc95266511672257adeee9710fc5f00f9e498b2d993936948873eb6a95f80e91e7020f510647c7970ba1cda22e91c994a89175ab7d0e49f3dec3b026c81167"),
	("04a195ff64438cab895020ad479b5270041a87c5ccd4f352438ab48620033579d72d9ab84dc637bc677f0d3b8f7e8435efea2c8e99a6250045330c9dd228f746b6", "752fc8d400a521cec7c7af2b86aafde993d0688163428607a50c43bf18d59d079b30d492dd0511ecd9f2f368a060b9e6f5e34fcb64eb91b603327cb0972d197b"),
	("04d1a9e1677c8372513d0bca48da77abe3e5eda86ab3c412bdbe3a11abb4363a9de3365af7630edb817f02e69bcba18956249f088b930efac8e3398d2d24d7a623", "9440ad5edd0c8553056d1f2673da668e5cc551de1e1bb78f8546fa5b439cb2de02bf70f6790cc3f724e2ba0eab5e7ca03903e0e5f27cb7dfad0c1b145e8a008a"),
];

/// The e-seal public key of benchmark organisation `seed`.
pub fn seal_key(seed: u32) -> bioledger_primitives::Sm2PublicKey {
	hex::<65>(VECTORS[seed as usize % 3].0)
}

/// Its signature over [`BENCH_DIGEST`].
pub fn seal_signature(seed: u32) -> Sm2Signature {
	hex::<64>(VECTORS[seed as usize % 3].1)
}

fn bounded<const N: u32>(
	fill: u8,
	len: usize,
) -> BoundedVec<u8, frame_support::traits::ConstU32<N>> {
	alloc::vec![fill; len].try_into().expect("fits; qed")
}

/// A distinct, full-length parameter code for spec item `i`.
fn param_code(i: u32) -> ParamCode {
	let mut code = alloc::vec![b'x'; 8];
	code[0] = b'A' + (i % 26) as u8;
	code[1] = b'0' + (i / 26 % 10) as u8;
	ParamCode::truncate_from(code)
}

fn terms<T: Config>(s: u32) -> TermsOf<T> {
	let specs: Vec<SpecItem> = (0..s)
		.map(|i| SpecItem {
			code: param_code(i),
			unit: UnitCode::truncate_from(alloc::vec![b'u'; 8]),
			min: Some(0),
			max: Some(1_000),
			method: bounded::<32>(b'm', 32),
		})
		.collect();
	Terms {
		product: alloc::vec![b'P'; 32].try_into().expect("fits; qed"),
		specs: specs.try_into().expect("bounded; qed"),
		storage: Some(TemperatureRange::COLD_CHAIN),
		max_excursion_secs: 1_800,
		excursion_liability: Liability::Supplier,
		release: ReleaseResponsibility::Buyer,
		skip_lot: true,
		validity: Validity { from: 0, until: Some(u64::MAX / 2) },
		document: [1; 32],
		arbitrator: None,
	}
}

struct Parties<T: Config> {
	buyer_qa: T::AccountId,
	buyer_signer: T::AccountId,
	buyer: OrgId,
	supplier_qa: T::AccountId,
	supplier_signer: T::AccountId,
	supplier: OrgId,
}

fn parties<T: Config>() -> Parties<T> {
	let (buyer_qa, buyer) = T::BenchmarkHelper::member(0, Role::QaApprover);
	let (buyer_signer, _) = T::BenchmarkHelper::member(0, Role::Signer);
	let (supplier_qa, supplier) = T::BenchmarkHelper::member(1, Role::QaApprover);
	let (supplier_signer, _) = T::BenchmarkHelper::member(1, Role::Signer);
	Parties { buyer_qa, buyer_signer, buyer, supplier_qa, supplier_signer, supplier }
}

/// Draft with full terms and fix its digest to the vectors' digest.
fn draft<T: Config>(p: &Parties<T>) -> AgreementId {
	let id = NextAgreementId::<T>::get();
	Quality::<T>::draft(
		RawOrigin::Signed(p.buyer_qa.clone()).into(),
		p.supplier,
		terms::<T>(T::MaxSpecItems::get()),
	)
	.expect("draft");
	Agreements::<T>::mutate(id, |a| a.as_mut().expect("drafted; qed").digest = BENCH_DIGEST);
	id
}

/// An active agreement (both seals from the vectors).
fn active<T: Config>(p: &Parties<T>) -> AgreementId {
	let id = draft::<T>(p);
	Quality::<T>::sign(
		RawOrigin::Signed(p.buyer_signer.clone()).into(),
		id,
		SignatureMeaning::Approval,
		seal_signature(0),
	)
	.expect("buyer seal");
	Quality::<T>::sign(
		RawOrigin::Signed(p.supplier_signer.clone()).into(),
		id,
		SignatureMeaning::Approval,
		seal_signature(1),
	)
	.expect("supplier seal");
	id
}

/// The (full-length) lot id the benchmarks report on.
fn bench_lot() -> bioledger_primitives::LotId {
	alloc::vec![b'L'; 64].try_into().expect("fits; qed")
}

/// An open nonconformance under an active agreement with an arbitrator.
fn nonconformance<T: Config>(p: &Parties<T>, status: NcStatus) -> NcId {
	let agreement = active::<T>(p);
	let (_, arbitrator) = T::BenchmarkHelper::member(2, Role::QaApprover);
	Agreements::<T>::mutate(agreement, |a| {
		a.as_mut().expect("exists; qed").terms.arbitrator = Some(arbitrator)
	});
	let a = Agreements::<T>::get(agreement).expect("exists; qed");
	let failed: Vec<FailedItem> = (0..T::MaxSpecItems::get())
		.map(|i| FailedItem {
			code: param_code(i),
			value: Some(2_000),
			min: Some(0),
			max: Some(1_000),
			reason: FailReason::AboveMax,
		})
		.collect();
	let lot = bench_lot();
	Quality::<T>::open_nc(agreement, &a, &lot, 0, failed.try_into().expect("bounded; qed"));
	let id = NextNcId::<T>::get() - 1;
	Nonconformances::<T>::mutate(id, |nc| nc.as_mut().expect("opened; qed").status = status);
	id
}

/// `MaxOverdueScan` open (and overdue) nonconformances against the supplier: the most the
/// scorecard's overdue count reads.
fn overdue_ncs<T: Config>(agreement: AgreementId) {
	let a = Agreements::<T>::get(agreement).expect("exists; qed");
	let lot: bioledger_primitives::LotId = alloc::vec![b'N'; 64].try_into().expect("fits; qed");
	for i in 0..T::MaxOverdueScan::get() {
		let failed = alloc::vec![FailedItem {
			code: param_code(i),
			value: None,
			min: Some(0),
			max: Some(1_000),
			reason: FailReason::Missing,
		}];
		Quality::<T>::open_nc(agreement, &a, &lot, i, failed.try_into().expect("bounded; qed"));
	}
	T::BenchmarkHelper::set_time(
		T::Time::now().saturating_add(T::ResponseTarget::get().saturating_mul(2)),
	);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn draft(s: Linear<1, { T::MaxSpecItems::get() }>) {
		let p = parties::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(p.buyer_qa), p.supplier, terms::<T>(s));
		assert_eq!(NextAgreementId::<T>::get(), 1);
	}

	/// The second seal of an amendment: verify, activate, supersede the old version, index.
	#[benchmark]
	fn sign() {
		let p = parties::<T>();
		let old = active::<T>(&p);
		Quality::<T>::amend(
			RawOrigin::Signed(p.buyer_qa.clone()).into(),
			old,
			terms::<T>(T::MaxSpecItems::get()),
		)
		.expect("amend");
		let new = old + 1;
		Agreements::<T>::mutate(new, |a| a.as_mut().expect("drafted; qed").digest = BENCH_DIGEST);
		Quality::<T>::sign(
			RawOrigin::Signed(p.buyer_signer.clone()).into(),
			new,
			SignatureMeaning::Approval,
			seal_signature(0),
		)
		.expect("buyer seal");
		#[extrinsic_call]
		_(RawOrigin::Signed(p.supplier_signer), new, SignatureMeaning::Approval, seal_signature(1));
		assert_eq!(Agreements::<T>::get(old).map(|a| a.status), Some(AgreementStatus::Superseded));
	}

	#[benchmark]
	fn terminate() {
		let p = parties::<T>();
		let id = active::<T>(&p);
		#[extrinsic_call]
		_(RawOrigin::Signed(p.supplier_qa), id);
		// An agreement in force ends after its notice period.
		assert!(TerminationNotices::<T>::contains_key(id));
	}

	#[benchmark]
	fn expire() {
		let p = parties::<T>();
		let id = active::<T>(&p);
		T::BenchmarkHelper::set_time(u64::MAX / 2);
		#[extrinsic_call]
		_(RawOrigin::Signed(p.buyer_qa), id);
		assert_eq!(Agreements::<T>::get(id).map(|a| a.status), Some(AgreementStatus::Expired));
	}

	#[benchmark]
	fn respond() {
		let p = parties::<T>();
		let nc = nonconformance::<T>(&p, NcStatus::Open);
		#[extrinsic_call]
		_(RawOrigin::Signed(p.supplier_qa), nc, [3; 32]);
		assert_eq!(Nonconformances::<T>::get(nc).map(|n| n.status), Some(NcStatus::Responded));
	}

	#[benchmark]
	fn close() {
		let p = parties::<T>();
		let nc = nonconformance::<T>(&p, NcStatus::Responded);
		#[extrinsic_call]
		_(RawOrigin::Signed(p.buyer_qa), nc);
		assert_eq!(Nonconformances::<T>::get(nc).map(|n| n.status), Some(NcStatus::Closed));
	}

	#[benchmark]
	fn escalate() {
		let p = parties::<T>();
		let nc = nonconformance::<T>(&p, NcStatus::Responded);
		#[extrinsic_call]
		_(RawOrigin::Signed(p.buyer_qa), nc);
		assert_eq!(Nonconformances::<T>::get(nc).map(|n| n.status), Some(NcStatus::Escalated));
	}

	#[benchmark]
	fn dispute() {
		let p = parties::<T>();
		let nc = nonconformance::<T>(&p, NcStatus::Escalated);
		#[extrinsic_call]
		_(RawOrigin::Signed(p.supplier_qa), nc);
		assert_eq!(Nonconformances::<T>::get(nc).map(|n| n.status), Some(NcStatus::Disputed));
	}

	#[benchmark]
	fn arbitrate() {
		let p = parties::<T>();
		let nc = nonconformance::<T>(&p, NcStatus::Disputed);
		let (arbitrator, _) = T::BenchmarkHelper::member(2, Role::QaApprover);
		#[extrinsic_call]
		_(RawOrigin::Signed(arbitrator), nc, true);
		assert_eq!(Nonconformances::<T>::get(nc).map(|n| n.status), Some(NcStatus::Upheld));
	}

	/// Governance decides a disputed nonconformance whose arbitrator was suspended.
	#[benchmark]
	fn resolve_nc() -> Result<(), BenchmarkError> {
		let p = parties::<T>();
		let nc = nonconformance::<T>(&p, NcStatus::Disputed);
		let (_, arbitrator) = T::BenchmarkHelper::member(2, Role::QaApprover);
		T::BenchmarkHelper::deactivate(arbitrator);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, nc, true);
		assert_eq!(Nonconformances::<T>::get(nc).map(|n| n.status), Some(NcStatus::Upheld));
		Ok(())
	}

	#[benchmark]
	fn set_thresholds() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let t = TierThresholds::default();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, t);
		assert_eq!(Thresholds::<T>::get(), t);
		Ok(())
	}

	/// Conformance check of a QC result with `p` parameters, none of which matches the
	/// agreement's (full) specification: every item fails, the scorecard is bumped and a
	/// nonconformance with the full failure list is opened.
	#[benchmark]
	fn hook_qc_result(p: Linear<1, 64>) {
		let parties = parties::<T>();
		let agreement = active::<T>(&parties);
		overdue_ncs::<T>(agreement);
		let a = Agreements::<T>::get(agreement).expect("active; qed");
		let lot = bench_lot();
		let params: Vec<QcParam> = (0..p)
			.map(|i| QcParam {
				code: param_code(1_000 + i),
				value: 5_000,
				unit: UnitCode::truncate_from(alloc::vec![b'v'; 8]),
			})
			.collect();
		let verdict;
		#[block]
		{
			verdict = Quality::<T>::on_qc_result(&QcContext {
				lot: &lot,
				origin: &lot,
				product: &a.terms.product,
				producer: parties.supplier,
				owner: parties.buyer,
				tested_by: parties.buyer,
				index: 0,
				params: &params,
				coa: [7; 32],
				at: 1,
				committed: &[],
			});
		}
		assert_eq!(verdict, QcVerdict::Fail);
		assert_eq!(NextNcId::<T>::get(), T::MaxOverdueScan::get() + 1);
	}

	/// An excursion beyond the agreement's tolerance: scorecard bumped, event emitted.
	#[benchmark]
	fn hook_excursion() {
		let parties = parties::<T>();
		let agreement = active::<T>(&parties);
		let a = Agreements::<T>::get(agreement).expect("active; qed");
		let lot = bench_lot();
		let tolerated;
		#[block]
		{
			tolerated = Quality::<T>::on_excursion(&ExcursionContext {
				lot: &lot,
				origin: &lot,
				product: &a.terms.product,
				producer: parties.supplier,
				owner: parties.buyer,
				custodian: parties.buyer,
				carrier: None,
				consignee: None,
				shipment: Some(0),
				observed: (900, 1_200),
				duration_secs: u32::MAX,
				at: 1,
			});
		}
		assert!(!tolerated);
	}

	/// A receipt from the supplier under an agreement: delivery counters bumped, tier computed.
	#[benchmark]
	fn hook_received() {
		let parties = parties::<T>();
		let agreement = active::<T>(&parties);
		overdue_ncs::<T>(agreement);
		let a = Agreements::<T>::get(agreement).expect("active; qed");
		let lot = bench_lot();
		#[block]
		{
			Quality::<T>::on_received(&ReceiptContext {
				lot: &lot,
				product: &a.terms.product,
				producer: parties.supplier,
				from: parties.supplier,
				to: parties.buyer,
				carrier: None,
				shipment: 0,
				promised_at: 0,
				promise_agreed: true,
				received_at: 1,
			});
		}
		assert!(Quality::<T>::scorecard(parties.supplier).counters.deliveries > 0);
	}

	/// The release check under an agreement (agreement lookup and the supplier's tier).
	#[benchmark]
	fn hook_release_check() {
		let parties = parties::<T>();
		let agreement = active::<T>(&parties);
		overdue_ncs::<T>(agreement);
		let a = Agreements::<T>::get(agreement).expect("active; qed");
		let lot = bench_lot();
		let required;
		#[block]
		{
			required = Quality::<T>::qc_required_for_release(
				&lot,
				&a.terms.product,
				parties.supplier,
				parties.buyer,
			);
		}
		// Overdue nonconformances: the supplier is not tier A, so QC is required.
		assert!(required);
	}

	impl_benchmark_test_suite!(Quality, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
