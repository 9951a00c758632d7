import { spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { ConsoleLogger, Type } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import type { Connection } from 'mongoose';
import { productModules } from '@app/ops';

/** Two 32-byte keys for rotation tests (base64 of fixed bytes; test data only). */
export const KEY_1 = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
export const KEY_2 = `k2:${Buffer.alloc(32, 2).toString('base64')}`;

/**
 * The CLI's modules (every domain plus ops, no HTTP, no commands) on a fresh database in the
 * shared test engine: what each `npm run db:*` command boots, driven through its services.
 */
export class OpsHarness {
  module: TestingModule;
  connection: Connection;

  private constructor(readonly dbName: string) {}

  static async start(env: Record<string, string> = {}, dbName = `ops_${randomBytes(6).toString('hex')}`): Promise<OpsHarness> {
    Object.assign(process.env, {
      NODE_ENV: 'test',
      MONGODB_URI: process.env.TEST_MONGODB_URI,
      MONGODB_DB_NAME: dbName,
      SCHEDULER_ENABLED: 'false',
      ENCRYPTION_KEYS: KEY_1,
      // The seeder writes the sample files' blobs: each harness gets its own storage.
      FILE_STORAGE_ROOT: `./data/test-storage/ops-${randomBytes(6).toString('hex')}`,
      ...env,
    });
    delete process.env.ADMIN_EMAIL;
    delete process.env.ADMIN_PASSWORD;
    const harness = new OpsHarness(dbName);
    harness.module = await Test.createTestingModule({ imports: productModules() })
      .setLogger(new ConsoleLogger('ops-test', { logLevels: ['error'] }))
      .compile();
    await harness.module.init();
    harness.connection = harness.module.get<Connection>(getConnectionToken());
    return harness;
  }

  get<T>(type: Type<T>): T {
    return this.module.get(type, { strict: false });
  }

  get db() {
    return this.connection.db!;
  }

  async count(collection: string): Promise<number> {
    return this.db.collection(collection).countDocuments({});
  }

  /** Closes the app; drops the database unless another harness still needs it. */
  async stop({ drop = true } = {}): Promise<void> {
    if (drop) await this.connection?.dropDatabase().catch(() => undefined);
    await this.module?.close();
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI (`npm run <command>` is this) against the test engine and a given database. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/cli/src/main.ts', ...args], {
      cwd: `${__dirname}/../../..`,
      env: { ...process.env, NODE_ENV: 'test', MONGODB_URI: process.env.TEST_MONGODB_URI ?? '', LOG_LEVEL: 'warn', TS_NODE_TRANSPILE_ONLY: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The CLI's log lines on stderr, each parsed (every one is a pino JSON record; JSON.parse throws otherwise). */
export function cliLogRecords(stderr: string): { level: number; msg?: string; context?: string }[] {
  return stderr
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { level: number; msg?: string; context?: string });
}

/** The CLI's own failure line (context `cli`, level error): what it reports when it exits 1; '' when none. */
export function cliFailure(stderr: string): string {
  return cliLogRecords(stderr)
    .filter((record) => record.level >= 50 && record.context === 'cli')
    .map((record) => record.msg ?? '')
    .join('\n');
}
