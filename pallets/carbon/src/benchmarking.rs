//! Benchmarks (frame-benchmarking v2), each at the worst case the bounds allow: full-length
//! codes and texts, fragmented holdings (a transfer splits the sender's range and inserts a new
//! range for the recipient), monthly records that also count in their year.

use super::*;
use crate::Pallet as CarbonPallet;
use alloc::vec;
use bioledger_primitives::{LotId, OrgKind};
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

fn code(fill: u8) -> Code {
	Code::truncate_from(vec![fill; MAX_CODE_LEN as usize])
}

fn text(fill: u8) -> Text {
	Text::truncate_from(vec![fill; MAX_TEXT_LEN as usize])
}

fn lot() -> LotId {
	LotId::truncate_from(vec![b'L'; bioledger_primitives::MAX_LOT_ID_LEN as usize])
}

struct Parties<A> {
	verifier: OrgId,
	verifier_signer: A,
	maker: OrgId,
	maker_op: A,
}

fn parties<T: Config>() -> Parties<T::AccountId> {
	T::BenchmarkHelper::set_time(1_000_000);
	let (verifier_signer, verifier) =
		T::BenchmarkHelper::member(0, Role::Signer, OrgKind::Verifier);
	let (maker_op, maker) = T::BenchmarkHelper::member(1, Role::Operator, OrgKind::Manufacturer);
	Parties { verifier, verifier_signer, maker, maker_op }
}

/// A batch of 1,000 t held by the verifier, with `MaxRangesPerHolding - 2` single serials given
/// to the maker (both holdings fragmented); returns the batch.
fn fragmented<T: Config>(p: &Parties<T::AccountId>) -> BatchId {
	let batch = NextBatchId::<T>::get();
	CarbonPallet::<T>::do_issue(p.verifier, code(b'P'), 2025, code(b'M'), 1_000, [1; 32])
		.expect("valid; qed");
	for i in 0..T::MaxRangesPerHolding::get().saturating_sub(2) as u64 {
		let r = SerialRange { start: 2 * i, end: 2 * i + 1 };
		CarbonPallet::<T>::do_transfer(p.verifier, batch, r, p.maker).expect("held; qed");
	}
	batch
}

/// A range in the middle of the verifier's last (large) range.
fn middle() -> SerialRange {
	SerialRange { start: 900, end: 910 }
}

fn report<T: Config>(p: &Parties<T::AccountId>) -> RecordId {
	let id = NextRecordId::<T>::get();
	let month = Period { year: 2026, month: 11 };
	CarbonPallet::<T>::do_report(
		p.maker,
		Scope::Scope2,
		1_000,
		Subject::Period(month),
		code(b'F'),
		code(b'M'),
		[2; 32],
	)
	.expect("valid; qed");
	id
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A lot record (the lot is read to check the reporter made or owns it).
	#[benchmark]
	fn report_emission() {
		let p = parties::<T>();
		T::BenchmarkHelper::lot(lot(), p.maker);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(p.maker_op.clone()),
			Scope::Scope1,
			1_000,
			Subject::Lot(lot()),
			code(b'F'),
			code(b'M'),
			[3; 32],
		);
		assert!(Records::<T>::contains_key(0));
	}

	/// A monthly record: counted in the month and in the year.
	#[benchmark]
	fn verify_emission() {
		let p = parties::<T>();
		let id = report::<T>(&p);
		#[extrinsic_call]
		_(RawOrigin::Signed(p.verifier_signer.clone()), id);
		assert_eq!(OrgEmissions::<T>::get(p.maker, Period { year: 2026, month: 0 })[1], 1_000);
	}

	#[benchmark]
	fn reject_emission() {
		let p = parties::<T>();
		let id = report::<T>(&p);
		#[extrinsic_call]
		_(RawOrigin::Signed(p.verifier_signer.clone()), id, [4; 32]);
		assert_eq!(Records::<T>::get(id).map(|r| r.status), Some(RecordStatus::Rejected));
	}

	#[benchmark]
	fn issue_credits() {
		let p = parties::<T>();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(p.verifier_signer.clone()),
			code(b'P'),
			2025,
			code(b'M'),
			1_000,
			[5; 32],
		);
		assert!(Batches::<T>::contains_key(0));
	}

	/// The sender's range splits; the recipient gets one more range.
	#[benchmark]
	fn transfer_credits() {
		let p = parties::<T>();
		let batch = fragmented::<T>(&p);
		#[extrinsic_call]
		_(RawOrigin::Signed(p.verifier_signer.clone()), batch, middle(), p.maker);
		assert!(Holdings::<T>::get(p.maker, batch).contains(&middle()));
	}

	/// Against a lot (read to check it exists), splitting a range.
	#[benchmark]
	fn retire_credits() {
		let p = parties::<T>();
		let batch = fragmented::<T>(&p);
		T::BenchmarkHelper::lot(lot(), p.maker);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(p.verifier_signer.clone()),
			batch,
			middle(),
			text(b'B'),
			text(b'R'),
			Some(Claim::Lot(lot())),
		);
		assert_eq!(LotOffsets::<T>::get(lot()), 10);
	}

	/// Cancelling from the middle of a holder's range.
	#[benchmark]
	fn cancel_credits() {
		let p = parties::<T>();
		let batch = fragmented::<T>(&p);
		#[extrinsic_call]
		_(RawOrigin::Signed(p.verifier_signer.clone()), batch, p.verifier, middle(), text(b'R'));
		assert_eq!(Batches::<T>::get(batch).map(|b| b.cancelled), Some(10));
	}

	impl_benchmark_test_suite!(CarbonPallet, crate::mock::ExtBuilder::build(), crate::mock::Test);
}
