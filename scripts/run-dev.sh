#!/usr/bin/env bash
# A single-validator development chain with JSON-RPC on 127.0.0.1:9944, loaded once with the
# demo scenario, and the explorer served on http://127.0.0.1:4173 (URL printed).
# Builds first if the binaries are missing. Extra arguments go to the node.
#   NO_DEMO=1      do not load the demo data
#   NO_EXPLORER=1  do not serve the explorer (the node alone, in the foreground)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$BIOLEDGER_ROOT"
[ -x "$BIOLEDGER_BIN" ] || ./scripts/setup.sh
if [ -n "${NO_EXPLORER:-}" ] && [ -n "${NO_DEMO:-}" ]; then
	echo "run-dev: RPC at ws://127.0.0.1:9944 (Ctrl-C to stop)"
	exec "$BIOLEDGER_BIN" --dev --rpc-port 9944 --no-mdns --no-telemetry "$@"
fi
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait' EXIT INT TERM
"$BIOLEDGER_BIN" --dev --rpc-port 9944 --no-mdns --no-telemetry "$@" &
pids+=($!)
for _ in $(seq 1 120); do
	curl -sf -H 'Content-Type: application/json' \
		-d '{"id":1,"jsonrpc":"2.0","method":"system_health","params":[]}' \
		http://127.0.0.1:9944 >/dev/null && break
	sleep 0.5
done
if [ -z "${NO_DEMO:-}" ]; then
	echo "run-dev: loading the demo scenario (about 2 minutes) …"
	"$(dirname "$BIOLEDGER_BIN")/demo" --url ws://127.0.0.1:9944 --out "${TMPDIR:-/tmp}/bioledger-demo.json" >/dev/null
	echo "run-dev: demo loaded; what it made: ${TMPDIR:-/tmp}/bioledger-demo.json"
fi
if [ -z "${NO_EXPLORER:-}" ]; then
	./scripts/explorer-setup.sh
	(cd explorer && node node_modules/vite/bin/vite.js build --logLevel warn)
	(cd explorer && exec node node_modules/vite/bin/vite.js preview --port 4173 --strictPort --logLevel warn) &
	pids+=($!)
	echo "run-dev: explorer at http://127.0.0.1:4173/?node=ws://127.0.0.1:9944#/lot/AP-VIAL-2026-0001"
fi
echo "run-dev: RPC at ws://127.0.0.1:9944 (Ctrl-C to stop)"
wait "${pids[0]}"
