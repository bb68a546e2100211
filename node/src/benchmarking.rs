//! `bioledger benchmark …` (feature `runtime-benchmarks`): pallet weights, machine, storage
//! (ParityDB), block overhead and block re-execution.

use crate::{cli::Cli, service};
use bioledger_runtime::opaque::Block;
use frame_benchmarking_cli::{BenchmarkCmd, SUBSTRATE_REFERENCE_HARDWARE};
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;

/// Run a benchmark subcommand.
pub fn run(cli: &Cli, cmd: &BenchmarkCmd) -> sc_cli::Result<()> {
	let runner = cli.create_runner(cmd)?;
	match cmd {
		BenchmarkCmd::Pallet(cmd) => runner.sync_run(|config| {
			cmd.run_with_spec::<sp_runtime::traits::HashingFor<Block>, service::HostFunctions>(
				Some(config.chain_spec),
			)
		}),
		BenchmarkCmd::Block(cmd) => runner.sync_run(|config| {
			let PartialComponents { client, .. } = service::new_partial(&config)?;
			cmd.run(client)
		}),
		BenchmarkCmd::Storage(cmd) => runner.sync_run(|config| {
			let PartialComponents { client, backend, .. } = service::new_partial(&config)?;
			let db = backend.expose_db();
			let storage = backend.expose_storage();
			let shared_cache = backend.expose_shared_trie_cache();
			cmd.run(config, client, db, storage, shared_cache)
		}),
		BenchmarkCmd::Overhead(cmd) => runner.sync_run(|config| {
			cmd.run_with_default_builder_and_spec::<Block, service::HostFunctions>(Some(
				config.chain_spec,
			))
		}),
		BenchmarkCmd::Machine(cmd) => {
			runner.sync_run(|config| cmd.run(&config, SUBSTRATE_REFERENCE_HARDWARE.clone()))
		},
		BenchmarkCmd::Extrinsic(_) => Err("`benchmark extrinsic` is not offered: use \
			`benchmark overhead` for the per-extrinsic base weight and `benchmark pallet` for \
			call weights"
			.into()),
	}
}
