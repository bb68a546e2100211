//! `bioledger`: the BioLedger consortium node.

#![warn(missing_docs)]

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;
mod sm2_cmd;

fn main() -> sc_cli::Result<()> {
	command::run()
}
