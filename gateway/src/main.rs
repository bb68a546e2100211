//! `bioledger-gateway`: the partner gateway a member runs next to its node.
//!
//! ```text
//! bioledger-gateway run --config gateway.json [--dev] [--listen 127.0.0.1:8088] [--index-from N]
//! bioledger-gateway new-key          # prints a new API key and the sha256 to put in the config
//! bioledger-gateway openapi          # prints the OpenAPI document
//! ```

use clap::{Parser, Subcommand};
use std::{io::Read, path::PathBuf};

#[derive(Parser)]
#[command(name = "bioledger-gateway", version, about = "BioLedger partner gateway")]
struct Cli {
	#[command(subcommand)]
	cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
	/// Serve the API.
	Run {
		/// Configuration file (JSON; see docs/integrator-guide.md).
		#[arg(long)]
		config: PathBuf,
		/// Accept development keys (`//Alice`…) in the keystore; never on a real network.
		#[arg(long)]
		dev: bool,
		/// Listen address (overrides the config).
		#[arg(long)]
		listen: Option<String>,
		/// First block a new store indexes (default: 200 blocks before the finalized head).
		#[arg(long)]
		index_from: Option<u32>,
	},
	/// Generate an API key: prints the key (give it to the system) and its sha256 (for the config).
	NewKey,
	/// Print the OpenAPI document.
	Openapi,
}

fn main() -> anyhow::Result<()> {
	match Cli::parse().cmd {
		Cmd::Run { config, dev, listen, index_from } => tokio::runtime::Builder::new_multi_thread()
			.enable_all()
			.build()?
			.block_on(bioledger_gateway::run(bioledger_gateway::Options {
				config,
				dev,
				listen,
				index_from,
			})),
		Cmd::NewKey => {
			let mut raw = [0u8; 24];
			std::fs::File::open("/dev/urandom")?.read_exact(&mut raw)?;
			let key = format!("blg_{}", hex::encode(raw));
			println!(
				"key:        {key}\nkey_sha256: {}",
				bioledger_gateway::app::key_hash_hex(&key)
			);
			Ok(())
		},
		Cmd::Openapi => {
			println!("{}", bioledger_gateway::openapi_json());
			Ok(())
		},
	}
}
