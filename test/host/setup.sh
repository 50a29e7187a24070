#!/usr/bin/env bash
# Installs the real VS Code that the integration and e2e suites run in: code-server 4.100.3
# (= VS Code 1.100.3, the last line that runs on Node 20), from the npm registry, into
# .vscode-test/code-server/ (gitignored). Idempotent: an existing install is reused, so a second run
# takes a second. Also installs the Debian packages it needs when they are missing and we are root on
# Debian/Ubuntu; otherwise it stops and says what to install.
#
#   bash test/host/setup.sh            (npm test runs it; BRAZE_VSCODE_TEST_DIR moves the cache folder)
#
# Needs only the npm registry and, for missing packages, Debian's apt: nothing is downloaded from GitHub
# or from Microsoft's servers. The workarounds below are each for a failure seen on a clean machine.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ROOT=${BRAZE_VSCODE_TEST_DIR:-$REPO/.vscode-test}
CS_VERSION=4.100.3
PREFIX=$ROOT/code-server
MARKER=$PREFIX/.installed-$CS_VERSION
CS=$PREFIX/bin/code-server

say() { echo "[host setup] $*"; }

# ---------------------------------------------------------------------------------------------------
# 1. Debian packages: chromium (the browser the suites drive), ripgrep (VS Code's search, seeded into
#    @vscode/ripgrep below), and what node-gyp needs to build code-server's native modules
#    (kerberos needs gssapi.h from libkrb5-dev; node-pty, argon2 need a compiler and make).
missing=()
command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ] || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
[ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
{ command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1; } || missing+=(build-essential)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && [ -r /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian packages: ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  else
    echo "[host setup] missing system packages: ${missing[*]}" >&2
    echo "[host setup] install them first, e.g. on Debian/Ubuntu:" >&2
    echo "    sudo apt-get install -y ${missing[*]}" >&2
    echo "[host setup] (CHROMIUM_PATH=/path/to/chromium points the suites at another Chromium build)" >&2
    exit 1
  fi
fi

# ---------------------------------------------------------------------------------------------------
# 2. code-server, reused when a complete install answers --version.
if [ -e "$MARKER" ] && "$CS" --version 2>/dev/null | grep -q "^$CS_VERSION "; then
  say "code-server $CS_VERSION already installed in $PREFIX"
  exit 0
fi

say "installing code-server $CS_VERSION into $PREFIX (about 2 minutes)"
started=$SECONDS
rm -rf "$PREFIX"   # a partial install (no marker) is not worth repairing
export TMPDIR=$ROOT/tmp
export npm_config_cache=$ROOT/npm-cache
mkdir -p "$TMPDIR" "$npm_config_cache"

# (a) @vscode/ripgrep's postinstall downloads rg from GitHub unless the release asset is already in its
#     cache dir ($TMPDIR/vscode-ripgrep-cache-<package version>/): seed it with Debian's rg.
RG_CACHE=$TMPDIR/vscode-ripgrep-cache-1.15.11
mkdir -p "$RG_CACHE"
( cd "$RG_CACHE" && cp "$(command -v rg)" rg && tar czf ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz rg && rm rg )
# (b) node-gyp: build against the headers of the system's Node instead of downloading them.
NODE_PREFIX=$(cd "$(dirname "$(command -v node)")/.." && pwd)
if [ -e "$NODE_PREFIX/include/node/node.h" ]; then export npm_config_nodedir=$NODE_PREFIX; fi
# (c) node-pty's postinstall runs `npx node-gyp`; npx refuses to fetch it non-interactively without this.
export npm_config_yes=true
# (d) code-server's postinstall.sh refuses to run as root unless this is set.
export npm_config_unsafe_perm=true
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# (e) `npm install -g` of code-server dies in its postinstall (a nested npm install in lib/vscode
#     fails with tar ENOENT), so install without scripts, then run the postinstall on its own.
npm install -g --prefix "$PREFIX" --ignore-scripts "code-server@$CS_VERSION"
(
  cd "$PREFIX/lib/node_modules/code-server"
  npm run postinstall    # npm install in lib/vscode (+ native builds) and lib/vscode/extensions
  npm rebuild argon2     # skipped by --ignore-scripts; its prebuilt download fails, so it builds from source
)
"$CS" --version
touch "$MARKER"
say "code-server $CS_VERSION installed in $((SECONDS - started)) s"
