//! The checked-in chain specs are what the binary exports (regenerate them with
//! `./scripts/export-chain-specs.sh` after a runtime or preset change): name, id, type,
//! properties, boot nodes and the genesis patch exactly. The runtime code is compared as
//! "present and a compressed WASM blob" only: the runtime WASM is not bit-reproducible across
//! build directories (rustc's symbol hashes depend on where wasm-builder builds it), so a
//! clone built elsewhere embeds different bytes for the same source.

use bioledger_e2e::node_binary;
use std::{path::Path, process::Command};

fn check(chain: &str, file: &str) {
	let out = Command::new(node_binary())
		.args(["export-chain-spec", "--chain", chain])
		.output()
		.expect("run bioledger");
	assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
	let mut exported: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
	let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../chain-spec").join(file);
	let mut checked_in: serde_json::Value =
		serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_else(|_| "{}".into()))
			.unwrap_or_default();
	for spec in [&mut exported, &mut checked_in] {
		let code = spec["genesis"]["runtimeGenesis"]["code"].take();
		let code = code.as_str().unwrap_or_default();
		// `0x` + the compressed-WASM magic `52bc5376 46db8e05` + a runtime of some size.
		assert!(
			code.starts_with("0x52bc537646db8e05") && code.len() > 200_000,
			"{}: no compressed runtime",
			path.display()
		);
	}
	assert!(
		exported == checked_in,
		"{} is stale or missing: run ./scripts/export-chain-specs.sh",
		path.display()
	);
	// Sanity: it is the chain we think it is.
	assert_eq!(exported["chainType"], if chain == "dev" { "Development" } else { "Local" });
}

#[test]
fn dev_spec_matches_the_binary() {
	check("dev", "dev.json");
}

#[test]
fn local_consortium_spec_matches_the_binary() {
	check("local_consortium", "local-consortium.json");
}
