//! # BioLedger runtime
//!
//! The state-transition function of the BioLedger consortium chain: FRAME system pallets
//! (timestamp, Aura, GRANDPA, balances, transaction payment, session), the consortium council
//! (collective + membership, one seat per member organisation, motions need 2/3; no sudo, also
//! not on development chains), and the supply-chain pallets.
//!
//! Layout: [`configs`] holds one file per domain, [`apis`] the runtime APIs,
//! [`genesis_config_presets`] the `development` and `local_consortium` presets.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime`-style macros need a large recursion limit.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

// Before `apis`: `define_benchmarks!` defines the macros `apis` uses.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod weights;

use alloc::vec::Vec;
use sp_runtime::{generic, impl_opaque_keys, traits::BlakeTwo256, MultiAddress};
use sp_version::{runtime_version, RuntimeVersion};

pub use bioledger_primitives::{AccountId, Balance, BlockNumber, Hash, Moment, Nonce, Signature};
pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types: what the node needs to know about blocks without knowing the runtime's types.
pub mod opaque {
	use super::*;
	use sp_runtime::OpaqueExtrinsic;

	/// Opaque extrinsic.
	pub type UncheckedExtrinsic = OpaqueExtrinsic;
	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as sp_runtime::traits::Hash>::Output;
}

impl_opaque_keys! {
	/// The session keys of a validator: an Aura (sr25519) key to author blocks and a GRANDPA
	/// (ed25519) key to vote on finality.
	pub struct SessionKeys {
		/// Block authoring.
		pub aura: Aura,
		/// Finality voting.
		pub grandpa: Grandpa,
	}
}

/// The runtime version. Bump `spec_version` on every change of runtime logic, and
/// `transaction_version` when a call's index or arguments change (signed transactions commit
/// to it, so wallets and ERP connectors re-encode).
#[runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("bioledger"),
	impl_name: alloc::borrow::Cow::Borrowed("bioledger"),
	authoring_version: 1,
	spec_version: 107,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 6,
	system_version: 1,
};

/// Target block time: one block every 3 seconds.
pub const MILLISECS_PER_BLOCK: u64 = 3000;

/// Aura slot duration. It cannot change once the chain has started.
pub const SLOT_DURATION: u64 = MILLISECS_PER_BLOCK;

/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLISECS_PER_BLOCK as BlockNumber);
/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;
/// Blocks per day.
pub const DAYS: BlockNumber = HOURS * 24;

/// One BIO (fee token, 12 decimals).
pub const UNIT: Balance = 1_000_000_000_000;
/// One thousandth of a BIO.
pub const MILLI_UNIT: Balance = 1_000_000_000;
/// Existential deposit.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;

/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions, checked in this order for every signed transaction.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	configs::operational::CheckOperational,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run at the next runtime upgrade, each guarded by its pallet's on-chain
/// storage version (a migration that already ran is skipped).
#[allow(unused_parens)]
type Migrations = (
	pallet_provenance::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_provenance::migrations::v3::MigrateV2ToV3<Runtime>,
	pallet_pledge::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_pledge::migrations::v3::MigrateV2ToV3<Runtime>,
	pallet_quality::migrations::v2::MigrateV1ToV2<Runtime>,
	pallet_consortium::migrations::v2::MigrateV1ToV2<
		Runtime,
		configs::consortium::LegacyCredentialWindow,
	>,
	// Sudo is gone (also from development chains): its key goes with it.
	frame_support::migrations::RemovePallet<
		SudoPalletName,
		crate::weights::paritydb_weights::constants::ParityDbWeight,
	>,
);

frame_support::parameter_types! {
	/// The storage prefix of the removed sudo pallet.
	pub const SudoPalletName: &'static str = "Sudo";
}

/// Executive: handles dispatch to the various modules.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(3)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(4)]
	pub type Utility = pallet_utility;

	// The consortium comes before Session: its genesis decides the first validator set.
	#[runtime::pallet_index(30)]
	pub type Consortium = pallet_consortium;

	// Consensus. Session must come before Aura and Grandpa so that its genesis sets their keys.
	#[runtime::pallet_index(10)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(11)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(12)]
	pub type Grandpa = pallet_grandpa;

	// Consortium governance.
	#[runtime::pallet_index(20)]
	pub type Council = pallet_collective<Instance1>;

	#[runtime::pallet_index(21)]
	pub type CouncilMembership = pallet_membership<Instance1>;

	// The governed Root path and scheduled upgrades (three quarters of the council).
	#[runtime::pallet_index(22)]
	pub type Scheduler = pallet_scheduler;

	#[runtime::pallet_index(23)]
	pub type Preimage = pallet_preimage;

	#[runtime::pallet_index(24)]
	pub type Whitelist = pallet_whitelist;

	// The emergency brakes.
	#[runtime::pallet_index(25)]
	pub type TxPause = pallet_tx_pause;

	#[runtime::pallet_index(26)]
	pub type SafeMode = pallet_safe_mode;

	// Supply chain.
	#[runtime::pallet_index(40)]
	pub type Provenance = pallet_provenance;

	#[runtime::pallet_index(41)]
	pub type Quality = pallet_quality;

	// Supply-chain finance.
	#[runtime::pallet_index(50)]
	pub type Pledge = pallet_pledge;

	// Green supply chain.
	#[runtime::pallet_index(51)]
	pub type Carbon = pallet_carbon;

	// Confidential business data: collections, grants, retention.
	#[runtime::pallet_index(52)]
	pub type Confidential = pallet_confidential;
}
