#!/usr/bin/env bash
# Run every BioLedger pallet's benchmarks once as tests against its mock runtime.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$BIOLEDGER_ROOT"
pallets=$(ls -d pallets/*/ 2>/dev/null | xargs -r -n1 basename)
if [ -z "$pallets" ]; then
	echo "bench-tests: no pallets yet"
	exit 0
fi
args=()
for p in $pallets; do args+=(-p "pallet-$p"); done
SKIP_WASM_BUILD=1 cargo test --release --locked "${args[@]}" --features runtime-benchmarks -- benchmark
