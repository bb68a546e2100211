//! Glue traits: the only way BioLedger pallets learn about each other.
//!
//! A pallet that needs to know who an account acts for, or to lock a lot, names one of these
//! traits on its `Config`; the runtime wires the implementing pallet in. No pallet reads another
//! pallet's storage.

use crate::{
	CredentialKind, GatedAction, LotId, Moment, OrgId, OrgKind, Role, RoleSet, Sm2PublicKey,
};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sp_runtime::DispatchResult;

/// Who is who in the consortium. Implemented by `pallet-consortium`.
pub trait Membership<AccountId> {
	/// The organisation `who` is linked to, whatever its status.
	fn org_of(who: &AccountId) -> Option<OrgId>;

	/// The roles `who` holds in its organisation (empty if not linked).
	fn roles_of(who: &AccountId) -> RoleSet;

	/// Whether `org` exists and is [`crate::OrgStatus::Active`].
	fn is_active(org: OrgId) -> bool;

	/// The kind of `org`, if it exists.
	fn kind_of(org: OrgId) -> Option<OrgKind>;

	/// Whether `org` holds a credential of `kind` that counts at chain time `at`: issued by an
	/// admitted issuer under a valid seal (or a v1 credential inside the transition window),
	/// active (not suspended, revoked or surrendered) and inside its validity window.
	fn has_valid_credential(org: OrgId, kind: CredentialKind, at: Moment) -> bool;

	/// Whether `org` may take `action` at `at`: it holds a counting credential of every kind
	/// governance requires for the action. `Err` names the first kind missing.
	fn qualified(org: OrgId, action: GatedAction, at: Moment) -> Result<(), CredentialKind>;

	/// The SM2 e-seal public key of `org` that was valid at `at` (old keys stay on record with
	/// their validity window, so old signatures verify against the key of their time).
	fn eseal_key_at(org: OrgId, at: Moment) -> Option<Sm2PublicKey>;

	/// The active organisation `who` acts for, if `who` holds `role` in it. This is the check
	/// every role-gated extrinsic starts with.
	fn acting_org(who: &AccountId, role: Role) -> Option<OrgId> {
		let org = Self::org_of(who)?;
		(Self::is_active(org) && Self::roles_of(who).contains(role)).then_some(org)
	}
}

/// Identifies who holds a lock on a lot: the locking pallet's 8-byte tag and its own object id
/// (e.g. `(*b"pledge__", receipt_id)`).
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
	serde::Serialize,
	serde::Deserialize,
)]
pub struct LockHolder {
	/// Tag of the pallet that holds the lock.
	pub pallet: [u8; 8],
	/// The holder's own id for the object that needs the lock (a receipt, a pledge, ...).
	pub id: u64,
}

/// Locks on lots. Implemented by `pallet-provenance`, used by `pallet-pledge`.
///
/// A locked lot cannot be shipped, consumed, split, merged or destroyed until every holder that
/// locked it has unlocked it, and its title moves only through the lock holder
/// ([`LotLock::transfer_title`]): title follows the warehouse receipt that locks it.
pub trait LotLock {
	/// Lock `lot` for `holder`. Fails if the lot does not exist, is not in a lockable state, or
	/// is already locked by someone else.
	fn lock(lot: &LotId, holder: LockHolder) -> DispatchResult;

	/// Remove `holder`'s lock on `lot`. Fails if `holder` does not hold it.
	fn unlock(lot: &LotId, holder: LockHolder) -> DispatchResult;

	/// Who holds the lock on `lot`, if anyone.
	fn locked_by(lot: &LotId) -> Option<LockHolder>;

	/// Move the title (ownership) of a locked lot to `to`, on behalf of the lock `holder` (a
	/// receipt changing hands, a foreclosure). Fails if `holder` does not hold the lock.
	fn transfer_title(lot: &LotId, holder: LockHolder, to: OrgId) -> DispatchResult;
}

/// A QA decision an owner takes on a lot with `set_status`, as a lock holder sees it.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen, TypeInfo, Debug)]
pub enum QaDecision {
	/// Release for use or sale.
	Release,
	/// Block pending investigation.
	Quarantine,
	/// Reject for good.
	Reject,
}

/// What a lock holder says about the lots it locked (implemented by `pallet-pledge`, called by
/// `pallet-provenance`; `()` = no holder cares).
pub trait LockHolderHooks {
	/// Whether the owner of `lot`, locked by `holder`, may take `decision` now. The owner keeps
	/// the right to quarantine (safety); a lock holder with a stake in the goods (a lender) may
	/// refuse the decisions that would destroy or misstate their value.
	fn may_decide(lot: &LotId, holder: LockHolder, decision: QaDecision) -> bool;

	/// A locked lot's condition changed (QA status, recall, quarantine by a QC failure or a
	/// cold-chain excursion): the holder re-values what it secures, at once.
	fn on_locked_lot_changed(lot: &LotId, holder: LockHolder);

	/// Upper bound of the weight of one [`Self::on_locked_lot_changed`]; callers charge it.
	fn on_locked_lot_changed_weight() -> Weight;
}

impl LockHolderHooks for () {
	fn may_decide(_: &LotId, _: LockHolder, _: QaDecision) -> bool {
		true
	}
	fn on_locked_lot_changed(_: &LotId, _: LockHolder) {}
	fn on_locked_lot_changed_weight() -> Weight {
		Weight::zero()
	}
}

// ---------------------------------------------------------------------------------------------
// Provenance glue: QC results, cold chain, receipts, lot facts.
// ---------------------------------------------------------------------------------------------

use crate::{DocHash, ProductCode, Quantity};
use frame_support::{traits::ConstU32, weights::Weight, BoundedVec};

/// Maximum length of a QC parameter code (e.g. `PURITY`, `ENDOTOXIN`, `ASSAY`).
pub const MAX_PARAM_CODE_LEN: u32 = 16;
/// Maximum length of a QC unit code (e.g. `0.1%`, `EU/mg`, `cfu/g`).
pub const MAX_UNIT_CODE_LEN: u32 = 8;

/// A QC parameter code.
pub type ParamCode = BoundedVec<u8, ConstU32<MAX_PARAM_CODE_LEN>>;
/// A QC unit code. A value and a specification limit compare only in the same unit code.
pub type UnitCode = BoundedVec<u8, ConstU32<MAX_UNIT_CODE_LEN>>;

/// One measured QC parameter: a scaled integer in a named unit (e.g. purity 985 in `0.1%` is
/// 98.5 %; endotoxin 30 in `0.01EU/mg` is 0.30 EU/mg).
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct QcParam {
	/// Parameter code.
	pub code: ParamCode,
	/// Measured value, scaled integer.
	pub value: i64,
	/// Unit code (includes the scale).
	pub unit: UnitCode,
}

/// Longest range proof a committed QC parameter may carry (an aggregated 2 × 64-bit
/// Bulletproofs proof is 736 bytes).
pub const MAX_RANGE_PROOF_LEN: u32 = 800;

/// A confidential measured value: its Pedersen commitment and a proof that it lies within the
/// agreement's committed limits. An empty proof declares the value out of specification.
#[derive(
	Clone,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub struct CommittedParam {
	/// Parameter code.
	pub code: ParamCode,
	/// Unit code (includes the scale).
	pub unit: UnitCode,
	/// Commitment to the measured value (`crate::ValueCommitment`).
	pub value: [u8; 32],
	/// Range proof against the committed limits; empty: out of specification.
	pub proof: BoundedVec<u8, ConstU32<MAX_RANGE_PROOF_LEN>>,
}

/// Why the quality rules refuse a committed QC result before anything is recorded.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CommittedQcRefusal {
	/// No agreement with committed limits governs the lot.
	NoCommittedSpec,
	/// A range proof does not verify against the committed limits.
	ProofRejected,
	/// The payload cannot be committed to the agreement's collection (the tester is not a
	/// party, the payload exists, or the collection is full or purged).
	Payload,
}

/// What the quality rules say about a QC result.
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
	serde::Serialize,
	serde::Deserialize,
)]
pub enum QcVerdict {
	/// No agreement applies: the result is on record, nothing was checked.
	NotChecked,
	/// Every specified item conforms.
	Pass,
	/// At least one item does not conform (or is missing).
	Fail,
}

/// A QC result as handed to [`QcHook::on_qc_result`].
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct QcContext<'a> {
	/// The lot tested.
	pub lot: &'a LotId,
	/// The lot it was split from (through any number of splits), or the lot itself: a lot and
	/// its split parts count once together in a scorecard.
	pub origin: &'a LotId,
	/// Its product.
	pub product: &'a ProductCode,
	/// Who made it (the supplier).
	pub producer: OrgId,
	/// Who owns it (the buyer, once received).
	pub owner: OrgId,
	/// Who recorded the result.
	pub tested_by: OrgId,
	/// Index of the result on the lot.
	pub index: u32,
	/// The measured values.
	pub params: &'a [QcParam],
	/// Certificate of analysis (for a committed result: the payload's commitment, which holds
	/// the values, their blinding factors and the CoA).
	pub coa: DocHash,
	/// When.
	pub at: Moment,
	/// Confidential values (empty for a public result).
	pub committed: &'a [CommittedParam],
}

/// A cold-chain excursion as handed to [`QcHook::on_excursion`].
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ExcursionContext<'a> {
	/// The lot.
	pub lot: &'a LotId,
	/// The lot it was split from, or the lot itself (see [`QcContext::origin`]).
	pub origin: &'a LotId,
	/// Its product.
	pub product: &'a ProductCode,
	/// Its producer (supplier).
	pub producer: OrgId,
	/// Its owner.
	pub owner: OrgId,
	/// Who had custody when it happened (e.g. the carrier).
	pub custodian: OrgId,
	/// Carrier of the shipment the lot is on, if in transit.
	pub carrier: Option<OrgId>,
	/// Receiver of the shipment the lot is on, if in transit.
	pub consignee: Option<OrgId>,
	/// The shipment the lot is on, if in transit (excursions count once per lot and shipment).
	pub shipment: Option<u64>,
	/// Lowest and highest observed temperature, centi-°C.
	pub observed: (i32, i32),
	/// How long it lasted, seconds.
	pub duration_secs: u32,
	/// When it was reported.
	pub at: Moment,
}

/// A received shipment's lot as handed to [`QcHook::on_received`].
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ReceiptContext<'a> {
	/// The lot.
	pub lot: &'a LotId,
	/// Its product.
	pub product: &'a ProductCode,
	/// Its producer.
	pub producer: OrgId,
	/// Sender.
	pub from: OrgId,
	/// Receiver.
	pub to: OrgId,
	/// Carrier, if any.
	pub carrier: Option<OrgId>,
	/// The shipment.
	pub shipment: u64,
	/// Promised delivery time (set by the sender).
	pub promised_at: Moment,
	/// Whether the receiver agreed to the promised time while the shipment was in transit;
	/// only an agreed promise is scored as on time or late.
	pub promise_agreed: bool,
	/// Actual receipt time.
	pub received_at: Moment,
}

/// What the receiver's quality rules do with a lot that arrives.
#[derive(Clone, Copy, PartialEq, Eq, Default, Debug)]
pub struct Arrival {
	/// Put it in quarantine pending QC (e.g. the supplier's tier requires full testing).
	pub quarantine: bool,
	/// Keep the supplier's release: the agreement makes the supplier's QA release binding.
	/// Otherwise a released lot arrives unreleased and the buyer's QA releases it after its
	/// own inspection.
	pub keep_release: bool,
}

/// The quality rules provenance consults (implemented by `pallet-quality`; `()` = no rules).
pub trait QcHook {
	/// A QC result was recorded: check it and return the verdict. A `Fail` quarantines the lot.
	fn on_qc_result(ctx: &QcContext) -> QcVerdict;
	/// Before a committed QC result (`ctx.committed` not empty) is recorded: whether an
	/// agreement with committed limits governs the lot, every range proof verifies, and the
	/// payload can be committed to the agreement's collection. Read-only.
	fn check_committed(ctx: &QcContext) -> Result<(), CommittedQcRefusal>;
	/// A cold-chain reading outside the lot's range was reported. Return `true` if the applicable
	/// agreement tolerates it (e.g. at most 30 minutes outside 2–8 °C); otherwise the lot is
	/// quarantined.
	fn on_excursion(ctx: &ExcursionContext) -> bool;
	/// A lot was received: what the receiver's quality rules do with it. The agreement in
	/// force at receipt governs the lot (and its split parts) from then on, even after it ends.
	fn on_received(ctx: &ReceiptContext) -> Arrival;
	/// Whether releasing this lot needs a passing QC result on record (`false` = skip-lot
	/// testing allowed). `origin`: the lot it was split from (or itself).
	fn qc_required_for_release(
		origin: &LotId,
		product: &ProductCode,
		producer: OrgId,
		owner: OrgId,
	) -> bool;
	/// The storage range the parties agreed for a lot of `producer`'s `product` bought by
	/// `buyer` (excursions are judged against it rather than the range the producer chose).
	fn agreed_storage(
		origin: &LotId,
		product: &ProductCode,
		producer: OrgId,
		buyer: OrgId,
	) -> Option<crate::TemperatureRange>;
	/// Whether a nonconformance opened on this lot (or the lot it was split from) is still
	/// open: the lot may not be released until it is closed.
	fn open_nonconformance(origin: &LotId) -> bool;

	/// Upper bound of the weight of [`Self::on_qc_result`] with `params` parameters. Callers add
	/// it to their own (benchmarked) weight.
	fn on_qc_result_weight(params: u32) -> Weight;
	/// Upper bound of the weight of [`Self::check_committed`] with `params` committed
	/// parameters (range proofs verified) and of the payload commitment in `on_qc_result`.
	fn check_committed_weight(params: u32) -> Weight;
	/// Upper bound of the weight of [`Self::on_excursion`].
	fn on_excursion_weight() -> Weight;
	/// Upper bound of the weight of one [`Self::on_received`].
	fn on_received_weight() -> Weight;
	/// Upper bound of the weight of [`Self::qc_required_for_release`] and
	/// [`Self::open_nonconformance`] together.
	fn qc_required_for_release_weight() -> Weight;
}

impl QcHook for () {
	fn on_qc_result(_: &QcContext) -> QcVerdict {
		QcVerdict::NotChecked
	}
	fn check_committed(_: &QcContext) -> Result<(), CommittedQcRefusal> {
		Err(CommittedQcRefusal::NoCommittedSpec)
	}
	fn on_excursion(_: &ExcursionContext) -> bool {
		false
	}
	fn on_received(_: &ReceiptContext) -> Arrival {
		Arrival { quarantine: false, keep_release: true }
	}
	fn qc_required_for_release(_: &LotId, _: &ProductCode, _: OrgId, _: OrgId) -> bool {
		true
	}
	fn agreed_storage(
		_: &LotId,
		_: &ProductCode,
		_: OrgId,
		_: OrgId,
	) -> Option<crate::TemperatureRange> {
		None
	}
	fn open_nonconformance(_: &LotId) -> bool {
		false
	}
	fn on_qc_result_weight(_: u32) -> Weight {
		Weight::zero()
	}
	fn check_committed_weight(_: u32) -> Weight {
		Weight::zero()
	}
	fn on_excursion_weight() -> Weight {
		Weight::zero()
	}
	fn on_received_weight() -> Weight {
		Weight::zero()
	}
	fn qc_required_for_release_weight() -> Weight {
		Weight::zero()
	}
}

/// Facts about a lot other pallets may read (implemented by `pallet-provenance`).
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct LotFacts {
	/// Product code.
	pub product: ProductCode,
	/// Producer.
	pub producer: OrgId,
	/// Owner.
	pub owner: OrgId,
	/// Custodian.
	pub custodian: OrgId,
	/// Remaining quantity.
	pub remaining: Quantity,
	/// Quantity produced.
	pub produced: Quantity,
	/// Storage condition.
	pub storage: Option<crate::TemperatureRange>,
	/// Whether it may be used at all (not recalled, consumed, destroyed, rejected).
	pub usable: bool,
	/// Whether QA holds it in quarantine (a failed QC result, an excursion, an investigation).
	pub quarantined: bool,
	/// Whether its latest QC result failed (a quarantine confirmed by a laboratory, rather than
	/// a custodian's excursion report or an investigation).
	pub qc_failed: bool,
	/// Whether a recall walk still running may reach it (it is not known to be recalled yet, but
	/// it must not be pledged, receipted or handed on until the walk has passed).
	pub recall_pending: bool,
	/// Expiry (retest) time.
	pub expires_at: Moment,
}

impl LotFacts {
	/// Whether the goods have a value as collateral at `now`: usable, not quarantined, not
	/// expired. Recalled, rejected, quarantined or expired goods value at zero.
	pub fn valuable_at(&self, now: Moment) -> bool {
		self.usable && !self.quarantined && now < self.expires_at
	}
}

/// Read access to lots and their genealogy.
pub trait Lots {
	/// Facts about a lot.
	fn facts(lot: &LotId) -> Option<LotFacts>;
	/// The inputs a lot was made from: `(input, quantity consumed, input's produced quantity)`.
	fn inputs(lot: &LotId) -> alloc::vec::Vec<(LotId, u128, u128)>;
}

/// Told when an organisation's credential stops being valid (expiry or revocation); the quality
/// pallet counts lapses in the supplier scorecard. Implemented by `pallet-quality`.
pub trait OnCredentialLapse {
	/// `org`'s credential of `kind` lapsed at `at`.
	fn on_credential_lapse(org: OrgId, kind: CredentialKind, at: Moment);
}

impl OnCredentialLapse for () {
	fn on_credential_lapse(_: OrgId, _: CredentialKind, _: Moment) {}
}

/// Time the chain spent in an emergency stop (safe mode), when no party could act on a
/// business call. Deadlines that run against a party who must act (a margin call's grace, a
/// loan's grace after maturity, a quarantine's grace before it counts in a foreclosure) do not
/// run while the chain is stopped.
pub trait PausedTime {
	/// Milliseconds of `[from, to)` the chain spent in safe mode.
	fn paused_between(from: crate::Moment, to: crate::Moment) -> crate::Moment;
}

impl PausedTime for () {
	fn paused_between(_: crate::Moment, _: crate::Moment) -> crate::Moment {
		0
	}
}
