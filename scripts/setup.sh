#!/usr/bin/env bash
# Idempotent set-up: system packages, Rust targets, then the release build of the workspace.
#   ./scripts/setup.sh            # everything
#   SKIP_BUILD=1 ./scripts/setup.sh   # packages and toolchain only
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$BIOLEDGER_ROOT"

# 1. Debian packages needed to build the node (protoc for libp2p, clang for bindgen).
missing=()
for pkg in protobuf-compiler clang libclang-dev openssl curl; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
	echo "setup: installing ${missing[*]}"
	as_root apt-get update -qq
	DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The reference JSON-schema validator (PyPI `jsonschema`) the gateway test checks the EPCIS
# documents it returns with, for the `python3` on PATH.
if ! python3 -c 'import jsonschema' 2>/dev/null; then
	echo "setup: installing python jsonschema"
	python3 -m pip install --quiet 'jsonschema>=4.17' || python3 -m pip install --quiet --break-system-packages 'jsonschema>=4.17'
fi

# 2. Rust: the WASM targets and rust-src for the runtime build.
installed_targets="$(rustup target list --installed)"
for t in wasm32-unknown-unknown wasm32v1-none; do
	grep -qx "$t" <<<"$installed_targets" || rustup target add "$t"
done
rustup component list --installed | grep -q '^rust-src' || rustup component add rust-src

# 3. The release build (node, runtime, tools), reusing $CARGO_TARGET_DIR.
if [ -z "${SKIP_BUILD:-}" ]; then
	cargo build --release --locked --workspace --all-targets
	echo "setup: built $BIOLEDGER_BIN"
fi
