//! Benchmarks (frame-benchmarking v2), each at the worst case the bounds allow.
//!
//! SM2 signatures cannot be made inside the runtime, so the proofs of possession are fixed
//! test vectors made with OpenSSL 3 for a fixed genesis hash (`0x42…`) and organisation ids
//! 1000 (`apply`) and 1001 (`rotate_eseal_key`); `bench_vectors_verify` checks them natively.

use super::*;
use crate::Pallet as Consortium;
use bioledger_primitives::{OrgStatus, Validity};
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;
use frame_system::RawOrigin;
use sp_runtime::Saturating;

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

/// Genesis hash the vectors were made for.
pub(crate) const BENCH_GENESIS: [u8; 32] = [0x42; 32];
/// Organisation id and key/proof for `apply`.
pub(crate) const APPLY_ORG: OrgId = 1000;
pub(crate) const APPLY_KEY: Sm2PublicKey = hex("041b9ececed5321463fb3d2ccb9c19fee5a06aefe6c8d5995e0da4f3632b382709fe493aa05b9e0798f096eac87a71322ae4d91686e8b35e0b6b51be3e80b8eb1f");
pub(crate) const APPLY_POP: Sm2Signature = hex("f8afc105d0d00ae85eb415808b481ea277a9075d227a5ceb5ebdb7318143b80a2bef7fb5f6e2ef8a4bd1d7694041c8002396d3a50b062dae4760b659d9f256c9");
/// Organisation id and key/proof for `rotate_eseal_key`.
pub(crate) const ROTATE_ORG: OrgId = 1001;
pub(crate) const ROTATE_KEY: Sm2PublicKey = hex("046cd3a3890cab0bed5f9bfa43dab90c11a8dc4cea7bc73928bfba2ff7e3da752453f2a414bcf9c301342d00bcb6f3a21e78a8232c647b32a52e2455de3d61b1fb");
pub(crate) const ROTATE_POP: Sm2Signature = hex("a8ec32823e06a0f3037e9273e75f36cd90a840141673f1a5b2687dab67f5ee36762f47a3ffd5c1602801118f1ba094c175a9400584344d84bb1d41e2712ca75d");

fn set_genesis<T: Config>() {
	let hash = T::Hash::decode(&mut &BENCH_GENESIS[..]).expect("32 bytes; qed");
	frame_system::BlockHash::<T>::insert(BlockNumberFor::<T>::default(), hash);
}

fn name<T: Config>() -> BoundedVec<u8, T::MaxNameLen> {
	let n = T::MaxNameLen::get() as usize;
	alloc::vec![b'N'; n].try_into().expect("fits; qed")
}

fn credential<T: Config>(until: Option<Moment>) -> CredentialInputOf<T> {
	CredentialInput {
		kind: CredentialKind::GmpCertificate,
		doc_hash: [7; 32],
		issuer: name::<T>(),
		validity: Validity { from: 0, until },
	}
}

/// A well-formed peer id no genesis (runtime preset or mock) uses.
fn peer(i: u32) -> PeerId {
	let mut v = ED25519_PEER_ID_PREFIX.to_vec();
	v.extend_from_slice(&[0xbe; 28]);
	v.extend_from_slice(&i.to_le_bytes());
	v.try_into().expect("38 bytes; qed")
}

fn addrs<T: Config>() -> AddrsOf<T> {
	let a: BoundedVec<u8, T::MaxAddrLen> = {
		let mut s = b"/dns4/".to_vec();
		s.resize(T::MaxAddrLen::get() as usize, b'a');
		s.try_into().expect("fits; qed")
	};
	alloc::vec![a; T::MaxAddrsPerNode::get() as usize]
		.try_into()
		.expect("fits; qed")
}

/// An active organisation written straight to storage: `admin` (admin + signer + auditor),
/// `validator` (operator, approved validator if asked), one e-seal key, a council seat.
fn bench_org<T: Config>(i: u32, with_validator: bool) -> (OrgId, T::AccountId, T::AccountId) {
	let org = NextOrgId::<T>::get();
	NextOrgId::<T>::put(org + 1);
	OrgCount::<T>::mutate(|n| *n += 1);
	let admin: T::AccountId = account("admin", i, 0);
	let validator: T::AccountId = account("validator", i, 0);
	Orgs::<T>::insert(
		org,
		OrgInfo {
			name: name::<T>(),
			kind: OrgKind::Regulator,
			status: OrgStatus::Active,
			council_seat: admin.clone(),
			admitted_at: 0,
			accounts: 2,
			admins: 1,
			next_credential: 0,
		},
	);
	let admin_roles = RoleSet::from_roles(&[Role::Admin, Role::Signer, Role::Auditor]);
	Accounts::<T>::insert(&admin, AccountRecord { org, roles: admin_roles });
	OrgAccounts::<T>::insert(org, &admin, ());
	Accounts::<T>::insert(
		&validator,
		AccountRecord { org, roles: RoleSet::from_roles(&[Role::Operator]) },
	);
	OrgAccounts::<T>::insert(org, &validator, ());
	EsealKeys::<T>::insert(
		org,
		BoundedVec::try_from(alloc::vec![EsealKey {
			public: APPLY_KEY,
			validity: Validity { from: 0, until: None }
		}])
		.expect("one key; qed"),
	);
	T::BenchmarkHelper::register_session_keys(&validator);
	if with_validator {
		Validators::<T>::insert(
			org,
			ValidatorRecord { account: validator.clone(), status: ValidatorStatus::Approved },
		);
		ValidatorOwner::<T>::insert(&validator, org);
	}
	T::CouncilSeats::add(&admin).expect("benchmark seat");
	(org, admin, validator)
}

/// Fill the consortium up to `MaxOrgs - 1` organisations with approved validators.
fn fill_orgs<T: Config>() {
	let mut i = 10_000;
	while OrgCount::<T>::get() + 1 < T::MaxOrgs::get() {
		bench_org::<T>(i, true);
		i += 1;
	}
}

/// Put `MaxCredentialsPerOrg - free` open-ended credentials on file for `org`.
fn fill_credentials<T: Config>(org: OrgId, free: u32) {
	let n = T::MaxCredentialsPerOrg::get().saturating_sub(free);
	let creds: Vec<(CredentialId, CredentialOf<T>)> = (0..n)
		.map(|id| {
			let c = credential::<T>(None);
			(
				id,
				Credential {
					kind: c.kind,
					doc_hash: c.doc_hash,
					issuer: c.issuer,
					validity: c.validity,
					revoked: false,
				},
			)
		})
		.collect();
	OrgCredentials::<T>::insert(org, BoundedVec::try_from(creds).expect("bounded; qed"));
	Orgs::<T>::mutate(org, |o| o.as_mut().expect("exists; qed").next_credential = n);
}

/// Fill the expiry queue with entries of far-future expiries, leaving `free` places.
fn fill_queue<T: Config>(free: u32) {
	let n = T::MaxExpiryQueue::get().saturating_sub(free);
	let mut queue = ExpiryQueue::<T>::get();
	let mut i = 0u32;
	while (queue.len() as u32) < n {
		let _ = queue.try_insert((u64::MAX - i as u64, 50_000 + i, 0));
		i += 1;
	}
	NextExpiry::<T>::set(queue.iter().next().map(|e| e.0));
	ExpiryQueue::<T>::put(queue);
}

/// Submit the `apply` vector's application with `c` credentials.
/// An account that can pay the application deposit.
fn funded_applicant<T: Config>() -> T::AccountId {
	use frame_support::traits::fungible::{Inspect, Mutate};
	let applicant: T::AccountId = account("applicant", 0, 0);
	let amount = T::ApplicationDeposit::get()
		.saturating_mul(10u32.into())
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(&applicant, amount);
	applicant
}

fn submit_application<T: Config>(c: u32) -> T::AccountId {
	set_genesis::<T>();
	NextOrgId::<T>::put(APPLY_ORG);
	let applicant = funded_applicant::<T>();
	let creds = (0..c).map(|_| credential::<T>(Some(u64::MAX / 2))).collect::<Vec<_>>();
	Consortium::<T>::apply(
		RawOrigin::Signed(applicant.clone()).into(),
		name::<T>(),
		OrgKind::Cdmo,
		APPLY_KEY,
		APPLY_POP,
		creds.try_into().expect("bounded; qed"),
	)
	.expect("valid application");
	applicant
}

fn assert_last_event<T: Config>(event: Event<T>) {
	let event: <T as frame_system::Config>::RuntimeEvent = event.into();
	let events = frame_system::Pallet::<T>::events();
	assert_eq!(events.last().map(|e| &e.event), Some(&event));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn apply(c: Linear<0, { T::MaxApplicationCredentials::get() }>) -> Result<(), BenchmarkError> {
		set_genesis::<T>();
		NextOrgId::<T>::put(APPLY_ORG);
		let applicant = funded_applicant::<T>();
		let creds = (0..c).map(|_| credential::<T>(Some(u64::MAX / 2))).collect::<Vec<_>>();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(applicant.clone()),
			name::<T>(),
			OrgKind::Cdmo,
			APPLY_KEY,
			APPLY_POP,
			creds.try_into().expect("bounded; qed"),
		);
		assert_last_event::<T>(Event::ApplicationSubmitted {
			org: APPLY_ORG,
			applicant,
			kind: OrgKind::Cdmo,
		});
		Ok(())
	}

	#[benchmark]
	fn withdraw_application() {
		let applicant = submit_application::<T>(T::MaxApplicationCredentials::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(applicant), APPLY_ORG);
		assert_last_event::<T>(Event::ApplicationWithdrawn { org: APPLY_ORG });
	}

	#[benchmark]
	fn approve_application(
		c: Linear<0, { T::MaxApplicationCredentials::get() }>,
	) -> Result<(), BenchmarkError> {
		fill_orgs::<T>();
		fill_queue::<T>(c);
		submit_application::<T>(c);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, APPLY_ORG);
		assert_eq!(Orgs::<T>::get(APPLY_ORG).map(|o| o.status), Some(OrgStatus::Active));
		Ok(())
	}

	#[benchmark]
	fn reject_application() -> Result<(), BenchmarkError> {
		submit_application::<T>(T::MaxApplicationCredentials::get());
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, APPLY_ORG);
		assert_last_event::<T>(Event::ApplicationRejected { org: APPLY_ORG });
		Ok(())
	}

	#[benchmark]
	fn suspend() -> Result<(), BenchmarkError> {
		fill_orgs::<T>();
		let (org, _, _) = bench_org::<T>(1, true);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org);
		assert_last_event::<T>(Event::OrgSuspended { org });
		Ok(())
	}

	#[benchmark]
	fn reinstate() -> Result<(), BenchmarkError> {
		fill_orgs::<T>();
		let (org, _, _) = bench_org::<T>(1, true);
		Consortium::<T>::do_suspend(org).expect("suspend");
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org);
		assert_last_event::<T>(Event::OrgReinstated { org });
		Ok(())
	}

	#[benchmark]
	fn revoke(n: Linear<0, { T::MaxNodesPerOrg::get() }>) -> Result<(), BenchmarkError> {
		fill_orgs::<T>();
		let (org, _, _) = bench_org::<T>(1, true);
		for i in 0..n {
			Consortium::<T>::do_register_node(org, peer(i), addrs::<T>()).expect("node");
		}
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org);
		assert_last_event::<T>(Event::OrgRevoked { org });
		Ok(())
	}

	#[benchmark]
	fn link_account() {
		let (org, admin, _) = bench_org::<T>(1, false);
		for i in 2..T::MaxAccountsPerOrg::get() - 1 {
			Consortium::<T>::do_link_account(
				org,
				account("member", i, 0),
				RoleSet::from_roles(&[Role::Operator]),
			)
			.expect("link");
		}
		let new: T::AccountId = account("new", 0, 0);
		let roles = RoleSet::from_roles(&[Role::Admin, Role::Operator]);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), new.clone(), roles);
		assert_last_event::<T>(Event::AccountLinked { org, account: new, roles });
	}

	#[benchmark]
	fn set_roles() {
		let (org, admin, _) = bench_org::<T>(1, false);
		let other: T::AccountId = account("other", 0, 0);
		Consortium::<T>::do_link_account(org, other.clone(), RoleSet::from_roles(&[Role::Admin]))
			.expect("link");
		let roles = RoleSet::from_roles(&[Role::Operator]);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), other.clone(), roles);
		assert_last_event::<T>(Event::RolesChanged { org, account: other, roles });
	}

	#[benchmark]
	fn unlink_account() {
		let (org, admin, _) = bench_org::<T>(1, false);
		let other: T::AccountId = account("other", 0, 0);
		Consortium::<T>::do_link_account(org, other.clone(), RoleSet::from_roles(&[Role::Admin]))
			.expect("link");
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), other.clone());
		assert_last_event::<T>(Event::AccountUnlinked { org, account: other });
	}

	#[benchmark]
	fn move_council_seat() {
		let (org, admin, _) = bench_org::<T>(1, false);
		let other: T::AccountId = account("other", 0, 0);
		Consortium::<T>::do_link_account(org, other.clone(), RoleSet::from_roles(&[Role::Admin]))
			.expect("link");
		#[extrinsic_call]
		_(RawOrigin::Signed(admin.clone()), other.clone());
		assert_last_event::<T>(Event::CouncilSeatMoved { org, from: admin, to: other });
	}

	#[benchmark]
	fn add_credential() {
		let (org, admin, _) = bench_org::<T>(1, false);
		fill_credentials::<T>(org, 1);
		fill_queue::<T>(1);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), credential::<T>(Some(u64::MAX / 2)));
		assert_eq!(OrgCredentials::<T>::get(org).len() as u32, T::MaxCredentialsPerOrg::get());
	}

	#[benchmark]
	fn renew_credential() {
		let (org, admin, _) = bench_org::<T>(1, false);
		fill_credentials::<T>(org, 1);
		fill_queue::<T>(2);
		Consortium::<T>::put_credential(org, credential::<T>(Some(u64::MAX / 2)))
			.expect("credential");
		let id = T::MaxCredentialsPerOrg::get() - 1;
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), id, [9; 32], Some(u64::MAX / 3));
		assert_last_event::<T>(Event::CredentialRenewed {
			org,
			credential: id,
			valid_until: Some(u64::MAX / 3),
		});
	}

	#[benchmark]
	fn revoke_credential() {
		let (org, _, _) = bench_org::<T>(1, false);
		// Revoked by an auditor of another (regulator) organisation: the longest origin check.
		let (_, auditor, _) = bench_org::<T>(2, false);
		fill_credentials::<T>(org, 1);
		fill_queue::<T>(1);
		Consortium::<T>::put_credential(org, credential::<T>(Some(u64::MAX / 2)))
			.expect("credential");
		let id = T::MaxCredentialsPerOrg::get() - 1;
		#[extrinsic_call]
		_(RawOrigin::Signed(auditor), org, id);
		assert_last_event::<T>(Event::CredentialRevoked { org, credential: id });
	}

	#[benchmark]
	fn remove_credential() {
		let (org, admin, _) = bench_org::<T>(1, false);
		fill_credentials::<T>(org, 1);
		fill_queue::<T>(1);
		// Expired but its event not yet processed: it leaves the queue too.
		Consortium::<T>::put_credential(org, credential::<T>(Some(1))).expect("credential");
		T::BenchmarkHelper::set_time(10);
		let id = T::MaxCredentialsPerOrg::get() - 1;
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), id);
		assert_last_event::<T>(Event::CredentialRemoved { org, credential: id });
	}

	#[benchmark]
	fn rotate_eseal_key() {
		set_genesis::<T>();
		NextOrgId::<T>::put(ROTATE_ORG);
		let (org, admin, _) = bench_org::<T>(1, false);
		let keys: Vec<EsealKey> = (1..T::MaxEsealKeys::get())
			.map(|i| EsealKey {
				public: [i as u8; 65],
				validity: Validity { from: i as u64, until: Some(i as u64 + 1) },
			})
			.collect();
		let mut keys: BoundedVec<EsealKey, T::MaxEsealKeys> =
			keys.try_into().expect("bounded; qed");
		if let Some(last) = keys.last_mut() {
			last.validity.until = None;
		}
		EsealKeys::<T>::insert(org, keys);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), ROTATE_KEY, ROTATE_POP);
		assert_last_event::<T>(Event::EsealKeyRotated {
			org,
			index: T::MaxEsealKeys::get() - 1,
			key: ROTATE_KEY,
		});
	}

	#[benchmark]
	fn register_node() {
		let (org, admin, _) = bench_org::<T>(1, false);
		for i in 1..T::MaxNodesPerOrg::get() {
			Consortium::<T>::do_register_node(org, peer(i), addrs::<T>()).expect("node");
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), peer(0), addrs::<T>());
		assert_last_event::<T>(Event::NodeRegistered { org, peer_id: peer(0) });
	}

	#[benchmark]
	fn update_node() {
		let (org, admin, _) = bench_org::<T>(1, false);
		for i in 0..T::MaxNodesPerOrg::get() {
			Consortium::<T>::do_register_node(org, peer(i), addrs::<T>()).expect("node");
		}
		let last = peer(T::MaxNodesPerOrg::get() - 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), last.clone(), addrs::<T>());
		assert_last_event::<T>(Event::NodeUpdated { org, peer_id: last });
	}

	#[benchmark]
	fn remove_node() {
		let (org, admin, _) = bench_org::<T>(1, false);
		for i in 0..T::MaxNodesPerOrg::get() {
			Consortium::<T>::do_register_node(org, peer(i), addrs::<T>()).expect("node");
		}
		let last = peer(T::MaxNodesPerOrg::get() - 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), last.clone());
		assert_last_event::<T>(Event::NodeRemoved { org, peer_id: last });
	}

	#[benchmark]
	fn propose_validator() {
		let (org, admin, validator) = bench_org::<T>(1, false);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), validator.clone());
		assert_last_event::<T>(Event::ValidatorProposed { org, account: validator });
	}

	#[benchmark]
	fn approve_validator() -> Result<(), BenchmarkError> {
		let (org, admin, validator) = bench_org::<T>(1, false);
		Consortium::<T>::propose_validator(RawOrigin::Signed(admin).into(), validator.clone())
			.expect("propose");
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org);
		assert_last_event::<T>(Event::ValidatorApproved { org, account: validator });
		Ok(())
	}

	#[benchmark]
	fn remove_validator() {
		fill_orgs::<T>();
		let (org, admin, validator) = bench_org::<T>(1, true);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), org);
		assert_last_event::<T>(Event::ValidatorRemoved { org, account: validator });
	}

	#[benchmark]
	fn expire_credentials(n: Linear<1, { T::MaxExpiriesPerBlock::get() }>) {
		let (org, _, _) = bench_org::<T>(1, false);
		fill_credentials::<T>(org, n);
		fill_queue::<T>(n);
		for _ in 0..n {
			Consortium::<T>::put_credential(org, credential::<T>(Some(1))).expect("credential");
		}
		ExpiryBudget::<T>::put(n);
		T::BenchmarkHelper::set_time(10);
		#[block]
		{
			Consortium::<T>::process_expiries();
		}
		assert!(ExpiryBudget::<T>::get().is_none());
		assert_eq!(ExpiryQueue::<T>::get().len() as u32, T::MaxExpiryQueue::get() - n);
	}

	#[benchmark]
	fn set_min_validators() -> Result<(), BenchmarkError> {
		fill_orgs::<T>();
		let min = Consortium::<T>::validator_set().len() as u32;
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, min);
		assert_last_event::<T>(Event::MinValidatorsSet { min });
		Ok(())
	}

	impl_benchmark_test_suite!(
		Consortium,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
