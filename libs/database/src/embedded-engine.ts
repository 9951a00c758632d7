import { ChildProcess, spawn, spawnSync } from 'child_process';
import { existsSync, mkdirSync } from 'fs';
import { createServer } from 'net';
import { join, resolve } from 'path';

export type EmbeddedBackend = 'h2' | 'memory';

export interface EmbeddedEngineOptions {
  backend: EmbeddedBackend;
  /** Directory for the H2 file (or mongod's dbpath); ignored by the memory backend. */
  dataDir: string;
  /** 0 picks a free loopback port. */
  port?: number;
  /** Opening a large H2 file takes a while (~50 s for 100k documents). */
  startTimeoutMs?: number;
}

export interface RunningEngine {
  uri: string;
  kind: 'mongod' | 'mongo-java-server';
  /** The engine's process id (fault tests SIGKILL it to check that acknowledged writes survive). */
  pid: number;
  stop(): Promise<void>;
}

const ENGINE_HOME = process.env.EMBEDDED_ENGINE_HOME ?? resolve(process.cwd(), 'engine');
const DEFAULT_STARTUP_TIMEOUT_MS = 180_000;
/** H2 needs time to flush and close its file cleanly; a killed store reopens slowly. */
const STOP_GRACE_MS = { h2: 30_000, memory: 5_000 } as const;

/**
 * Starts a local database for development and tests when MONGODB_URI is unset: a real `mongod`
 * if one is on PATH, else mongo-java-server (resolved by `npm run engine:install`). The child
 * holds a pipe to us on stdin and exits when it closes, so it never outlives this process.
 */
export async function startEmbeddedEngine(options: EmbeddedEngineOptions): Promise<RunningEngine> {
  if (isOnPath('mongod')) return startMongod(options);
  return startMongoJavaServer(options);
}

function isOnPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

async function startMongoJavaServer(options: EmbeddedEngineOptions): Promise<RunningEngine> {
  const classes = join(ENGINE_HOME, 'target', 'classes');
  const lib = join(ENGINE_HOME, 'target', 'lib');
  if (!existsSync(classes) || !existsSync(lib)) {
    throw new Error(`The embedded engine is not built (${classes} missing). Run \`npm run engine:install\` first.`);
  }
  const args = ['-Xss1m', '-cp', `${classes}:${lib}/*`, 'camp.logic.engine.EngineLauncher', '--port', String(options.port ?? 0), '--backend', options.backend];
  if (options.backend === 'h2') {
    mkdirSync(options.dataDir, { recursive: true });
    args.push('--file', join(resolve(options.dataDir), 'engine.mv'));
  }
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const address = await waitForReadyLine(child, /^READY (\S+)$/m, options.startTimeoutMs);
  return { uri: `mongodb://${address}`, kind: 'mongo-java-server', pid: child.pid!, stop: () => stopChild(child, STOP_GRACE_MS[options.backend]) };
}

async function startMongod(options: EmbeddedEngineOptions): Promise<RunningEngine> {
  const port = options.port || (await freePort());
  const dbPath = join(resolve(options.dataDir), options.backend === 'memory' ? `mongod-test-${process.pid}` : 'mongod');
  mkdirSync(dbPath, { recursive: true });
  const child = spawn('mongod', ['--dbpath', dbPath, '--port', String(port), '--bind_ip', '127.0.0.1'], { stdio: ['pipe', 'pipe', 'pipe'] });
  await waitForReadyLine(child, /Waiting for connections/, options.startTimeoutMs);
  return { uri: `mongodb://127.0.0.1:${port}`, kind: 'mongod', pid: child.pid!, stop: () => stopChild(child, STOP_GRACE_MS.h2) };
}

function waitForReadyLine(child: ChildProcess, pattern: RegExp, timeoutMs = DEFAULT_STARTUP_TIMEOUT_MS): Promise<string> {
  return new Promise((resolveReady, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`database engine did not start within ${timeoutMs} ms (raise EMBEDDED_ENGINE_START_TIMEOUT_MS):\n${output}`)),
      timeoutMs,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolveReady(match[1] ?? '');
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`database engine exited with code ${code}:\n${output}`)));
  });
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.removeAllListeners('exit');
    child.once('exit', () => done());
    child.stdin?.end();
    setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
