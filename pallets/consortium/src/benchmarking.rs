//! Benchmarks (frame-benchmarking v2), each at the worst case the bounds allow.
//!
//! SM2 signatures cannot be made inside the runtime, so the proofs of possession are fixed
//! test vectors made with OpenSSL 3 for a fixed genesis hash (`0x42…`) and organisation ids
//! 1000 (`apply`) and 1001 (`rotate_eseal_key`), and the credential seals are fixed vectors of
//! the dev key `//bench-issuer` for holder 2000 and issuer 2001 (`bench_seals_verify` checks
//! them natively and prints fresh ones if a digest input changes).

use super::*;
use crate::Pallet as Consortium;
use bioledger_primitives::{GatedAction, OrgKindSet, OrgStatus, Validity};
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

/// Holder and issuer ids of the credential vectors.
pub(crate) const SEAL_HOLDER: OrgId = 2000;
pub(crate) const SEAL_ISSUER: OrgId = 2001;
/// Chain time of the sealed issue (the digest binds the genesis hash from block 1 on).
pub(crate) const SEAL_TIME: Moment = 1_000;
/// Document and window of the sealed credentials: version 1 ends at `u64::MAX / 2`, the
/// re-issue (version 2) at `u64::MAX / 3`.
pub(crate) const SEAL_DOC: DocHash = [7; 32];
pub(crate) const SEAL_UNTIL: [Moment; 2] = [u64::MAX / 2, u64::MAX / 3];
/// `Sm2Keypair::from_seed("//bench-issuer")`.
pub(crate) const ISSUER_KEY: Sm2PublicKey = hex("04eed2e3f534823bb8c14bff897047c5e2974b02ed757d03cb0300787f5c7be7c19551f09747a3375b72f96c56bae763d4d55268c98e8660c43b5d5f81fa0f673e");
/// Seals of versions 1 and 2.
pub(crate) const SEALS: [Sm2Signature; 2] = [
	hex("d5813551e0559119db378442c3c7387072fef6a1f864ba659de218111fd3acfdb548c16375244c9610328ba5c664f83b0e119c5abac923974d9905acc9682771"),
	hex("0029b25d72ce265679adbe1a5493448b0ca7ac565a4b67dfdedefc9374c545bbadd5fc5a709d7931371016422366c044ddf6572fda249c5e8f54987bf476722d"),
];

/// A credential of `org` on file, issued by `issuer` (no valid seal: for filling only).
fn filler<T: Config>(issuer: OrgId, until: Option<Moment>) -> CredentialOf<T> {
	Credential {
		kind: CredentialKind::GMP_CERTIFICATE,
		issuer: Issuer::Org(issuer),
		doc_hash: [7; 32],
		validity: Validity { from: 0, until },
		version: 1,
		issued_at: 1,
		seal: Some([1; 64]),
		status: CredentialStatus::Active,
	}
}

/// Put a credential on file for `org` (and in the expiry queue); returns its id.
fn put_credential<T: Config>(org: OrgId, c: CredentialOf<T>) -> CredentialId {
	let id = Orgs::<T>::get(org).expect("exists; qed").next_credential;
	if let Some(until) = c.validity.until {
		Consortium::<T>::enqueue_expiry((until, org, id)).expect("queue has room");
	}
	OrgCredentials::<T>::mutate(org, |l| l.try_push((id, c)).expect("room; qed"));
	Orgs::<T>::mutate(org, |o| o.as_mut().expect("exists; qed").next_credential = id + 1);
	id
}

/// The standard registry entry for GMP, and the issuer / overseer rights of `org` for it.
fn admit_issuer<T: Config>(org: OrgId) {
	if !CredentialKinds::<T>::contains_key(CredentialKind::GMP_CERTIFICATE) {
		Consortium::<T>::do_set_kind(
			CredentialKind::GMP_CERTIFICATE,
			name::<T>(),
			OrgKindSet::of(&[OrgKind::Regulator]),
			OrgKindSet::all(),
		)
		.expect("kind");
	}
	Authorities::<T>::insert(
		org,
		CredentialKind::GMP_CERTIFICATE,
		Authority { issue: true, oversee: true },
	);
}

/// Holder 2000 and issuer 2001 (key `//bench-issuer`, admitted for GMP), time and genesis set
/// for the vectors; the holder's list full but one, the queue full but `free`. Returns
/// (holder admin, issuer admin).
fn sealing_pair<T: Config>(free: u32) -> (T::AccountId, T::AccountId) {
	set_genesis::<T>();
	T::BenchmarkHelper::set_time(SEAL_TIME);
	NextOrgId::<T>::put(SEAL_HOLDER);
	let (holder, holder_admin, _) = bench_org::<T>(1, false);
	Orgs::<T>::mutate(holder, |o| o.as_mut().expect("exists; qed").kind = OrgKind::Manufacturer);
	let (issuer, issuer_admin, _) = bench_org::<T>(2, false);
	EsealKeys::<T>::insert(
		issuer,
		BoundedVec::truncate_from(alloc::vec![EsealKey {
			public: ISSUER_KEY,
			validity: Validity { from: 0, until: None }
		}]),
	);
	admit_issuer::<T>(issuer);
	fill_credentials::<T>(holder, 1);
	fill_queue::<T>(free);
	(holder_admin, issuer_admin)
}

/// A pending request of the holder to the issuer with the most documents; returns its id.
fn open_request<T: Config>() -> RequestId {
	let docs =
		BoundedVec::truncate_from(alloc::vec![[3u8; 32]; T::MaxRequestDocuments::get() as usize]);
	Consortium::<T>::open_request(SEAL_HOLDER, SEAL_ISSUER, CredentialKind::GMP_CERTIFICATE, docs)
		.expect("request")
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
	let creds: Vec<(CredentialId, CredentialOf<T>)> =
		(0..n).map(|id| (id, filler::<T>(org, None))).collect();
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

/// `c` credential requests to a regulator admitted for GMP (organisation 999).
fn application_requests<T: Config>(
	c: u32,
) -> BoundedVec<RequestInput, T::MaxApplicationCredentials> {
	if c > 0 && !Orgs::<T>::contains_key(999) {
		let next = NextOrgId::<T>::get();
		NextOrgId::<T>::put(999);
		bench_org::<T>(999, false);
		admit_issuer::<T>(999);
		NextOrgId::<T>::put(next);
	}
	let r = RequestInput { issuer: 999, kind: CredentialKind::GMP_CERTIFICATE, document: [7; 32] };
	BoundedVec::truncate_from(alloc::vec![r; c as usize])
}

/// Submit the `apply` vector's application with `c` credential requests.
fn submit_application<T: Config>(c: u32) -> T::AccountId {
	let creds = application_requests::<T>(c);
	set_genesis::<T>();
	NextOrgId::<T>::put(APPLY_ORG);
	let applicant = funded_applicant::<T>();
	Consortium::<T>::apply(
		RawOrigin::Signed(applicant.clone()).into(),
		name::<T>(),
		OrgKind::Cdmo,
		APPLY_KEY,
		APPLY_POP,
		creds,
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
		let creds = application_requests::<T>(c);
		set_genesis::<T>();
		NextOrgId::<T>::put(APPLY_ORG);
		let applicant = funded_applicant::<T>();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(applicant.clone()),
			name::<T>(),
			OrgKind::Cdmo,
			APPLY_KEY,
			APPLY_POP,
			creds,
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
		// The issuer the requests go to counts among the organisations.
		application_requests::<T>(c);
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
	fn revoke_credential() {
		let (org, _, _) = bench_org::<T>(1, false);
		// Revoked by an auditor of a regulator with oversight: the longest origin check.
		let (overseer, auditor, _) = bench_org::<T>(2, false);
		admit_issuer::<T>(overseer);
		Authorities::<T>::insert(
			overseer,
			CredentialKind::GMP_CERTIFICATE,
			Authority { issue: false, oversee: true },
		);
		fill_credentials::<T>(org, 1);
		fill_queue::<T>(1);
		let id = put_credential::<T>(org, filler::<T>(org, Some(u64::MAX / 2)));
		#[extrinsic_call]
		_(RawOrigin::Signed(auditor), org, id);
		assert_last_event::<T>(Event::CredentialRevoked {
			org,
			credential: id,
			by: Revoker::Overseer(overseer),
		});
	}

	#[benchmark]
	fn remove_credential() {
		let (org, admin, _) = bench_org::<T>(1, false);
		fill_credentials::<T>(org, 1);
		fill_queue::<T>(1);
		// Expired but its event not yet processed: it leaves the queue too.
		let id = put_credential::<T>(org, filler::<T>(org, Some(1)));
		T::BenchmarkHelper::set_time(10);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), id);
		assert_last_event::<T>(Event::CredentialRemoved { org, credential: id });
	}

	#[benchmark]
	fn request_credential() {
		let (holder_admin, _) = sealing_pair::<T>(1);
		let docs = BoundedVec::truncate_from(
			alloc::vec![[3u8; 32]; T::MaxRequestDocuments::get() as usize],
		);
		let request = NextRequestId::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(holder_admin), SEAL_ISSUER, CredentialKind::GMP_CERTIFICATE, docs);
		assert_last_event::<T>(Event::CredentialRequested {
			org: SEAL_HOLDER,
			request,
			issuer: SEAL_ISSUER,
			kind: CredentialKind::GMP_CERTIFICATE,
		});
	}

	#[benchmark]
	fn attach_documents() {
		let (holder_admin, _) = sealing_pair::<T>(1);
		let docs = BoundedVec::truncate_from(alloc::vec![[3u8; 32]; 1]);
		let request = Consortium::<T>::open_request(
			SEAL_HOLDER,
			SEAL_ISSUER,
			CredentialKind::GMP_CERTIFICATE,
			docs,
		)
		.expect("request");
		let more = BoundedVec::truncate_from(alloc::vec![
			[4u8; 32];
			T::MaxRequestDocuments::get() as usize - 1
		]);
		#[extrinsic_call]
		_(RawOrigin::Signed(holder_admin), request, more);
		assert_eq!(
			Requests::<T>::get(request).map(|r| r.documents.len() as u32),
			Some(T::MaxRequestDocuments::get())
		);
	}

	#[benchmark]
	fn withdraw_request() {
		let (holder_admin, _) = sealing_pair::<T>(1);
		let request = open_request::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(holder_admin), request);
		assert_last_event::<T>(Event::CredentialRequestWithdrawn { request });
	}

	#[benchmark]
	fn refuse_request() {
		let (_, issuer_admin) = sealing_pair::<T>(1);
		let request = open_request::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(issuer_admin), request);
		assert_last_event::<T>(Event::CredentialRequestRefused { request, issuer: SEAL_ISSUER });
	}

	#[benchmark]
	fn issue_credential() {
		let (_, issuer_admin) = sealing_pair::<T>(1);
		let request = open_request::<T>();
		let validity = Validity { from: 0, until: Some(SEAL_UNTIL[0]) };
		#[extrinsic_call]
		_(RawOrigin::Signed(issuer_admin), request, SEAL_DOC, validity, SEALS[0]);
		assert_eq!(
			OrgCredentials::<T>::get(SEAL_HOLDER).len() as u32,
			T::MaxCredentialsPerOrg::get()
		);
	}

	#[benchmark]
	fn reissue_credential() {
		let (_, issuer_admin) = sealing_pair::<T>(2);
		let request = open_request::<T>();
		let v1 = Validity { from: 0, until: Some(SEAL_UNTIL[0]) };
		Consortium::<T>::do_issue(SEAL_ISSUER, request, SEAL_DOC, v1, SEALS[0]).expect("issue");
		let id = T::MaxCredentialsPerOrg::get() - 1;
		let v2 = Validity { from: 0, until: Some(SEAL_UNTIL[1]) };
		#[extrinsic_call]
		_(RawOrigin::Signed(issuer_admin), SEAL_HOLDER, id, SEAL_DOC, v2, SEALS[1]);
		assert_last_event::<T>(Event::CredentialReissued {
			org: SEAL_HOLDER,
			credential: id,
			version: 2,
			valid_until: Some(SEAL_UNTIL[1]),
		});
	}

	#[benchmark]
	fn suspend_credential() {
		let (_, issuer_admin) = sealing_pair::<T>(1);
		let id = put_credential::<T>(SEAL_HOLDER, filler::<T>(SEAL_ISSUER, Some(u64::MAX / 2)));
		#[extrinsic_call]
		_(RawOrigin::Signed(issuer_admin), SEAL_HOLDER, id);
		assert_last_event::<T>(Event::CredentialSuspended {
			org: SEAL_HOLDER,
			credential: id,
			issuer: SEAL_ISSUER,
		});
	}

	#[benchmark]
	fn reinstate_credential() {
		let (_, issuer_admin) = sealing_pair::<T>(1);
		let mut c = filler::<T>(SEAL_ISSUER, Some(u64::MAX / 2));
		c.status = CredentialStatus::Suspended { at: 1 };
		let id = put_credential::<T>(SEAL_HOLDER, c);
		#[extrinsic_call]
		_(RawOrigin::Signed(issuer_admin), SEAL_HOLDER, id);
		assert_last_event::<T>(Event::CredentialReinstated { org: SEAL_HOLDER, credential: id });
	}

	#[benchmark]
	fn surrender_credential() {
		let (holder_admin, _) = sealing_pair::<T>(1);
		let id = put_credential::<T>(SEAL_HOLDER, filler::<T>(SEAL_ISSUER, Some(u64::MAX / 2)));
		#[extrinsic_call]
		_(RawOrigin::Signed(holder_admin), id);
		assert_last_event::<T>(Event::CredentialSurrendered { org: SEAL_HOLDER, credential: id });
	}

	#[benchmark]
	fn set_credential_kind() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let kind = CredentialKind(u16::MAX);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, kind, name::<T>(), OrgKindSet::all(), OrgKindSet::all());
		assert_last_event::<T>(Event::CredentialKindSet { kind });
		Ok(())
	}

	#[benchmark]
	fn set_requirement(n: Linear<0, { T::MaxRequiredKinds::get() }>) -> Result<(), BenchmarkError> {
		let kinds: Vec<CredentialKind> =
			(0..n).map(|i| CredentialKind(60_000 + i as u16)).collect();
		for k in &kinds {
			Consortium::<T>::do_set_kind(*k, name::<T>(), OrgKindSet::all(), OrgKindSet::all())
				.expect("kind");
		}
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let bounded = BoundedVec::truncate_from(kinds.clone());
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, GatedAction::CommissionLots, bounded);
		assert_last_event::<T>(Event::RequirementSet {
			action: GatedAction::CommissionLots,
			kinds,
		});
		Ok(())
	}

	#[benchmark]
	fn set_authority() -> Result<(), BenchmarkError> {
		let (org, _, _) = bench_org::<T>(1, false);
		admit_issuer::<T>(org);
		Authorities::<T>::remove(org, CredentialKind::GMP_CERTIFICATE);
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let authority = Authority { issue: true, oversee: true };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org, CredentialKind::GMP_CERTIFICATE, authority);
		assert_last_event::<T>(Event::AuthoritySet {
			org,
			kind: CredentialKind::GMP_CERTIFICATE,
			authority,
		});
		Ok(())
	}

	#[benchmark]
	fn set_legacy_deadline() -> Result<(), BenchmarkError> {
		let origin =
			T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Some(u64::MAX));
		assert_last_event::<T>(Event::LegacyDeadlineSet { until: Some(u64::MAX) });
		Ok(())
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
			// Active: each expiry is also a compliance lapse.
			put_credential::<T>(org, filler::<T>(org, Some(1)));
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

#[cfg(test)]
mod vectors {
	use super::*;
	use bioledger_crypto::native::{verify, Sm2Keypair};

	/// The credential seal vectors verify for the digests the benchmarks compute; on a
	/// mismatch this prints fresh ones to paste.
	#[test]
	fn bench_seals_verify() {
		let kp = Sm2Keypair::from_seed("//bench-issuer");
		let hexs = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
		let mut fresh = Vec::new();
		let mut ok = kp.public() == ISSUER_KEY;
		for (i, until) in SEAL_UNTIL.iter().enumerate() {
			let digest = crate::mock::Consortium::credential_digest(
				BENCH_GENESIS,
				SEAL_HOLDER,
				CredentialKind::GMP_CERTIFICATE,
				&Validity { from: 0, until: Some(*until) },
				&SEAL_DOC,
				SEAL_ISSUER,
				i as u32 + 1,
			);
			ok &= verify(&ISSUER_KEY, &digest, &SEALS[i]).is_ok();
			fresh.push(hexs(&kp.sign(&digest)));
		}
		assert!(ok, "fresh vectors: key {} seals {:?}", hexs(&kp.public()), fresh);
	}
}
