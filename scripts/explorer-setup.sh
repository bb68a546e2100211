#!/usr/bin/env bash
# What the explorer needs: Node.js packages (npm ci from the lock file) and, for its browser
# tests, Debian's Chromium (/usr/bin/chromium). Idempotent.
#   ./scripts/explorer-setup.sh            packages only
#   ./scripts/explorer-setup.sh --browser  packages and Chromium
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$BIOLEDGER_ROOT/explorer"
if ! command -v npm >/dev/null; then
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	npm ci --no-audit --no-fund --loglevel=error
fi
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi
