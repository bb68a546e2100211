//! Runtime API of the quality pallet (`state_call` with `QualityApi_*`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use bioledger_primitives::{OrgId, ProductCode, QcParam};
pub use pallet_quality::{AgreementId, FailedItem, NcId, Scorecard};

sp_api::decl_runtime_apis! {
	/// Quality queries. `Agreement` and `Nonconformance` are the runtime's concrete types.
	pub trait QualityApi<Agreement, Nonconformance> where Agreement: codec::Codec, Nonconformance: codec::Codec {
		/// An agreement version (terms, status, digest, seals with signer, time and meaning).
		fn agreement(id: AgreementId) -> Option<Agreement>;
		/// The agreement in force for a buyer, supplier and product.
		fn active_agreement(buyer: OrgId, supplier: OrgId, product: ProductCode) -> Option<AgreementId>;
		/// Dry-run conformance check of results against an agreement: the failed items (empty =
		/// conforms), or `None` if there is no such agreement. Lets an ERP check before submitting.
		fn check(agreement: AgreementId, results: Vec<QcParam>) -> Option<Vec<FailedItem>>;
		/// A supplier's scorecard over the window (all buyers).
		fn scorecard(supplier: OrgId) -> Scorecard;
		/// A supplier's scorecard with one buyer.
		fn pair_scorecard(buyer: OrgId, supplier: OrgId) -> Scorecard;
		/// Nonconformances of an organisation (as buyer or supplier) still open.
		fn open_nonconformances(org: OrgId) -> Vec<(NcId, Nonconformance)>;
	}
}
