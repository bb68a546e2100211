#!/usr/bin/env bash
# Regenerate weights from benchmarks on this machine (the reference machine of the figures in
# the README). Builds the node with `runtime-benchmarks` into its own target directory so the
# normal build is not disturbed, then runs `bioledger benchmark pallet`:
#   - every BioLedger pallet      → pallets/<name>/src/weights.rs (scripts/weight-template.hbs)
#   - the FRAME pallets and transaction extensions every transaction or block goes through
#     (system extensions, transaction payment, balances, utility, timestamp)
#                                 → runtime/src/weights/<pallet>.rs (the CLI's runtime template)
#   ./scripts/benchmark.sh                 all of them
#   ./scripts/benchmark.sh consortium      one BioLedger pallet
#   ./scripts/benchmark.sh pallet_utility  one FRAME pallet
#   STEPS=50 REPEAT=20 SKIP_BUILD=1 ./scripts/benchmark.sh
# Base block/extrinsic weights and the database weights come from scripts/calibrate.sh.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$BIOLEDGER_ROOT"
BENCH_TARGET="${BENCH_TARGET:-$HOME/.cache/bioledger/target-bench}"
if [ -z "${SKIP_BUILD:-}" ]; then
	CARGO_TARGET_DIR="$BENCH_TARGET" cargo build --release --locked -p bioledger-node --features runtime-benchmarks
fi
BIN="$BENCH_TARGET/release/bioledger"
WASM="$BENCH_TARGET/release/wbuild/bioledger-runtime/bioledger_runtime.compact.compressed.wasm"
FRAME="frame_system_extensions pallet_transaction_payment pallet_balances pallet_utility pallet_timestamp"
targets="${*:-$(ls pallets) $FRAME}"
mkdir -p runtime/src/weights
for p in $targets; do
	echo "benchmark: $p"
	case "$p" in
	frame_* | pallet_*) out=(--output "runtime/src/weights/$p.rs" --header scripts/weight-header.txt) ;;
	*) out=(--template scripts/weight-template.hbs --output "pallets/$p/src/weights.rs"); p="pallet_$p" ;;
	esac
	"$BIN" benchmark pallet \
		--runtime "$WASM" \
		--genesis-builder-preset development \
		--pallet "$p" --extrinsic '*' \
		--steps "${STEPS:-50}" --repeat "${REPEAT:-20}" \
		--heap-pages 4096 \
		"${out[@]}"
done
