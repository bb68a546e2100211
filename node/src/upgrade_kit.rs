//! `bioledger upgrade-kit`: what a council member needs to propose a runtime upgrade, and what
//! every other operator needs to check it, computed from a WASM file with the runtime's own
//! motion builder (`bioledger_runtime::configs::upgrades::UpgradeMotion`).
//!
//! Each operator builds the tagged release, runs this on its own WASM and compares the call
//! hash with the one the motion whitelisted on chain (`Whitelist::CallWhitelisted`).

use bioledger_runtime::configs::upgrades::{upgrade_task_id, UpgradeMotion};
use codec::Encode;
use frame_support::dispatch::GetDispatchInfo;
use std::path::PathBuf;

/// `upgrade-kit` options.
#[derive(Debug, clap::Parser)]
pub struct UpgradeKitCmd {
	/// The new runtime (`bioledger_runtime.compact.compressed.wasm` of a tagged build).
	#[arg(long)]
	pub wasm: PathBuf,
	/// The block at which the upgrade is enacted.
	#[arg(long)]
	pub at: u32,
	/// Council seats now (the motion's threshold is three quarters of them, rounded up).
	#[arg(long)]
	pub seats: u32,
	/// Write the `system.set_code` call here (the preimage anyone uploads with
	/// `preimage.notePreimage`).
	#[arg(long)]
	pub preimage_out: Option<PathBuf>,
}

impl UpgradeKitCmd {
	/// Print the kit as JSON.
	pub fn run(&self) -> sc_cli::Result<()> {
		let wasm = std::fs::read(&self.wasm)
			.map_err(|e| format!("reading {}: {e}", self.wasm.display()))?;
		let kit = UpgradeMotion::new(wasm.clone(), self.at, self.seats);
		if let Some(path) = &self.preimage_out {
			std::fs::write(path, kit.set_code.encode())
				.map_err(|e| format!("writing {}: {e}", path.display()))?;
		}
		let motion = kit.motion.encode();
		let out = serde_json::json!({
			"codeHash": format!("0x{}", hex::encode(kit.code_hash)),
			"codeBytes": wasm.len(),
			"setCodeCallHash": format!("{:?}", kit.call_hash),
			"setCodeCallLength": kit.set_code.encoded_size(),
			"enactAt": self.at,
			"taskId": format!("0x{}", hex::encode(upgrade_task_id(&kit.code_hash))),
			"threshold": kit.threshold,
			"motion": format!("0x{}", hex::encode(&motion)),
			"motionLength": motion.len(),
			"motionWeight": format!("{:?}", kit.motion.get_dispatch_info().call_weight),
		});
		println!("{}", serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?);
		Ok(())
	}
}
