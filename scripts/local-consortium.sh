#!/usr/bin/env bash
# Four validators (Alice, Bob, Charlie, Dave) of the `local_consortium` chain on loopback.
#   ./scripts/local-consortium.sh         start them in the background, print RPC endpoints
#   ./scripts/local-consortium.sh stop    stop them and remove their data
#   ./scripts/local-consortium.sh status  show their best and finalized heights
# Ports: p2p 30531..30534, RPC 9951..9954. Data and logs: $BIOLEDGER_CONSORTIUM_DIR
# (default /tmp/bioledger-consortium).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$BIOLEDGER_ROOT"
DIR="${BIOLEDGER_CONSORTIUM_DIR:-/tmp/bioledger-consortium}"
NAMES=(alice bob charlie dave)

rpc() { # rpc <port> <method> [params-json]
	curl -s -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":${3:-[]}}" "http://127.0.0.1:$1"
}

case "${1:-start}" in
start)
	[ -x "$BIOLEDGER_BIN" ] || ./scripts/setup.sh
	if [ -d "$DIR" ] && ls "$DIR"/*.pid >/dev/null 2>&1; then
		echo "already running (or stale): run '$0 stop' first" >&2
		exit 1
	fi
	mkdir -p "$DIR"
	boot=""
	for i in "${!NAMES[@]}"; do
		name="${NAMES[$i]}"
		p2p=$((30531 + i)); rpcp=$((9951 + i))
		key=$(printf '%064x' $((i + 1)))
		"$BIOLEDGER_BIN" --chain local_consortium --base-path "$DIR/$name" --name "$name" \
			--validator "--$name" --node-key "$key" \
			--listen-addr "/ip4/127.0.0.1/tcp/$p2p" --rpc-port "$rpcp" \
			--no-mdns --no-telemetry --no-prometheus \
			${boot:+--bootnodes "$boot"} >"$DIR/$name.log" 2>&1 &
		echo $! >"$DIR/$name.pid"
		if [ -z "$boot" ]; then
			echo "$key" >"$DIR/alice.node-key"
			peer=$("$BIOLEDGER_BIN" key inspect-node-key --file "$DIR/alice.node-key")
			boot="/ip4/127.0.0.1/tcp/$p2p/p2p/$peer"
		fi
		echo "$name: ws://127.0.0.1:$rpcp  (p2p $p2p, log $DIR/$name.log)"
	done
	;;
stop)
	for name in "${NAMES[@]}"; do
		if [ -f "$DIR/$name.pid" ]; then
			kill "$(cat "$DIR/$name.pid")" 2>/dev/null || true
		fi
	done
	sleep 2
	for name in "${NAMES[@]}"; do
		[ -f "$DIR/$name.pid" ] && kill -9 "$(cat "$DIR/$name.pid")" 2>/dev/null || true
	done
	rm -rf "$DIR"
	echo "stopped; removed $DIR"
	;;
status)
	for i in "${!NAMES[@]}"; do
		port=$((9951 + i))
		best=$(rpc "$port" chain_getHeader | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p')
		fin=$(rpc "$port" chain_getFinalizedHead | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p')
		finn=$(rpc "$port" chain_getHeader "[\"$fin\"]" | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p')
		echo "${NAMES[$i]}: best $((best)) finalized $((finn))"
	done
	;;
*)
	echo "usage: $0 [start|stop|status]" >&2
	exit 2
	;;
esac
