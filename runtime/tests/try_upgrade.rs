//! Migrations and invariants on the state of a real chain (`try-runtime` without the external
//! CLI): load a raw chain spec written by `bioledger export-state`, run every migration of this
//! runtime with its `pre_upgrade`/`post_upgrade` checks (`Executive::try_runtime_upgrade`),
//! decode the whole state, and run every pallet's `try_state`. A migration that already ran on
//! that chain is skipped by its storage-version guard, so the same check applies before and
//! after an upgrade.
//!
//! `BIOLEDGER_STATE=state.json ./scripts/try-upgrade.sh` (the CI step `try-upgrade` runs it on
//! the states the end-to-end upgrade test exported before and after enactment).

#![cfg(feature = "try-runtime")]

use bioledger_runtime::{
	configs::RuntimeBlockWeights, AllPalletsWithSystem, BlockNumber, Executive, System,
};
use frame_support::traits::{TryState, TryStateSelect, UpgradeCheckSelect};
use sp_core::storage::{well_known_keys, ChildInfo, Storage, StorageChild, StorageMap};

fn unhex(s: &str) -> Vec<u8> {
	hex::decode(s.trim_start_matches("0x")).expect("hex")
}

fn map(v: &serde_json::Value) -> StorageMap {
	v.as_object()
		.expect("object")
		.iter()
		.map(|(k, v)| (unhex(k), unhex(v.as_str().expect("hex string"))))
		.collect()
}

/// A raw chain spec (`export-state`, `build-spec --raw`) as externalities.
fn ext_from_raw_spec(path: &str) -> sp_io::TestExternalities {
	let spec: serde_json::Value =
		serde_json::from_slice(&std::fs::read(path).expect("state file")).expect("json");
	let raw = &spec["genesis"]["raw"];
	let mut storage = Storage { top: map(&raw["top"]), children_default: Default::default() };
	if let Some(children) = raw.get("childrenDefault").and_then(|c| c.as_object()) {
		for (k, kv) in children {
			let key = unhex(k);
			storage.children_default.insert(
				key.clone(),
				StorageChild { data: map(kv), child_info: ChildInfo::new_default(&key) },
			);
		}
	}
	let code = storage.top.remove(well_known_keys::CODE).unwrap_or_default();
	sp_io::TestExternalities::new_with_code(&code, storage)
}

#[test]
fn migrations_and_invariants_hold_on_an_exported_state() {
	let path = std::env::var("BIOLEDGER_STATE")
		.expect("BIOLEDGER_STATE names the exported state (scripts/try-upgrade.sh)");
	let mut ext = ext_from_raw_spec(&path);
	ext.execute_with(|| {
		let at = System::block_number();
		let weight = Executive::try_runtime_upgrade(UpgradeCheckSelect::All)
			.expect("pre_upgrade, migrations, post_upgrade, state decoding and try_state");
		println!("state at block {at}: migrations weigh {weight:?}");
		assert!(
			weight.all_lte(RuntimeBlockWeights::get().max_block),
			"the migrations do not fit in one block: {weight:?}"
		);
		// A second run changes nothing (every migration is guarded) and still passes.
		Executive::try_runtime_upgrade(UpgradeCheckSelect::PreAndPost).expect("second run");
		<AllPalletsWithSystem as TryState<BlockNumber>>::try_state(at, TryStateSelect::All)
			.expect("try_state after the second run");
	});
}
