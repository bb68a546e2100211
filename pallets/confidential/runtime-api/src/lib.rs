//! Runtime API of the confidential pallet, for member nodes' private stores (which payloads
//! exist, in which order, and who may hold them) and for explorers (`state_call` with
//! `ConfidentialApi_*`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

use alloc::vec::Vec;
use bioledger_primitives::{Access, CollectionId, OrgId, PayloadHash};
pub use pallet_confidential::PayloadMeta;

sp_api::decl_runtime_apis! {
	/// Collections and their committed payloads.
	pub trait ConfidentialApi {
		/// What `org` may do with `collection`'s payloads at this block's time.
		fn access(collection: CollectionId, org: OrgId) -> Access;
		/// A committed payload.
		fn payload(hash: PayloadHash) -> Option<PayloadMeta>;
		/// Payloads committed from sequence number `from` on, at most `max` (capped at 1,000).
		fn payloads_from(from: u64, max: u32) -> Vec<(PayloadHash, PayloadMeta)>;
		/// The next sequence number (how many payloads were ever committed).
		fn next_seq() -> u64;
		/// The next collection id (how many collections were ever created).
		fn next_collection() -> CollectionId;
		/// The collections `org` holds a grant on (in force or not), with its end. Iterates the
		/// grants (at most `MaxGrants` per collection): an off-chain query.
		fn grants_of(org: OrgId) -> Vec<(CollectionId, bioledger_primitives::Moment)>;
	}
}
