//! # Provenance pallet
//!
//! The traceability core of BioLedger, in the spirit of GS1 EPCIS events: **commission**
//! (`create_lot`), **transform** (`transform`, `split`, `merge`), **ship/receive**
//! (`ship`, `receive`, `refuse`), **inspect** (`record_qc_result`, `set_status`,
//! `report_excursion`) and **decommission** (`destroy`), plus `recall` of a lot and everything
//! made from it, and locks on lots held by other pallets (`LotLock`, used by the pledge pallet).
//!
//! - Every lot carries an **audit trail**: `head = blake2_256(previous head ‖ SCALE(event))`
//!   over every event of this pallet that names the lot, with a counter.
//! - **Genealogy**: each lot lists its inputs with the quantity consumed; a `Children` index
//!   makes forward tracing a prefix iteration instead of a scan. Mass balance is exact:
//!   `produced = remaining + used + written_off` for every lot.
//! - **Recall** marks the lot at once and walks its descendants in the background, at most
//!   [`Config::MaxRecallVisitsPerBlock`] genealogy edges per block, however large the genealogy.
//!   While a walk is running, actions on a lot check its ancestry (up to
//!   [`Config::MaxAncestorCheck`] lots) so that no descendant of a recalled lot is shipped,
//!   consumed or released in the meantime.
//! - **QC results** are handed to the [`QcHook`] (the quality pallet checks them against the
//!   active agreement); a `Fail` quarantines the lot.
//! - A **cold-chain excursion** outside the lot's range quarantines it in the same block, unless
//!   the hook says the agreement tolerates it.
//!
//! Every call checks origin, role, credential and state before writing; a failed call changes
//! nothing. See the README for tables of calls, storage, events, errors and runtime API.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod events;
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
	CommittedParam, DocHash, GatedAction, LockHolder, LockHolderHooks, LotId, Membership, Moment,
	OrgId, PayloadHash, ProductCode, QcHook, QcParam, Quantity, Role, TemperatureRange,
};
use frame_support::{
	pallet_prelude::*,
	traits::{fungible, Time},
};
use frame_system::pallet_prelude::*;

/// Most splits walked back to find the lot a QC result or excursion counts under (its split
/// origin); the calls charge reading this many lots.
pub const SPLIT_ORIGIN_DEPTH: u32 = 16;

/// A balance of the deposit currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;

/// Storage form of a lot.
pub type LotOf<T> = Lot<<T as Config>::MaxParents, <T as Config>::MaxDocs>;
/// Call form of a transform output.
pub type OutputLotOf<T> = OutputLot<<T as Config>::MaxParents>;
/// Storage form of a shipment.
pub type ShipmentOf<T> = Shipment<<T as Config>::MaxLotsPerShipment>;
/// Storage form of a QC result.
pub type QcResultOf<T> = QcResult<<T as Config>::MaxQcParams>;

impl<T: Config> Get<u32> for MaxWalks<T> {
	fn get() -> u32 {
		T::MaxActiveRecalls::get().saturating_add(T::MaxUrgentRecalls::get())
	}
}

/// Runtime hooks the benchmarks need.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// An account with `role` in a fresh active organisation of `kind` that holds valid
	/// credentials of every kind; returns the account and the organisation.
	fn member(seed: u32, role: Role, kind: bioledger_primitives::OrgKind) -> (AccountId, OrgId);
	/// Set chain time.
	fn set_time(now: Moment);
}

#[frame_support::pallet_macros::import_section(events::events)]
#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// v2: regulators' recall queue and per-producer recall counts (`migrations::v2`); v3:
	/// ancestry filters and walk roots (`migrations::v3`).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who acts for which organisation, with which roles and credentials.
		type Membership: Membership<Self::AccountId>;

		/// Chain time (milliseconds since the Unix epoch).
		type Time: Time<Moment = Moment>;

		/// Quality rules consulted on QC results, excursions, receipts and release.
		type QcHook: QcHook;

		/// The holders of locks on lots (the pledge pallet): consulted before an owner's QA
		/// decision on a locked lot and told when a locked lot's condition changes.
		type LockHooks: LockHolderHooks;

		/// The currency lot deposits are held in.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The runtime's hold reasons.
		type RuntimeHoldReason: From<HoldReason>;

		/// Held from the account that makes a lot (commissioning, transform, split or merge),
		/// released when the lot is used up or destroyed: anyone who can grow the lot table
		/// pays for what it keeps there.
		#[pallet::constant]
		type LotDeposit: Get<BalanceOf<Self>>;

		/// Most inputs of one output lot (and of a merge).
		#[pallet::constant]
		type MaxParents: Get<u32>;

		/// Most output lots of a transform or split.
		#[pallet::constant]
		type MaxOutputs: Get<u32>;

		/// Most documents anchored to one lot.
		#[pallet::constant]
		type MaxDocs: Get<u32>;

		/// Most parameters in one QC result.
		#[pallet::constant]
		type MaxQcParams: Get<u32>;

		/// Most QC results one lot may carry (retests included): no one grows a lot's results
		/// without bound.
		#[pallet::constant]
		type MaxQcResultsPerLot: Get<u32>;

		/// Most lots on one shipment.
		#[pallet::constant]
		type MaxLotsPerShipment: Get<u32>;

		/// Most producers' recalls propagating at once.
		#[pallet::constant]
		type MaxActiveRecalls: Get<u32>;

		/// Most recalls one producer may have propagating at once (so that one member cannot
		/// fill the queue for the others).
		#[pallet::constant]
		type MaxRecallsPerOrg: Get<u32>;

		/// Most regulators' recalls propagating at once. They have their own queue, walked
		/// before the producers' one: no member can crowd out or delay a regulator's recall.
		#[pallet::constant]
		type MaxUrgentRecalls: Get<u32>;

		/// Genealogy edges a recall walk visits per block (all recalls together).
		#[pallet::constant]
		type MaxRecallVisitsPerBlock: Get<u32>;

		/// Most ancestors checked for a recall while a recall walk is still running; a lot with
		/// a larger ancestry waits (`RecallInProgress`) until the walk finishes.
		#[pallet::constant]
		type MaxAncestorCheck: Get<u32>;

		/// How long after its promised delivery a shipment its receiver has not answered can be
		/// taken back by the sender (`cancel_shipment`).
		#[pallet::constant]
		type ShipmentTimeout: Get<Moment>;

		/// Most lots a trace or impact query returns.
		#[pallet::constant]
		type MaxTraceResults: Get<u32>;

		/// Weights from the benchmarks.
		type WeightInfo: WeightInfo;

		/// Runtime hooks for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Lots by id.
	#[pallet::storage]
	pub type Lots<T: Config> = StorageMap<_, Blake2_128Concat, LotId, LotOf<T>>;

	/// Children index: `(parent, child) → quantity of parent consumed into child`.
	#[pallet::storage]
	pub type Children<T> =
		StorageDoubleMap<_, Blake2_128Concat, LotId, Blake2_128Concat, LotId, u128>;

	/// QC results of a lot, by index.
	#[pallet::storage]
	pub type QcResults<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, LotId, Twox64Concat, u32, QcResultOf<T>>;

	/// Next shipment id.
	#[pallet::storage]
	pub type NextShipmentId<T> = StorageValue<_, ShipmentId, ValueQuery>;

	/// Shipments.
	#[pallet::storage]
	pub type Shipments<T: Config> = StorageMap<_, Twox64Concat, ShipmentId, ShipmentOf<T>>;

	/// Shipments an organisation sent, received or carried.
	#[pallet::storage]
	pub type OrgShipments<T> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Twox64Concat, ShipmentId, (), OptionQuery>;

	/// Next recall id.
	#[pallet::storage]
	pub type NextRecallId<T> = StorageValue<_, RecallId, ValueQuery>;

	/// Recalls.
	#[pallet::storage]
	pub type Recalls<T> = StorageMap<_, Twox64Concat, RecallId, Recall>;

	/// Producers' recalls whose walk through the genealogy is still running, oldest first.
	#[pallet::storage]
	pub type Propagating<T: Config> =
		StorageValue<_, BoundedVec<RecallId, T::MaxActiveRecalls>, ValueQuery>;

	/// Regulators' recalls whose walk is still running, oldest first; walked before
	/// [`Propagating`].
	#[pallet::storage]
	pub type UrgentPropagating<T: Config> =
		StorageValue<_, BoundedVec<RecallId, T::MaxUrgentRecalls>, ValueQuery>;

	/// Producers' recalls still propagating, per ordering organisation.
	#[pallet::storage]
	pub type ActiveRecallsOf<T> = StorageMap<_, Twox64Concat, OrgId, u32, ValueQuery>;

	/// An owner's consent that the custodian of its lot ships it as a sale to a buyer (e.g. a
	/// 3PL warehouse fulfilling the owner's order): `lot → (owner who consented, buyer)`. Used
	/// up by that shipment; void once the title has moved to someone else.
	#[pallet::storage]
	pub type TitleConsents<T> = StorageMap<_, Blake2_128Concat, LotId, (OrgId, OrgId)>;

	/// Shipments whose promised delivery time the receiver agreed to (only these are scored
	/// on time or late). Cleared when the shipment closes.
	#[pallet::storage]
	pub type AgreedPromises<T> = StorageMap<_, Twox64Concat, ShipmentId, ()>;

	/// Work queue of a recall walk: `(recall, position) → (lot, last child visited)`.
	#[pallet::storage]
	pub type RecallFrontier<T> = StorageDoubleMap<
		_,
		Twox64Concat,
		RecallId,
		Twox64Concat,
		u32,
		(LotId, Option<LotId>),
		OptionQuery,
	>;

	/// Every lot a recall reached (its impact).
	#[pallet::storage]
	pub type RecallImpact<T> =
		StorageDoubleMap<_, Twox64Concat, RecallId, Blake2_128Concat, LotId, (), OptionQuery>;

	/// The v2 migration's shipments still to check: `(next, end)` (`migrations`).
	#[pallet::storage]
	pub type ShipmentsToCheck<T> = StorageValue<_, (ShipmentId, ShipmentId)>;

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a live lot.
		LotDeposit,
	}

	/// Deposits held for live lots made since v3: who paid, how much.
	#[pallet::storage]
	pub type LotDeposits<T: Config> =
		StorageMap<_, Blake2_128Concat, LotId, (T::AccountId, BalanceOf<T>)>;

	/// Ancestry filter of each lot made since v3 (`features::ancestry`).
	#[pallet::storage]
	pub type AncestryFilters<T> = StorageMap<_, Blake2_128Concat, LotId, AncestryFilter>;

	/// Running recall walks and the filter positions of their roots.
	#[pallet::storage]
	pub type WalkRoots<T: Config> =
		StorageValue<_, BoundedVec<(RecallId, [u16; 3]), MaxWalks<T>>, ValueQuery>;

	/// Contract laboratories an owner lets record QC results on its lots: `(owner, lab) → ()`.
	#[pallet::storage]
	pub type ContractLabs<T> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Twox64Concat, OrgId, (), OptionQuery>;

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			Self::propagate_recalls().saturating_add(Self::step_shipment_migration())
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Commission a lot (GS1 EPCIS *commission*).
		///
		/// Origin: an operator of an active organisation qualified for `GatedAction::CommissionLots`; it
		/// becomes producer, owner and custodian.
		/// Errors: `NotAuthorized`, `MissingCredential`, `InvalidLotId`, `LotExists`,
		/// `InvalidQuantity`, `InvalidExpiry`, `InvalidRange`. Emits `LotCreated`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_lot())]
		pub fn create_lot(
			origin: OriginFor<T>,
			id: LotId,
			product: ProductCode,
			quantity: Quantity,
			expires_at: Moment,
			storage: Option<TemperatureRange>,
		) -> DispatchResult {
			let (who, org) = Self::ensure_role_who(origin, Role::Operator)?;
			Self::ensure_qualified(org, GatedAction::CommissionLots)?;
			Self::do_create_lot(org, id.clone(), product, quantity, expires_at, storage)?;
			Self::hold_lot_deposits(&who, [&id])
		}

		/// Transform input lots into new output lots (*transform*). Each output names the
		/// inputs and quantities it consumed; an input that reaches zero becomes `Consumed`.
		///
		/// Origin: an operator of an active organisation qualified for `GatedAction::TransformLots` that
		/// owns and holds every input.
		/// Errors: `NotAuthorized`, `MissingCredential`, `Empty`, `InvalidLotId`, `LotExists`,
		/// `Duplicate`, `InvalidQuantity`, `InvalidExpiry`, `InvalidRange`, `LotNotFound`,
		/// `NotOwner`, `NotCustodian`, `InvalidStatus`, `Locked`, `Recalled`,
		/// `RecallInProgress`, `InsufficientQuantity`.
		/// Emits `Transformed` per output and `LotConsumed` per used-up input.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::transform(
			outputs.len() as u32,
			outputs.iter().map(|o| o.inputs.len() as u32).max().unwrap_or(0),
		).saturating_add(T::WeightInfo::check_ancestry(T::MaxAncestorCheck::get())))]
		pub fn transform(
			origin: OriginFor<T>,
			outputs: BoundedVec<OutputLotOf<T>, T::MaxOutputs>,
		) -> DispatchResultWithPostInfo {
			let (who, org) = Self::ensure_role_who(origin, Role::Operator)?;
			Self::ensure_qualified(org, GatedAction::TransformLots)?;
			let ids: Vec<LotId> = outputs.iter().map(|o| o.id.clone()).collect();
			let post = Self::do_transform(org, outputs)?;
			Self::hold_lot_deposits(&who, &ids)?;
			Ok(post)
		}

		/// Split a lot into new lots of the same product.
		///
		/// Origin: an operator of the owner, which must also hold the lot.
		/// Errors: `NotAuthorized`, `Empty`, `InvalidLotId`, `LotExists`, `Duplicate`,
		/// `InvalidQuantity`, `LotNotFound`, `NotOwner`, `NotCustodian`, `InvalidStatus`,
		/// `Locked`, `Recalled`, `RecallInProgress`, `InsufficientQuantity`.
		/// Emits `Split` (and `LotConsumed` if nothing is left).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::split(parts.len() as u32)
			.saturating_add(T::WeightInfo::check_ancestry(T::MaxAncestorCheck::get())))]
		pub fn split(
			origin: OriginFor<T>,
			lot: LotId,
			parts: BoundedVec<(LotId, u128), T::MaxOutputs>,
		) -> DispatchResultWithPostInfo {
			let (who, org) = Self::ensure_role_who(origin, Role::Operator)?;
			let ids: Vec<LotId> = parts.iter().map(|(id, _)| id.clone()).collect();
			let post = Self::do_split(org, lot, parts)?;
			Self::hold_lot_deposits(&who, &ids)?;
			Ok(post)
		}

		/// Merge lots of one product and unit into a new lot; the inputs are consumed whole.
		///
		/// Origin: an operator of the owner, which must also hold the lots.
		/// Errors: `NotAuthorized`, `Empty`, `InvalidLotId`, `LotExists`, `Duplicate`,
		/// `LotNotFound`, `NotOwner`, `NotCustodian`, `InvalidStatus`, `Locked`, `Recalled`,
		/// `RecallInProgress`, `ProductMismatch`, `InvalidQuantity`.
		/// Emits `Merged` and `LotConsumed` per input.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::merge(inputs.len() as u32)
			.saturating_add(T::WeightInfo::check_ancestry(T::MaxAncestorCheck::get())))]
		pub fn merge(
			origin: OriginFor<T>,
			inputs: BoundedVec<LotId, T::MaxParents>,
			output: LotId,
		) -> DispatchResultWithPostInfo {
			let (who, org) = Self::ensure_role_who(origin, Role::Operator)?;
			let post = Self::do_merge(org, inputs, output.clone())?;
			Self::hold_lot_deposits(&who, [&output])?;
			Ok(post)
		}

		/// Ship whole lots to another organisation (*ship*). They are `InTransit` until the
		/// receiver receives or refuses them. Custody is not title: a sale
		/// (`transfers_ownership`) needs the shipper to own every lot, or the owner's consent
		/// (`consent_title_transfer`) to sell it to `to`, which the shipment uses up.
		///
		/// Origin: an operator of the custodian of every lot.
		/// Errors: `NotAuthorized`, `Empty`, `Duplicate`, `SameOrg`, `InactiveOrg`,
		/// `InvalidPromise`, `LotNotFound`, `NotCustodian`, `NoTitle`, `InvalidStatus`,
		/// `Locked`, `Recalled`, `RecallInProgress`. Emits `Shipped`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::ship(lots.len() as u32)
			.saturating_add(T::WeightInfo::check_ancestry(T::MaxAncestorCheck::get())))]
		pub fn ship(
			origin: OriginFor<T>,
			lots: BoundedVec<LotId, T::MaxLotsPerShipment>,
			to: OrgId,
			carrier: Option<OrgId>,
			promised_at: Moment,
			transfers_ownership: bool,
		) -> DispatchResultWithPostInfo {
			let org = Self::ensure_role(origin, Role::Operator)?;
			Self::do_ship(org, lots, to, carrier, promised_at, transfers_ownership)
		}

		/// Receive a shipment (*receive*): custody, and for a sale ownership, move to the
		/// receiver; each lot returns to its status before shipping, or to `Quarantined` if the
		/// quality rules say so (supplier tier).
		///
		/// `lots` is a witness: the number of lots in the shipment (from its `Shipped` event or
		/// `ProvenanceApi::shipment`). The call is charged for that many lots (at most
		/// `MaxLotsPerShipment`) instead of the largest possible shipment.
		///
		/// Origin: an operator of the receiver.
		/// Errors: `NotAuthorized`, `ShipmentNotFound`, `ShipmentClosed`, `WitnessTooLow`.
		/// Emits `Received`.
		#[pallet::call_index(5)]
		#[pallet::weight({
			let n = (*lots).min(T::MaxLotsPerShipment::get());
			T::WeightInfo::receive(n)
				.saturating_add(T::QcHook::on_received_weight().saturating_mul(n.into()))
		})]
		pub fn receive(
			origin: OriginFor<T>,
			shipment: ShipmentId,
			lots: u32,
		) -> DispatchResultWithPostInfo {
			let org = Self::ensure_role(origin, Role::Operator)?;
			Self::do_receive(org, shipment, lots)
		}

		/// Refuse a shipment: the lots go back to the sender as they were.
		///
		/// `lots` is a witness, as for `receive`: the number of lots in the shipment.
		///
		/// Origin: an operator of the receiver.
		/// Errors: `NotAuthorized`, `ShipmentNotFound`, `ShipmentClosed`, `WitnessTooLow`.
		/// Emits `Refused`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::refuse((*lots).min(T::MaxLotsPerShipment::get())))]
		pub fn refuse(
			origin: OriginFor<T>,
			shipment: ShipmentId,
			lots: u32,
		) -> DispatchResultWithPostInfo {
			let org = Self::ensure_role(origin, Role::Operator)?;
			Self::do_refuse(org, shipment, lots)
		}

		/// Record a QC result (*inspect*). It is handed to the quality rules; a `Fail` verdict
		/// quarantines the lot.
		///
		/// Origin: a QA approver of the owner, or of a contract laboratory the owner allowed
		/// qualified for `GatedAction::ContractTesting`.
		/// Errors: `NotAuthorized`, `MissingCredential`, `LotNotFound`, `Empty`,
		/// `InvalidStatus`. Emits `QcRecorded` (and `StatusChanged` on a failure).
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::record_qc_result(params.len() as u32)
			.saturating_add(T::QcHook::on_qc_result_weight(params.len() as u32))
			.saturating_add(T::WeightInfo::check_ancestry(SPLIT_ORIGIN_DEPTH))
			.saturating_add(T::LockHooks::on_locked_lot_changed_weight()))]
		pub fn record_qc_result(
			origin: OriginFor<T>,
			lot: LotId,
			params: BoundedVec<QcParam, T::MaxQcParams>,
			coa: DocHash,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_record_qc(who, lot, params, coa)
		}

		/// Record a confidential QC result: each value only as a Pedersen commitment with a
		/// range proof that it lies within the governing agreement's committed limits (an empty
		/// proof declares it out of specification: the lot is quarantined and a nonconformance
		/// opened, as for a public failure). The values, their blinding factors and the CoA
		/// are in the payload, committed by its hash to the agreement's collection; only the
		/// collection's members' nodes hold it.
		///
		/// Origin: a QA approver of the owner (a party of the agreement).
		/// Errors: `NotAuthorized`, `LotNotFound`, `Empty`, `InvalidStatus`,
		/// `TooManyQcResults`, `NoCommittedSpec`, `ProofRejected`, `PayloadRefused`.
		/// Emits `QcRecorded` (and `StatusChanged` on a failure).
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::record_qc_result(1)
			.saturating_add(T::QcHook::on_qc_result_weight(params.len() as u32))
			.saturating_add(T::QcHook::check_committed_weight(params.len() as u32))
			.saturating_add(T::WeightInfo::check_ancestry(SPLIT_ORIGIN_DEPTH))
			.saturating_add(T::LockHooks::on_locked_lot_changed_weight()))]
		pub fn record_qc_committed(
			origin: OriginFor<T>,
			lot: LotId,
			params: BoundedVec<CommittedParam, T::MaxQcParams>,
			payload: PayloadHash,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_record_qc_committed(who, lot, params, payload)
		}

		/// Change a lot's QA status to `Released`, `Quarantined` or `Rejected`. Release needs
		/// `GatedAction::ReleaseLots`, a passing QC result (unless the quality rules allow skip-lot),
		/// an unexpired lot and no recalled ancestor. On a locked lot the lock holder must
		/// allow the decision (a lender refuses the rejection of pledged goods; quarantine is
		/// always allowed) and is told of the change.
		///
		/// Origin: a QA approver of the owner.
		/// Errors: `NotAuthorized`, `LotNotFound`, `NotOwner`, `InvalidStatus`, `Locked`,
		/// `MissingCredential`, `QcMissing`, `Expired`, `Recalled`, `RecallInProgress`.
		/// Emits `StatusChanged`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::set_status()
			.saturating_add(T::WeightInfo::check_ancestry(T::MaxAncestorCheck::get()))
			.saturating_add(T::QcHook::qc_required_for_release_weight())
			.saturating_add(T::LockHooks::on_locked_lot_changed_weight()))]
		pub fn set_status(
			origin: OriginFor<T>,
			lot: LotId,
			status: LotStatus,
		) -> DispatchResultWithPostInfo {
			let org = Self::ensure_role(origin, Role::QaApprover)?;
			Self::do_set_status(org, lot, status)
		}

		/// Recall a lot and everything made from it. The lot is `Recalled` at once; the walk
		/// through its descendants runs in the following blocks, bounded per block. A
		/// regulator's recall goes to its own queue, walked first; a producer may have at most
		/// `MaxRecallsPerOrg` recalls propagating. The call is operational: it has block space
		/// and pool priority that ordinary transactions cannot take away.
		///
		/// Origin: a QA approver of the producer, or an auditor of an active regulator.
		/// Errors: `NotAuthorized`, `LotNotFound`, `AlreadyRecalled`, `TooManyRecalls`.
		/// Emits `RecallStarted`, `LotRecalled` (then per descendant, and `RecallCompleted`).
		#[pallet::call_index(9)]
		#[pallet::weight((
			T::WeightInfo::recall().saturating_add(T::LockHooks::on_locked_lot_changed_weight()),
			DispatchClass::Operational,
		))]
		pub fn recall(origin: OriginFor<T>, lot: LotId, reason: DocHash) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_recall(who, lot, reason)
		}

		/// Report a cold-chain reading that left the lot's temperature range. Unless the
		/// quality rules tolerate it, the lot is quarantined in this block.
		///
		/// Origin: a sensor gateway of the custodian, or of the carrier while in transit.
		/// Errors: `NotAuthorized`, `LotNotFound`, `NoStorageCondition`, `InvalidRange`
		/// (min > max or readings inside the range). Emits `ColdChainExcursion` (and
		/// `StatusChanged`).
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::report_excursion()
			.saturating_add(T::QcHook::on_excursion_weight())
			.saturating_add(T::WeightInfo::check_ancestry(SPLIT_ORIGIN_DEPTH))
			.saturating_add(T::LockHooks::on_locked_lot_changed_weight()))]
		pub fn report_excursion(
			origin: OriginFor<T>,
			lot: LotId,
			min: i32,
			max: i32,
			duration_secs: u32,
			evidence: DocHash,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			Self::do_report_excursion(who, lot, min, max, duration_secs, evidence)
		}

		/// Destroy what is left of a lot (*decommission*).
		///
		/// Origin: an operator of the owner, which must also hold the lot.
		/// Errors: `NotAuthorized`, `LotNotFound`, `NotOwner`, `NotCustodian`, `InvalidStatus`,
		/// `Locked`. Emits `LotDestroyed`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::destroy())]
		pub fn destroy(origin: OriginFor<T>, lot: LotId) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::Operator)?;
			Self::do_destroy(org, lot)
		}

		/// Anchor a document hash to a lot.
		///
		/// Origin: an operator or QA approver of the owner or custodian.
		/// Errors: `NotAuthorized`, `LotNotFound`, `TooManyDocs`. Emits `DocumentAnchored`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::add_document())]
		pub fn add_document(
			origin: OriginFor<T>,
			lot: LotId,
			kind: DocKind,
			hash: DocHash,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_add_document(who, lot, kind, hash)
		}

		/// Allow (or stop allowing) a contract laboratory to record QC results on the caller's
		/// lots.
		///
		/// Origin: an admin of an active organisation.
		/// Errors: `NotAuthorized`, `InactiveOrg` (when allowing), `SameOrg`.
		/// Emits `ContractLabSet`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::set_contract_lab())]
		pub fn set_contract_lab(origin: OriginFor<T>, lab: OrgId, allowed: bool) -> DispatchResult {
			let owner = Self::ensure_role(origin, Role::Admin)?;
			ensure!(owner != lab, Error::<T>::SameOrg);
			if allowed {
				ensure!(T::Membership::is_active(lab), Error::<T>::InactiveOrg);
				ContractLabs::<T>::insert(owner, lab, ());
			} else {
				ContractLabs::<T>::remove(owner, lab);
			}
			Self::deposit_event(Event::ContractLabSet { owner, lab, allowed });
			Ok(())
		}

		/// Consent (or, with `to = None`, withdraw consent) that the custodian of the caller's
		/// lot ship it to `to` as a sale: the only way title moves on a shipment the owner does
		/// not send itself. The consent is used up by that shipment.
		///
		/// Origin: a signer of the lot's owner.
		/// Errors: `NotAuthorized`, `LotNotFound`, `NotOwner`, `SameOrg`, `InactiveOrg`,
		/// `InvalidStatus` (consumed or destroyed), `Locked` (title follows the lock holder).
		/// Emits `TitleConsentSet`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::consent_title_transfer())]
		pub fn consent_title_transfer(
			origin: OriginFor<T>,
			lot: LotId,
			to: Option<OrgId>,
		) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::Signer)?;
			Self::do_consent_title(org, lot, to)
		}

		/// Agree to a shipment's promised delivery time. Only an agreed promise is scored as on
		/// time or late in the supplier's scorecard (the sender alone cannot set the bar).
		///
		/// Origin: an operator of the shipment's receiver, before the promised time.
		/// Errors: `NotAuthorized`, `ShipmentNotFound`, `ShipmentClosed`, `InvalidPromise`.
		/// Emits `PromiseAgreed`.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::agree_promise())]
		pub fn agree_promise(origin: OriginFor<T>, shipment: ShipmentId) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::Operator)?;
			Self::do_agree_promise(org, shipment)
		}

		/// Take back a shipment whose receiver was suspended or revoked (it can neither receive
		/// nor refuse): the lots go back to the sender as they were.
		///
		/// `lots` is a witness, as for `receive`: the number of lots in the shipment.
		///
		/// Origin: an operator of the sender.
		/// Errors: `NotAuthorized`, `ShipmentNotFound`, `ShipmentClosed`, `ReceiverActive`,
		/// `WitnessTooLow`. Emits `ShipmentCancelled`.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::refuse((*lots).min(T::MaxLotsPerShipment::get())))]
		pub fn cancel_shipment(
			origin: OriginFor<T>,
			shipment: ShipmentId,
			lots: u32,
		) -> DispatchResultWithPostInfo {
			let org = Self::ensure_role(origin, Role::Operator)?;
			Self::do_cancel_shipment(org, shipment, lots)
		}
	}
}
