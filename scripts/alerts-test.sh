#!/usr/bin/env bash
# The Prometheus alert rules (ops/prometheus/alerts.yml): syntax, then the unit tests in
# ops/prometheus/alerts.test.yml evaluated by Prometheus's own rule engine (promtool).
# promtool comes from Debian's `prometheus` package, unpacked into the cache (not installed:
# no service is set up or started).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$BIOLEDGER_ROOT"
TOOLS="$HOME/.cache/bioledger/tools"
PROMTOOL="$TOOLS/prometheus/usr/bin/promtool"
if [ ! -x "$PROMTOOL" ]; then
	tmp="$(mktemp -d)"
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && apt-get download prometheus >/dev/null 2>&1 || { apt-get update -qq && apt-get download prometheus; })
	mkdir -p "$TOOLS/prometheus"
	dpkg-deb -x "$tmp"/prometheus_*.deb "$TOOLS/prometheus"
fi
"$PROMTOOL" --version | head -1
cd ops/prometheus
"$PROMTOOL" check rules alerts.yml
"$PROMTOOL" test rules alerts.test.yml
