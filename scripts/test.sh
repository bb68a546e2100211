#!/usr/bin/env bash
# Everything CI runs, in order, with the time each step took.
#   ./scripts/test.sh               all steps
#   STEPS="build test" ./scripts/test.sh   only some steps
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$BIOLEDGER_ROOT"

ALL_STEPS="setup fmt alerts build clippy test bench-tests gateway-load explorer upgrade try-upgrade crash-loop overload fuzz"
STEPS="${STEPS:-$ALL_STEPS}"
declare -a SUMMARY=()

step() {
	local name="$1"; shift
	case " $STEPS " in *" $name "*) ;; *) return 0 ;; esac
	echo "==> [$name] $*"
	local t0=$SECONDS
	"$@"
	local dt=$((SECONDS - t0))
	SUMMARY+=("$(printf '%-12s %5ds' "$name" "$dt")")
	echo "<== [$name] ${dt}s"
}

T0=$SECONDS
step setup env SKIP_BUILD=1 ./scripts/setup.sh
step fmt cargo fmt --all -- --check
# The Prometheus alert rules: syntax and unit tests under Prometheus's rule engine (promtool).
step alerts ./scripts/alerts-test.sh
step build cargo build --release --locked --workspace --all-targets
# Clippy type-checks only (the runtime WASM is up to date from the build step).
step clippy cargo clippy --release --locked --workspace --all-targets -- -D warnings
# Unit tests of every crate and the end-to-end tests (real nodes on loopback).
step test cargo test --release --locked --workspace
# Benchmarks compile and run once against the pallet mocks (`runtime-benchmarks`).
step bench-tests ./scripts/bench-tests.sh
# The load generator's short mode (`load --short`) is not a CI step: it asserts nothing but
# that the run completes (docs/tests.md); run it by hand as `STEPS=load-short ./scripts/test.sh`.
step load-short "$CARGO_TARGET_DIR/release/load" --short --out "$CARGO_TARGET_DIR/load-short.json"
# The partner gateway under load, short form: EPCIS commissioning events captured through the
# gateway to finalized vs direct create_lot on one dev node, then half load for latency
# Fails below 0.8 x the direct rate, or with a half-load p95 above 9 s or anything unfinalized
# (`gateway_load` without flags is the 60-s run; docs/benchmarks.md#partner-gateway).
step gateway-load "$CARGO_TARGET_DIR/release/gateway_load" --short --check --out "$CARGO_TARGET_DIR/gateway-load-short.json"
# The explorer: type check and build, then headless Chromium and @polkadot/api compatibility
# tests against a dev node loaded with the demo scenario (installs Chromium and npm packages).
step explorer ./scripts/explorer-test.sh
# A running four-validator consortium started from the previous release's chain spec upgrades
# to this runtime by council vote, under load (needs the explorer's npm packages for its
# @polkadot/api client); it exports the chain's state before and after enactment.
# `--workspace`: the same feature set as the build step, so nothing is compiled again.
step upgrade cargo test --release --locked --workspace --test upgrade -- --ignored --nocapture
# This runtime's migrations and every pallet's try_state on those exported states.
step try-upgrade ./scripts/try-upgrade.sh "$CARGO_TARGET_DIR/upgrade/state-before.json" "$CARGO_TARGET_DIR/upgrade/state-after.json"
# Validators killed (-9), stopped (SIGTERM) and restarted every 20 s in three 40-s phases under
# conflicting provenance load and transfers: nothing lost, one finalized chain (docs/reliability.md;
# CRASH_LOOP_PHASE_SECS=300 for the long run).
step crash-loop env CRASH_LOOP_PHASE_SECS="${CRASH_LOOP_PHASE_SECS:-40}" cargo test --release --locked --workspace --test crash_loop -- --ignored --nocapture
# Overload, short form: 100 tx/s sustained, then three times that for 20 blocks, by clients
# that re-sign what is refused; fails unless the overload phase finalizes >= 80 % of the
# sustained rate with nothing lost. On this 2-core machine (December 2026) 200 tx/s is still
# within capacity (all finalized, p95 6.5 s) and 300 is not (183 tx/s finalized in this form),
# so the overload phase is a real overload and the 80 % line (80 tx/s) sits well below what the
# machine holds (`overload` without flags: 400 then 800 tx/s for 100 blocks).
step overload "$CARGO_TARGET_DIR/release/overload" --variants after --sustained 100 --factor 3 --base-blocks 10 --hold-blocks 20 --check --out "$CARGO_TARGET_DIR/overload-short.json"

# The runtime fuzzer, smoke form: every corpus and regression input once, then 60 s of fuzzing
# (./scripts/fuzz.sh run for the long run; docs/reliability.md).
step fuzz ./scripts/fuzz.sh smoke 60

echo
echo "step timings:"
printf '  %s\n' "${SUMMARY[@]}"
echo "  total        $((SECONDS - T0))s"
