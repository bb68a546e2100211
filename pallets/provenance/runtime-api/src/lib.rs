//! Runtime API of the provenance pallet, for partner systems (ERP, WMS, LIMS) and the
//! auditor explorer (`state_call` with `ProvenanceApi_*`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use bioledger_primitives::{LotId, OrgId};
pub use pallet_provenance::{
	ImpactEntry, LotView, Recall, RecallId, ShipmentId, Trace, TraceEntry, Trail,
};

sp_api::decl_runtime_apis! {
	/// Traceability queries. `Shipment` and `QcResult` are the runtime's concrete types.
	pub trait ProvenanceApi<Shipment, QcResult> where Shipment: codec::Codec, QcResult: codec::Codec {
		/// A lot with its status, genealogy links, documents, QC summary, lock and trail.
		fn lot(id: LotId) -> Option<LotView>;
		/// All ancestors up to `max_depth` generations, each once (diamonds included once).
		fn trace_back(id: LotId, max_depth: u32) -> Option<Trace>;
		/// All descendants up to `max_depth` generations, each once.
		fn trace_forward(id: LotId, max_depth: u32) -> Option<Trace>;
		/// A recall and its progress.
		fn recall(id: RecallId) -> Option<Recall>;
		/// A page of the lots a recall reached, with their custodian and what is left.
		fn recall_impact(id: RecallId, start_after: Option<LotId>, max: u32) -> Vec<ImpactEntry>;
		/// A page of the shipments an organisation sent, received or carried.
		fn shipments_of(org: OrgId, start_after: Option<ShipmentId>, max: u32) -> Vec<(ShipmentId, Shipment)>;
		/// One shipment.
		fn shipment(id: ShipmentId) -> Option<Shipment>;
		/// The audit trail head and count of a lot.
		fn trail(id: LotId) -> Option<Trail>;
		/// The QC results of a lot, oldest first.
		fn qc_results(id: LotId) -> Vec<QcResult>;
	}
}
