#!/usr/bin/env bash
# Prepares a fresh Debian/Ubuntu machine to build and test the DePIN chain. Idempotent: run it
# as often as you like; it only installs what is missing.
#
#   - Debian packages: protoc (libp2p/litep2p protocol buffers), a C toolchain, pkg-config,
#     perl and make (the vendored OpenSSL of litep2p's WebRTC transport), git and curl.
#   - rustup targets and components for the pinned toolchain (rust-toolchain.toml). rustup
#     does not auto-install from rust-toolchain.toml on our machines, so we ask explicitly.
#   - the web explorer's tools: Node.js (18.18 or later) and npm from Debian if missing,
#     Chromium from Debian for its browser tests, and its npm packages (`npm ci`, from the
#     committed lockfile, again only when the lockfile changed).
set -euo pipefail

cd "$(dirname "$0")/.."

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# --- Debian packages -----------------------------------------------------------------------
packages=(protobuf-compiler build-essential pkg-config perl make git curl ca-certificates chromium)
# Node.js: the machine's own (e.g. from nodesource) if it is recent enough, else Debian's.
node_ok() {
	command -v node >/dev/null && command -v npm >/dev/null &&
		node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>18||(a===18&&b>=18)?0:1)'
}
node_ok || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
	say "installing Debian packages: ${missing[*]}"
	SUDO=""
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null || { echo "need root or sudo to install ${missing[*]}" >&2; exit 1; }
		SUDO="sudo"
	fi
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
else
	say "Debian packages present"
fi

# --- Rust toolchain ------------------------------------------------------------------------
command -v rustup >/dev/null || { echo "rustup is required (https://rustup.rs)" >&2; exit 1; }
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup toolchain list | grep -q "^${toolchain}"; then
	# The machine's default toolchain may be the same release under another name.
	if rustc --version | grep -q "rustc ${toolchain} "; then
		say "linking the installed rustc $(rustc --version | cut -d' ' -f2) as ${toolchain}"
		rustup toolchain link "${toolchain}" "$(rustc --print sysroot)"
	else
		say "installing toolchain ${toolchain}"
		rustup toolchain install "${toolchain}" --profile minimal
	fi
fi
say "rustup targets and components for ${toolchain}"
rustup target add --toolchain "${toolchain}" wasm32v1-none wasm32-unknown-unknown >/dev/null
rustup component add --toolchain "${toolchain}" rust-src rustfmt clippy >/dev/null

# --- The web explorer's npm packages -------------------------------------------------------
node_ok || { echo "Node.js 18.18 or later is required for the explorer (found $(node --version 2>/dev/null || echo none))" >&2; exit 1; }
stamp=explorer/node_modules/.lockfile.sha256
want=$(sha256sum explorer/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
	say "installing the explorer's npm packages (npm ci)"
	(cd explorer && npm ci --no-audit --no-fund --loglevel=error)
	echo "$want" >"$stamp"
else
	say "explorer npm packages present"
fi

say "done: $(rustc --version), Node.js $(node --version)"
