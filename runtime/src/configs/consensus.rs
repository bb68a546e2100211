//! Aura block production, GRANDPA finality and the session pallet that rotates their keys.

use crate::{
	AccountId, Balances, BlockNumber, Runtime, RuntimeEvent, SessionKeys, MINUTES, SLOT_DURATION,
	UNIT,
};
use frame_support::{
	parameter_types,
	traits::{ConstBool, ConstU128, ConstU32, ConstU64},
};
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::traits::{ConvertInto, OpaqueKeys};

/// Maximum number of validators (Aura authorities and GRANDPA voters).
pub const MAX_AUTHORITIES: u32 = 64;

parameter_types! {
	/// Length of a session: validator-set changes approved by the council take effect at a
	/// session boundary (the one after next, as pallet-session queues the new set one session
	/// ahead). One minute keeps joins and departures prompt on a consortium of known operators.
	pub const SessionPeriod: BlockNumber = MINUTES;
	/// First session ends at block `SessionPeriod`.
	pub const SessionOffset: BlockNumber = 0;
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = ConstU64<SLOT_DURATION>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_AUTHORITIES>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// A validator is identified by its account.
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	/// The consortium decides the validator set: approved validators of active members.
	type SessionManager = crate::Consortium;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// 100 BIO held while session keys are registered (returned by `purge_keys`): any account
	/// can call `set_keys`, so the storage it writes is paid for.
	type KeyDeposit = ConstU128<{ 100 * UNIT }>;
}
