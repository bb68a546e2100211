//! Chain specifications built into the binary.
//!
//! `dev` and `local_consortium` are generated from the runtime's genesis presets; any other
//! `--chain` argument is a path to a JSON chain spec (see `chain-spec/README.md` for how a real
//! consortium writes its own).

use bioledger_runtime::{genesis_config_presets::LOCAL_CONSORTIUM_PRESET, WASM_BINARY};
use sc_service::ChainType;
use sp_genesis_builder::DEV_RUNTIME_PRESET;

/// The chain spec type of this node: no extensions; building genesis from the runtime's presets
/// needs the SM2 host functions (genesis e-seal keys are checked).
pub type ChainSpec =
	sc_service::GenericChainSpec<sc_service::NoExtension, bioledger_crypto::HostFunctions>;

/// Token properties shown by wallets and explorers.
fn properties() -> sc_chain_spec::Properties {
	let mut p = sc_chain_spec::Properties::new();
	p.insert("tokenSymbol".into(), "BIO".into());
	p.insert("tokenDecimals".into(), 12.into());
	p.insert("ss58Format".into(), 42.into());
	p
}

fn wasm() -> Result<&'static [u8], String> {
	WASM_BINARY
		.ok_or_else(|| "The runtime WASM is not available (built with SKIP_WASM_BUILD?)".into())
}

/// A single-validator development chain (Alice; three council seats: Alice, NMPA, SGS).
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("BioLedger Development")
		.with_id("bioledger_dev")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// A four-member consortium on one machine (Alice, Bob, Charlie, Dave), with
/// permissioned peering (`properties.consortiumPeering`).
pub fn local_consortium_chain_spec() -> Result<ChainSpec, String> {
	let mut props = properties();
	props.insert("consortiumPeering".into(), true.into());
	Ok(ChainSpec::builder(wasm()?, None)
		.with_name("BioLedger Local Consortium")
		.with_id("bioledger_local_consortium")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(LOCAL_CONSORTIUM_PRESET)
		.with_properties(props)
		.build())
}

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::BuildStorage;

	#[test]
	fn genesis_builds_in_wasm_with_the_sm2_host_functions() {
		for spec in [development_chain_spec().unwrap(), local_consortium_chain_spec().unwrap()] {
			let storage = spec.build_storage().expect("genesis builds");
			assert!(!storage.top.is_empty());
		}
	}

	#[test]
	fn without_the_sm2_host_functions_genesis_fails() {
		// Negative control: the same spec without BioLedger's host functions cannot build its
		// genesis (the e-seal keys are checked with `sm2_verify`), so the test above can fail.
		let spec = sc_service::GenericChainSpec::<sc_service::NoExtension, ()>::builder(
			WASM_BINARY.unwrap(),
			None,
		)
		.with_genesis_config_preset_name(DEV_RUNTIME_PRESET)
		.build();
		assert!(spec.build_storage().is_err());
	}
}
