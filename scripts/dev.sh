#!/usr/bin/env bash
# Sets up the machine, builds `depin-node` and the `depin` client in release mode and the web
# explorer, and starts a single-validator development chain (Alice validates and is sudo) with
# the explorer served next to it. Extra arguments go to the node, e.g.
# `./scripts/dev.sh --base-path ~/depin-dev` to keep the chain between runs (by default `--dev`
# starts a fresh, temporary chain). Stop it with Ctrl-C.
#
# Ports (all on 127.0.0.1; override with the variables): RPC_PORT (9944, JSON-RPC over HTTP and
# WebSocket), P2P_PORT (30333, libp2p over TCP), P2P_WS_PORT (30334, libp2p over WebSocket: what
# the explorer's in-browser light client dials), EXPLORER_PORT (5173, the explorer's static files).
# The node keeps one network key (~/.cache/depin-chain/dev-node-key), so the chain spec the
# light client loads (explorer/dist/chain-spec.json) names a stable boot node.
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depin-chain/target}"

say() { printf '\033[1;34m[dev]\033[0m %s\n' "$*"; }

./scripts/setup.sh
say "building depin-node and the depin client (release); a cold build takes a while on small machines"
cargo build --release --locked -p depin-node -p depin-cli

node="$CARGO_TARGET_DIR/release/depin-node"
rpc_port="${RPC_PORT:-9944}"
p2p_port="${P2P_PORT:-30333}"
p2p_ws_port="${P2P_WS_PORT:-30334}"
explorer_port="${EXPLORER_PORT:-5173}"

key_file="$HOME/.cache/depin-chain/dev-node-key"
mkdir -p "$(dirname "$key_file")"
[ -s "$key_file" ] || "$node" key generate-node-key --file "$key_file" 2>/dev/null
peer_id=$("$node" key inspect-node-key --file "$key_file")

# The light client needs the chain's genesis (the same as --dev's) and a boot node to dial. The
# spec goes to public/ (copied into every later build) and to the current build.
"$node" build-spec --chain dev --raw 2>/dev/null |
	node -e '
		let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
			const spec = JSON.parse(s);
			spec.bootNodes = [process.argv[1]];
			require("fs").writeFileSync("explorer/public/chain-spec.json", JSON.stringify(spec));
		});' "/ip4/127.0.0.1/tcp/${p2p_ws_port}/ws/p2p/${peer_id}"
say "building the web explorer (explorer/dist)"
(cd explorer && npm run --silent build -- --logLevel warn)
explorer_log=$(mktemp)
(cd explorer && exec node node_modules/vite/bin/vite.js preview --host 127.0.0.1 --port "$explorer_port" --strictPort >"$explorer_log" 2>&1) &
explorer_pid=$!
trap 'kill "$explorer_pid" 2>/dev/null || true; rm -f "$explorer_log"' EXIT
for _ in $(seq 50); do
	curl -fsS -o /dev/null "http://127.0.0.1:${explorer_port}/" 2>/dev/null && break
	kill -0 "$explorer_pid" 2>/dev/null || break
	sleep 0.2
done
if ! curl -fsS -o /dev/null "http://127.0.0.1:${explorer_port}/" 2>/dev/null; then
	echo "the explorer's server did not start on 127.0.0.1:${explorer_port} (set EXPLORER_PORT to a free port):" >&2
	cat "$explorer_log" >&2
	exit 1
fi

cat <<MSG

  DePIN dev chain
  JSON-RPC (HTTP and WebSocket): ws://127.0.0.1:${rpc_port}
  Explorer:                     http://127.0.0.1:${explorer_port}/?rpc=ws://127.0.0.1:${rpc_port}
  Explorer, light-client mode:  http://127.0.0.1:${explorer_port}/?mode=light   (verifies what it shows; docs/explorer.md)
  Peer-to-peer:                 /ip4/127.0.0.1/tcp/${p2p_port}/p2p/${peer_id}
                                /ip4/127.0.0.1/tcp/${p2p_ws_port}/ws/p2p/${peer_id}
  polkadot.js apps:             https://polkadot.js.org/apps/?rpc=ws%3A%2F%2F127.0.0.1%3A${rpc_port}#/explorer
  Prometheus metrics:           http://127.0.0.1:9615/metrics
  Command-line client:          $CARGO_TARGET_DIR/release/depin --help   (docs/cli.md)
  Chain data:                   temporary (--dev implies --tmp); add --base-path <dir> to keep it
  Stop:                         Ctrl-C
MSG
"$node" --dev --rpc-port "$rpc_port" --network-backend libp2p --node-key-file "$key_file" \
	--listen-addr "/ip4/127.0.0.1/tcp/${p2p_port}" --listen-addr "/ip4/127.0.0.1/tcp/${p2p_ws_port}/ws" "$@"
