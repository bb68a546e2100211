#!/usr/bin/env bash
# Run this runtime's migrations (pre_upgrade/post_upgrade), a full state decode and every
# pallet's try_state on exported chain states (`bioledger export-state` output), natively with
# the runtime's `try-runtime` feature. No try-runtime CLI needed.
#   BIOLEDGER_STATE=state.json ./scripts/try-upgrade.sh
#   ./scripts/try-upgrade.sh a.json b.json        several states
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$BIOLEDGER_ROOT"
states=("$@")
[ "${#states[@]}" -gt 0 ] || states=("${BIOLEDGER_STATE:?give state files or set BIOLEDGER_STATE}")
for s in "${states[@]}"; do
	echo "try-upgrade: $s"
	BIOLEDGER_STATE="$(realpath "$s")" SKIP_WASM_BUILD=1 cargo test --release --locked \
		-p bioledger-runtime --features try-runtime --test try_upgrade -- --nocapture
done
