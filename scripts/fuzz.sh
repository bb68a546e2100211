#!/usr/bin/env bash
# The runtime fuzzer (fuzz/): libFuzzer over the real runtime, built on stable Rust with
# libFuzzer's coverage instrumentation and no sanitizer (cargo-fuzz's `--sanitizer none`
# recipe, without needing cargo-fuzz). Artifacts go to $CARGO_TARGET_DIR/x86_64-unknown-linux-gnu.
#
#   ./scripts/fuzz.sh build             build the instrumented fuzzer
#   ./scripts/fuzz.sh seeds             (re)write the seed corpus (fuzz/corpus/runtime)
#   ./scripts/fuzz.sh smoke [seconds]   CI: every corpus and regression input once, then fuzz for
#                                       `seconds` (default 120) from the corpus; fails on a crash
#   ./scripts/fuzz.sh run [seconds]     a long run (default 4 h) that adds what it finds to the
#                                       corpus and prints executions, exec/s, cov and ft
#   ./scripts/fuzz.sh replay FILE...    run inputs once (e.g. a crash artifact)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$BIOLEDGER_ROOT"
TRIPLE=x86_64-unknown-linux-gnu
BIN="$CARGO_TARGET_DIR/$TRIPLE/release/runtime"
export SKIP_WASM_BUILD=1

build() {
	RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cllvm-args=-simplifycfg-branch-fold-threshold=0 \
-Cllvm-args=-sanitizer-coverage-stack-depth --cfg fuzzing -Cdebug-assertions" \
		cargo build --release --locked --manifest-path fuzz/Cargo.toml --target "$TRIPLE" --bin runtime
}

stats() { grep -E "^stat::|#[0-9]+.*(DONE|pulse|NEW|REDUCE)" "$1" | tail -8; }

cmd="${1:-smoke}"
shift || true
case "$cmd" in
build) build ;;
seeds)
	build
	FUZZ_WRITE_SEEDS=fuzz/corpus/runtime "$BIN"
	;;
smoke)
	secs="${1:-120}"
	build
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp/new"
	echo "fuzz: replaying the corpus and every regression input"
	# A slow block only fails on a pathological case here (CI shares its cores).
	export FUZZ_MAX_BLOCK_MS="${FUZZ_MAX_BLOCK_MS:-30000}"
	"$BIN" -runs=0 -timeout=60 -rss_limit_mb=4096 -artifact_prefix="$tmp/" "$tmp/new" \
		fuzz/corpus/runtime fuzz/regressions >"$tmp/replay.log" 2>&1 || {
		grep -v "^WARNING" "$tmp/replay.log" | tail -40
		exit 1
	}
	grep -E "INITED|DONE" "$tmp/replay.log" | tail -2
	echo "fuzz: fuzzing for ${secs}s from the corpus"
	"$BIN" -max_total_time="$secs" -timeout=60 -rss_limit_mb=4096 -print_final_stats=1 \
		-artifact_prefix="$tmp/" "$tmp/new" fuzz/corpus/runtime 2>"$tmp/fuzz.log" || {
		tail -40 "$tmp/fuzz.log"
		for f in "$tmp"/crash-* "$tmp"/timeout-* "$tmp"/oom-*; do
			[ -e "$f" ] && echo "input $f: $(od -An -tx1 "$f" | tr -d " \n" | head -c 2000)"
		done
		exit 1
	}
	stats "$tmp/fuzz.log"
	;;
run)
	secs="${1:-14400}"
	build
	mkdir -p fuzz/artifacts
	FUZZ_MAX_BLOCK_MS="${FUZZ_MAX_BLOCK_MS:-6000}" "$BIN" -max_total_time="$secs" -timeout=60 \
		-rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=fuzz/artifacts/ \
		fuzz/corpus/runtime >fuzz/artifacts/run.log 2>&1 || true
	grep -E "pulse|DONE|stat::" fuzz/artifacts/run.log | tail -12
	if ls fuzz/artifacts/crash-* fuzz/artifacts/timeout-* fuzz/artifacts/oom-* >/dev/null 2>&1; then
		grep -v "^WARNING" fuzz/artifacts/run.log | grep -B2 -A30 "panicked\|ERROR" | head -60
		echo "fuzz: found inputs in fuzz/artifacts/ (replay with ./scripts/fuzz.sh replay FILE)"
		exit 1
	fi
	;;
replay)
	build
	FUZZ_TRACE=1 "$BIN" -timeout=60 "$@"
	;;
*) echo "usage: $0 build|seeds|smoke [s]|run [s]|replay FILE..." >&2; exit 2 ;;
esac
