//! The pallet's capabilities, one file each.

mod collections;
mod grants;
mod payloads;
