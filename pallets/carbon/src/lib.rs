//! # Carbon pallet
//!
//! Green supply chain on the chain (ISO 14064 / GHG Protocol): companies record emissions,
//! accredited verifiers attest them, verified credits are issued with serial numbers, traded and
//! retired against lots or company periods, and nothing is counted twice.
//!
//! - **Emission records** (an operator of the reporting organisation): scope 1, 2 or 3, kg CO2e,
//!   a period or a lot, facility, methodology, evidence hash. A verifier organisation holding a
//!   valid verifier accreditation, other than the reporter, verifies or rejects it. Verified
//!   records count in the organisation's period totals and the lot's own footprint.
//! - **Lot footprint**: own verified emissions plus, for each input consumed in making the lot,
//!   the input's footprint times the share of it consumed (read through provenance's `Lots`),
//!   rounded up per input and scope; computed by the runtime API, bounded by
//!   `MaxFootprintLots`.
//! - **Credits**: an accredited registry/verifier issues a batch for a project (vintage,
//!   methodology, tonnes); its serials are a contiguous range unique chain-wide. Holders transfer
//!   any sub-range (holdings are sorted, disjoint, merged ranges, at most `MaxRangesPerHolding`
//!   per organisation and batch), retire a sub-range with a beneficiary, reason and optional claim
//!   (a lot, or an organisation's period) and get a certificate; retired serials never move
//!   again. The issuer may cancel held serials (a reversal), with a reason.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod features;
mod impls;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

use bioledger_primitives::{
	DocHash, GatedAction, Lots as LotsTrait, Membership, Moment, OrgId, Role,
};
use frame_support::{pallet_prelude::*, traits::Time};
use frame_system::pallet_prelude::*;

/// The ranges one organisation holds of one batch.
pub type RangesOf<T> = BoundedVec<SerialRange, <T as Config>::MaxRangesPerHolding>;

/// Runtime hooks the benchmarks need.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// An account with `role` in an active organisation of `kind` (one organisation per
	/// `seed`) holding every credential.
	fn member(seed: u32, role: Role, kind: bioledger_primitives::OrgKind) -> (AccountId, OrgId);
	/// An active lot `id` of 100 kg made by `producer`.
	fn lot(id: bioledger_primitives::LotId, producer: OrgId);
	/// Set chain time.
	fn set_time(now: Moment);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who acts for which organisation, with which roles and credentials.
		type Membership: Membership<Self::AccountId>;

		/// Read access to lots and their inputs (provenance).
		type Lots: LotsTrait;

		/// Chain time.
		type Time: Time<Moment = Moment>;

		/// Most credits (tonnes) one batch may issue: with 2^64 serials in all, no issuer can
		/// exhaust the serial space (at this size it takes 1.8e11 batches).
		#[pallet::constant]
		type MaxCreditsPerBatch: Get<u64>;

		/// Most disjoint serial ranges one organisation may hold of one batch.
		#[pallet::constant]
		type MaxRangesPerHolding: Get<u32>;

		/// Most lots a footprint query reads (the lot and its ancestors); beyond it the
		/// footprint is reported incomplete.
		#[pallet::constant]
		type MaxFootprintLots: Get<u32>;

		/// Weights from the benchmarks.
		type WeightInfo: WeightInfo;

		/// Runtime hooks for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Next record id.
	#[pallet::storage]
	pub type NextRecordId<T> = StorageValue<_, RecordId, ValueQuery>;

	/// Emission records.
	#[pallet::storage]
	pub type Records<T> = StorageMap<_, Twox64Concat, RecordId, EmissionRecord>;

	/// A lot's own verified emissions, kg CO2e by scope.
	#[pallet::storage]
	pub type LotEmissions<T> =
		StorageMap<_, Blake2_128Concat, bioledger_primitives::LotId, ByScope, ValueQuery>;

	/// An organisation's verified emissions per period, kg CO2e by scope (monthly records also
	/// count in their year, month 0).
	#[pallet::storage]
	pub type OrgEmissions<T> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Twox64Concat, Period, ByScope, ValueQuery>;

	/// Next batch id.
	#[pallet::storage]
	pub type NextBatchId<T> = StorageValue<_, BatchId, ValueQuery>;

	/// Next unissued serial.
	#[pallet::storage]
	pub type NextSerial<T> = StorageValue<_, Serial, ValueQuery>;

	/// Credit batches.
	#[pallet::storage]
	pub type Batches<T> = StorageMap<_, Twox64Concat, BatchId, Batch>;

	/// Serials held per organisation and batch: sorted, disjoint, non-adjacent ranges.
	#[pallet::storage]
	pub type Holdings<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Twox64Concat, BatchId, RangesOf<T>, ValueQuery>;

	/// Next certificate id.
	#[pallet::storage]
	pub type NextCertificateId<T> = StorageValue<_, CertificateId, ValueQuery>;

	/// Retirement certificates.
	#[pallet::storage]
	pub type Certificates<T> = StorageMap<_, Twox64Concat, CertificateId, Certificate>;

	/// Tonnes retired against a lot.
	#[pallet::storage]
	pub type LotOffsets<T> =
		StorageMap<_, Blake2_128Concat, bioledger_primitives::LotId, u64, ValueQuery>;

	/// Tonnes retired against an organisation's period.
	#[pallet::storage]
	pub type OrgOffsets<T> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Twox64Concat, Period, u64, ValueQuery>;

	/// Next cancellation id.
	#[pallet::storage]
	pub type NextCancellationId<T> = StorageValue<_, CancellationId, ValueQuery>;

	/// Cancellations.
	#[pallet::storage]
	pub type Cancellations<T> = StorageMap<_, Twox64Concat, CancellationId, Cancellation>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An organisation reported emissions.
		EmissionReported {
			/// The record.
			record: RecordId,
			/// Reporter.
			reporter: OrgId,
			/// Scope.
			scope: Scope,
			/// kg CO2e.
			kg_co2e: u128,
			/// Period or lot.
			subject: Subject,
		},
		/// A verifier verified a record.
		EmissionVerified {
			/// The record.
			record: RecordId,
			/// The verifier.
			verifier: OrgId,
		},
		/// A verifier rejected a record.
		EmissionRejected {
			/// The record.
			record: RecordId,
			/// The verifier.
			verifier: OrgId,
			/// Hash of the finding.
			finding: DocHash,
		},
		/// Credits were issued.
		CreditsIssued {
			/// The batch.
			batch: BatchId,
			/// The issuer (first holder).
			issuer: OrgId,
			/// The serials.
			serials: SerialRange,
			/// Vintage.
			vintage: u16,
		},
		/// Credits changed hands.
		CreditsTransferred {
			/// The batch.
			batch: BatchId,
			/// The serials.
			serials: SerialRange,
			/// From.
			from: OrgId,
			/// To.
			to: OrgId,
		},
		/// Credits were retired; a certificate was created.
		CreditsRetired {
			/// The certificate.
			certificate: CertificateId,
			/// The batch.
			batch: BatchId,
			/// The serials.
			serials: SerialRange,
			/// The retiring organisation.
			by: OrgId,
			/// What it is claimed against.
			claim: Option<Claim>,
		},
		/// The issuer cancelled credits.
		CreditsCancelled {
			/// The cancellation.
			cancellation: CancellationId,
			/// The batch.
			batch: BatchId,
			/// The serials.
			serials: SerialRange,
			/// Whose holding.
			holder: OrgId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller does not act for an active organisation with the needed role.
		NotAuthorized,
		/// The organisation is not a verifier or registry.
		NotVerifier,
		/// The verifier lacks a valid accreditation.
		NoAccreditation,
		/// A verifier may not verify its own organisation's records.
		SelfVerification,
		/// Zero emissions or a malformed period.
		InvalidRecord,
		/// No such lot.
		LotNotFound,
		/// The reporter neither produced nor owns the lot.
		NotLotParty,
		/// No such record.
		RecordNotFound,
		/// The record was verified or rejected already.
		AlreadyDecided,
		/// Zero quantity or a malformed vintage.
		InvalidQuantity,
		/// No such batch.
		BatchNotFound,
		/// The range is empty or outside the batch.
		InvalidRange,
		/// The organisation does not hold every serial of the range.
		NotHeld,
		/// The holding would need more ranges than allowed.
		TooManyRanges,
		/// The parties are the same organisation.
		SameOrg,
		/// The recipient is not an active organisation.
		InactiveOrg,
		/// Only the batch's issuer may cancel its credits.
		NotIssuer,
		/// A counter overflowed.
		Overflow,
		/// More credits than one batch may issue (`MaxCreditsPerBatch`).
		BatchTooLarge,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		fn integrity_test() {
			assert!(T::MaxRangesPerHolding::get() >= 2, "a split needs two ranges");
			assert!(
				T::MaxCreditsPerBatch::get() > 0 && T::MaxCreditsPerBatch::get() <= u64::MAX >> 24
			);
			assert!(T::MaxFootprintLots::get() > 0);
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Report emissions of the caller's organisation for a period or a lot.
		///
		/// Origin: an operator. Errors: `NotAuthorized`, `InvalidRecord`, `LotNotFound`,
		/// `NotLotParty`, `Overflow`. Emits `EmissionReported`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::report_emission())]
		pub fn report_emission(
			origin: OriginFor<T>,
			scope: Scope,
			kg_co2e: u128,
			subject: Subject,
			facility: Code,
			methodology: Code,
			evidence: DocHash,
		) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::Operator)?;
			Self::do_report(org, scope, kg_co2e, subject, facility, methodology, evidence)
		}

		/// Verify a reported record.
		///
		/// Origin: a signer of an accredited verifier other than the reporter.
		/// Errors: `NotAuthorized`, `NotVerifier`, `NoAccreditation`, `RecordNotFound`,
		/// `AlreadyDecided`, `SelfVerification`. Emits `EmissionVerified`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::verify_emission())]
		pub fn verify_emission(origin: OriginFor<T>, record: RecordId) -> DispatchResult {
			let org = Self::ensure_verifier(origin, GatedAction::VerifyEmissions)?;
			Self::do_decide(org, record, None)
		}

		/// Reject a reported record, with the hash of the finding.
		///
		/// Origin: as `verify_emission`. Errors: as `verify_emission`.
		/// Emits `EmissionRejected`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::reject_emission())]
		pub fn reject_emission(
			origin: OriginFor<T>,
			record: RecordId,
			finding: DocHash,
		) -> DispatchResult {
			let org = Self::ensure_verifier(origin, GatedAction::VerifyEmissions)?;
			Self::do_decide(org, record, Some(finding))
		}

		/// Issue a batch of `quantity` credits (tonnes CO2e) for a project to the caller's
		/// organisation; they get the next `quantity` serials.
		///
		/// Origin: a signer of an accredited verifier or registry.
		/// Errors: `NotAuthorized`, `NotVerifier`, `NoAccreditation`, `InvalidQuantity`,
		/// `BatchTooLarge`, `Overflow`. Emits `CreditsIssued`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::issue_credits())]
		pub fn issue_credits(
			origin: OriginFor<T>,
			project: Code,
			vintage: u16,
			methodology: Code,
			quantity: u64,
			evidence: DocHash,
		) -> DispatchResult {
			let org = Self::ensure_verifier(origin, GatedAction::IssueCarbonCredits)?;
			Self::do_issue(org, project, vintage, methodology, quantity, evidence)
		}

		/// Transfer a range of held serials to another organisation.
		///
		/// Origin: a signer of the holder. Errors: `NotAuthorized`, `BatchNotFound`,
		/// `InvalidRange`, `SameOrg`, `InactiveOrg`, `NotHeld`, `TooManyRanges`.
		/// Emits `CreditsTransferred`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::transfer_credits())]
		pub fn transfer_credits(
			origin: OriginFor<T>,
			batch: BatchId,
			serials: SerialRange,
			to: OrgId,
		) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::Signer)?;
			Self::do_transfer(org, batch, serials, to)
		}

		/// Retire a range of held serials for `beneficiary`, optionally against a lot or an
		/// organisation's period; a certificate is created.
		///
		/// Origin: a signer of the holder. Errors: `NotAuthorized`, `BatchNotFound`,
		/// `InvalidRange`, `NotHeld`, `TooManyRanges`, `LotNotFound`, `InvalidRecord`,
		/// `Overflow`. Emits `CreditsRetired`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::retire_credits())]
		pub fn retire_credits(
			origin: OriginFor<T>,
			batch: BatchId,
			serials: SerialRange,
			beneficiary: Text,
			reason: Text,
			claim: Option<Claim>,
		) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::Signer)?;
			Self::do_retire(org, batch, serials, beneficiary, reason, claim)
		}

		/// Cancel a range of serials held by `holder` (e.g. a reversal).
		///
		/// Origin: a signer of the batch's issuer. Errors: `NotAuthorized`, `BatchNotFound`,
		/// `NotIssuer`, `InvalidRange`, `NotHeld`, `TooManyRanges`, `Overflow`.
		/// Emits `CreditsCancelled`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::cancel_credits())]
		pub fn cancel_credits(
			origin: OriginFor<T>,
			batch: BatchId,
			holder: OrgId,
			serials: SerialRange,
			reason: Text,
		) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::Signer)?;
			Self::do_cancel(org, batch, holder, serials, reason)
		}
	}
}
