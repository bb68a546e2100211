//! Storage and call-argument types of the provenance pallet.

use bioledger_primitives::{
	DocHash, LockHolder, LotId, Moment, OrgId, ProductCode, QcParam, QcVerdict, Quantity,
	TemperatureRange,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;

/// Id of a shipment (sequential).
pub type ShipmentId = u64;
/// Id of a recall (sequential).
pub type RecallId = u32;

/// Where a lot stands.
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
pub enum LotStatus {
	/// Produced or received, usable, not (yet) released by QA.
	Active,
	/// Blocked by QA, a failed QC result or a cold-chain excursion.
	Quarantined,
	/// Released by QA: may be used or sold as finished goods.
	Released,
	/// Rejected by QA.
	Rejected,
	/// It or one of its ancestors was recalled.
	Recalled,
	/// Fully used up by transforms, splits or merges.
	Consumed,
	/// Destroyed (written off).
	Destroyed,
	/// On a shipment not yet received or refused.
	InTransit,
}

impl LotStatus {
	/// May be an input to a transform, split or merge.
	pub fn usable_as_input(self) -> bool {
		matches!(self, LotStatus::Active | LotStatus::Released)
	}
	/// May be shipped.
	pub fn shippable(self) -> bool {
		matches!(
			self,
			LotStatus::Active | LotStatus::Released | LotStatus::Quarantined | LotStatus::Rejected
		)
	}
	/// Has no remaining quantity and never will.
	pub fn is_final(self) -> bool {
		matches!(self, LotStatus::Consumed | LotStatus::Destroyed)
	}
}

/// Kind of a document anchored to a lot.
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
pub enum DocKind {
	/// Certificate of analysis.
	CoA,
	/// Batch (manufacturing) record.
	BatchRecord,
	/// Shipping document (delivery note, bill of lading).
	ShippingDoc,
	/// Temperature log.
	TemperatureLog,
	/// Anything else.
	Other,
}

pub use bioledger_primitives::Trail;

/// What the lot's QC record says.
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
pub struct QcSummary {
	/// Number of QC results recorded on this lot.
	pub results: u32,
	/// The latest result (or, for a split/merge output, every parent) passed or was not
	/// checked against an agreement; a failed result clears it.
	pub passed: bool,
}

/// A lot (batch).
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxParents, MaxDocs))]
#[codec(mel_bound())]
pub struct Lot<MaxParents: Get<u32>, MaxDocs: Get<u32>> {
	/// What it is.
	pub product: ProductCode,
	/// Who made it.
	pub producer: OrgId,
	/// Who owns it.
	pub owner: OrgId,
	/// Who holds it.
	pub custodian: OrgId,
	/// Quantity produced (and its unit).
	pub produced: Quantity,
	/// Quantity left (same unit).
	pub remaining: u128,
	/// Quantity used up by transforms, splits and merges.
	pub used: u128,
	/// Quantity destroyed.
	pub written_off: u128,
	/// Production time.
	pub produced_at: Moment,
	/// Expiry (retest) time.
	pub expires_at: Moment,
	/// Status.
	pub status: LotStatus,
	/// Status to return to when a shipment ends (set while `InTransit`).
	pub held_status: Option<LotStatus>,
	/// Storage condition (temperature range), if any.
	pub storage: Option<TemperatureRange>,
	/// What it was made from: input lots and the quantity of each consumed.
	pub parents: BoundedVec<(LotId, u128), MaxParents>,
	/// Anchored documents.
	pub docs: BoundedVec<(DocKind, DocHash), MaxDocs>,
	/// QC record.
	pub qc: QcSummary,
	/// Holder of a lock (e.g. a warehouse receipt or a pledge).
	pub lock: Option<LockHolder>,
	/// The recall that reached this lot, if any.
	pub recall: Option<RecallId>,
	/// The shipment it is on, while in transit.
	pub shipment: Option<ShipmentId>,
	/// Audit trail.
	pub trail: Trail,
}

/// An output of a transform.
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
#[scale_info(skip_type_params(MaxParents))]
#[codec(mel_bound())]
pub struct OutputLot<MaxParents: Get<u32>> {
	/// Id of the new lot (unique chain-wide).
	pub id: LotId,
	/// Its product.
	pub product: ProductCode,
	/// Its quantity.
	pub quantity: Quantity,
	/// Its expiry.
	pub expires_at: Moment,
	/// Its storage condition.
	pub storage: Option<TemperatureRange>,
	/// What it consumed: input lots and quantities (in each input's unit).
	pub inputs: BoundedVec<(LotId, u128), MaxParents>,
}

/// State of a shipment.
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
pub enum ShipmentStatus {
	/// On its way.
	InTransit,
	/// Received: custody (and ownership, for a sale) moved.
	Received,
	/// Refused by the receiver: everything went back to the sender.
	Refused,
	/// Taken back by the sender because the receiver stopped being an active member.
	Cancelled,
}

/// A shipment of whole lots from one organisation to another.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxLots))]
#[codec(mel_bound())]
pub struct Shipment<MaxLots: Get<u32>> {
	/// Sender (custodian of the lots).
	pub from: OrgId,
	/// Receiver.
	pub to: OrgId,
	/// Carrier, if a third party carries it.
	pub carrier: Option<OrgId>,
	/// The lots.
	pub lots: BoundedVec<LotId, MaxLots>,
	/// Whether ownership moves on receipt (a sale) or only custody (storage, testing).
	pub transfers_ownership: bool,
	/// When it left.
	pub shipped_at: Moment,
	/// Promised delivery time.
	pub promised_at: Moment,
	/// State.
	pub status: ShipmentStatus,
	/// When it was received or refused.
	pub closed_at: Option<Moment>,
}

/// A recorded QC result.
#[derive(
	CloneNoBound, PartialEqNoBound, EqNoBound, Encode, Decode, MaxEncodedLen, TypeInfo, DebugNoBound,
)]
#[scale_info(skip_type_params(MaxParams))]
#[codec(mel_bound())]
pub struct QcResult<MaxParams: Get<u32>> {
	/// The testing organisation (owner or contract laboratory).
	pub tested_by: OrgId,
	/// When it was recorded.
	pub at: Moment,
	/// Measured values.
	pub params: BoundedVec<QcParam, MaxParams>,
	/// Certificate of analysis hash.
	pub coa: DocHash,
	/// What the quality rules said.
	pub verdict: QcVerdict,
}

/// A recall and the progress of its propagation through the genealogy.
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct Recall {
	/// The recalled lot.
	pub root: LotId,
	/// Ordered by (producer or regulator).
	pub by: OrgId,
	/// Hash of the recall notice.
	pub reason: DocHash,
	/// When.
	pub at: Moment,
	/// Lots reached so far, the root included.
	pub reached: u32,
	/// Queue of lots whose children are still to visit: `[head, tail)` in `RecallFrontier`.
	pub frontier: (u32, u32),
	/// When propagation finished (all descendants reached).
	pub completed_at: Option<Moment>,
}

/// A lot as the runtime API shows it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct LotView {
	/// Id.
	pub id: LotId,
	/// Product.
	pub product: ProductCode,
	/// Producer, owner, custodian.
	pub producer: OrgId,
	/// Owner.
	pub owner: OrgId,
	/// Custodian.
	pub custodian: OrgId,
	/// Produced quantity and unit.
	pub produced: Quantity,
	/// Remaining, used, written off.
	pub remaining: u128,
	/// Used by children.
	pub used: u128,
	/// Destroyed.
	pub written_off: u128,
	/// Times.
	pub produced_at: Moment,
	/// Expiry.
	pub expires_at: Moment,
	/// Status.
	pub status: LotStatus,
	/// Storage condition.
	pub storage: Option<TemperatureRange>,
	/// Inputs.
	pub parents: alloc::vec::Vec<(LotId, u128)>,
	/// Documents.
	pub docs: alloc::vec::Vec<(DocKind, DocHash)>,
	/// QC record.
	pub qc: QcSummary,
	/// Lock holder.
	pub lock: Option<LockHolder>,
	/// Recall that reached it.
	pub recall: Option<RecallId>,
	/// Current shipment.
	pub shipment: Option<ShipmentId>,
	/// Audit trail.
	pub trail: Trail,
}

/// One lot of a trace (runtime API), with its distance from the start.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct TraceEntry {
	/// The lot.
	pub lot: LotId,
	/// Generations away from the start (1 = parent/child).
	pub depth: u32,
	/// Quantity of it consumed by (backward) or consumed into (forward) the previous level.
	pub quantity: u128,
}

/// A trace result: the lots, and whether the result was cut at the size limit.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct Trace {
	/// Each lot once, breadth first.
	pub lots: alloc::vec::Vec<TraceEntry>,
	/// The limit was reached before the genealogy was exhausted.
	pub truncated: bool,
}

/// One lot affected by a recall (runtime API `recall_impact`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct ImpactEntry {
	/// The lot.
	pub lot: LotId,
	/// Its current custodian (who must act).
	pub custodian: OrgId,
	/// Its owner.
	pub owner: OrgId,
	/// Quantity still there.
	pub remaining: Quantity,
	/// Its status.
	pub status: LotStatus,
}

/// A 1,024-bit Bloom filter of a lot's ancestors' ids (see `features::ancestry`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub struct AncestryFilter(pub [u8; 128]);

impl Default for AncestryFilter {
	fn default() -> Self {
		Self([0; 128])
	}
}

/// The most recall walks running at once (producers' and regulators').
pub struct MaxWalks<T>(core::marker::PhantomData<T>);
