//! Storage and call types of the carbon pallet.

use bioledger_primitives::{DocHash, LotId, Moment, OrgId, Trail};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;

/// An emission record, numbered sequentially.
pub type RecordId = u64;
/// A credit batch, numbered sequentially.
pub type BatchId = u64;
/// A retirement certificate, numbered sequentially.
pub type CertificateId = u64;
/// A cancellation, numbered sequentially.
pub type CancellationId = u64;
/// A credit serial number (one credit = one tonne CO2e), unique chain-wide.
pub type Serial = u64;
/// Emissions per scope `[scope 1, scope 2, scope 3]`, kg CO2e.
pub type ByScope = [u128; 3];

/// Maximum length of a facility, methodology or project code.
pub const MAX_CODE_LEN: u32 = 32;
/// Maximum length of a beneficiary name or a retirement/cancellation reason.
pub const MAX_TEXT_LEN: u32 = 64;

/// A short code (facility, methodology, project).
pub type Code = BoundedVec<u8, ConstU32<MAX_CODE_LEN>>;
/// A short text (beneficiary, reason).
pub type Text = BoundedVec<u8, ConstU32<MAX_TEXT_LEN>>;

/// GHG Protocol scope.
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
pub enum Scope {
	/// Direct emissions from owned or controlled sources.
	#[codec(index = 0)]
	Scope1,
	/// Indirect emissions from purchased energy.
	#[codec(index = 1)]
	Scope2,
	/// Other indirect emissions in the value chain.
	#[codec(index = 2)]
	Scope3,
}

impl Scope {
	/// Index into a [`ByScope`] array.
	pub fn index(self) -> usize {
		self as usize
	}
}

/// A reporting period: a calendar month (`month` 1–12) or a whole year (`month` 0).
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
pub struct Period {
	/// Year, 2000–2999.
	pub year: u16,
	/// Month 1–12, or 0 for the whole year.
	pub month: u8,
}

impl Period {
	/// Whether the period is well formed.
	pub fn is_valid(&self) -> bool {
		(2000..3000).contains(&self.year) && self.month <= 12
	}
}

/// What an emission record (or a retirement) is about.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum Subject {
	/// The reporting organisation's emissions in a period.
	#[codec(index = 0)]
	Period(Period),
	/// The emissions of making one lot (the reporter produced or owns it).
	#[codec(index = 1)]
	Lot(LotId),
}

/// Review status of an emission record.
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
pub enum RecordStatus {
	/// Awaiting a verifier.
	#[codec(index = 0)]
	Reported,
	/// Verified: counts in footprints and organisation totals.
	#[codec(index = 1)]
	Verified,
	/// Rejected by the verifier.
	#[codec(index = 2)]
	Rejected,
}

/// An emission record (ISO 14064-1 / GHG Protocol).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct EmissionRecord {
	/// Reporting organisation.
	pub reporter: OrgId,
	/// Scope.
	pub scope: Scope,
	/// Amount, kg CO2e.
	pub kg_co2e: u128,
	/// Period or lot.
	pub subject: Subject,
	/// Facility code.
	pub facility: Code,
	/// Methodology code (e.g. `GHGP-S2-LB`, `ISO14067`).
	pub methodology: Code,
	/// Hash of the evidence (meter readings, invoices, calculation workbook).
	pub evidence: DocHash,
	/// When reported.
	pub reported_at: Moment,
	/// Review status.
	pub status: RecordStatus,
	/// The verifier organisation, once decided.
	pub verifier: Option<OrgId>,
	/// When decided.
	pub decided_at: Option<Moment>,
}

/// A half-open range of serials `[start, end)`.
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
pub struct SerialRange {
	/// First serial.
	pub start: Serial,
	/// One past the last serial.
	pub end: Serial,
}

impl SerialRange {
	/// Number of serials (tonnes).
	pub fn len(&self) -> u64 {
		self.end.saturating_sub(self.start)
	}

	/// Whether it holds no serial.
	pub fn is_empty(&self) -> bool {
		self.end <= self.start
	}

	/// Whether `other` lies inside this range.
	pub fn contains(&self, other: &SerialRange) -> bool {
		self.start <= other.start && other.end <= self.end
	}
}

/// A batch of verified credits issued for a project.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Batch {
	/// The issuing registry or verifier.
	pub issuer: OrgId,
	/// Project code.
	pub project: Code,
	/// Vintage year.
	pub vintage: u16,
	/// Methodology code.
	pub methodology: Code,
	/// The serials: `[first, first + quantity)`.
	pub serials: SerialRange,
	/// Hash of the verification report.
	pub evidence: DocHash,
	/// Serials retired.
	pub retired: u64,
	/// Serials cancelled.
	pub cancelled: u64,
	/// When issued.
	pub issued_at: Moment,
	/// Audit trail of the batch's events.
	pub trail: Trail,
}

/// What a retirement is claimed against.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub enum Claim {
	/// A lot's footprint.
	#[codec(index = 0)]
	Lot(LotId),
	/// An organisation's emissions in a period.
	#[codec(index = 1)]
	OrgPeriod(OrgId, Period),
}

/// A retirement certificate.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Certificate {
	/// The batch.
	pub batch: BatchId,
	/// The serials retired.
	pub serials: SerialRange,
	/// The retiring organisation.
	pub retired_by: OrgId,
	/// Beneficiary named on the certificate.
	pub beneficiary: Text,
	/// Reason.
	pub reason: Text,
	/// What the retirement is claimed against, if anything.
	pub claim: Option<Claim>,
	/// When.
	pub at: Moment,
}

/// A cancellation by the registry (e.g. a reversal).
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct Cancellation {
	/// The batch.
	pub batch: BatchId,
	/// The serials cancelled.
	pub serials: SerialRange,
	/// Whose holding they were taken from.
	pub holder: OrgId,
	/// Reason.
	pub reason: Text,
	/// When.
	pub at: Moment,
}

/// A lot's footprint, as the runtime API reports it. Own = the lot's verified records;
/// inherited = for each input consumed in making it, the input's total footprint times the
/// share of the input consumed (`consumed / produced`), rounded **up** to whole kg per input and
/// scope, so a footprint never understates emissions.
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
pub struct Footprint {
	/// The lot's own verified emissions, kg CO2e by scope.
	pub own: ByScope,
	/// Inherited from inputs, kg CO2e by scope.
	pub inherited: ByScope,
	/// `own + inherited` over all scopes, kg CO2e.
	pub total: u128,
	/// Credits retired against the lot, tonnes.
	pub offset_tonnes: u64,
	/// Lots whose records were read (the lot and its ancestors).
	pub lots: u32,
	/// `false` if the ancestry was larger than `MaxFootprintLots` and the rest was left out.
	pub complete: bool,
}

impl Footprint {
	/// Whether the credits retired against the lot cover its complete, non-zero footprint.
	pub fn is_carbon_neutral(&self) -> bool {
		self.complete
			&& self.total > 0
			&& (self.offset_tonnes as u128).saturating_mul(1_000) >= self.total
	}
}
