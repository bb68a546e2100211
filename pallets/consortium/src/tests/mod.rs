//! Unit tests, one file per capability. Every test runs `do_try_state` at its end.

mod accounts;
mod compliance;
mod credentials;
mod eseal;
mod migration;
mod nodes;
mod organisations;
mod properties;
mod validators;
