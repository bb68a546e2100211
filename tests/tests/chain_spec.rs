//! The checked-in chain specs are exactly what the binary exports (regenerate them with
//! `./scripts/export-chain-specs.sh` after a runtime or preset change).

use bioledger_e2e::node_binary;
use std::{path::Path, process::Command};

fn check(chain: &str, file: &str) {
	let out = Command::new(node_binary())
		.args(["export-chain-spec", "--chain", chain])
		.output()
		.expect("run bioledger");
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	let exported = String::from_utf8(out.stdout).unwrap();
	let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../chain-spec").join(file);
	let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
	assert!(
		exported.trim_end() == checked_in.trim_end(),
		"{} is stale or missing: run ./scripts/export-chain-specs.sh",
		path.display()
	);
	// Sanity: it is the chain we think it is.
	let json: serde_json::Value = serde_json::from_str(&exported).unwrap();
	assert_eq!(json["chainType"], if chain == "dev" { "Development" } else { "Local" });
}

#[test]
fn dev_spec_matches_the_binary() {
	check("dev", "dev.json");
}

#[test]
fn local_consortium_spec_matches_the_binary() {
	check("local_consortium", "local-consortium.json");
}
