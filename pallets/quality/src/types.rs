//! Storage and call-argument types of the quality pallet.

use bioledger_primitives::{
	DocHash, LotId, Moment, OrgId, ParamCode, ProductCode, Sm2Signature, TemperatureRange,
	UnitCode, Validity,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::Permill;

/// Id of an agreement version (every version has its own id).
pub type AgreementId = u32;
/// Id of a nonconformance.
pub type NcId = u32;

/// One specified parameter: the measured value must lie in `[min, max]` (either bound optional),
/// in `unit`.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct SpecItem {
	/// Parameter code (as in QC results).
	pub code: ParamCode,
	/// Unit code (includes the scale).
	pub unit: UnitCode,
	/// Lowest acceptable value.
	pub min: Option<i64>,
	/// Highest acceptable value.
	pub max: Option<i64>,
	/// Test method reference (e.g. `ChP 2020 <0831>`, `USP <85>`).
	pub method: BoundedVec<u8, frame_support::traits::ConstU32<32>>,
}

/// Who answers for a cold-chain excursion in transit.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Liability {
	/// The supplier (it arranges transport).
	Supplier,
	/// The carrier of the shipment.
	Carrier,
}

/// Who releases lots supplied under the agreement.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum ReleaseResponsibility {
	/// The buyer's QA releases after incoming inspection.
	Buyer,
	/// The supplier's QA release is accepted by the buyer.
	Supplier,
}

/// The content both parties sign.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	DebugNoBound,
)]
#[scale_info(skip_type_params(MaxItems))]
#[codec(mel_bound())]
pub struct Terms<MaxItems: Get<u32>> {
	/// Product code the agreement covers.
	pub product: ProductCode,
	/// Specification.
	pub specs: BoundedVec<SpecItem, MaxItems>,
	/// Transport and storage range.
	pub storage: Option<TemperatureRange>,
	/// Longest tolerated excursion outside `storage`, seconds.
	pub max_excursion_secs: u32,
	/// Who answers for excursions in transit.
	pub excursion_liability: Liability,
	/// Who releases.
	pub release: ReleaseResponsibility,
	/// Whether a tier-A supplier's lots may be released without a QC result (skip-lot).
	pub skip_lot: bool,
	/// Validity period.
	pub validity: Validity,
	/// Hash of the full contract document (PDF/A).
	pub document: DocHash,
	/// Arbitrator for disputes, if any.
	pub arbitrator: Option<OrgId>,
}

/// Life of an agreement version.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum AgreementStatus {
	/// Drafted, awaiting both e-seal signatures.
	Draft,
	/// Signed by both: in force.
	Active,
	/// Replaced by a signed amendment.
	Superseded,
	/// Ended early by a party.
	Terminated,
	/// Past its validity.
	Expired,
}

/// What a signature means (21 CFR Part 11 §11.50: who, when, meaning).
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum SignatureMeaning {
	/// Author of the terms.
	Authorship,
	/// Review.
	Review,
	/// Approval (binding for the organisation).
	Approval,
}

/// An e-seal signature on an agreement.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct SealSignature<AccountId> {
	/// The signing organisation (buyer or supplier).
	pub org: OrgId,
	/// The person (account with the signer role) who applied the seal.
	pub signer: AccountId,
	/// When.
	pub at: Moment,
	/// What it means.
	pub meaning: SignatureMeaning,
	/// The SM2 signature (`r ‖ s`) over the agreement digest.
	pub signature: Sm2Signature,
	/// The e-seal key it verified against.
	pub key: bioledger_primitives::Sm2PublicKey,
}

/// An agreement version.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxItems))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct Agreement<AccountId: Clone + Eq + core::fmt::Debug, MaxItems: Get<u32>> {
	/// The buying organisation (drafts it).
	pub buyer: OrgId,
	/// The supplying organisation.
	pub supplier: OrgId,
	/// Version number (1 for the first).
	pub version: u32,
	/// The version it amends.
	pub supersedes: Option<AgreementId>,
	/// The terms.
	pub terms: Terms<MaxItems>,
	/// State.
	pub status: AgreementStatus,
	/// Digest both parties sign (SM3 of the canonical encoding).
	pub digest: [u8; 32],
	/// Buyer's seal, once applied.
	pub buyer_seal: Option<SealSignature<AccountId>>,
	/// Supplier's seal, once applied.
	pub supplier_seal: Option<SealSignature<AccountId>>,
	/// Drafted at.
	pub created_at: Moment,
}

/// Why a specification item failed.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum FailReason {
	/// The parameter was not reported.
	Missing,
	/// Reported in another unit.
	UnitMismatch,
	/// Below the minimum.
	BelowMin,
	/// Above the maximum.
	AboveMax,
	/// A confidential value declared outside the committed limits (no range proof exists).
	OutsideCommittedLimits,
}

/// A failed item of a conformance check.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct FailedItem {
	/// Parameter code.
	pub code: ParamCode,
	/// Reported value, if any.
	pub value: Option<i64>,
	/// Limits.
	pub min: Option<i64>,
	/// Limits.
	pub max: Option<i64>,
	/// Why.
	pub reason: FailReason,
}

/// State of a nonconformance.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum NcStatus {
	/// Waiting for the supplier's CAPA plan.
	Open,
	/// CAPA submitted; waiting for the buyer.
	Responded,
	/// The buyer accepted the CAPA.
	Closed,
	/// The buyer rejected the CAPA.
	Escalated,
	/// The supplier disputes the nonconformance before the arbitrator.
	Disputed,
	/// The arbitrator upheld the nonconformance.
	Upheld,
	/// The arbitrator dismissed the nonconformance.
	Dismissed,
}

impl NcStatus {
	/// Still needs someone to act.
	pub fn is_open(self) -> bool {
		matches!(
			self,
			NcStatus::Open | NcStatus::Responded | NcStatus::Escalated | NcStatus::Disputed
		)
	}
}

/// A nonconformance opened by a failed conformance check.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxItems))]
#[codec(mel_bound())]
pub struct Nonconformance<MaxItems: Get<u32>> {
	/// The agreement it was checked against.
	pub agreement: AgreementId,
	/// The lot.
	pub lot: LotId,
	/// Index of the QC result on the lot.
	pub qc_index: u32,
	/// Buyer.
	pub buyer: OrgId,
	/// Supplier (must answer).
	pub supplier: OrgId,
	/// What failed.
	pub failed: BoundedVec<FailedItem, MaxItems>,
	/// Opened at.
	pub opened_at: Moment,
	/// CAPA plan document and when it came.
	pub capa: Option<(DocHash, Moment)>,
	/// State.
	pub status: NcStatus,
	/// When it reached a final state.
	pub closed_at: Option<Moment>,
}

/// Scorecard inputs over one time bucket.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct Counters {
	/// QC results checked against an agreement.
	pub checked: u32,
	/// … that failed (plus excursions the supplier answers for).
	pub failed: u32,
	/// Deliveries received under an agreement.
	pub deliveries: u32,
	/// … received no later than promised.
	pub on_time: u32,
	/// Nonconformances answered within the response target.
	pub answered_in_time: u32,
	/// … answered later.
	pub answered_late: u32,
	/// Credential lapses (expiry or revocation).
	pub lapses: u32,
	/// Disputes the arbitrator upheld against the supplier.
	pub upheld: u32,
}

impl Counters {
	/// Component-wise sum.
	pub fn merged(self, o: Counters) -> Counters {
		Counters {
			checked: self.checked.saturating_add(o.checked),
			failed: self.failed.saturating_add(o.failed),
			deliveries: self.deliveries.saturating_add(o.deliveries),
			on_time: self.on_time.saturating_add(o.on_time),
			answered_in_time: self.answered_in_time.saturating_add(o.answered_in_time),
			answered_late: self.answered_late.saturating_add(o.answered_late),
			lapses: self.lapses.saturating_add(o.lapses),
			upheld: self.upheld.saturating_add(o.upheld),
		}
	}
}

/// Supplier tier.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub enum Tier {
	/// Best: skip-lot testing allowed where the agreement allows it.
	A,
	/// Good.
	B,
	/// Watch: lots arrive quarantined pending full QC.
	C,
	/// Poor: lots arrive quarantined pending full QC.
	D,
}

/// Score thresholds of tiers A, B and C (below C is D), set by governance.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
)]
pub struct TierThresholds {
	/// Lowest score of tier A.
	pub a: Permill,
	/// Lowest score of tier B.
	pub b: Permill,
	/// Lowest score of tier C.
	pub c: Permill,
}

impl Default for TierThresholds {
	fn default() -> Self {
		TierThresholds {
			a: Permill::from_percent(90),
			b: Permill::from_percent(75),
			c: Permill::from_percent(60),
		}
	}
}

/// A scorecard (runtime API).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct Scorecard {
	/// Quality pass rate (40 %).
	pub quality: Permill,
	/// On-time delivery (30 %).
	pub delivery: Permill,
	/// Response speed to nonconformances (20 %).
	pub response: Permill,
	/// Compliance history (10 %).
	pub compliance: Permill,
	/// Weighted total.
	pub total: Permill,
	/// Tier under the current thresholds.
	pub tier: Tier,
	/// The raw counters over the window.
	pub counters: Counters,
	/// Nonconformances open past the response target now.
	pub overdue: u32,
}

/// A confidential specification item: the limits only as Pedersen commitments. The limits and
/// their blinding factors are in the agreement's confidential payload, which only the parties'
/// nodes hold. A one-sided limit is committed as `±2^62`.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct CommittedSpec {
	/// Parameter code (as in QC results).
	pub code: ParamCode,
	/// Unit code (includes the scale).
	pub unit: UnitCode,
	/// Commitment to the lowest acceptable value.
	pub min: bioledger_primitives::ValueCommitment,
	/// Commitment to the highest acceptable value.
	pub max: bioledger_primitives::ValueCommitment,
}

/// An agreement's confidential terms: its collection, the payload's commitment and the
/// committed specification.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxItems))]
#[codec(mel_bound())]
pub struct ConfidentialTerms<MaxItems: Get<u32>> {
	/// The collection of the buyer and the supplier.
	pub collection: bioledger_primitives::CollectionId,
	/// Commitment to the payload (the limits, their blinding factors, the full terms).
	pub payload: bioledger_primitives::PayloadHash,
	/// The committed specification.
	pub specs: BoundedVec<CommittedSpec, MaxItems>,
}
