//! Unit tests, one file per capability.

mod credits;
mod footprint;
mod properties;
mod records;
