#!/usr/bin/env bash
# Run a single-validator development chain with JSON-RPC on 127.0.0.1:9944.
# Builds first if the binary is missing. Extra arguments go to the node.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$BIOLEDGER_ROOT"
[ -x "$BIOLEDGER_BIN" ] || ./scripts/setup.sh
echo "run-dev: RPC at ws://127.0.0.1:9944 (Ctrl-C to stop)"
exec "$BIOLEDGER_BIN" --dev --rpc-port 9944 --no-mdns --no-telemetry "$@"
