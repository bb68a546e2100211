//! # Pledge pallet
//!
//! Supply-chain finance on the chain (the product brief's 仓单质押): a licensed warehouse issues
//! an electronic warehouse receipt (EWR) for lots in its custody; the holder pledges receipts to
//! a lender for a loan; the chain makes double pledging and collateral disappearing impossible.
//!
//! - **Receipts** are issued by a warehouse organisation holding a valid warehouse licence for
//!   lots it holds in custody, naming their owner (the depositor) as holder. Every lot is locked
//!   in provenance (`LotLock`) while the receipt is active, so it cannot be shipped, consumed,
//!   split, merged or destroyed; a lot is under at most one receipt. An unpledged receipt can be
//!   transferred (sale of goods in storage) or redeemed (the goods are released: the receipt is
//!   closed and the lots unlocked).
//! - **Prices**: governance admits price sources per product (market-data providers, exchanges);
//!   only a price feeder of an admitted source posts, at most once per `PriceSettlement`, and
//!   each source has one feed per product (a later post replaces its earlier one, which stays as
//!   the feed's prior point). A receipt is valued from at least `MinFeeds` fresh feeds of
//!   sources that are not party to the pledge: the lower median of their values, which no single
//!   outlier can move outside the honest sources' range. Valuations that can end in a
//!   foreclosure use only settled points (at least `PriceSettlement` old). Lots that are
//!   recalled, rejected, quarantined or expired value at zero; provenance tells this pallet of
//!   every change of a locked lot, and the pledge it secures is re-valued at once.
//! - **Pledges**: the holder proposes (lender, principal, currency, maturity, contract hash); a
//!   lender organisation with a valid lending licence accepts if the loan-to-value is at most the
//!   product's `max_ltv` (default 70 %, governance sets it per product). While proposed or active
//!   the receipts cannot be transferred, redeemed or pledged again.
//! - **Margin**: every new price re-values the active pledges on that product. Above the
//!   margin-call line (default 80 %) `MarginCall { level: Call }` is emitted; the holder may add
//!   receipts, the lender may record a partial repayment; after `MarginGracePeriod` without cure
//!   the lender may foreclose. Above the liquidation line (default 85 %) `MarginCall { level:
//!   Liquidation }` is emitted and the lender may foreclose at once. Past maturity plus the grace
//!   period the lender may foreclose too. Foreclosure makes the lender the holder.
//! - **Release**: the lender confirms repayment, or records the last repayment (a repaid pledge
//!   releases by itself and can never be foreclosed); the receipts are free again (their lots stay
//!   locked by the receipts until they are redeemed).
//! - **Title follows the receipt**: a transfer of a receipt or a foreclosure moves the title of
//!   its lots in provenance (through `LotLock::transfer_title`); while a receipt is pledged, the
//!   borrower may quarantine its goods but not reject them.

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
	DocHash, GatedAction, LotId, LotLock, Lots as LotsTrait, Membership, Moment, OrgId,
	ProductCode, Quantity, Role, TemperatureRange,
};

pub mod migrations;
use frame_support::{pallet_prelude::*, traits::Time};
use frame_system::pallet_prelude::*;
use sp_runtime::FixedU128;

/// Storage form of a receipt.
pub type ReceiptOf<T> = Receipt<<T as Config>::MaxLotsPerReceipt>;
/// Storage form of a pledge.
pub type PledgeOf<T> = PledgeInfo<<T as Config>::MaxReceiptsPerPledge>;
/// The lots of a receipt.
pub type LotsOf<T> = BoundedVec<LotId, <T as Config>::MaxLotsPerReceipt>;
/// The receipts of a pledge.
pub type ReceiptsOf<T> = BoundedVec<ReceiptId, <T as Config>::MaxReceiptsPerPledge>;

/// Runtime hooks the benchmarks need.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// An account with `role` in an active organisation of `kind` (one organisation per `seed`)
	/// holding every credential.
	fn member(seed: u32, role: Role, kind: bioledger_primitives::OrgKind) -> (AccountId, OrgId);
	/// An active, unlocked lot `id` of `amount` mg of `product`, owned by `owner` and held by
	/// `custodian`, stored at 2–8 °C.
	fn lot(id: LotId, product: ProductCode, owner: OrgId, custodian: OrgId, amount: u128);
	/// Set chain time.
	fn set_time(now: Moment);
	/// Put lot `id` in quarantine (as a failed QC result would).
	fn quarantine(id: &LotId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;

	/// v2: receipts list their lots with quantity, expiry and condition; feeds keep their
	/// prior point (`migrations::v2`).
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// Who acts for which organisation, with which roles and credentials.
		type Membership: Membership<Self::AccountId>;

		/// Read access to lots (custodian, owner, product, quantity).
		type Lots: LotsTrait;

		/// Locks on lots (implemented by provenance).
		type LotLock: LotLock;

		/// Chain time.
		type Time: Time<Moment = Moment>;

		/// Origin of council decisions (risk parameters per product).
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Risk parameters of a product governance has not set (70 % / 80 % / 85 %).
		#[pallet::constant]
		type DefaultRisk: Get<RiskParams>;

		/// Most lots on one receipt.
		#[pallet::constant]
		type MaxLotsPerReceipt: Get<u32>;

		/// Most receipts securing one pledge.
		#[pallet::constant]
		type MaxReceiptsPerPledge: Get<u32>;

		/// Most price sources (feeding organisations) per product.
		#[pallet::constant]
		type MaxFeedsPerProduct: Get<u32>;

		/// Fewest fresh feeds, from sources not party to the pledge, a valuation needs.
		#[pallet::constant]
		type MinFeeds: Get<u32>;

		/// A price point counts for a foreclosure only once it is this old (milliseconds); a
		/// source posts a product's price at most once per this interval.
		#[pallet::constant]
		type PriceSettlement: Get<Moment>;

		/// Most active pledges secured by one product (a new price re-values all of them).
		#[pallet::constant]
		type MaxPledgesPerProduct: Get<u32>;

		/// Most of a product's [`ProductPledges`] entries one organisation may be party to (as
		/// borrower or lender): two colluders cannot fill a product's index for everyone else.
		#[pallet::constant]
		type MaxPledgesPerParty: Get<u32>;

		/// A feed older than this (milliseconds) is stale and not used.
		#[pallet::constant]
		type MaxPriceAge: Get<Moment>;

		/// Time the chain spent in safe mode: it does not count in a grace period.
		type Paused: bioledger_primitives::PausedTime;

		/// Time after a margin call (or after maturity) before the lender may foreclose.
		#[pallet::constant]
		type MarginGracePeriod: Get<Moment>;

		/// Weights from the benchmarks.
		type WeightInfo: WeightInfo;

		/// Runtime hooks for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Next receipt id.
	#[pallet::storage]
	pub type NextReceiptId<T> = StorageValue<_, ReceiptId, ValueQuery>;

	/// Receipts, active and redeemed.
	#[pallet::storage]
	pub type Receipts<T: Config> = StorageMap<_, Twox64Concat, ReceiptId, ReceiptOf<T>>;

	/// The active receipt each lot is under (at most one).
	#[pallet::storage]
	pub type LotReceipt<T> = StorageMap<_, Blake2_128Concat, LotId, ReceiptId>;

	/// Active receipts per holder.
	#[pallet::storage]
	pub type HolderReceipts<T> =
		StorageDoubleMap<_, Twox64Concat, OrgId, Twox64Concat, ReceiptId, (), OptionQuery>;

	/// The price sources governance admitted per product.
	#[pallet::storage]
	pub type PriceSources<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		ProductCode,
		BoundedVec<OrgId, T::MaxFeedsPerProduct>,
		ValueQuery,
	>;

	/// Latest price per product and feeding organisation.
	#[pallet::storage]
	pub type Feeds<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		ProductCode,
		BoundedVec<Feed, T::MaxFeedsPerProduct>,
		ValueQuery,
	>;

	/// Risk parameters set by governance per product (else `DefaultRisk`).
	#[pallet::storage]
	pub type Risk<T> = StorageMap<_, Blake2_128Concat, ProductCode, RiskParams>;

	/// Next pledge id.
	#[pallet::storage]
	pub type NextPledgeId<T> = StorageValue<_, PledgeId, ValueQuery>;

	/// Pledges, open and closed.
	#[pallet::storage]
	pub type Pledges<T: Config> = StorageMap<_, Twox64Concat, PledgeId, PledgeOf<T>>;

	/// Active pledges secured (in part) by each product: re-valued when its price changes.
	#[pallet::storage]
	pub type ProductPledges<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		ProductCode,
		BoundedVec<PledgeId, T::MaxPledgesPerProduct>,
		ValueQuery,
	>;

	/// How many of a product's [`ProductPledges`] entries each organisation is party to.
	#[pallet::storage]
	pub type PartyIndexEntries<T> =
		StorageDoubleMap<_, Blake2_128Concat, ProductCode, Twox64Concat, OrgId, u32, ValueQuery>;

	/// Active pledges.
	#[pallet::storage]
	pub type ActivePledges<T> = StorageMap<_, Twox64Concat, PledgeId, ()>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A warehouse issued a receipt; its lots are locked.
		ReceiptIssued {
			/// The receipt.
			receipt: ReceiptId,
			/// The issuing warehouse.
			warehouse: OrgId,
			/// The holder (depositor).
			holder: OrgId,
			/// Product.
			product: ProductCode,
			/// Total quantity.
			quantity: Quantity,
			/// Number of lots.
			lots: u32,
			/// Expiry.
			expires_at: Moment,
		},
		/// A receipt changed hands (sale of goods in storage).
		ReceiptTransferred {
			/// The receipt.
			receipt: ReceiptId,
			/// Previous holder.
			from: OrgId,
			/// New holder.
			to: OrgId,
		},
		/// The holder surrendered a receipt for the goods; its lots are unlocked.
		ReceiptRedeemed {
			/// The receipt.
			receipt: ReceiptId,
			/// The holder who redeemed it.
			holder: OrgId,
		},
		/// An organisation posted a price.
		PricePosted {
			/// Product.
			product: ProductCode,
			/// The feeding organisation.
			org: OrgId,
			/// The price.
			price: Price,
		},
		/// The holder proposed a pledge; its receipts are reserved for it.
		PledgeProposed {
			/// The pledge.
			pledge: PledgeId,
			/// Borrower.
			borrower: OrgId,
			/// Lender.
			lender: OrgId,
			/// Principal, minor units.
			principal: u128,
			/// Currency.
			currency: CurrencyCode,
			/// Maturity.
			maturity: Moment,
		},
		/// The holder withdrew a proposal.
		PledgeWithdrawn {
			/// The pledge.
			pledge: PledgeId,
		},
		/// The lender declined a proposal.
		PledgeDeclined {
			/// The pledge.
			pledge: PledgeId,
		},
		/// The lender accepted: the loan runs and the receipts are pledged.
		PledgeAccepted {
			/// The pledge.
			pledge: PledgeId,
			/// Value of the collateral at acceptance.
			value: u128,
			/// Loan-to-value at acceptance.
			ltv: FixedU128,
		},
		/// The holder added receipts to an active pledge.
		CollateralAdded {
			/// The pledge.
			pledge: PledgeId,
			/// Receipts added.
			receipts: u32,
		},
		/// The lender recorded a repayment.
		RepaymentRecorded {
			/// The pledge.
			pledge: PledgeId,
			/// Amount repaid, minor units.
			amount: u128,
			/// Principal still owed.
			outstanding: u128,
		},
		/// A pledge's loan-to-value rose above a line.
		MarginCall {
			/// The pledge.
			pledge: PledgeId,
			/// The line crossed.
			level: MarginLevel,
			/// Loan-to-value now.
			ltv: FixedU128,
			/// Value of the collateral now.
			value: u128,
			/// Principal owed.
			outstanding: u128,
		},
		/// A pledge's loan-to-value is back at or below the margin-call line.
		MarginCallCured {
			/// The pledge.
			pledge: PledgeId,
			/// Loan-to-value now.
			ltv: FixedU128,
		},
		/// The lender confirmed repayment and released the receipts.
		PledgeReleased {
			/// The pledge.
			pledge: PledgeId,
		},
		/// The lender foreclosed and became the holder of the receipts.
		PledgeForeclosed {
			/// The pledge.
			pledge: PledgeId,
			/// The lender, now holder.
			lender: OrgId,
			/// Principal owed at foreclosure.
			outstanding: u128,
		},
		/// Governance set a product's risk parameters.
		RiskParamsSet {
			/// Product.
			product: ProductCode,
			/// The parameters.
			params: RiskParams,
		},
		/// Governance admitted a price source for a product.
		PriceSourceAdded {
			/// Product.
			product: ProductCode,
			/// The source.
			org: OrgId,
		},
		/// Governance removed a price source (and its feed) for a product.
		PriceSourceRemoved {
			/// Product.
			product: ProductCode,
			/// The source.
			org: OrgId,
		},
		/// A lot on a receipt changed condition (provenance told the lock holder).
		CollateralChanged {
			/// The receipt.
			receipt: ReceiptId,
			/// The lot.
			lot: LotId,
			/// Its condition now.
			condition: Condition,
		},
		/// Governance reassigned the receipt of a holder that is no longer an active member.
		ReceiptReassigned {
			/// The receipt.
			receipt: ReceiptId,
			/// Previous holder.
			from: OrgId,
			/// New holder.
			to: OrgId,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller does not act for an active organisation with the needed role.
		NotAuthorized,
		/// The named organisation is not active.
		InactiveOrg,
		/// The issuing organisation is not a warehouse.
		NotWarehouse,
		/// The lending organisation is not a lender.
		NotLender,
		/// The organisation lacks the valid licence this needs.
		NoLicence,
		/// No lots given.
		NoLots,
		/// A lot is listed twice.
		DuplicateLot,
		/// No such lot.
		LotNotFound,
		/// The warehouse does not hold the lot.
		NotCustodian,
		/// The named holder does not own the lot.
		NotOwner,
		/// The lot is recalled, rejected, consumed or destroyed.
		LotUnusable,
		/// The lots differ in product or unit.
		MixedLots,
		/// The lot is already under a receipt.
		AlreadyReceipted,
		/// The storage range is inverted or outside a lot's own range.
		StorageMismatch,
		/// The expiry or maturity is not in the future.
		InvalidExpiry,
		/// No such receipt.
		ReceiptNotFound,
		/// The caller's organisation does not hold the receipt.
		NotHolder,
		/// The receipt is under a proposed or active pledge.
		Encumbered,
		/// The receipt has expired.
		ReceiptExpired,
		/// The receipt was redeemed.
		Redeemed,
		/// The parties are the same organisation.
		SameOrg,
		/// The price is zero, has no quantity, or has a malformed currency code.
		InvalidPrice,
		/// The product has as many fresh feeds as allowed.
		TooManyFeeds,
		/// A receipt's product has no fresh price in the loan's currency and unit.
		NoFreshPrice,
		/// No such pledge.
		PledgeNotFound,
		/// The pledge is not in the state this needs.
		InvalidPledgeState,
		/// Principal is zero or the currency code is malformed.
		InvalidTerms,
		/// No receipts given.
		NoReceipts,
		/// A receipt is listed twice.
		DuplicateReceipt,
		/// A receipt expires before the loan's maturity.
		ExpiresBeforeMaturity,
		/// The loan-to-value would exceed the product's maximum.
		LtvTooHigh,
		/// The pledge would have more receipts than allowed.
		TooManyReceipts,
		/// The product secures as many active pledges as allowed.
		TooManyPledges,
		/// The loan is not in default: no margin call past its grace period, not past the
		/// liquidation line, not past maturity plus the grace period.
		NotInDefault,
		/// The repayment is zero or more than is owed.
		InvalidRepayment,
		/// Risk parameters must satisfy 0 < max LTV < margin-call line ≤ liquidation line.
		InvalidRisk,
		/// An amount overflowed.
		Overflow,
		/// The organisation is not an admitted price source for the product.
		NotPriceSource,
		/// The organisation is a price source for the product already.
		AlreadyPriceSource,
		/// The source posted this product's price less than `PriceSettlement` ago.
		TooSoon,
		/// Every party is an active member: they settle it themselves.
		PartiesActive,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}

		fn integrity_test() {
			assert!(T::DefaultRisk::get().is_consistent(), "DefaultRisk is inconsistent");
			assert!(T::MaxLotsPerReceipt::get() > 0 && T::MaxReceiptsPerPledge::get() > 0);
			assert!(T::MaxFeedsPerProduct::get() > 0 && T::MaxPledgesPerProduct::get() > 0);
			assert!(T::MinFeeds::get() >= 3, "a quorum needs at least three sources");
			assert!(T::MinFeeds::get() <= T::MaxFeedsPerProduct::get());
			assert!(T::PriceSettlement::get() < T::MaxPriceAge::get());
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Issue a receipt for `lots` held by the caller's warehouse, naming their owner
		/// `holder`; the lots are locked.
		///
		/// Origin: an operator of a warehouse organisation with a valid warehouse licence.
		/// Errors: `NotAuthorized`, `NotWarehouse`, `NoLicence`, `InactiveOrg`, `NoLots`,
		/// `DuplicateLot`, `LotNotFound`, `NotCustodian`, `NotOwner`, `LotUnusable`,
		/// `MixedLots`, `AlreadyReceipted`, `StorageMismatch`, `InvalidExpiry`, `Overflow`, and
		/// provenance's lock errors. Emits `ReceiptIssued`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::issue_receipt(lots.len() as u32))]
		pub fn issue_receipt(
			origin: OriginFor<T>,
			holder: OrgId,
			lots: LotsOf<T>,
			storage: TemperatureRange,
			expires_at: Moment,
			document: DocHash,
		) -> DispatchResult {
			let warehouse = Self::ensure_role(origin, Role::Operator)?;
			Self::do_issue(warehouse, holder, lots, storage, expires_at, document)
		}

		/// Transfer an unpledged receipt to another organisation (a sale of goods in
		/// storage): the title of its lots moves with it.
		///
		/// Origin: a signer of the holder.
		/// Errors: `NotAuthorized`, `ReceiptNotFound`, `Redeemed`, `NotHolder`, `Encumbered`,
		/// `ReceiptExpired`, `LotUnusable`, `SameOrg`, `InactiveOrg`, and provenance's lock
		/// errors. Emits `ReceiptTransferred`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::transfer_receipt(T::MaxLotsPerReceipt::get()))]
		pub fn transfer_receipt(
			origin: OriginFor<T>,
			receipt: ReceiptId,
			to: OrgId,
		) -> DispatchResultWithPostInfo {
			let org = Self::ensure_role(origin, Role::Signer)?;
			let lots = Self::do_transfer(org, receipt, to)?;
			Ok(Some(T::WeightInfo::transfer_receipt(lots)).into())
		}

		/// Surrender an unpledged receipt for the goods: the receipt is closed and its lots
		/// unlocked (the warehouse can then ship them).
		///
		/// Origin: a signer of the holder.
		/// Errors: `NotAuthorized`, `ReceiptNotFound`, `Redeemed`, `NotHolder`, `Encumbered`.
		/// Emits `ReceiptRedeemed`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::redeem(T::MaxLotsPerReceipt::get()))]
		pub fn redeem(origin: OriginFor<T>, receipt: ReceiptId) -> DispatchResultWithPostInfo {
			let org = Self::ensure_role(origin, Role::Signer)?;
			let lots = Self::do_redeem(org, receipt)?;
			Ok(Some(T::WeightInfo::redeem(lots)).into())
		}

		/// Post the caller's organisation's price for `product` (replacing its earlier one,
		/// which stays as the feed's prior point), then re-value the active pledges on the
		/// product.
		///
		/// Origin: a price feeder of an organisation governance admitted as a source for the
		/// product.
		/// Errors: `NotAuthorized`, `NotPriceSource`, `InvalidPrice`, `TooSoon`, `TooManyFeeds`.
		/// Emits `PricePosted`, and `MarginCall`/`MarginCallCured` for pledges whose level
		/// changed.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::post_price(T::MaxPledgesPerProduct::get()))]
		pub fn post_price(
			origin: OriginFor<T>,
			product: ProductCode,
			price: Price,
		) -> DispatchResultWithPostInfo {
			let org = Self::ensure_role(origin, Role::PriceFeeder)?;
			let checked = Self::do_post_price(org, product, price)?;
			Ok(Some(T::WeightInfo::post_price(checked)).into())
		}

		/// Propose a pledge of the caller's receipts to `lender`.
		///
		/// Origin: a signer of the holder.
		/// Errors: `NotAuthorized`, `InvalidTerms`, `InvalidExpiry`, `SameOrg`, `InactiveOrg`,
		/// `NotLender`, `NoReceipts`, `DuplicateReceipt`, `ReceiptNotFound`, `Redeemed`,
		/// `NotHolder`, `Encumbered`, `ExpiresBeforeMaturity`, `LotUnusable`.
		/// Emits `PledgeProposed`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::propose_pledge(receipts.len() as u32))]
		pub fn propose_pledge(
			origin: OriginFor<T>,
			lender: OrgId,
			receipts: ReceiptsOf<T>,
			principal: u128,
			currency: CurrencyCode,
			maturity: Moment,
			contract: DocHash,
		) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::Signer)?;
			Self::do_propose(org, lender, receipts, principal, currency, maturity, contract)
		}

		/// Withdraw a proposal before the lender accepts it.
		///
		/// Origin: a signer of the borrower.
		/// Errors: `NotAuthorized`, `PledgeNotFound`, `InvalidPledgeState`.
		/// Emits `PledgeWithdrawn`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::withdraw_pledge(T::MaxReceiptsPerPledge::get()))]
		pub fn withdraw_pledge(origin: OriginFor<T>, pledge: PledgeId) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::Signer)?;
			Self::do_close_proposal(org, pledge, false)
		}

		/// Decline a proposal.
		///
		/// Origin: a signer of the lender.
		/// Errors: `NotAuthorized`, `PledgeNotFound`, `InvalidPledgeState`.
		/// Emits `PledgeDeclined`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::withdraw_pledge(T::MaxReceiptsPerPledge::get()))]
		pub fn decline_pledge(origin: OriginFor<T>, pledge: PledgeId) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::Signer)?;
			Self::do_close_proposal(org, pledge, true)
		}

		/// Accept a proposal: the collateral is valued from a quorum of fresh prices of
		/// sources other than the two parties, and the loan-to-value must be within each
		/// product's maximum.
		///
		/// Origin: a signer of the lender, which holds a valid lending licence.
		/// Errors: `NotAuthorized`, `PledgeNotFound`, `InvalidPledgeState`, `NoLicence`,
		/// `InactiveOrg`, `InvalidExpiry`, `LotUnusable`, `NoFreshPrice`, `Overflow`,
		/// `LtvTooHigh`, `TooManyPledges`. Emits `PledgeAccepted`.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::accept_pledge(T::MaxReceiptsPerPledge::get()))]
		pub fn accept_pledge(origin: OriginFor<T>, pledge: PledgeId) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::Signer)?;
			Self::do_accept(org, pledge)
		}

		/// Add receipts to an active pledge (to answer a margin call).
		///
		/// Origin: a signer of the borrower.
		/// Errors: `NotAuthorized`, `PledgeNotFound`, `InvalidPledgeState`, `NoReceipts`,
		/// `DuplicateReceipt`, `TooManyReceipts`, `ReceiptNotFound`, `Redeemed`, `NotHolder`,
		/// `Encumbered`, `ExpiresBeforeMaturity`, `LotUnusable`, `TooManyPledges`.
		/// Emits `CollateralAdded` (and `MarginCallCured` if that cures the call).
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::add_collateral(T::MaxReceiptsPerPledge::get()))]
		pub fn add_collateral(
			origin: OriginFor<T>,
			pledge: PledgeId,
			receipts: ReceiptsOf<T>,
		) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::Signer)?;
			Self::do_add_collateral(org, pledge, receipts)
		}

		/// Record a (partial) repayment the lender received. The last repayment releases the
		/// pledge.
		///
		/// Origin: a signer of the lender.
		/// Errors: `NotAuthorized`, `PledgeNotFound`, `InvalidPledgeState`, `InvalidRepayment`.
		/// Emits `RepaymentRecorded` (and `MarginCallCured` if that cures the call, or
		/// `PledgeReleased` when nothing is owed any more).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::record_repayment(T::MaxReceiptsPerPledge::get()))]
		pub fn record_repayment(
			origin: OriginFor<T>,
			pledge: PledgeId,
			amount: u128,
		) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::Signer)?;
			Self::do_repay(org, pledge, amount)
		}

		/// Confirm repayment and release the receipts to the borrower.
		///
		/// Origin: a signer of the lender.
		/// Errors: `NotAuthorized`, `PledgeNotFound`, `InvalidPledgeState`.
		/// Emits `PledgeReleased`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::release(T::MaxReceiptsPerPledge::get()))]
		pub fn release(origin: OriginFor<T>, pledge: PledgeId) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::Signer)?;
			Self::do_finish(org, pledge, false)
		}

		/// Foreclose a loan in default: the lender becomes the holder of the receipts and the
		/// owner of their lots. Default on price grounds is judged from settled price points
		/// only; a repaid loan is never in default.
		///
		/// Origin: a signer of the lender.
		/// Errors: `NotAuthorized`, `PledgeNotFound`, `InvalidPledgeState`, `NotInDefault`, and
		/// provenance's lock errors.
		/// Emits `PledgeForeclosed`.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::foreclose(T::MaxReceiptsPerPledge::get()))]
		pub fn foreclose(origin: OriginFor<T>, pledge: PledgeId) -> DispatchResult {
			let org = Self::ensure_role(origin, Role::Signer)?;
			Self::do_finish(org, pledge, true)
		}

		/// Set a product's risk parameters.
		///
		/// Origin: `GovernanceOrigin`. Errors: `InvalidRisk`. Emits `RiskParamsSet`.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::set_risk_params())]
		pub fn set_risk_params(
			origin: OriginFor<T>,
			product: ProductCode,
			params: RiskParams,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(params.is_consistent(), Error::<T>::InvalidRisk);
			Risk::<T>::insert(&product, params);
			Self::deposit_event(Event::RiskParamsSet { product, params });
			Ok(())
		}

		/// Admit `org` as a price source for `product`.
		///
		/// Origin: `GovernanceOrigin`.
		/// Errors: `InactiveOrg`, `AlreadyPriceSource`, `TooManyFeeds`.
		/// Emits `PriceSourceAdded`.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::add_price_source())]
		pub fn add_price_source(
			origin: OriginFor<T>,
			product: ProductCode,
			org: OrgId,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_add_source(product, org)
		}

		/// Remove `org` as a price source for `product`; its feed goes too.
		///
		/// Origin: `GovernanceOrigin`. Errors: `NotPriceSource`. Emits `PriceSourceRemoved`.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::remove_price_source())]
		pub fn remove_price_source(
			origin: OriginFor<T>,
			product: ProductCode,
			org: OrgId,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_source(product, org)
		}

		/// Settle an active pledge one of whose parties was suspended or revoked (it can no
		/// longer act): release it to the borrower, or foreclose it to the lender (which then
		/// holds the receipts and owns their lots).
		///
		/// Origin: `GovernanceOrigin`.
		/// Errors: `PledgeNotFound`, `InvalidPledgeState`, `PartiesActive`, and provenance's
		/// lock errors. Emits `PledgeReleased` or `PledgeForeclosed`.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::foreclose(T::MaxReceiptsPerPledge::get()))]
		pub fn resolve_pledge(
			origin: OriginFor<T>,
			pledge: PledgeId,
			foreclose: bool,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_resolve(pledge, foreclose)
		}

		/// Reassign an unpledged receipt whose holder was suspended or revoked (the goods would
		/// otherwise stay locked for good); the title of its lots moves with it.
		///
		/// Origin: `GovernanceOrigin`.
		/// Errors: `ReceiptNotFound`, `Redeemed`, `Encumbered`, `PartiesActive`, `SameOrg`,
		/// `InactiveOrg`, and provenance's lock errors. Emits `ReceiptReassigned`.
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::transfer_receipt(T::MaxLotsPerReceipt::get()))]
		pub fn reassign_receipt(
			origin: OriginFor<T>,
			receipt: ReceiptId,
			to: OrgId,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_reassign(receipt, to)
		}
	}
}
