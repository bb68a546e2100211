//! Tests, one file per capability.

mod collections;
mod grants;
mod payloads;
