//! The consortium: member organisations, accounts and roles, credentials, SM2 e-seal keys,
//! nodes and validators (`pallet-consortium`), and its glue to the council and session pallets.

use super::governance::{CouncilTwoThirds, COUNCIL_MAX_MEMBERS};
use crate::{
	AccountId, Balances, CouncilMembership, Runtime, RuntimeHoldReason, RuntimeOrigin, Timestamp,
	UNIT,
};
use frame_support::traits::{ConstU128, ConstU32, ConstU64};
use sp_runtime::{DispatchResult, MultiAddress};

/// Credentials one organisation keeps on file.
pub const MAX_CREDENTIALS_PER_ORG: u32 = 32;

frame_support::parameter_types! {
	/// How long v1 (holder-written) credentials keep counting after the v2 upgrade: 30 days
	/// for the council to admit issuers and for them to issue sealed credentials.
	pub const LegacyCredentialWindow: u64 = 30 * 24 * 3_600_000;
}

impl pallet_consortium::Config for Runtime {
	type Time = Timestamp;
	type GovernanceOrigin = CouncilTwoThirds;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	/// 1,000 BIO held while an application is pending; burned if the council rejects it.
	type ApplicationDeposit = ConstU128<{ 1_000 * UNIT }>;
	type CouncilSeats = CouncilSeats;
	type ValidatorKeys = SessionKeysRegistered;
	/// Supplier scorecards count credential lapses.
	type OnCredentialLapse = crate::Quality;
	/// One council seat per organisation.
	type MaxOrgs = ConstU32<COUNCIL_MAX_MEMBERS>;
	type MaxPendingApplications = ConstU32<16>;
	type MaxNameLen = ConstU32<128>;
	type MaxAccountsPerOrg = ConstU32<256>;
	type MaxCredentialsPerOrg = ConstU32<MAX_CREDENTIALS_PER_ORG>;
	type MaxApplicationCredentials = ConstU32<16>;
	/// Pending requests per holder: enough to apply for every kind a member needs at once.
	type MaxOpenRequests = ConstU32<16>;
	type MaxRequestDocuments = ConstU32<8>;
	type MaxRequiredKinds = ConstU32<8>;
	/// The registry: the 25 standard kinds and room to grow.
	type MaxCredentialKinds = ConstU32<256>;
	type MaxEsealKeys = ConstU32<16>;
	type MaxNodesPerOrg = ConstU32<8>;
	type MaxAddrsPerNode = ConstU32<4>;
	type MaxAddrLen = ConstU32<128>;
	type MaxExpiryQueue = ConstU32<{ COUNCIL_MAX_MEMBERS * MAX_CREDENTIALS_PER_ORG }>;
	type MaxExpiriesPerBlock = ConstU32<16>;
	/// One minute: 20 blocks.
	type ExpiryLookahead = ConstU64<60_000>;
	type WeightInfo = pallet_consortium::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

/// Council seats are seats in `CouncilMembership` (which keeps the collective's members).
pub struct CouncilSeats;

impl pallet_consortium::CouncilSeats<AccountId> for CouncilSeats {
	fn add(who: &AccountId) -> DispatchResult {
		CouncilMembership::add_member(RuntimeOrigin::root(), MultiAddress::Id(who.clone()))
			.map(|_| ())
			.map_err(|e| e.error)
	}

	fn remove(who: &AccountId) -> DispatchResult {
		CouncilMembership::remove_member(RuntimeOrigin::root(), MultiAddress::Id(who.clone()))
			.map(|_| ())
			.map_err(|e| e.error)
	}

	fn swap(old: &AccountId, new: &AccountId) -> DispatchResult {
		CouncilMembership::swap_member(
			RuntimeOrigin::root(),
			MultiAddress::Id(old.clone()),
			MultiAddress::Id(new.clone()),
		)
		.map(|_| ())
		.map_err(|e| e.error)
	}

	fn is_seated(who: &AccountId) -> bool {
		pallet_membership::Members::<Runtime, super::CouncilMembershipInstance>::get().contains(who)
	}
}

/// Whether a validator account has registered session keys with `session.set_keys`.
pub struct SessionKeysRegistered;

impl pallet_consortium::ValidatorKeys<AccountId> for SessionKeysRegistered {
	fn has_keys(who: &AccountId) -> bool {
		pallet_session::NextKeys::<Runtime>::contains_key(who)
	}
}

/// Benchmark hooks.
#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_consortium::BenchmarkHelper<AccountId> for BenchmarkHelper {
	fn register_session_keys(who: &AccountId) {
		use codec::Encode;
		use sp_runtime::traits::Hash;
		let seed = who.encode();
		let mut raw = [0u8; 32];
		raw.copy_from_slice(sp_runtime::traits::BlakeTwo256::hash(&seed).as_ref());
		let keys = crate::SessionKeys {
			aura: sp_core::sr25519::Public::from_raw(raw).into(),
			grandpa: sp_core::ed25519::Public::from_raw(raw).into(),
		};
		pallet_session::NextKeys::<Runtime>::insert(who, keys);
	}

	fn set_time(now: u64) {
		pallet_timestamp::Now::<Runtime>::put(now);
	}
}
