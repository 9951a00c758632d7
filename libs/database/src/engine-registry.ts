import { readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { connect } from 'net';
import { join, resolve } from 'path';

/**
 * `EMBEDDED_DATA_DIR/engine.json`: where the process holding the embedded store (the dev API)
 * says its engine listens, so a second process (a CLI command) connects to that engine instead
 * of failing to open the locked file. The entry is trusted only while its pid is alive and its
 * address answers; a stale one (the API was killed) is ignored and replaced.
 */
export interface PublishedEngine {
  uri: string;
  pid: number;
  kind: string;
  backend: string;
  started_at: string;
}

const FILE_NAME = 'engine.json';
const PROBE_TIMEOUT_MS = 1_000;

export function engineFile(dataDir: string): string {
  return join(resolve(dataDir), FILE_NAME);
}

/** The running engine another live process published for this data directory, if any. */
export async function findPublishedEngine(dataDir: string): Promise<PublishedEngine | null> {
  let entry: PublishedEngine;
  try {
    entry = JSON.parse(readFileSync(engineFile(dataDir), 'utf8')) as PublishedEngine;
  } catch {
    return null;
  }
  if (typeof entry?.uri !== 'string' || !Number.isInteger(entry.pid) || entry.pid === process.pid) return null;
  if (!isAlive(entry.pid)) return null;
  const address = /^mongodb:\/\/([^/:]+):(\d+)/.exec(entry.uri);
  if (!address || !(await answers(address[1], Number(address[2])))) return null;
  return entry;
}

/** Written atomically (temp file + rename): a reader never sees half an entry. */
export function publishEngine(dataDir: string, engine: Omit<PublishedEngine, 'pid' | 'started_at'>): void {
  const file = engineFile(dataDir);
  const entry: PublishedEngine = { ...engine, pid: process.pid, started_at: new Date().toISOString() };
  writeFileSync(`${file}.${process.pid}.tmp`, `${JSON.stringify(entry, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.${process.pid}.tmp`, file);
}

/** Removes the entry if it is still this process's own. */
export function withdrawEngine(dataDir: string): void {
  try {
    const entry = JSON.parse(readFileSync(engineFile(dataDir), 'utf8')) as PublishedEngine;
    if (entry.pid === process.pid) rmSync(engineFile(dataDir), { force: true });
  } catch {
    /* already gone or unreadable: nothing of ours to remove */
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function answers(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

/**
 * Whether an engine this process starts is offered to others. The CLI turns it off: its engine
 * dies when the command ends, so an API that joined it would lose its database.
 */
export const embeddedEngineSharing = { publish: true };
