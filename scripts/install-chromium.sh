#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (test/clients/browser.e2e-spec.ts drives it with
# playwright-core, which downloads no browser of its own). Idempotent: does nothing when it is present.
# CHROMIUM_PATH overrides where the tests look for it (default /usr/bin/chromium).
set -euo pipefail
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM_PATH" ]; then
  echo "chromium present: $("$CHROMIUM_PATH" --version 2>/dev/null || echo "$CHROMIUM_PATH")"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium
"$CHROMIUM_PATH" --version
