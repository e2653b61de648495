#!/usr/bin/env bash
# The web explorer's checks (explorer/, docs/explorer.md): type check, lint, unit tests, the
# production build, then the browser tests: a real dev node on loopback populated by
# `depin simulate`, the built app in headless Chromium, over JSON-RPC and through the
# in-browser light client. Needs the debug `depin-node` and `depin` binaries (the cargo tests
# of scripts/test.sh build them; or `cargo build -p depin-node -p depin-cli`) and what
# scripts/setup.sh installs (Node.js, npm packages, Chromium).
#
#   EXPLORER_SCREENSHOTS=1 ./scripts/explorer-test.sh   also refreshes docs/img/explorer-*.png
set -euo pipefail

cd "$(dirname "$0")/../explorer"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/depin-chain/target}"
say() { printf '\033[1;34m[explorer]\033[0m %s\n' "$*"; }
start=$(date +%s)

[ -d node_modules ] || { echo "explorer/node_modules is missing: run ./scripts/setup.sh (it runs npm ci)" >&2; exit 1; }
say "type check (tsc --noEmit)"
npm run --silent typecheck
say "lint (eslint)"
npm run --silent lint
say "unit tests (vitest)"
npm run --silent test
say "production build (vite build)"
npm run --silent build -- --logLevel warn
say "browser tests (headless Chromium against a dev node)"
node e2e/run.mjs
say "explorer checks passed in $(($(date +%s) - start)) s"
