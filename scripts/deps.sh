#!/usr/bin/env bash
# Installs what Rolehop needs on Debian/Ubuntu: system packages (only those missing), a Rust
# toolchain if there is none, and — with `--test` — moto server in a Python venv.
# Sourced by scripts/run.sh and scripts/test.sh; safe to run again.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

RUN_PACKAGES=(build-essential pkg-config libssl-dev libdbus-1-dev gnome-keyring libsecret-tools dbus file libwebkit2gtk-4.1-dev libjavascriptcoregtk-4.1-dev libsoup-3.0-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev libxdo-dev xdg-utils desktop-file-utils)
TEST_PACKAGES=(dbus-x11 bsdutils xclip python3 python3-venv python3-pip chromium firefox-esr xvfb xauth xdotool x11-utils openbox imagemagick curl haskell-status-notifier-item-utils webkit2gtk-driver trayer nsis)

apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { echo "Please install: ${missing[*]}" >&2; return 1; }
  echo "Installing ${missing[*]}" >&2
  # apt can briefly be locked (unattended upgrades): retry.
  for attempt in 1 2 3 4 5; do
    if $SUDO apt-get update -q >/dev/null && \
       DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; then
      return 0
    fi
    echo "apt-get failed (attempt $attempt); retrying in 5 s" >&2
    sleep 5
  done
  return 1
}

ensure_rust() {
  if ! command -v cargo >/dev/null; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
      export PATH="$HOME/.cargo/bin:$PATH"
    else
      echo "No Rust toolchain found; installing it with rustup (https://rustup.rs)" >&2
      apt_install curl ca-certificates
      curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt
      export PATH="$HOME/.cargo/bin:$PATH"
    fi
  fi
}

ensure_moto() {
  local venv="${ROLEHOP_VENV:-/var/tmp/rolehop-venv}"
  if [ ! -x "$venv/bin/moto_server" ]; then
    echo "Installing moto server into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check 'moto[server]>=5,<6'
  fi
  export ROLEHOP_MOTO_SERVER="$venv/bin/moto_server"
}

# The real AWS CLI (PyPI `awscli`, with its botocore) in a venv of its own (its pins on botocore
# differ from moto's), for the exec suite: `aws` and botocore run through `rolehop exec`.
ensure_awscli() {
  local venv="${ROLEHOP_AWSCLI_VENV:-/var/tmp/rolehop-awscli}"
  if [ ! -x "$venv/bin/aws" ]; then
    echo "Installing the AWS CLI into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check 'awscli>=1.36,<2'
  fi
  export ROLEHOP_AWSCLI_BIN="$venv/bin"
}

# The UI (ui/) is built with Vite, which needs Node.js 20.19 or newer.
ensure_node() {
  if ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
  if [ "$major" -lt 20 ]; then
    echo "Node.js $(node --version 2>/dev/null) is too old for the UI build; install Node.js 20.19 or newer" >&2
    return 1
  fi
}

# Builds ui/ into ui/dist, which the binary embeds; `npm ci` only when the lock file changed.
build_ui() {
  ensure_node
  local stamp="ui/node_modules/.rolehop-lock"
  if [ ! -f "$stamp" ] || ! cmp -s ui/package-lock.json "$stamp"; then
    (cd ui && npm ci --no-audit --no-fund --loglevel=error) >&2
    cp ui/package-lock.json "$stamp"
  fi
  (cd ui && npm run --silent build) >&2
}

# tauri-driver (WebDriver for Tauri apps), for the end-to-end UI suite.
ensure_tauri_driver() {
  local root="${ROLEHOP_TOOLS:-/var/tmp/rolehop-tools}"
  if [ ! -x "$root/bin/tauri-driver" ]; then
    echo "Installing tauri-driver into $root" >&2
    cargo install tauri-driver --locked --quiet --root "$root" >&2
  fi
  export ROLEHOP_TAURI_DRIVER="$root/bin/tauri-driver"
}

# AWS Extend Switch Roles' own configuration parser (npm `aesr-config`), which the
# differential test reads a corpus with beside Rolehop (tests/tests/aesr_differential.rs).
ensure_aesr() {
  ensure_node
  local stamp="tests/aesr/node_modules/.rolehop-lock"
  if [ ! -f "$stamp" ] || ! cmp -s tests/aesr/package-lock.json "$stamp"; then
    (cd tests/aesr && npm ci --no-audit --no-fund --loglevel=error) >&2
    cp tests/aesr/package-lock.json "$stamp"
  fi
}

# cargo-fuzz and a nightly toolchain (libFuzzer needs nightly), for the bounded fuzz run.
ensure_fuzz() {
  local root="${ROLEHOP_TOOLS:-/var/tmp/rolehop-tools}"
  if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "Installing the nightly Rust toolchain (for cargo fuzz)" >&2
    rustup toolchain install nightly --profile minimal >&2
  fi
  if [ ! -x "$root/bin/cargo-fuzz" ]; then
    echo "Installing cargo-fuzz into $root" >&2
    cargo install cargo-fuzz --locked --quiet --root "$root" >&2
  fi
  export PATH="$root/bin:$PATH"
}

# The Windows cross-check: mingw links x86_64-pc-windows-gnu, Wine runs the result (the tests).
ensure_windows() {
  apt_install gcc-mingw-w64-x86-64 wine wine64
  if ! rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu; then
    echo "Adding the Rust target x86_64-pc-windows-gnu" >&2
    rustup target add x86_64-pc-windows-gnu >&2
  fi
}

# The macOS type-check: the Rust targets, and zig as the C compiler of build scripts
# (ziglang and cargo-zigbuild from PyPI, in the test venv).
ensure_macos() {
  local venv="${ROLEHOP_VENV:-/var/tmp/rolehop-venv}"
  local t
  for t in aarch64-apple-darwin x86_64-apple-darwin; do
    if ! rustup target list --installed 2>/dev/null | grep -qx "$t"; then
      echo "Adding the Rust target $t" >&2
      rustup target add "$t" >&2
    fi
  done
  if [ ! -x "$venv/bin/cargo-zigbuild" ] || [ ! -x "$venv/bin/python-zig" ]; then
    echo "Installing zig and cargo-zigbuild into $venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check 'ziglang==0.17.1' 'cargo-zigbuild==0.24.1'
  fi
}

# The CI workflows' checks: GitHub's workflow schema (check-jsonschema's built-in copy) and
# zizmor's offline audits, both from PyPI, in the test venv.
ensure_workflow_checks() {
  local venv="${ROLEHOP_VENV:-/var/tmp/rolehop-venv}"
  if [ ! -x "$venv/bin/check-jsonschema" ] || [ ! -x "$venv/bin/zizmor" ]; then
    echo "Installing check-jsonschema and zizmor into $venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check 'check-jsonschema==0.39.0' 'zizmor==1.33.1'
  fi
}

apt_install "${RUN_PACKAGES[@]}"
ensure_rust
if [ "${1:-}" = "--test" ]; then
  apt_install "${TEST_PACKAGES[@]}"
  ensure_moto
  ensure_awscli
  ensure_tauri_driver
  ensure_fuzz
  ensure_aesr
  ensure_windows
  ensure_macos
  ensure_workflow_checks
fi
build_ui
