import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '../..');
export const BUILT_API_ENTRY = join(ROOT, 'dist/apps/api/src/main.js');
/** The compiled ops CLI, as production runs it (`node dist/apps/cli/src/main.js <command>`). */
export const BUILT_CLI_ENTRY = join(ROOT, 'dist/apps/cli/src/main.js');
const STAMP = join(ROOT, 'dist/.api-build-stamp');
const CLI_STAMP = join(ROOT, 'dist/.cli-build-stamp');
const LOCK = join(ROOT, 'dist/.api-build-lock');
const SOURCES = ['apps', 'libs', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json'];

/**
 * The live-server tests run the API as production does: the compiled build, with the swagger
 * plugin's response metadata (ts-node --transpile-only cannot run that plugin, and response DTOs
 * need it). Rebuilds once when any source is newer than the last build; `npm run build` (CI's) writes
 * the same stamp, so its output is reused.
 */
export function ensureApiBuilt(): void {
  ensureBuilt('api', BUILT_API_ENTRY, STAMP);
}

/** The compiled CLI (production's ops entry), built the same way when stale; `npm run build` writes its stamp too. */
export function ensureCliBuilt(): void {
  ensureBuilt('cli', BUILT_CLI_ENTRY, CLI_STAMP);
}

function ensureBuilt(app: 'api' | 'cli', entry: string, stamp: string): void {
  if (isFresh(entry, stamp)) return;
  withLock(() => {
    if (isFresh(entry, stamp)) return;
    execFileSync(process.execPath, [require.resolve('@nestjs/cli/bin/nest.js'), 'build', app], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
    writeFileSync(stamp, new Date().toISOString());
  });
}

function isFresh(entry: string, stamp: string): boolean {
  if (!existsSync(stamp) || !existsSync(entry)) return false;
  const built = statSync(stamp).mtimeMs;
  return SOURCES.every((source) => newestMtime(join(ROOT, source)) <= built);
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Several jest processes (or engineers) may start live servers at once: one builds, the others wait. */
function withLock(build: () => void): void {
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      const stale = existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 300_000;
      if (stale) rmdirSync(LOCK);
      else if (Date.now() > deadline) throw new Error(`waited 300 s for another build (${LOCK})`);
      else execFileSync('sleep', ['1']);
    }
  }
  try {
    build();
  } finally {
    rmdirSync(LOCK);
  }
}
