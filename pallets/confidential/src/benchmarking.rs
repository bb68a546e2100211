//! Benchmarks (frame-benchmarking v2), each at the worst case the bounds allow: full member
//! lists, a purge that ends `MaxGrants` grants.

use super::*;
use crate::Pallet as ConfidentialPallet;
use alloc::vec::Vec;
use bioledger_primitives::OrgKind;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

const DAY: Moment = 86_400_000;

/// `n` member organisations besides the caller's (an admin account each), and the caller.
fn parties<T: Config>(n: u32) -> (T::AccountId, OrgId, Vec<(T::AccountId, OrgId)>) {
	T::BenchmarkHelper::set_time(1_000_000);
	let (admin, org) = T::BenchmarkHelper::member(0, Role::Admin, OrgKind::Manufacturer);
	let others = (1..=n)
		.map(|i| T::BenchmarkHelper::member(i, Role::Admin, OrgKind::Supplier))
		.collect();
	(admin, org, others)
}

/// An open collection of the caller and `MaxMembers - 1` others.
fn full<T: Config>() -> (T::AccountId, OrgId, CollectionId) {
	let (admin, org, others) = parties::<T>(T::MaxMembers::get() - 1);
	let orgs: Vec<OrgId> = others.iter().map(|o| o.1).collect();
	let c = ConfidentialPallet::<T>::do_create(org, &orgs, 30 * DAY, true).expect("valid; qed");
	(admin, org, c)
}

/// `g` regulators with a grant on `c`.
fn granted<T: Config>(c: CollectionId, g: u32) {
	for i in 0..g {
		let (_, reg) = T::BenchmarkHelper::member(100 + i, Role::Admin, OrgKind::Regulator);
		ConfidentialPallet::<T>::do_grant(c, reg, 1_000_000 + DAY, None).expect("valid; qed");
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create(m: Linear<1, { T::MaxMembers::get() - 1 }>) {
		let (admin, _, others) = parties::<T>(m);
		let members: MembersOf<T> =
			others.iter().map(|o| o.1).collect::<Vec<_>>().try_into().expect("bounded; qed");
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), members, 30 * DAY);
		assert_eq!(NextCollectionId::<T>::get(), 1);
	}

	#[benchmark]
	fn accept() {
		let (_, org, others) = parties::<T>(T::MaxMembers::get() - 1);
		let orgs: Vec<OrgId> = others.iter().map(|o| o.1).collect();
		let c = ConfidentialPallet::<T>::do_create(org, &orgs, DAY, false).expect("valid; qed");
		// The last member to accept opens it.
		for (_, o) in &others[..others.len() - 1] {
			ConfidentialPallet::<T>::do_accept(*o, c).expect("pending; qed");
		}
		let last = others.last().expect("at least one; qed").0.clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(last), c);
		assert!(Collections::<T>::get(c).expect("exists; qed").status == CollectionStatus::Open);
	}

	#[benchmark]
	fn commit() {
		let (_, org, c) = full::<T>();
		let (op, _) = T::BenchmarkHelper::member(0, Role::Operator, OrgKind::Manufacturer);
		let _ = org;
		#[extrinsic_call]
		_(RawOrigin::Signed(op), c, [7; 32]);
		assert!(Payloads::<T>::contains_key([7; 32]));
	}

	#[benchmark]
	fn grant() {
		let (admin, _, c) = full::<T>();
		let (_, reg) = T::BenchmarkHelper::member(99, Role::Admin, OrgKind::Regulator);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), c, reg, 1_000_000 + DAY);
		assert!(Grants::<T>::contains_key(c, reg));
	}

	#[benchmark]
	fn revoke() {
		let (admin, _, c) = full::<T>();
		granted::<T>(c, 1);
		let (_, reg) = T::BenchmarkHelper::member(100, Role::Admin, OrgKind::Regulator);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), c, reg);
		assert!(!Grants::<T>::contains_key(c, reg));
	}

	#[benchmark]
	fn purge(g: Linear<0, { T::MaxGrants::get() }>) {
		let (admin, _, c) = full::<T>();
		granted::<T>(c, g);
		T::BenchmarkHelper::set_time(1_000_000 + 30 * DAY);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), c);
		assert!(matches!(
			Collections::<T>::get(c).expect("exists; qed").status,
			CollectionStatus::Purged(_)
		));
	}

	impl_benchmark_test_suite!(
		ConfidentialPallet,
		crate::mock::ExtBuilder::build(),
		crate::mock::Test
	);
}
