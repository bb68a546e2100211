//! Storage and call types of the pledge pallet.

use bioledger_primitives::{DocHash, LotId, Moment, OrgId, ProductCode, Quantity, Trail};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{
	pallet_prelude::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::{FixedPointNumber, FixedU128, Permill};

/// An electronic warehouse receipt, numbered sequentially by the chain.
pub type ReceiptId = u64;
/// A pledge (a loan secured by receipts), numbered sequentially by the chain.
pub type PledgeId = u64;
/// An ISO 4217 currency code in upper-case ASCII, e.g. `*b"CNY"`, `*b"USD"`.
pub type CurrencyCode = [u8; 3];

/// The 8-byte tag under which this pallet locks lots in provenance.
pub const LOCK_TAG: [u8; 8] = *b"pledge__";

/// Whether `c` is three upper-case ASCII letters.
pub fn is_currency_code(c: &CurrencyCode) -> bool {
	c.iter().all(|b| b.is_ascii_uppercase())
}

/// A market price: `amount` minor currency units (e.g. fen, cents) for `per` of the product.
///
/// Example: 1,200,000 fen (12,000 CNY) per kg of an API is
/// `Price { currency: *b"CNY", amount: 1_200_000, per: Quantity::new(1_000_000, Milligram) }`.
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
pub struct Price {
	/// Currency of `amount`.
	pub currency: CurrencyCode,
	/// Minor currency units.
	pub amount: u128,
	/// The quantity the amount buys (its unit must match the lots' unit to value them).
	pub per: Quantity,
}

/// One price source's latest price for a product, and the one before it.
///
/// A source posts at most once per `PriceSettlement`, so `prior` is always at least that old:
/// valuations that may end in a foreclosure use the newest *settled* point (the current one
/// once it is old enough, else the prior), so no price posted in the last few blocks can turn
/// a valuation into a foreclosure.
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
pub struct Feed {
	/// The feeding organisation (one feed per organisation and product).
	pub org: OrgId,
	/// The price.
	pub price: Price,
	/// When it was posted (chain time).
	pub posted_at: Moment,
	/// The previous price and when it was posted.
	pub prior: Option<(Price, Moment)>,
}

impl Feed {
	/// The point a valuation uses at `now`: the current price, or (`settled`) the newest of
	/// current and prior that is at least `settlement` old.
	pub fn point(&self, now: Moment, settled: bool, settlement: Moment) -> Option<(Price, Moment)> {
		let old_enough = |at: Moment| !settled || now.saturating_sub(at) >= settlement;
		if old_enough(self.posted_at) {
			Some((self.price, self.posted_at))
		} else {
			self.prior.filter(|(_, at)| old_enough(*at))
		}
	}
}

/// Which price points a valuation may use.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PriceView {
	/// The newest point of every fresh feed (margin calls, acceptance, views).
	Fresh,
	/// Only points at least `PriceSettlement` old (anything that can end in a foreclosure).
	Settled,
}

/// The condition of a lot on a receipt, as provenance last reported it.
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
pub enum Condition {
	/// Usable and not in quarantine.
	#[codec(index = 0)]
	Good,
	/// In quarantine (a failed QC result, an excursion, an investigation): it values at zero at
	/// once for margin calls and new pledges. For a foreclosure it keeps its value until a
	/// laboratory confirms the quarantine with a failed QC result, and then for
	/// `MarginGracePeriod`: a custodian's excursion report alone never hands the goods to the
	/// lender, also not when the borrower (a distributor without GMP) cannot release them
	/// itself. `since` is when the failure was confirmed, [`UNCONFIRMED`] until then.
	#[codec(index = 1)]
	Quarantined {
		/// When it was reported.
		since: Moment,
	},
	/// Recalled (itself or an ancestor), rejected, consumed or destroyed: worthless.
	#[codec(index = 2)]
	Unusable,
}

/// `Condition::Quarantined::since` of a quarantine no failed QC result has confirmed.
pub const UNCONFIRMED: Moment = Moment::MAX;

impl Condition {
	/// The condition of a lot with these facts, reported at `now` (a confirmed quarantine keeps
	/// the time it was first confirmed).
	pub fn of(facts: &bioledger_primitives::LotFacts, before: Condition, now: Moment) -> Self {
		if !facts.usable {
			Condition::Unusable
		} else if facts.quarantined {
			let since = match before {
				_ if !facts.qc_failed => UNCONFIRMED,
				Condition::Quarantined { since } if since != UNCONFIRMED => since,
				_ => now,
			};
			Condition::Quarantined { since }
		} else {
			Condition::Good
		}
	}
}

/// One lot on a receipt: its quantity (fixed by the lock), expiry, and its condition.
/// Provenance tells the pledge pallet of every change of a locked lot, which keeps `condition`
/// current.
#[derive(
	Clone, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Debug,
)]
pub struct ReceiptLot {
	/// The lot.
	pub lot: LotId,
	/// Its quantity (in the receipt's unit).
	pub amount: u128,
	/// Its expiry: from then on it values at zero.
	pub expires_at: Moment,
	/// Its condition.
	pub condition: Condition,
}

impl ReceiptLot {
	/// Whether it counts in a valuation at `now` of the given `view`; a quarantined lot counts
	/// in a settled (foreclosure) valuation until its quarantine has stood for the grace period
	/// (`grace_over(since)`).
	pub fn valuable_at(
		&self,
		now: Moment,
		view: PriceView,
		grace_over: &dyn Fn(Moment) -> bool,
	) -> bool {
		now < self.expires_at
			&& match self.condition {
				Condition::Good => true,
				Condition::Quarantined { since } => {
					view == PriceView::Settled && !grace_over(since)
				},
				Condition::Unusable => false,
			}
	}

	/// Whether it is in good condition and unexpired at `now`.
	pub fn good_at(&self, now: Moment) -> bool {
		self.condition == Condition::Good && now < self.expires_at
	}
}

/// Status of a receipt.
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
pub enum ReceiptStatus {
	/// Outstanding: the goods are in the warehouse and their lots are locked.
	#[codec(index = 0)]
	Active,
	/// Surrendered to the warehouse against the goods; the lots are unlocked. Kept for history.
	#[codec(index = 1)]
	Redeemed,
}

/// An electronic warehouse receipt (EWR) for lots held by a licensed warehouse.
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
#[scale_info(skip_type_params(MaxLots))]
#[codec(mel_bound())]
pub struct Receipt<MaxLots: Get<u32>> {
	/// The issuing warehouse (custodian of the lots).
	pub warehouse: OrgId,
	/// The depositor: the owner of the lots when the receipt was issued.
	pub depositor: OrgId,
	/// The current holder (the depositor, a buyer of the goods in storage, or a lender after
	/// foreclosure).
	pub holder: OrgId,
	/// Product of every lot on the receipt.
	pub product: ProductCode,
	/// The lots (locked in provenance while the receipt is active).
	pub lots: BoundedVec<ReceiptLot, MaxLots>,
	/// Total quantity of the lots at issue (the locks keep it from changing).
	pub quantity: Quantity,
	/// Storage condition the warehouse keeps the goods at, centi-°C.
	pub storage: bioledger_primitives::TemperatureRange,
	/// Issue time.
	pub issued_at: Moment,
	/// Expiry: after it the receipt cannot be transferred or newly pledged (only redeemed).
	pub expires_at: Moment,
	/// Hash of the signed receipt document.
	pub document: DocHash,
	/// The pledge (proposed or active) the receipt is under, if any.
	pub pledge: Option<PledgeId>,
	/// Status.
	pub status: ReceiptStatus,
	/// Audit trail of the receipt's events.
	pub trail: Trail,
}

/// What a pledge finances. Only warehouse receipts today; order financing (the brief's
/// 订单融资, up to 80 % of a purchase order) is the next variant.
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
pub enum Financing {
	/// A loan secured by electronic warehouse receipts.
	#[codec(index = 0)]
	WarehouseReceipts,
}

/// Status of a pledge.
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
pub enum PledgeStatus {
	/// Proposed by the holder, awaiting the lender. The receipts are reserved for it.
	#[codec(index = 0)]
	Proposed,
	/// Accepted: the loan runs and the receipts are pledged.
	#[codec(index = 1)]
	Active,
	/// The lender confirmed repayment and released the receipts.
	#[codec(index = 2)]
	Released,
	/// The lender foreclosed: it became the holder of the receipts.
	#[codec(index = 3)]
	Foreclosed,
	/// The holder withdrew the proposal.
	#[codec(index = 4)]
	Withdrawn,
	/// The lender declined the proposal.
	#[codec(index = 5)]
	Declined,
}

impl PledgeStatus {
	/// Whether the pledge still encumbers its receipts.
	pub fn is_open(self) -> bool {
		matches!(self, PledgeStatus::Proposed | PledgeStatus::Active)
	}
}

/// How far the loan-to-value of an active pledge is above its product's lines.
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
pub enum MarginLevel {
	/// At or below the margin-call line.
	#[codec(index = 0)]
	Healthy,
	/// Above the margin-call line (警戒线): the holder must add collateral or repay; after the
	/// grace period the lender may foreclose.
	#[codec(index = 1)]
	Call,
	/// Above the liquidation line (平仓线): the lender may foreclose at once.
	#[codec(index = 2)]
	Liquidation,
}

/// A pledge of warehouse receipts to a lender (a secured loan).
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
#[scale_info(skip_type_params(MaxReceipts))]
#[codec(mel_bound())]
pub struct PledgeInfo<MaxReceipts: Get<u32>> {
	/// What is financed.
	pub financing: Financing,
	/// The borrower (holder of the receipts when proposed).
	pub borrower: OrgId,
	/// The lender.
	pub lender: OrgId,
	/// The receipts securing the loan.
	pub receipts: BoundedVec<ReceiptId, MaxReceipts>,
	/// Principal lent, minor currency units.
	pub principal: u128,
	/// Principal still owed (principal less recorded repayments).
	pub outstanding: u128,
	/// Currency of the loan (prices in other currencies are not used to value it).
	pub currency: CurrencyCode,
	/// Maturity (repayment due).
	pub maturity: Moment,
	/// Hash of the loan contract.
	pub contract: DocHash,
	/// When proposed.
	pub proposed_at: Moment,
	/// When accepted.
	pub accepted_at: Option<Moment>,
	/// Status.
	pub status: PledgeStatus,
	/// Current margin level as last evaluated.
	pub margin: MarginLevel,
	/// Since when a margin call is outstanding (the grace period counts from here).
	pub margin_since: Option<Moment>,
	/// Audit trail of the pledge's events.
	pub trail: Trail,
}

/// Risk parameters of a product, set by governance. Loan-to-value = outstanding / value.
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
pub struct RiskParams {
	/// Highest loan-to-value a new pledge may start at (the brief's 质押率, 70 %).
	pub max_ltv: Permill,
	/// Margin-call line (警戒线): above it a margin call is made.
	pub margin_call: Permill,
	/// Liquidation line (平仓线): above it the lender may foreclose at once.
	pub liquidation: Permill,
}

impl RiskParams {
	/// `0 < max_ltv < margin_call ≤ liquidation ≤ 100 %`.
	pub fn is_consistent(&self) -> bool {
		!self.max_ltv.is_zero()
			&& self.max_ltv < self.margin_call
			&& self.margin_call <= self.liquidation
	}
}

/// The value of a receipt's goods from the fresh feeds of its product.
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
pub struct Quote {
	/// Median value of the goods, minor units of the currency.
	pub value: u128,
	/// Number of fresh feeds the median was taken over.
	pub feeds: u32,
	/// When the oldest of those feeds was posted.
	pub oldest: Moment,
}

impl<MaxLots: Get<u32>> Receipt<MaxLots> {
	/// The quantity of its lots that counts in a valuation at `now` (bounded by the
	/// receipt's quantity, which was a checked sum at issue).
	pub fn valuable_amount(
		&self,
		now: Moment,
		view: PriceView,
		grace_over: &dyn Fn(Moment) -> bool,
	) -> u128 {
		self.lots
			.iter()
			.filter(|l| l.valuable_at(now, view, grace_over))
			.fold(0u128, |a, l| a.saturating_add(l.amount))
	}

	/// Whether every lot is in good condition and unexpired at `now` (a precondition of
	/// pledging and of selling the receipt).
	pub fn fully_valuable(&self, now: Moment) -> bool {
		self.lots.iter().all(|l| l.good_at(now))
	}

	/// Whether `lot` is on the receipt.
	pub fn has_lot(&self, lot: &LotId) -> bool {
		self.lots.iter().any(|l| l.lot == *lot)
	}
}

/// Why a lot on a receipt values at zero (runtime API `lot_values`).
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
pub enum ZeroReason {
	/// Recalled (itself or an ancestor), rejected, consumed or destroyed.
	Unusable,
	/// In quarantine.
	Quarantined,
	/// Past its expiry.
	Expired,
}

/// One lot of a receipt with its value now (runtime API `lot_values`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct LotValue {
	/// The lot.
	pub lot: LotId,
	/// Its quantity on the receipt.
	pub amount: u128,
	/// Its share of the receipt's value (0 if it values at zero or no quorum prices it).
	pub value: u128,
	/// Why it values at zero, if it does.
	pub zero: Option<ZeroReason>,
}

/// A receipt's valuation as the runtime API reports it.
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
pub struct Valuation {
	/// Currency of the values: the pledge's, or (unpledged) that of the freshest feed.
	pub currency: CurrencyCode,
	/// Median value of this receipt's goods.
	pub value: u128,
	/// Age of the oldest feed used, milliseconds.
	pub price_age: Moment,
	/// Fresh feeds used.
	pub feeds: u32,
	/// Lots that value at zero (recalled, rejected, quarantined or expired).
	pub worthless_lots: u32,
	/// The pledge the receipt is under, if any (proposed or active).
	pub pledge: Option<PledgeId>,
	/// The pledge's loan-to-value over all its receipts (outstanding / total value).
	pub ltv: Option<FixedU128>,
	/// The pledge's health: liquidation value / outstanding (below 1 = past the liquidation
	/// line).
	pub health: Option<FixedU128>,
	/// The pledge's margin level now.
	pub margin: Option<MarginLevel>,
}

/// A pledge's standing from current prices.
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
pub struct Standing {
	/// Total value of the collateral.
	pub value: u128,
	/// Σ value × max LTV of each receipt's product: the most that may be lent against it.
	pub lending_value: u128,
	/// Σ value × margin-call line.
	pub call_value: u128,
	/// Σ value × liquidation line.
	pub liquidation_value: u128,
	/// Oldest feed used.
	pub oldest: Moment,
	/// Fewest fresh feeds behind any receipt's value (`u32::MAX` if no receipt needed a
	/// price: all its lots value at zero).
	pub feeds: u32,
}

impl Standing {
	/// Margin level of a loan of `outstanding` against this collateral.
	pub fn level(&self, outstanding: u128) -> MarginLevel {
		if outstanding > self.liquidation_value {
			MarginLevel::Liquidation
		} else if outstanding > self.call_value {
			MarginLevel::Call
		} else {
			MarginLevel::Healthy
		}
	}

	/// `outstanding / value` (`None` if the collateral is worth nothing).
	pub fn ltv(&self, outstanding: u128) -> Option<FixedU128> {
		FixedU128::checked_from_rational(outstanding, self.value)
	}

	/// `liquidation value / outstanding` (`None` if nothing is owed).
	pub fn health(&self, outstanding: u128) -> Option<FixedU128> {
		FixedU128::checked_from_rational(self.liquidation_value, outstanding)
	}
}

/// A pledge at risk, as `pledges_at_risk` reports it.
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
pub struct AtRisk {
	/// The pledge.
	pub pledge: PledgeId,
	/// Its loan-to-value now.
	pub ltv: FixedU128,
	/// Its margin level now.
	pub margin: MarginLevel,
	/// Since when a margin call is outstanding.
	pub margin_since: Option<Moment>,
}
