#!/usr/bin/env bash
# Production-mode smoke (run by .ci/run after `npm run build`): the compiled API and CLI exactly as
# the image runs them — NODE_ENV=production, generated secrets, an unprivileged user owning the
# storage and backup folders — against a fresh database engine:
#   1. the API refuses to start before db:deploy (exit 1, one JSON line naming db:deploy);
#   2. db:deploy runs twice: the first deploys, the second has nothing to do, both exit 0;
#   3. the unique indexes are on the database (listIndexes);
#   4. the API starts, /health/ready answers ok, a file goes up and comes down byte for byte
#      through the storage driver (S3 on versitygw once the S3 driver is built, else local disk);
#   5. SIGTERM stops it with exit 0; every line it printed is JSON.
# Usage: scripts/production-smoke.sh   (SMOKE_USER names the unprivileged user; default logiccamp-smoke)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
STARTED=$(date +%s)
WORK="$(mktemp -d "${TMPDIR:-/tmp}/production-smoke-XXXXXX")"
chmod 755 "$WORK"
PIDS=()

step() { echo "== smoke: $*"; }
fail() {
  echo "production smoke FAILED: $*" >&2
  for log in "$WORK"/*.log; do [ -f "$log" ] && { echo "--- $log (last 20 lines)" >&2; tail -n 20 "$log" >&2; }; done
  exit 1
}
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  exec 7>&- 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

[ -f dist/apps/api/src/main.js ] && [ -f dist/apps/cli/src/main.js ] || fail "no build: run npm run build first"

# --- the unprivileged user (as the image's USER node) -----------------------------------------
RUN_AS=()
if [ "$(id -u)" = "0" ]; then
  SMOKE_USER="${SMOKE_USER:-logiccamp-smoke}"
  id -u "$SMOKE_USER" >/dev/null 2>&1 || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin "$SMOKE_USER"
  # setpriv execs the command itself (no runuser parent in between): the pid we SIGTERM is the API's.
  RUN_AS=(setpriv --reuid "$(id -u "$SMOKE_USER")" --regid "$(id -g "$SMOKE_USER")" --init-groups --)
else
  SMOKE_USER="$(id -un)"
fi
mkdir -p "$WORK/storage" "$WORK/backups"
[ "$(id -u)" = "0" ] && chown "$SMOKE_USER" "$WORK/storage" "$WORK/backups"
as_app() { env -i PATH="$PATH" HOME="$WORK" "${APP_ENV[@]}" "${RUN_AS[@]}" "$@"; }
step "running as $SMOKE_USER (uid $(id -u "$SMOKE_USER")), node $(node --version)"

# --- a fresh engine, its own process -----------------------------------------------------------
# mongo-java-server in memory; it exits when its stdin closes, so fd 7 holds the pipe open.
mkfifo "$WORK/engine.stdin"
java -Xss1m -cp "engine/target/classes:engine/target/lib/*" camp.logic.engine.EngineLauncher --port 0 --backend memory <"$WORK/engine.stdin" >"$WORK/engine.log" 2>&1 &
PIDS+=($!)
exec 7>"$WORK/engine.stdin"
for _ in $(seq 1 120); do grep -q '^READY ' "$WORK/engine.log" && break; sleep 0.5; done
ENGINE="$(sed -n 's/^READY //p' "$WORK/engine.log")"
[ -n "$ENGINE" ] || fail "the engine did not start"
step "engine on $ENGINE"

secret() { node -e "process.stdout.write(require('crypto').randomBytes($1).toString('$2'))"; }
ADMIN_PASSWORD="Smoke-$(secret 12 hex)!"
APP_ENV=(
  NODE_ENV=production HOST=127.0.0.1 PORT=0 LOG_LEVEL=info
  MONGODB_URI="mongodb://$ENGINE" MONGODB_DB_NAME=logic_camp_smoke
  JWT_ACCESS_SECRET="$(secret 32 hex)" SIGNED_URL_SECRET="$(secret 32 hex)" ENCRYPTION_KEYS="k1:$(secret 32 base64)"
  CORS_ORIGINS=https://crm.example.com ADMIN_EMAIL=smoke.admin@example.com ADMIN_PASSWORD="$ADMIN_PASSWORD"
  FILE_STORAGE_ROOT="$WORK/storage" SHUTDOWN_GRACE_MS=5000
)

# --- storage: S3 through versitygw once the S3 driver is part of the build ---------------------
# The driver (libs/files/src/storage/s3-object.storage.ts, FILE_STORAGE_DRIVER=s3) decides: when
# it is compiled in, the smoke goes through S3 and needs versitygw (scripts/install-versitygw.sh);
# before it landed, the local driver stood in.
if [ -f dist/libs/files/src/storage/s3-object.storage.js ]; then
  [ -x scripts/start-versitygw.sh ] || fail "the S3 driver is built but scripts/start-versitygw.sh is missing"
  eval "$(scripts/start-versitygw.sh 0 "$WORK/s3" logic-camp-smoke)"
  PIDS+=("$VERSITYGW_PID")
  APP_ENV+=(FILE_STORAGE_DRIVER=s3 S3_ENDPOINT="$S3_ENDPOINT" S3_REGION="$S3_REGION" S3_BUCKET="$S3_BUCKET"
    S3_ACCESS_KEY_ID="$S3_ACCESS_KEY_ID" S3_SECRET_ACCESS_KEY="$S3_SECRET_ACCESS_KEY" S3_FORCE_PATH_STYLE="${S3_FORCE_PATH_STYLE:-true}")
  STORAGE=s3
  step "storage: S3 at $S3_ENDPOINT, bucket $S3_BUCKET"
else
  STORAGE=local
  step "storage: local disk ($WORK/storage; no S3 driver in this build)"
fi

# Every line a process printed must be one JSON object, without terminal colours.
assert_json_lines() {
  node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean);
    const bad = lines.filter((l) => { try { return typeof JSON.parse(l) !== "object" || /\x1b\[/.test(l); } catch { return true; } });
    console.log(`${process.argv[2]}: ${lines.length} lines, ${bad.length} not JSON`);
    if (bad.length) { console.error(bad.slice(0, 5).join("\n")); process.exit(1); }' "$1" "$2" || fail "$2 printed lines that are not JSON"
}

# --- 1. refused before db:deploy ---------------------------------------------------------------
step "the API before db:deploy"
set +e
timeout 120 env -i PATH="$PATH" HOME="$WORK" "${APP_ENV[@]}" "${RUN_AS[@]}" node dist/apps/api/src/main.js >"$WORK/refused.log" 2>&1
CODE=$?
set -e
[ "$CODE" = "1" ] || fail "the API exited $CODE before db:deploy (expected 1)"
grep -q 'database not deployed for this build: .*run db:deploy first' "$WORK/refused.log" || fail "no line naming db:deploy"
assert_json_lines "$WORK/refused.log" "refused API"
grep -o '"msg":"database not deployed[^"]*' "$WORK/refused.log" | cut -c8- | cut -c1-160

# --- 2. db:deploy, twice -----------------------------------------------------------------------
for run in 1 2; do
  step "db:deploy run $run"
  set +e
  as_app node dist/apps/cli/src/main.js db:deploy >"$WORK/deploy-$run.out" 2>"$WORK/deploy-$run.log"
  CODE=$?
  set -e
  [ "$CODE" = "0" ] || fail "db:deploy run $run exited $CODE"
  grep -v '^  ' "$WORK/deploy-$run.out"
  assert_json_lines "$WORK/deploy-$run.log" "db:deploy run $run (stderr)"
done
grep -q '^deployed: the database matches this build$' "$WORK/deploy-1.out" || fail "the first db:deploy did not deploy"
grep -q '^nothing to do: the database already matches this build$' "$WORK/deploy-2.out" || fail "the second db:deploy was not a no-op"

# --- 3. the unique indexes -------------------------------------------------------------------
step "unique indexes"
MONGODB_URI="mongodb://$ENGINE" node -e '
  const { MongoClient } = require("mongodb");
  const expected = { users: "email_1", files: "storage_key_1", message_attachments: "storage_key_1", notification_types: "key_1", customers: "lead_id_1", leads: "directory_id_1" };
  (async () => {
    const client = await MongoClient.connect(process.env.MONGODB_URI);
    try {
      const db = client.db("logic_camp_smoke");
      for (const [collection, name] of Object.entries(expected)) {
        const index = (await db.collection(collection).listIndexes().toArray()).find((i) => i.name === name);
        if (!index || !index.unique) throw new Error(`${collection}.${name}: no unique index`);
        console.log(`${collection}.${name} unique`);
      }
    } finally { await client.close(); }
  })().catch((e) => { console.error(e.message); process.exit(1); });' || fail "a unique index is missing"

# --- 4. the API serves: ready, a file up and down --------------------------------------------
step "the API after db:deploy"
# Not through the as_app function: a backgrounded function is a subshell, and $! must be the API's own pid
# (env and setpriv exec, so it is) for the SIGTERM below to reach it.
env -i PATH="$PATH" HOME="$WORK" "${APP_ENV[@]}" "${RUN_AS[@]}" node dist/apps/api/src/main.js >"$WORK/api.log" 2>&1 &
API_PID=$!
PIDS+=($API_PID)
URL=""
for _ in $(seq 1 240); do
  URL="$(grep -o '"msg":"Logic Camp CRM API on http://[0-9.:]*' "$WORK/api.log" | sed 's/.* on //' | head -1 || true)"
  [ -n "$URL" ] && break
  kill -0 "$API_PID" 2>/dev/null || fail "the API exited after db:deploy"
  sleep 0.5
done
[ -n "$URL" ] || fail "the API did not start within 120 s"
step "API on $URL"
SMOKE_URL="$URL" SMOKE_PASSWORD="$ADMIN_PASSWORD" node -e '
  const { createHash, randomBytes } = require("crypto");
  const base = process.env.SMOKE_URL;
  const call = async (method, path, { token, json, form } = {}) => {
    const headers = token ? { authorization: `Bearer ${token}` } : {};
    if (json) headers["content-type"] = "application/json";
    const response = await fetch(base + path, { method, headers, body: json ? JSON.stringify(json) : form });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
  };
  const body = (r) => JSON.parse(r.bytes.toString());
  const expect = (r, status, what) => { if (r.status !== status) throw new Error(`${what}: ${r.status} ${r.bytes.toString().slice(0, 300)}`); return r; };
  (async () => {
    const ready = expect(await call("GET", "/health/ready"), 200, "GET /health/ready");
    if (body(ready).status !== "ok") throw new Error(`/health/ready: ${ready.bytes}`);
    console.log(`/health/ready: ${ready.bytes}`);
    const signedIn = body(expect(await call("POST", "/auth/login", { json: { email: "smoke.admin@example.com", password: process.env.SMOKE_PASSWORD } }), 200, "sign in"));
    // Production requires two-factor sign-in of admins: this first session may only enrol. Enrol as an
    // authenticator app would (a code from the secret), confirm, and refresh into a full session.
    const restricted = expect(await call("POST", "/customers", { token: signedIn.access_token, json: { name: "Too Early" } }), 403, "an admin without two-factor");
    if (!/Two-factor authentication is required/.test(restricted.bytes.toString())) throw new Error(`expected the enrolment refusal: ${restricted.bytes}`);
    const { generate } = require("otplib");
    const enrolled = body(expect(await call("POST", "/auth/2fa/enroll", { token: signedIn.access_token, json: {} }), 200, "enrol two-factor"));
    const code = await generate({ secret: enrolled.secret, epoch: Math.floor(Date.now() / 1000) - 30 });
    const confirmed = body(expect(await call("POST", "/auth/2fa/confirm", { token: signedIn.access_token, json: { code } }), 200, "confirm two-factor"));
    if (confirmed.recovery_codes?.length !== 10) throw new Error("confirming two-factor gave no recovery codes");
    const token = body(expect(await call("POST", "/auth/refresh", { json: { refresh_token: signedIn.refresh_token } }), 200, "refresh into a full session")).access_token;
    console.log("admin enrolled in two-factor sign-in (required in production), full session after refresh");
    const customer = body(expect(await call("POST", "/customers", { token, json: { name: "Smoke Customer" } }), 201, "create customer"));
    const project = body(expect(await call("POST", "/projects", { token, json: { name: "Smoke Project", customer_id: customer.id } }), 201, "create project"));
    const bytes = Buffer.concat([Buffer.from("%PDF-1.4\n"), randomBytes(256 * 1024)]);
    const form = new FormData();
    form.append("file", new Blob([bytes]), "smoke.pdf");
    const file = body(expect(await call("POST", `/projects/${project.id}/files`, { token, form }), 201, "upload"));
    const download = expect(await call("GET", `/files/${file.id}/download`, { token }), 200, "download");
    const sha = (b) => createHash("sha256").update(b).digest("hex");
    if (sha(download.bytes) !== sha(bytes)) throw new Error(`downloaded ${download.bytes.length} bytes that differ from the ${bytes.length} uploaded`);
    console.log(`file ${file.id}: ${bytes.length} bytes up and down, sha256 ${sha(bytes).slice(0, 16)}…`);
  })().catch((e) => { console.error(e.message); process.exit(1); });' || fail "the API round trip failed"
if [ "$STORAGE" = "s3" ]; then
  [ -z "$(find "$WORK/storage" -type f | head -1)" ] || fail "FILE_STORAGE_DRIVER=s3 wrote to the local disk"
  [ -n "$(find "$WORK/s3/$S3_BUCKET" -type f | head -1)" ] || fail "nothing reached the S3 bucket"
  echo "the blob is in the bucket, not on the local disk"
fi

# --- 5. SIGTERM ------------------------------------------------------------------------------
step "SIGTERM"
kill -TERM "$API_PID"
set +e
wait "$API_PID"
CODE=$?
set -e
[ "$CODE" = "0" ] || fail "the API exited $CODE on SIGTERM (expected 0)"
assert_json_lines "$WORK/api.log" "API"
echo "production smoke passed in $(( $(date +%s) - STARTED )) s (storage: $STORAGE)"
