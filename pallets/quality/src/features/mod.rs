//! The pallet's features, one file each.

mod agreements;
mod conformance;
mod nonconformance;
mod scorecard;

pub use agreements::DIGEST_DOMAIN;
