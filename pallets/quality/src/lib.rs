//! # Quality pallet
//!
//! The product brief's electronic quality agreement (e-QA): a buyer and a supplier fix on chain
//! what a material must meet, both seal it with their SM2 e-seals, and every QC result of a lot
//! supplied under it is then checked automatically.
//!
//! - **Agreements** are drafted by the buyer (specification items, storage range and tolerated
//!   excursion, release responsibility, skip-lot permission, validity, contract hash, optional
//!   arbitrator) and become `Active` only when both parties' e-seal signatures over the
//!   agreement's canonical digest (SM3) verify on chain against each organisation's registered
//!   key, with the signing person, time and meaning recorded (21 CFR Part 11). Amendments are new
//!   versions that supersede the old one when both sign; history stays readable.
//! - **Conformance**: this pallet is provenance's `QcHook`. A QC result for a lot of the product,
//!   owned by the buyer and made by the supplier, is checked item by item; a failure quarantines
//!   the lot (provenance does that on `Fail`) and opens a **nonconformance** the supplier answers
//!   with a CAPA plan; the buyer closes or escalates; an escalated one may be disputed before the
//!   arbitrator named in the agreement.
//! - **Scorecards** per supplier and per buyer–supplier pair: quality pass rate 40 %, on-time
//!   delivery 30 %, response speed 20 %, compliance history 10 %, over a sliding window of time
//!   buckets; tiers A/B/C/D by governance thresholds. A buyer's decisions use the *pair's*
//!   scorecard (its own experience of the supplier), so no other buyer can move them: tier C/D
//!   lots arrive quarantined; tier A may be released without a QC result where the agreement
//!   allows skip-lot testing. Each lot counts once per agreement (its first QC result), each
//!   excursion once per lot and shipment, and a delivery only against a promised time the
//!   receiver agreed to.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use features::DIGEST_DOMAIN;
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
/// The SM2 test vectors the benchmarks use (for the runtime's benchmark helper).
#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking_vectors {
	pub use crate::benchmarking::{seal_key, seal_signature, BENCH_DIGEST};
}
mod features;
mod impls;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

use alloc::vec::Vec;
use bioledger_primitives::{
	Collections as _, DocHash, Membership, Moment, OrgId, Role, Sm2Signature,
};
use frame_support::{pallet_prelude::*, traits::Time};
use frame_system::pallet_prelude::*;

/// Storage form of an agreement.
pub type AgreementOf<T> =
	Agreement<<T as frame_system::Config>::AccountId, <T as Config>::MaxSpecItems>;
/// Call form of an agreement's terms.
pub type TermsOf<T> = Terms<<T as Config>::MaxSpecItems>;
/// Storage form of a nonconformance.
pub type NonconformanceOf<T> = Nonconformance<<T as Config>::MaxSpecItems>;
/// Scorecard buckets of one supplier (or pair), oldest first.
pub type BucketsOf<T> = BoundedVec<(u64, Counters), <T as Config>::WindowBuckets>;

/// A balance of the deposit currency.
pub type BalanceOf<T> = <<T as Config>::Currency as frame_support::traits::fungible::Inspect<
	<T as frame_system::Config>::AccountId,
>>::Balance;

/// Runtime hooks the benchmarks need.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// An account with `role` in an active organisation (one per `seed`) whose e-seal key is
	/// the SM2 key of `benchmarking::SEAL_SEEDS[seed]`.
	fn member(seed: u32, role: Role) -> (AccountId, OrgId);
	/// Set chain time.
	fn set_time(now: Moment);
	/// Suspend `org` (so that governance may settle what it can no longer act on).
	fn deactivate(org: OrgId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who acts for which organisation, with which roles and e-seal keys.
		type Membership: Membership<Self::AccountId>;

		/// Chain time.
		type Time: Time<Moment = Moment>;

		/// Origin of council decisions (tier thresholds).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The currency draft deposits are held in.
		type Currency: frame_support::traits::fungible::MutateHold<
			Self::AccountId,
			Reason = Self::RuntimeHoldReason,
		>;

		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// Held from the account that drafts an agreement (or an amendment) until the draft is
		/// sealed by both parties or terminated: drafts nobody seals are not free to leave.
		#[pallet::constant]
		type DraftDeposit: Get<BalanceOf<Self>>;

		/// Most specification items in an agreement (and failed items in a nonconformance).
		#[pallet::constant]
		type MaxSpecItems: Get<u32>;

		/// Time a supplier has to answer a nonconformance with a CAPA plan.
		#[pallet::constant]
		type ResponseTarget: Get<Moment>;

		/// Length of a scorecard time bucket.
		#[pallet::constant]
		type BucketLength: Get<Moment>;

		/// Buckets in the scorecard window (window = `WindowBuckets × BucketLength`).
		#[pallet::constant]
		type WindowBuckets: Get<u32>;

		/// Most open nonconformances of a supplier looked at when scoring (overdue count).
		#[pallet::constant]
		type MaxOverdueScan: Get<u32>;

		/// Notice a party gives to end an active agreement (`terminate`): it stays in force
		/// until then, and lots received under it stay under it after.
		#[pallet::constant]
		type TerminationNotice: Get<Moment>;

		/// Lots a supplier pair must have had checked before the pair can reach tier A (a new
		/// pair has no history; without it, skip-lot would release untested lots from day one).
		#[pallet::constant]
		type MinHistoryForTierA: Get<u32>;

		/// Confidential collections (agreements with committed specifications keep their
		/// limits and QC values there).
		type Collections: bioledger_primitives::Collections;

		/// How long a confidential agreement's payloads (terms, QC values, CoAs) are kept
		/// before a party may purge them (GMP record retention).
		#[pallet::constant]
		type RecordRetention: Get<Moment>;

		/// Weights from the benchmarks.
		type WeightInfo: WeightInfo;

		/// Runtime hooks for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Next agreement id.
	#[pallet::storage]
	pub type NextAgreementId<T> = StorageValue<_, AgreementId, ValueQuery>;

	/// Agreement versions.
	#[pallet::storage]
	pub type Agreements<T: Config> = StorageMap<_, Twox64Concat, AgreementId, AgreementOf<T>>;

	/// The active agreement of a buyer, supplier and product.
	#[pallet::storage]
	pub type ActiveAgreement<T> = StorageNMap<
		_,
		(
			NMapKey<Twox64Concat, OrgId>,
			NMapKey<Twox64Concat, OrgId>,
			NMapKey<Blake2_128Concat, bioledger_primitives::ProductCode>,
		),
		AgreementId,
	>;

	/// Next nonconformance id.
	#[pallet::storage]
	pub type NextNcId<T> = StorageValue<_, NcId, ValueQuery>;

	/// Nonconformances.
	#[pallet::storage]
	pub type Nonconformances<T: Config> = StorageMap<_, Twox64Concat, NcId, NonconformanceOf<T>>;

	/// Nonconformances that still need someone to act, per party (buyer and supplier).
	#[pallet::storage]
	pub type OpenNcs<T> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Twox64Concat, NcId, (), OptionQuery>;

	/// Scorecard buckets per supplier.
	#[pallet::storage]
	pub type SupplierCounters<T: Config> =
		StorageMap<_, Twox64Concat, OrgId, BucketsOf<T>, ValueQuery>;

	/// Scorecard buckets per (buyer, supplier).
	#[pallet::storage]
	pub type PairCounters<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Twox64Concat, OrgId, BucketsOf<T>, ValueQuery>;

	/// Tier thresholds.
	#[pallet::storage]
	pub type Thresholds<T> = StorageValue<_, TierThresholds, ValueQuery>;

	/// Lots whose QC result counted in the scorecard under an agreement (the first result
	/// only: retests and repeated results do not count again).
	#[pallet::storage]
	pub type CountedLots<T> = StorageDoubleMap<
		_,
		Twox64Concat,
		AgreementId,
		Blake2_128Concat,
		bioledger_primitives::LotId,
		(),
		OptionQuery,
	>;

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of an agreement draft.
		DraftDeposit,
	}

	/// Deposits held for drafts: who drafted, how much.
	#[pallet::storage]
	pub type DraftDeposits<T: Config> =
		StorageMap<_, Twox64Concat, AgreementId, (T::AccountId, BalanceOf<T>)>;

	/// Active agreements a party gave notice to end: when they end, and who gave notice.
	#[pallet::storage]
	pub type TerminationNotices<T> = StorageMap<_, Twox64Concat, AgreementId, (Moment, OrgId)>;

	/// The agreement in force when a lot was received: it governs the lot (and its split parts)
	/// from then on, even after the agreement ends.
	#[pallet::storage]
	pub type LotAgreements<T> =
		StorageMap<_, Blake2_128Concat, bioledger_primitives::LotId, AgreementId>;

	/// Open nonconformances of a lot (release waits for them).
	#[pallet::storage]
	pub type LotOpenNcs<T> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		bioledger_primitives::LotId,
		Twox64Concat,
		NcId,
		(),
		OptionQuery,
	>;

	/// Excursions that counted, once per lot and shipment (`None`: not in transit).
	#[pallet::storage]
	pub type CountedExcursions<T> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		bioledger_primitives::LotId,
		Twox64Concat,
		Option<u64>,
		(),
		OptionQuery,
	>;

	/// Confidential terms of agreements drafted with `draft_confidential`.
	#[pallet::storage]
	pub type ConfidentialTermsOf<T: Config> =
		StorageMap<_, Twox64Concat, AgreementId, ConfidentialTerms<T::MaxSpecItems>>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The buyer drafted an agreement (or an amendment).
		AgreementDrafted {
			/// The new version.
			agreement: AgreementId,
			/// Buyer.
			buyer: OrgId,
			/// Supplier.
			supplier: OrgId,
			/// Version.
			version: u32,
			/// The digest to seal.
			digest: [u8; 32],
		},
		/// A party sealed an agreement.
		AgreementSigned {
			/// The agreement.
			agreement: AgreementId,
			/// The sealing organisation.
			org: OrgId,
			/// The person.
			signer: T::AccountId,
			/// What the signature means.
			meaning: SignatureMeaning,
		},
		/// Both seals verified: the agreement is in force.
		AgreementActivated {
			/// The agreement.
			agreement: AgreementId,
			/// The version it replaced, if any.
			superseded: Option<AgreementId>,
		},
		/// A party terminated an agreement (a draft at once, an active one when its notice has
		/// run: `expire` then ends it).
		AgreementTerminated {
			/// The agreement.
			agreement: AgreementId,
			/// By.
			by: OrgId,
		},
		/// A party gave notice to end an active agreement.
		TerminationNoticeGiven {
			/// The agreement.
			agreement: AgreementId,
			/// By.
			by: OrgId,
			/// When it ends.
			effective_at: Moment,
		},
		/// An agreement passed its validity.
		AgreementExpired {
			/// The agreement.
			agreement: AgreementId,
		},
		/// A QC result conformed to the agreement.
		Conforming {
			/// The lot.
			lot: bioledger_primitives::LotId,
			/// The agreement.
			agreement: AgreementId,
		},
		/// A QC result did not conform; a nonconformance opened.
		NonconformanceOpened {
			/// The nonconformance.
			nc: NcId,
			/// The lot.
			lot: bioledger_primitives::LotId,
			/// The agreement.
			agreement: AgreementId,
			/// The supplier, who must answer.
			supplier: OrgId,
		},
		/// The supplier answered with a CAPA plan.
		CapaSubmitted {
			/// The nonconformance.
			nc: NcId,
			/// Hash of the CAPA plan.
			plan: DocHash,
			/// Within the response target.
			in_time: bool,
		},
		/// The buyer accepted the CAPA.
		NonconformanceClosed {
			/// The nonconformance.
			nc: NcId,
		},
		/// The buyer rejected the CAPA.
		NonconformanceEscalated {
			/// The nonconformance.
			nc: NcId,
		},
		/// The supplier took it to the arbitrator.
		NonconformanceDisputed {
			/// The nonconformance.
			nc: NcId,
			/// The arbitrator.
			arbitrator: OrgId,
		},
		/// The arbitrator decided.
		DisputeResolved {
			/// The nonconformance.
			nc: NcId,
			/// Whether the nonconformance stands.
			upheld: bool,
		},
		/// An excursion under an agreement was counted.
		ExcursionAssessed {
			/// The lot.
			lot: bioledger_primitives::LotId,
			/// The agreement.
			agreement: AgreementId,
			/// Within the tolerated duration.
			tolerated: bool,
			/// Who answers for it.
			liable: OrgId,
		},
		/// Governance decided a nonconformance a party could no longer act on.
		NonconformanceResolved {
			/// The nonconformance.
			nc: NcId,
			/// Whether it stands.
			upheld: bool,
		},
		/// Governance changed the tier thresholds.
		ThresholdsSet {
			/// The new thresholds.
			thresholds: TierThresholds,
		},
		/// A draft's specification was committed confidentially.
		ConfidentialTermsCommitted {
			/// The agreement.
			agreement: AgreementId,
			/// The buyer's and supplier's collection.
			collection: bioledger_primitives::CollectionId,
			/// Commitment to the payload.
			payload: bioledger_primitives::PayloadHash,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller does not act for an active organisation with the needed role.
		NotAuthorized,
		/// The supplier is not an active organisation.
		InactiveOrg,
		/// Buyer and supplier are the same organisation.
		SameOrg,
		/// The terms are inconsistent (no items, a min above its max, duplicate codes, an
		/// inverted range or validity, or an amendment of another product).
		InvalidTerms,
		/// No such agreement.
		AgreementNotFound,
		/// The agreement is not a draft awaiting signatures.
		NotDraft,
		/// The agreement is not active.
		NotActive,
		/// This party has sealed already.
		AlreadySigned,
		/// The organisation has no e-seal key valid now.
		NoEsealKey,
		/// The SM2 signature does not verify against the organisation's e-seal key.
		BadSignature,
		/// The agreement's validity has not ended yet.
		NotExpired,
		/// The agreement's validity ended.
		Expired,
		/// No such nonconformance.
		NcNotFound,
		/// The nonconformance is not in the state this needs.
		InvalidNcState,
		/// The agreement names no arbitrator.
		NoArbitrator,
		/// Thresholds must satisfy A ≥ B ≥ C.
		InvalidThresholds,
		/// Another agreement for this buyer, supplier and product is in force (amend it instead).
		AlreadyActive,
		/// Every party of the nonconformance is an active member: they settle it themselves.
		PartiesActive,
		/// The account cannot hold the draft deposit.
		InsufficientDeposit,
		/// The confidential collection could not be opened or the payload committed.
		CollectionRefused,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Draft an agreement with `supplier`.
		///
		/// Origin: a QA approver of the buying organisation.
		/// Errors: `NotAuthorized`, `SameOrg`, `InactiveOrg`, `InvalidTerms`,
		/// `InsufficientDeposit`. Holds `DraftDeposit` until sealed or terminated.
		/// Emits `AgreementDrafted`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::draft(terms.specs.len() as u32))]
		pub fn draft(origin: OriginFor<T>, supplier: OrgId, terms: TermsOf<T>) -> DispatchResult {
			let who = ensure_signed(origin.clone())?;
			let buyer = Self::ensure_role(origin, Role::QaApprover)?;
			let id = NextAgreementId::<T>::get();
			Self::do_draft(buyer, supplier, terms, None)?;
			Self::hold_draft_deposit(&who, id)
		}

		/// Draft an amendment of an active agreement (same parties and product, next
		/// version). It supersedes the old version when both parties seal it.
		///
		/// Origin: a QA approver of the buyer.
		/// Errors: `NotAuthorized`, `AgreementNotFound`, `NotActive`, `InvalidTerms`,
		/// `InactiveOrg`. Emits `AgreementDrafted`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::draft(terms.specs.len() as u32))]
		pub fn amend(
			origin: OriginFor<T>,
			previous: AgreementId,
			terms: TermsOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin.clone())?;
			let buyer = Self::ensure_role(origin, Role::QaApprover)?;
			let id = NextAgreementId::<T>::get();
			Self::do_amend(buyer, previous, terms)?;
			Self::hold_draft_deposit(&who, id)
		}

		/// Apply the caller's organisation's e-seal: an SM2 signature (`r ‖ s`) over the
		/// agreement's digest, verified against the organisation's key valid now. The second
		/// seal activates the agreement.
		///
		/// Origin: an account with the signer role of the buyer or the supplier.
		/// Errors: `NotAuthorized`, `AgreementNotFound`, `NotDraft`, `Expired`,
		/// `AlreadySigned`, `NoEsealKey`, `BadSignature`, `AlreadyActive`.
		/// Emits `AgreementSigned` (and `AgreementActivated`).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::sign())]
		pub fn sign(
			origin: OriginFor<T>,
			agreement: AgreementId,
			meaning: SignatureMeaning,
			signature: Sm2Signature,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_sign(who, agreement, meaning, signature)
		}

		/// End an agreement (draft or active) early.
		///
		/// Origin: a QA approver or admin of the buyer or the supplier.
		/// Errors: `NotAuthorized`, `AgreementNotFound`, `NotActive`.
		/// Emits `AgreementTerminated`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::terminate())]
		pub fn terminate(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_terminate(who, agreement)
		}

		/// Mark an active agreement whose validity ended as expired (anyone may).
		///
		/// Origin: signed. Errors: `AgreementNotFound`, `NotActive`, `NotExpired`.
		/// Emits `AgreementExpired`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::expire())]
		pub fn expire(origin: OriginFor<T>, agreement: AgreementId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_expire(agreement)
		}

		/// Answer an open nonconformance with a CAPA plan.
		///
		/// Origin: a QA approver of the supplier.
		/// Errors: `NotAuthorized`, `NcNotFound`, `InvalidNcState`. Emits `CapaSubmitted`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::respond())]
		pub fn respond(origin: OriginFor<T>, nc: NcId, plan: DocHash) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::QaApprover)?;
			Self::do_respond(org, nc, plan)
		}

		/// Accept the supplier's CAPA and close the nonconformance.
		///
		/// Origin: a QA approver of the buyer.
		/// Errors: `NotAuthorized`, `NcNotFound`, `InvalidNcState`.
		/// Emits `NonconformanceClosed`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::close())]
		pub fn close(origin: OriginFor<T>, nc: NcId) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::QaApprover)?;
			Self::do_close(org, nc)
		}

		/// Reject the supplier's CAPA.
		///
		/// Origin: a QA approver of the buyer.
		/// Errors: `NotAuthorized`, `NcNotFound`, `InvalidNcState`.
		/// Emits `NonconformanceEscalated`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::escalate())]
		pub fn escalate(origin: OriginFor<T>, nc: NcId) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::QaApprover)?;
			Self::do_escalate(org, nc)
		}

		/// Take an escalated nonconformance to the agreement's arbitrator.
		///
		/// Origin: a QA approver of the supplier.
		/// Errors: `NotAuthorized`, `NcNotFound`, `InvalidNcState`, `NoArbitrator`.
		/// Emits `NonconformanceDisputed`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::dispute())]
		pub fn dispute(origin: OriginFor<T>, nc: NcId) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::QaApprover)?;
			Self::do_dispute(org, nc)
		}

		/// Decide a dispute: `upheld` = the nonconformance stands (counts against the supplier's
		/// compliance); otherwise it is dismissed (its failed check no longer counts).
		///
		/// Origin: a QA approver or auditor of the arbitrator named in the agreement.
		/// Errors: `NotAuthorized`, `NcNotFound`, `InvalidNcState`. Emits `DisputeResolved`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::arbitrate())]
		pub fn arbitrate(origin: OriginFor<T>, nc: NcId, upheld: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_arbitrate(who, nc, upheld)
		}

		/// Decide an open nonconformance whose buyer, supplier or named arbitrator was
		/// suspended or revoked (so that it is not stuck for good): `upheld` counts against the
		/// supplier as an upheld dispute does; otherwise it is dismissed.
		///
		/// Origin: `GovernanceOrigin`.
		/// Errors: `NcNotFound`, `InvalidNcState`, `PartiesActive`.
		/// Emits `NonconformanceResolved`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::resolve_nc())]
		pub fn resolve_nc(origin: OriginFor<T>, nc: NcId, upheld: bool) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_resolve_nc(nc, upheld)
		}

		/// Draft an agreement whose specification is confidential: `terms.specs` is empty and
		/// `specs` carries each item's limits as Pedersen commitments. The limits, their
		/// blinding factors and the full terms are the payload committed by `payload` to a
		/// collection of the buyer and the supplier (the supplier's node fetches it before its
		/// signer seals). The digest both parties seal covers the commitments.
		///
		/// Origin: a QA approver of the buying organisation.
		/// Errors: `NotAuthorized`, `SameOrg`, `InactiveOrg`, `InvalidTerms`,
		/// `CollectionRefused`, `InsufficientDeposit`. Emits `AgreementDrafted` and
		/// `ConfidentialTermsCommitted`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::draft(specs.len() as u32)
			.saturating_add(T::Collections::open_weight())
			.saturating_add(T::Collections::commit_weight()))]
		pub fn draft_confidential(
			origin: OriginFor<T>,
			supplier: OrgId,
			terms: TermsOf<T>,
			specs: BoundedVec<CommittedSpec, T::MaxSpecItems>,
			payload: bioledger_primitives::PayloadHash,
		) -> DispatchResult {
			let who = ensure_signed(origin.clone())?;
			let buyer = Self::ensure_role(origin, Role::QaApprover)?;
			let id = NextAgreementId::<T>::get();
			Self::do_draft_confidential(buyer, supplier, terms, specs, payload)?;
			Self::hold_draft_deposit(&who, id)
		}

		/// Set the tier thresholds (A ≥ B ≥ C).
		///
		/// Origin: `GovernanceOrigin`. Errors: `InvalidThresholds`. Emits `ThresholdsSet`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::set_thresholds())]
		pub fn set_thresholds(origin: OriginFor<T>, thresholds: TierThresholds) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(
				thresholds.a >= thresholds.b && thresholds.b >= thresholds.c,
				Error::<T>::InvalidThresholds
			);
			Thresholds::<T>::put(thresholds);
			Self::deposit_event(Event::ThresholdsSet { thresholds });
			Ok(())
		}
	}
}
