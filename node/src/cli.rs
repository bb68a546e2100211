//! Command-line interface: the standard Substrate node CLI plus BioLedger's subcommands.

/// The `bioledger` command line.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// A subcommand; without one the node runs.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Options of the running node (the standard Substrate `RunCmd`).
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,

	/// Permissioned peering: talk only to the nodes registered on chain by active members, and
	/// answer requests from no one else. `auto` follows the chain spec
	/// (`properties.consortiumPeering`): on for `local_consortium` and consortium specs, off for
	/// a development chain; any other spec without the property is refused (fail closed).
	/// `off` runs a deliberately public network.
	#[arg(long, value_enum, default_value_t = PeeringMode::Auto)]
	pub consortium_peering: PeeringMode,

	/// Disk-space guard (`--db-storage-threshold`, MiB, default 1024; `--db-storage-polling-period`):
	/// below the threshold the node shuts down cleanly, and it does not start.
	#[clap(flatten)]
	pub storage_monitor: sc_storage_monitor::StorageMonitorParams,

	/// How long an author may build a block after missed slots. `capped` (default): never
	/// more than ⅔ of the slot (2 s). `exponential`: Substrate's default lenience, which after
	/// missed slots grows to 4, 6, 6, 10 … s (doubling every two missed slots, up to 2⁷
	/// slots), longer than the 3 s slot: under load it forks the tip.
	#[arg(long, value_enum, default_value_t = ProposalLenience::Capped)]
	pub proposal_lenience: ProposalLenience,
}

/// `--proposal-lenience`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProposalLenience {
	/// Never more than the normal proposal time (⅔ of the slot).
	Capped,
	/// Substrate's default: grows with missed slots (up to 2⁷ slots).
	Exponential,
}

/// `--consortium-peering`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PeeringMode {
	/// Follow the chain spec.
	Auto,
	/// Always on.
	On,
	/// Always off (open peering, as any Substrate node).
	Off,
}

/// Subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect, insert keys; node keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (deprecated upstream in favour of `export-chain-spec`).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export a chain specification as JSON.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// SM2 e-seal keys and signatures, SM3 document hashes (OpenSSL-compatible).
	#[command(subcommand)]
	Sm2(crate::sm2_cmd::Sm2Cmd),

	/// The council motion, call hash and preimage of a runtime upgrade, from a WASM file.
	UpgradeKit(crate::upgrade_kit::UpgradeKitCmd),

	/// nftables rules restricting the p2p port to the member nodes registered on chain.
	Firewall(crate::firewall::FirewallCmd),

	/// Benchmarks (`benchmark pallet` needs the `runtime-benchmarks` feature).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}
