//! The pallet's features, one file each.

pub mod ancestry;
pub(crate) mod common;
mod custody;
mod locks;
mod lots;
mod qc;
mod recall;
mod views;
