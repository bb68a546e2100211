//! Unit tests, one file per capability. Every test runs `do_try_state` at its end.

mod committed_qc;
mod custody;
mod locks;
mod lots;
mod migrations;
mod properties;
mod qc;
mod recall;
mod rules;
mod title;
mod trail;
