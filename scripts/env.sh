# Shared environment for BioLedger scripts (sourced, not executed).
# The cargo target directory lives outside the clone so that CI (a fresh clone) and every
# checkout on this machine reuse one build of the dependency graph.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/bioledger/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
BIOLEDGER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BIOLEDGER_ROOT
export BIOLEDGER_BIN="${BIOLEDGER_BIN:-$CARGO_TARGET_DIR/release/bioledger}"

# Run a command as root (directly if we are root, else through sudo).
as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
