#!/usr/bin/env bash
# Calibration on this machine, before reading any throughput figure:
#   benchmark machine   CPU, memory and disk against Substrate's reference hardware
#   benchmark storage   ParityDB read and write cost, on a dev database holding the demo scenario
#                       and FILL_LOTS (60,000) lots; writes are amortised over WRITE_BATCH
#                       (10,000) keys per commit and storage root, about a full block's writes
#   benchmark overhead  the per-block and per-extrinsic base weights of this runtime
# Generated files go to runtime/src/weights/ (storage and overhead) and bench/results/.
# Uses the `runtime-benchmarks` build of scripts/benchmark.sh (own target directory).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$BIOLEDGER_ROOT"
BENCH_TARGET="${BENCH_TARGET:-$HOME/.cache/bioledger/target-bench}"
if [ -z "${SKIP_BUILD:-}" ]; then
	CARGO_TARGET_DIR="$BENCH_TARGET" cargo build --release --locked -p bioledger-node --features runtime-benchmarks
fi
BIN="$BENCH_TARGET/release/bioledger"
WASM="${WASM:-$BENCH_TARGET/release/wbuild/bioledger-runtime/bioledger_runtime.compact.compressed.wasm}"
tmp="$(mktemp -d /tmp/bioledger-calibrate.XXXXXX)"
node_pid=""
trap '[ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
mkdir -p runtime/src/weights bench/results

echo "calibrate: benchmark machine"
"$BIN" benchmark machine --dev --base-path "$tmp/machine" --allow-fail 2>&1 | tee bench/results/machine.txt

echo "calibrate: a dev database with the demo scenario and ${FILL_LOTS:=60000} lots for benchmark storage"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$BIOLEDGER_BIN" --dev --base-path "$tmp/db" --rpc-port "$port" --no-mdns --no-prometheus \
	--no-telemetry --listen-addr /ip4/127.0.0.1/tcp/0 >"$tmp/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 1 120); do
	curl -sf -H 'Content-Type: application/json' \
		-d '{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}' "http://127.0.0.1:$port" >/dev/null && break
	sleep 0.5
done
"$(dirname "$BIOLEDGER_BIN")/demo" --url "ws://127.0.0.1:$port" >/dev/null
# 100-lot batches at 10 tx/s: FILL_LOTS / 1000 seconds, i.e. FILL_LOTS / 3000 blocks.
"$(dirname "$BIOLEDGER_BIN")/load" --url "ws://127.0.0.1:$port" --workload create_lot_batch \
	--batch 100 --rates 10 --accounts 16 --step-blocks $((FILL_LOTS / 3000)) --out "$tmp/fill.json" >"$tmp/fill.log"
kill "$node_pid"; wait "$node_pid" 2>/dev/null || true; node_pid=""

echo "calibrate: benchmark storage (ParityDB)"
"$BIN" benchmark storage --dev --base-path "$tmp/db" --database paritydb --state-version 1 \
	--warmups 2 --batch-size "${WRITE_BATCH:-10000}" --weight-path runtime/src/weights 2>&1 | tee bench/results/storage.txt

echo "calibrate: benchmark overhead"
"$BIN" benchmark overhead --runtime "$WASM" --genesis-builder-preset development \
	--weight-path runtime/src/weights --warmup 5 --repeat 50 2>&1 | tee bench/results/overhead.txt
