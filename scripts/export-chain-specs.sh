#!/usr/bin/env bash
# Regenerate the checked-in chain specs from the binary (after a runtime or preset change).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$BIOLEDGER_ROOT"
[ -x "$BIOLEDGER_BIN" ] || ./scripts/setup.sh
"$BIOLEDGER_BIN" export-chain-spec --chain dev >chain-spec/dev.json
"$BIOLEDGER_BIN" export-chain-spec --chain local_consortium >chain-spec/local-consortium.json
echo "exported chain-spec/dev.json and chain-spec/local-consortium.json"
