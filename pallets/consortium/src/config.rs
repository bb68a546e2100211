//! The pallet's configuration trait (a pallet section, imported into the pallet module).

use frame_support::pallet_macros::pallet_section;

#[pallet_section]
mod config {
	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Chain time (milliseconds since the Unix epoch).
		type Time: Time<Moment = Moment>;

		/// Origin of council decisions: two thirds of the council (Root on dev chains).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The fee token, in which an applicant's deposit is held.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons (this pallet's [`HoldReason`] among them).
		type RuntimeHoldReason: From<HoldReason>;

		/// Deposit held from an applicant while its application is pending: returned when it is
		/// admitted or withdraws, burned when the council rejects it. It prices the application
		/// queue, which outsiders can write to.
		#[pallet::constant]
		type ApplicationDeposit: Get<BalanceOf<Self>>;

		/// Council seats of admitted organisations.
		type CouncilSeats: CouncilSeats<Self::AccountId>;

		/// Which accounts have registered session keys.
		type ValidatorKeys: ValidatorKeys<Self::AccountId>;

		/// Told when a credential expires, is suspended or is revoked (supplier scorecards).
		type OnCredentialLapse: bioledger_primitives::OnCredentialLapse;

		/// Most organisations ever admitted (active, suspended or revoked). At most the
		/// council's seat limit.
		#[pallet::constant]
		type MaxOrgs: Get<u32>;

		/// Most applications pending at once.
		#[pallet::constant]
		type MaxPendingApplications: Get<u32>;

		/// Longest organisation or credential-kind name, in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;

		/// Most accounts linked to one organisation.
		#[pallet::constant]
		type MaxAccountsPerOrg: Get<u32>;

		/// Most credential records (active, expired or revoked) one organisation keeps on file.
		#[pallet::constant]
		type MaxCredentialsPerOrg: Get<u32>;

		/// Most credential requests submitted with an application.
		#[pallet::constant]
		type MaxApplicationCredentials: Get<u32>;

		/// Most pending credential requests of one holder.
		#[pallet::constant]
		type MaxOpenRequests: Get<u32>;

		/// Most documents attached to one request.
		#[pallet::constant]
		type MaxRequestDocuments: Get<u32>;

		/// Most credential kinds one gated action requires.
		#[pallet::constant]
		type MaxRequiredKinds: Get<u32>;

		/// Most kinds in the credential-kind registry.
		#[pallet::constant]
		type MaxCredentialKinds: Get<u32>;

		/// Most e-seal keys (current and rotated-out) one organisation keeps on record.
		#[pallet::constant]
		type MaxEsealKeys: Get<u32>;

		/// Most nodes one organisation registers.
		#[pallet::constant]
		type MaxNodesPerOrg: Get<u32>;

		/// Most addresses per node.
		#[pallet::constant]
		type MaxAddrsPerNode: Get<u32>;

		/// Longest multiaddress, in bytes.
		#[pallet::constant]
		type MaxAddrLen: Get<u32>;

		/// Most credentials awaiting expiry chain-wide (at least `MaxOrgs ×
		/// MaxCredentialsPerOrg`).
		#[pallet::constant]
		type MaxExpiryQueue: Get<u32>;

		/// Most `CredentialExpired` events processed in one block; the rest follow in the next.
		#[pallet::constant]
		type MaxExpiriesPerBlock: Get<u32>;

		/// How far ahead of the previous block's time `on_initialize` looks for expiries to
		/// reserve block weight for (well above the block time).
		#[pallet::constant]
		type ExpiryLookahead: Get<Moment>;

		/// Weights from the benchmarks.
		type WeightInfo: WeightInfo;

		/// Runtime hooks for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}
}
