//! Signing (moved to `bioledger-client`, re-exported for the tests).

pub use bioledger_client::tx::*;
