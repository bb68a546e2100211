//! Runtime API of the carbon pallet, for sustainability reporting systems and the auditor
//! explorer (`state_call` with `CarbonApi_*`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use bioledger_primitives::{LotId, OrgId};
pub use pallet_carbon::{
	Batch, BatchId, ByScope, Certificate, CertificateId, Footprint, Period, SerialRange,
};

sp_api::decl_runtime_apis! {
	/// Footprints, holdings and certificates.
	pub trait CarbonApi {
		/// A lot's footprint: own verified emissions and the share inherited from its inputs,
		/// by scope, with the credits retired against it (`None` if the lot does not exist).
		fn footprint(lot: LotId) -> Option<Footprint>;
		/// The serial ranges an organisation holds, per batch.
		fn holdings(org: OrgId) -> Vec<(BatchId, Vec<SerialRange>)>;
		/// A retirement certificate.
		fn certificate(id: CertificateId) -> Option<Certificate>;
		/// A credit batch.
		fn batch(id: BatchId) -> Option<Batch>;
		/// Whether credits retired against the lot cover its complete footprint.
		fn is_carbon_neutral(lot: LotId) -> bool;
		/// An organisation's verified emissions in a period (kg CO2e by scope) and the tonnes
		/// retired against that period.
		fn org_emissions(org: OrgId, period: Period) -> (ByScope, u64);
	}
}
