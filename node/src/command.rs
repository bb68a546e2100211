//! Dispatch of the command line to the node or to a subcommand.

use crate::{
	chain_spec,
	cli::{Cli, Subcommand},
	service,
};
use bioledger_runtime::opaque::Block;
use sc_cli::SubstrateCli;
use sc_service::PartialComponents;

impl SubstrateCli for Cli {
	fn impl_name() -> String {
		"BioLedger Node".into()
	}

	fn impl_version() -> String {
		env!("SUBSTRATE_CLI_IMPL_VERSION").into()
	}

	fn description() -> String {
		env!("CARGO_PKG_DESCRIPTION").into()
	}

	fn author() -> String {
		env!("CARGO_PKG_AUTHORS").into()
	}

	fn support_url() -> String {
		"https://example.invalid/bioledger/issues".into()
	}

	fn copyright_start_year() -> i32 {
		2026
	}

	fn load_spec(&self, id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
		Ok(match id {
			"dev" => Box::new(chain_spec::development_chain_spec()?),
			"local" | "local_consortium" | "local-consortium" => {
				Box::new(chain_spec::local_consortium_chain_spec()?)
			},
			// Substrate's default when `--chain` is absent. The built-in chains validate with
			// public dev keys; a member node names its consortium's chain spec.
			"" => return Err(NO_CHAIN.into()),
			path => {
				Box::new(chain_spec::ChainSpec::from_json_file(std::path::PathBuf::from(path))?)
			},
		})
	}
}

/// Why the node refuses to start without `--chain`.
const NO_CHAIN: &str = "no chain given: pass `--chain <your consortium's chain spec.json>` \
	(or `--dev` for a throw-away development chain, `--chain local_consortium` for the four-member \
	test consortium; both validate with public dev keys)";

/// Per-connection RPC rate limit of a member node when `--rpc-rate-limit` is not given
/// (calls per minute; the node delays calls over the limit and refuses them after ten tries).
pub const DEFAULT_RPC_RATE_LIMIT: u32 = 1_200;

/// Parse and run the command line.
pub fn run() -> sc_cli::Result<()> {
	let cli = Cli::from_args();

	match &cli.subcommand {
		Some(Subcommand::Key(cmd)) => {
			cmd.run(&cli)?;
			if matches!(cmd, sc_cli::KeySubcommand::GenerateNodeKey(_)) {
				crate::perimeter::tighten_written_node_keys(std::env::args());
			}
			Ok(())
		},
		#[allow(deprecated)]
		Some(Subcommand::BuildSpec(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.chain_spec, config.network))
		},
		Some(Subcommand::ExportChainSpec(cmd)) => {
			let chain_spec = cli.load_spec(&cmd.chain)?;
			cmd.run(chain_spec)
		},
		Some(Subcommand::CheckBlock(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::ExportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.database), task_manager))
			})
		},
		Some(Subcommand::ExportState(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, .. } = service::new_partial(&config)?;
				Ok((cmd.run(client, config.chain_spec), task_manager))
			})
		},
		Some(Subcommand::ImportBlocks(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, import_queue, .. } =
					service::new_partial(&config)?;
				Ok((cmd.run(client, import_queue), task_manager))
			})
		},
		Some(Subcommand::PurgeChain(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run(config.database))
		},
		Some(Subcommand::Revert(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.async_run(|config| {
				let PartialComponents { client, task_manager, backend, .. } =
					service::new_partial(&config)?;
				let aux_revert = Box::new(|client, _, blocks| {
					sc_consensus_grandpa::revert(client, blocks)?;
					Ok(())
				});
				Ok((cmd.run(client, backend, Some(aux_revert)), task_manager))
			})
		},
		Some(Subcommand::Sm2(cmd)) => cmd.run(),
		Some(Subcommand::UpgradeKit(cmd)) => cmd.run(),
		Some(Subcommand::Firewall(cmd)) => cmd.run(),
		Some(Subcommand::ChainInfo(cmd)) => {
			let runner = cli.create_runner(cmd)?;
			runner.sync_run(|config| cmd.run::<Block>(&config))
		},
		#[cfg(feature = "runtime-benchmarks")]
		Some(Subcommand::Benchmark(cmd)) => crate::benchmarking::run(&cli, cmd),
		None => {
			let runner = cli.create_runner(&cli.run)?;
			let mode = cli.consortium_peering;
			let storage = cli.storage_monitor.clone();
			let lenience = cli.proposal_lenience;
			let explicit = crate::perimeter::Explicit {
				rpc_cors: cli.run.rpc_params.rpc_cors.is_some(),
				rpc_rate_limit: cli.run.rpc_params.rpc_rate_limit.is_some(),
			};
			runner.run_node_until_exit(|mut config| async move {
				let peering = crate::perimeter::peering(mode, &*config.chain_spec)
					.map_err(sc_cli::Error::Input)?;
				crate::perimeter::apply(&mut config, peering, explicit);
				let database = config.database.path().map(|p| p.to_path_buf());
				let task_manager = match config.network.network_backend {
					sc_network::config::NetworkBackendType::Libp2p => {
						service::new_full::<
							sc_network::NetworkWorker<
								Block,
								<Block as sp_runtime::traits::Block>::Hash,
							>,
						>(config, service::Options { peering, lenience })
						.map_err(sc_cli::Error::Service)?
					},
					sc_network::config::NetworkBackendType::Litep2p => {
						service::new_full::<sc_network::Litep2pNetworkBackend>(
							config,
							service::Options { peering, lenience },
						)
						.map_err(sc_cli::Error::Service)?
					},
				};
				// A full disk stops the node through the essential-task path (a clean shutdown,
				// the database closed) before a write can fail half-way.
				if let Some(path) = database {
					sc_storage_monitor::StorageMonitorService::try_spawn(
						storage,
						path,
						&task_manager.spawn_essential_handle(),
					)
					.map_err(|e| sc_cli::Error::Application(e.into()))?;
				}
				Ok(task_manager)
			})
		},
	}
}
