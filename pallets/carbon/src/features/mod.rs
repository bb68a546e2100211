//! The calls' logic, one file per capability.

mod common;
mod credits;
mod footprint;
mod records;
