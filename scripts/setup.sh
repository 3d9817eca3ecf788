#!/usr/bin/env bash
# Prepares a checkout for development and tests: system packages, node_modules, the AWS emulator
# (moto 5 in server mode) and a build. Idempotent and non-interactive: safe to re-run, never prompts.
#   bash scripts/setup.sh
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
export PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 npm_config_yes=true

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

MOTO_VERSION="5.2.1"
VENV="$ROOT/.venv"
STAMP="$ROOT/node_modules/.aws-harden-stamp"

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

# --- helpers ---------------------------------------------------------------------------------------

is_installed_deb() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo -n "$@" || die "needs root for: $* (sudo -n refused; run as root or configure sudo)"
  else die "needs root for: $*"
  fi
}

# Prints moto's version if the given python can import moto with its server extras, else nothing.
moto_version_of() {
  "$1" -c 'import moto, flask, flask_cors; print(moto.__version__)' 2>/dev/null </dev/null || true
}

# The python interpreter behind a moto_server script (resolving a pyenv shim first).
python_of_moto_server() {
  local script="$1" first
  first="$(head -n 1 "$script" 2>/dev/null || true)"
  if [[ "$first" != *python* ]] && command -v pyenv >/dev/null 2>&1; then
    script="$(pyenv which moto_server 2>/dev/null </dev/null || true)"
    [ -n "$script" ] || return 0
    first="$(head -n 1 "$script" 2>/dev/null || true)"
  fi
  case "$first" in
    '#!/usr/bin/env '*) command -v "${first#'#!/usr/bin/env '}" 2>/dev/null || true ;;
    '#!'*python*) printf '%s\n' "${first#'#!'}" ;;
  esac
}

# A python3 >= 3.10 to build the venv with.
find_python() {
  local candidate
  for candidate in python3.13 python3.12 python3.11 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null </dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

# --- 1. decide about the emulator (a venv may need python3-venv from apt) ----------------------------

EMULATOR=""
if [ -x "$VENV/bin/moto_server" ] && [[ "$(moto_version_of "$VENV/bin/python")" == 5.* ]]; then
  EMULATOR="venv"
elif command -v moto_server >/dev/null 2>&1; then
  py="$(python_of_moto_server "$(command -v moto_server)")"
  if [ -n "$py" ] && [[ "$(moto_version_of "$py")" == 5.* ]]; then
    EMULATOR="path"
  fi
fi

PYTHON=""
if [ -z "$EMULATOR" ]; then
  PYTHON="$(find_python)" || die "python3 >= 3.10 is required to install the emulator"
fi

# --- 2. system packages ------------------------------------------------------------------------------

# For the keychain tests only: a Secret Service (gnome-keyring) in a private D-Bus session, and
# secret-tool to write entries the way keytar-era aws-harden did. aws-harden itself needs none of them
# (@napi-rs/keyring ships prebuilt binaries; both it and src/keychain/dbus.ts speak D-Bus themselves).
# openssl: the CA-bundle test (test/aws/network.int.test.ts) makes a self-signed certificate with it.
packages=(gnome-keyring dbus-x11 libsecret-tools openssl)
if [ -n "$PYTHON" ] && ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null </dev/null; then
  packages+=(python3-venv)
fi
missing=()
for p in "${packages[@]}"; do is_installed_deb "$p" || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 || die "missing system packages (${missing[*]}) and no apt-get; install them by hand"
  say "apt: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
else
  say "apt: system packages present"
fi

# --- 3. node_modules ---------------------------------------------------------------------------------

# Native addons (node-pty, for the terminal tests) are built for one Node ABI, so the stamp includes the Node version.
want_stamp="$(sha256sum package-lock.json | cut -d' ' -f1) node-$(node -p 'process.versions.modules')"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want_stamp" ]; then
  say "npm: node_modules up to date"
else
  say "npm: npm ci"
  npm ci --no-audit --no-fund --silent </dev/null
  printf '%s\n' "$want_stamp" >"$STAMP"
fi

# --- 4. the emulator ---------------------------------------------------------------------------------

case "$EMULATOR" in
  venv) say "emulator: moto $(moto_version_of "$VENV/bin/python") in .venv" ;;
  path) say "emulator: moto $(moto_version_of "$py") on PATH ($(command -v moto_server))" ;;
  *)
    say "emulator: installing moto[server]==$MOTO_VERSION into .venv (with $PYTHON)"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV" </dev/null
    "$VENV/bin/python" -m pip install --quiet "moto[server]==$MOTO_VERSION" </dev/null ||
      die "pip could not install moto[server]==$MOTO_VERSION (no access to PyPI?). Install moto[server] 5.x into any python3 >= 3.10 so that moto_server is on PATH, then re-run."
    [[ "$(moto_version_of "$VENV/bin/python")" == 5.* ]] || die "moto did not install into .venv"
    [ -x "$VENV/bin/moto_server" ] || die ".venv/bin/moto_server is missing after install"
    ;;
esac

# --- 5. build ----------------------------------------------------------------------------------------

# Skipped when nothing it compiles from changed since the last build (a content hash, not timestamps).
build_stamp="$(find src tsconfig.json tsconfig.build.json package-lock.json -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
if [ -f dist/cli.js ] && [ -f dist/.aws-harden-build-stamp ] && [ "$(cat dist/.aws-harden-build-stamp)" = "$build_stamp" ]; then
  say "build: dist/ up to date"
else
  say "build: npm run build"
  npm run --silent build </dev/null
  printf '%s\n' "$build_stamp" >dist/.aws-harden-build-stamp
fi
say "done"
