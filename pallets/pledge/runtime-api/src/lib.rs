//! Runtime API of the pledge pallet, for bank systems, warehouse systems and the auditor
//! explorer (`state_call` with `PledgeApi_*`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use bioledger_primitives::{OrgId, ProductCode};
pub use pallet_pledge::{
	AtRisk, Feed, LotValue, MarginLevel, PledgeId, ReceiptId, Valuation, ZeroReason,
};
use sp_runtime::Permill;

sp_api::decl_runtime_apis! {
	/// Receipts, valuations and risk. `Receipt` and `Pledge` are the runtime's concrete types.
	///
	/// Version 2: `lot_values` and `feeds`; `Valuation` counts the lots that value at zero.
	#[api_version(2)]
	pub trait PledgeApi<Receipt, Pledge> where Receipt: codec::Codec, Pledge: codec::Codec {
		/// A receipt (active or redeemed).
		fn receipt(id: ReceiptId) -> Option<Receipt>;
		/// The active receipts an organisation holds.
		fn receipts_of(org: OrgId) -> Vec<(ReceiptId, Receipt)>;
		/// A pledge (any status).
		fn pledge(id: PledgeId) -> Option<Pledge>;
		/// A receipt's value from the median of fresh feeds, the age of the oldest price used,
		/// and (if pledged) its pledge's loan-to-value, health and margin level.
		fn valuation(id: ReceiptId) -> Option<Valuation>;
		/// Active pledges with a loan-to-value of at least `threshold` now.
		fn pledges_at_risk(threshold: Permill) -> Vec<AtRisk>;
		/// Every lot of a receipt with its share of the value now and, if it values at zero,
		/// why (recalled or rejected, quarantined, expired).
		#[api_version(2)]
		fn lot_values(id: ReceiptId) -> Vec<LotValue>;
		/// The price sources governance admitted for a product, and their feeds.
		#[api_version(2)]
		fn feeds(product: ProductCode) -> (Vec<OrgId>, Vec<Feed>);
	}
}
