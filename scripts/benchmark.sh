#!/usr/bin/env bash
# Regenerate weights from benchmarks on this machine (the reference machine of the figures in
# the README). Builds the node with `runtime-benchmarks` into its own target directory so the
# normal build is not disturbed, then runs `bioledger benchmark pallet` for every BioLedger
# pallet and writes `pallets/<name>/src/weights.rs`.
#   ./scripts/benchmark.sh                 all BioLedger pallets
#   ./scripts/benchmark.sh consortium      one pallet
#   STEPS=50 REPEAT=20 ./scripts/benchmark.sh
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$BIOLEDGER_ROOT"
BENCH_TARGET="${BENCH_TARGET:-$HOME/.cache/bioledger/target-bench}"
CARGO_TARGET_DIR="$BENCH_TARGET" cargo build --release --locked -p bioledger-node --features runtime-benchmarks
BIN="$BENCH_TARGET/release/bioledger"
pallets="${*:-$(ls pallets)}"
for p in $pallets; do
	echo "benchmark: pallet_$p"
	"$BIN" benchmark pallet \
		--runtime "$BENCH_TARGET/release/wbuild/bioledger-runtime/bioledger_runtime.compact.compressed.wasm" \
		--genesis-builder-preset development \
		--pallet "pallet_$p" --extrinsic '*' \
		--steps "${STEPS:-50}" --repeat "${REPEAT:-20}" \
		--heap-pages 4096 \
		--template scripts/weight-template.hbs \
		--output "pallets/$p/src/weights.rs"
done
