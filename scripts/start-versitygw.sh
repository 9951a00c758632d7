#!/usr/bin/env bash
# Starts versitygw (S3 over a POSIX folder) in the background for a shell script (the production
# smoke, a manual try of FILE_STORAGE_DRIVER=s3) and waits until it answers.
#
#   eval "$(scripts/start-versitygw.sh [port] [dir] [bucket])"
#   ... S3_ENDPOINT, S3_REGION, S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_FORCE_PATH_STYLE
#       and VERSITYGW_PID are now set ...
#   kill "$VERSITYGW_PID"
#
# port: 0 or omitted picks a free loopback port. dir: the folder buckets live in (created; a temp
# folder when omitted). bucket: created when given (production never creates one: the API only
# checks it exists). Keys: S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY from the environment, else
# random ones. stdout carries only the `export` lines; progress and errors go to stderr, the
# server's own output to <dir>.log (or $VERSITYGW_LOG).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${VERSITYGW_BIN:-$ROOT/.tools/bin/versitygw}"

PORT="${1:-0}"
DIR="${2:-}"
BUCKET="${3:-}"

if [ ! -x "$BIN" ]; then
  echo "start-versitygw: no versitygw at $BIN; run scripts/install-versitygw.sh first" >&2
  exit 1
fi
if [ -z "$DIR" ]; then DIR="$(mktemp -d "${TMPDIR:-/tmp}/versitygw-XXXXXX")"; fi
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
if [ "$PORT" = "0" ]; then
  PORT="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
fi
ACCESS_KEY="${S3_ACCESS_KEY_ID:-vgw$(node -e "console.log(require('crypto').randomBytes(8).toString('hex'))")}"
SECRET_KEY="${S3_SECRET_ACCESS_KEY:-$(node -e "console.log(require('crypto').randomBytes(24).toString('base64url'))")}"
LOG="${VERSITYGW_LOG:-$DIR.log}"
ENDPOINT="http://127.0.0.1:$PORT"

ROOT_ACCESS_KEY="$ACCESS_KEY" ROOT_SECRET_KEY="$SECRET_KEY" nohup "$BIN" --port "127.0.0.1:$PORT" posix "$DIR" >"$LOG" 2>&1 &
PID=$!

# Up once it answers HTTP at all (an unsigned request gets a 403 S3 error document).
for _ in $(seq 1 150); do
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "start-versitygw: versitygw exited at start; its log ($LOG):" >&2
    cat "$LOG" >&2
    exit 1
  fi
  if curl -s -o /dev/null --max-time 1 "$ENDPOINT/"; then break; fi
  sleep 0.1
done
if ! curl -s -o /dev/null --max-time 1 "$ENDPOINT/"; then
  kill "$PID" 2>/dev/null || true
  echo "start-versitygw: no answer on $ENDPOINT after 15 s; log: $LOG" >&2
  exit 1
fi

if [ -n "$BUCKET" ]; then
  (cd "$ROOT" && S3_ENDPOINT="$ENDPOINT" S3_ACCESS_KEY_ID="$ACCESS_KEY" S3_SECRET_ACCESS_KEY="$SECRET_KEY" S3_BUCKET="$BUCKET" node -e "
    const { S3Client, CreateBucketCommand } = require('@aws-sdk/client-s3');
    const client = new S3Client({ endpoint: process.env.S3_ENDPOINT, region: 'us-east-1', forcePathStyle: true,
      credentials: { accessKeyId: process.env.S3_ACCESS_KEY_ID, secretAccessKey: process.env.S3_SECRET_ACCESS_KEY } });
    client.send(new CreateBucketCommand({ Bucket: process.env.S3_BUCKET })).catch((error) => {
      if (error.name === 'BucketAlreadyOwnedByYou' || error.name === 'BucketAlreadyExists') return;
      console.error('start-versitygw: creating bucket ' + process.env.S3_BUCKET + ' failed: ' + error.message);
      process.exit(1);
    });
  ") || { kill "$PID" 2>/dev/null || true; exit 1; }
fi

echo "start-versitygw: versitygw (pid $PID) serves $DIR on $ENDPOINT" >&2
cat <<EOF
export S3_ENDPOINT='$ENDPOINT'
export S3_REGION='us-east-1'
export S3_BUCKET='${BUCKET:-logic-camp-files}'
export S3_ACCESS_KEY_ID='$ACCESS_KEY'
export S3_SECRET_ACCESS_KEY='$SECRET_KEY'
export S3_FORCE_PATH_STYLE='true'
export VERSITYGW_PID='$PID'
EOF
