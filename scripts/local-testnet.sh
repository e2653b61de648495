#!/usr/bin/env bash
# Starts a three-validator local testnet (Alice, Bob, Charlie) on 127.0.0.1 with libp2p,
# distinct ports and base paths, prints their endpoints, and stops all three on Ctrl-C.
#
#   DEPIN_NODE   node binary (default: the release build in $CARGO_TARGET_DIR, built if missing)
#   BASE_DIR     where the three base paths and logs go (default: a new temporary directory)
#   KEEP=1       keep BASE_DIR after stopping (default: removed if it was temporary)
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depin-chain/target}"

say() { printf '\033[1;34m[testnet]\033[0m %s\n' "$*"; }

node="${DEPIN_NODE:-$CARGO_TARGET_DIR/release/depin-node}"
if [ ! -x "$node" ]; then
	say "no node binary at $node: building it (release)"
	./scripts/setup.sh
	cargo build --release --locked -p depin-node
fi

temporary=0
if [ -z "${BASE_DIR:-}" ]; then
	BASE_DIR=$(mktemp -d -t depin-testnet-XXXXXX)
	temporary=1
fi
mkdir -p "$BASE_DIR"

pids=()
cleanup() {
	trap - INT TERM EXIT
	say "stopping nodes"
	for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
	if [ "$temporary" = 1 ] && [ "${KEEP:-0}" != 1 ]; then
		rm -rf "$BASE_DIR"
	else
		say "chain data and logs kept in $BASE_DIR"
	fi
}
trap cleanup INT TERM EXIT

# Validators need a persistent network key. Alice's is fixed so that the others can use her
# as a bootnode.
i=1
for name in alice bob charlie; do
	[ -f "$BASE_DIR/$name-node-key" ] || printf '%064x' "$i" > "$BASE_DIR/$name-node-key"
	i=$((i + 1))
done
alice_peer=$("$node" key inspect-node-key --file "$BASE_DIR/alice-node-key")

start() { # name index extra-args...
	local name=$1 i=$2
	shift 2
	local rpc=$((9944 + i)) p2p=$((30333 + i)) prom=$((9615 + i))
	"$node" --chain local "--$name" --name "$name" \
		--base-path "$BASE_DIR/$name" \
		--listen-addr "/ip4/127.0.0.1/tcp/$p2p" \
		--rpc-port "$rpc" --prometheus-port "$prom" \
		--node-key-file "$BASE_DIR/$name-node-key" \
		--network-backend libp2p --no-mdns --no-telemetry \
		"$@" >"$BASE_DIR/$name.log" 2>&1 &
	pids+=($!)
	printf '  %-8s rpc ws://127.0.0.1:%s  p2p /ip4/127.0.0.1/tcp/%s  metrics http://127.0.0.1:%s/metrics  log %s\n' \
		"$name" "$rpc" "$p2p" "$prom" "$BASE_DIR/$name.log"
}

say "starting Alice, Bob and Charlie (base dir $BASE_DIR)"
start alice 0
boot="/ip4/127.0.0.1/tcp/30333/p2p/$alice_peer"
start bob 1 --bootnodes "$boot"
start charlie 2 --bootnodes "$boot"
say "polkadot.js apps: https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A9944#/explorer"
say "press Ctrl-C to stop all three"

# Exit (and stop the rest) as soon as any node dies.
while true; do
	for pid in "${pids[@]}"; do
		if ! kill -0 "$pid" 2>/dev/null; then
			say "a node exited; see the logs in $BASE_DIR"
			KEEP=1
			exit 1
		fi
	done
	sleep 2
done
