#!/usr/bin/env bash
# Installs versitygw (an Apache-2.0 S3 gateway over a POSIX folder), the S3-compatible server the
# S3 storage tests and the production smoke run against. Builds from the Go module proxy into
# .tools/bin (or $VERSITYGW_BIN's folder); does nothing when the binary is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="${VERSITYGW_VERSION:-v1.8.0}"
BIN="${VERSITYGW_BIN:-$PWD/.tools/bin/versitygw}"

if [ -x "$BIN" ]; then
  echo "versitygw present: $BIN"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "install-versitygw: go is not on PATH; install Go 1.22+ (https://go.dev/dl) or set VERSITYGW_BIN to a built versitygw" >&2
  exit 1
fi
mkdir -p "$(dirname "$BIN")"
started=$(date +%s)
GOBIN="$(cd "$(dirname "$BIN")" && pwd)" go install "github.com/versity/versitygw/cmd/versitygw@${VERSION}"
if [ "$(basename "$BIN")" != "versitygw" ]; then mv "$(dirname "$BIN")/versitygw" "$BIN"; fi
echo "versitygw ${VERSION} built in $(( $(date +%s) - started )) s: $BIN"
