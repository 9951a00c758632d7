#!/usr/bin/env bash
# Fuzzes every operation of the OpenAPI document with schemathesis against the built API on a
# fresh in-memory engine. Fails on any 5xx or any response that violates the documented schema.
# Usage: [FUZZ_SEED=N] [FUZZ_ROLES="manager sales support tech admin"] scripts/fuzz.sh [max-examples-per-operation]   (needs `npm run build` first;
# CI uses the fixed default seed, so a run is reproducible; another seed explores other inputs)
set -euo pipefail
cd "$(dirname "$0")/.."

EXAMPLES="${1:-${FUZZ_EXAMPLES:-30}}"
PORT="${FUZZ_PORT:-3457}"
VENV="${FUZZ_VENV:-.venv-fuzz}"
SCHEMATHESIS_VERSION=4.32.5
ADMIN_EMAIL=fuzz-admin@logic.camp
ADMIN_PASSWORD='Fuzz-Admin-Passw0rd!'

if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

LOG=$(mktemp)
# Limits stay on (the limiter is in every request's path and gets fuzzed too) but far above what
# one fuzzer sends, so answers are the routes' own and never 429.
NODE_ENV=development PORT="$PORT" EMBEDDED_ENGINE_BACKEND=memory SCHEDULER_ENABLED=false LOG_LEVEL=warn \
  RATE_LIMIT_GLOBAL_PER_MINUTE=1000000 RATE_LIMIT_LOGIN_PER_MINUTE=100000 RATE_LIMIT_REFRESH_PER_MINUTE=100000 \
  RATE_LIMIT_CHANGE_PASSWORD_PER_MINUTE=100000 RATE_LIMIT_UPLOADS_PER_MINUTE=100000 \
  ADMIN_EMAIL="$ADMIN_EMAIL" ADMIN_PASSWORD="$ADMIN_PASSWORD" FILE_STORAGE_ROOT="$(mktemp -d)" \
  node dist/apps/api/src/main.js >"$LOG" 2>&1 &
API_PID=$!
trap 'kill $API_PID 2>/dev/null || true; wait $API_PID 2>/dev/null || true' EXIT

for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
login() {
  curl -fs -X POST "http://127.0.0.1:$PORT/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
ROLES="${FUZZ_ROLES:-manager sales support tech admin}"

# Each role takes other code paths (ownership and department filters, 403s before validation),
# so every role in FUZZ_ROLES gets its own pass; the non-admin callers sit in a department.
# Their accounts are made first and admin goes last: the admin pass may edit or deactivate users.
ADMIN_TOKEN=$(login "$ADMIN_EMAIL" "$ADMIN_PASSWORD")
for ROLE in $ROLES; do
  [ "$ROLE" = admin ] && continue
  curl -fs -o /dev/null -X POST "http://127.0.0.1:$PORT/users" -H "authorization: Bearer $ADMIN_TOKEN" -H 'content-type: application/json' \
    -d "{\"email\":\"fuzz-$ROLE@logic.camp\",\"password\":\"$ADMIN_PASSWORD\",\"first_name\":\"Fuzz\",\"last_name\":\"$ROLE\",\"role\":\"$ROLE\",\"department\":\"Fuzzing\"}"
done

for ROLE in $ROLES; do
  if [ "$ROLE" = admin ]; then EMAIL=$ADMIN_EMAIL; else EMAIL="fuzz-$ROLE@logic.camp"; fi
  # Signed in just before its pass: access tokens are short-lived.
  TOKEN=$(login "$EMAIL" "$ADMIN_PASSWORD")
  echo "== schemathesis as $ROLE"
  # Sign-out and password change would revoke the fuzzer's own token and end the run early;
  # their behaviour is covered by the auth e2e tests.
  "$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/docs-json" \
    --header "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,response_schema_conformance \
    --exclude-path /auth/logout --exclude-path /auth/change-password \
    --max-examples "$EXAMPLES" --seed "${FUZZ_SEED:-20261125}" --workers 2 \
    --suppress-health-check all --no-color --warnings off || { echo "--- API log (tail)"; tail -50 "$LOG"; exit 1; }
done
