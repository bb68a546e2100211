#!/usr/bin/env bash
# The explorer's tests against a real chain: a dev node on loopback ports, the demo scenario
# loaded by the `demo` binary, the built explorer served by `vite preview`, then
#   1. tests/e2e.mjs    — headless Chromium (Debian's, driven by playwright-core)
#   2. tests/compat.mjs — @polkadot/api alone: pallets, storage, events, runtime APIs.
# Screenshots go to explorer/test-results/. Processes and the temp dir are cleaned up on exit.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$BIOLEDGER_ROOT"
./scripts/explorer-setup.sh --browser
BIN_DIR="$(dirname "$BIOLEDGER_BIN")"
tmp="$(mktemp -d /tmp/bioledger-explorer.XXXXXX)"
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rpc() {
	curl -sf -H 'Content-Type: application/json' \
		-d "{\"id\":1,\"jsonrpc\":\"2.0\",\"method\":\"$1\",\"params\":${2:-[]}}" "http://127.0.0.1:$RPC"
}
RPC="$(port)"; P2P="$(port)"; WEB="$(port)"
"$BIOLEDGER_BIN" --dev --base-path "$tmp/node" --listen-addr "/ip4/127.0.0.1/tcp/$P2P" \
	--rpc-port "$RPC" --no-mdns --no-prometheus --no-telemetry >"$tmp/node.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do rpc system_health >/dev/null && break; sleep 0.5; done
rpc system_health >/dev/null || { tail -20 "$tmp/node.log"; exit 1; }

t0=$SECONDS
"$BIN_DIR/demo" --url "ws://127.0.0.1:$RPC" --out "$tmp/demo.json" >/dev/null
echo "explorer-test: demo loaded in $((SECONDS - t0))s"
# The explorer reads at the finalized head: wait until it covers the demo.
best="$(rpc chain_getHeader | python3 -c 'import json,sys; print(int(json.load(sys.stdin)["result"]["number"], 16))')"
for _ in $(seq 1 120); do
	fin="$(rpc chain_getHeader "[\"$(rpc chain_getFinalizedHead | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"])')\"]" \
		| python3 -c 'import json,sys; print(int(json.load(sys.stdin)["result"]["number"], 16))')"
	[ "$fin" -ge "$best" ] && break
	sleep 1
done

cd explorer
node node_modules/typescript/bin/tsc --noEmit
node node_modules/vite/bin/vite.js build --logLevel warn
node node_modules/vite/bin/vite.js preview --port "$WEB" --strictPort >"$tmp/preview.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$WEB/" >/dev/null && break; sleep 0.5; done

status=0
EXPLORER_URL="http://127.0.0.1:$WEB" NODE_WS="ws://127.0.0.1:$RPC" DEMO_JSON="$tmp/demo.json" \
	SCREENSHOTS="test-results" node tests/e2e.mjs || status=1
NODE_WS="ws://127.0.0.1:$RPC" DEMO_JSON="$tmp/demo.json" node tests/compat.mjs || status=1
exit $status
