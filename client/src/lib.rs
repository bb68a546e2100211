//! # BioLedger client
//!
//! What every off-chain program that talks to a BioLedger node needs: a JSON-RPC connection
//! ([`rpc::Rpc`]), transactions signed with the runtime's own types ([`tx`]), and typed reads of
//! storage, runtime APIs and block events ([`chain`]). The e2e harness, the load tools and the
//! partner gateway all use it, so they sign and decode the same way.

pub mod chain;
pub mod rpc;
pub mod tx;

pub use rpc::Rpc;
