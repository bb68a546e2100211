//! `bioledger`: the BioLedger consortium node.

#![warn(missing_docs)]
// `sc_cli::Error` and `sc_service::Error` are large by design (as in every Substrate node).
#![allow(clippy::result_large_err)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod confidential;
mod confidential_rpc;
mod firewall;
mod gate;
mod network;
mod peering;
mod perimeter;
mod private_store;
mod rpc;
mod rpc_server;
mod service;
mod sm2_cmd;
mod upgrade_kit;

fn main() -> sc_cli::Result<()> {
	command::run()
}
