import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { once } from 'events';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';

const ROOT = resolve(__dirname, '../..');
const INSTALL_HINT = 'run scripts/install-versitygw.sh (needs Go; builds versitygw v1.8.0 into .tools/bin once: one to several minutes)';

/** The versitygw binary: $VERSITYGW_BIN, else .tools/bin/versitygw (where scripts/install-versitygw.sh puts it). */
export function versitygwBinary(): string | undefined {
  const candidate = process.env.VERSITYGW_BIN || join(ROOT, '.tools/bin/versitygw');
  return existsSync(candidate) ? candidate : undefined;
}

/**
 * `describe` for suites that need an S3 server. In CI (`CI` set) a missing versitygw fails the
 * suite with the install hint — never a silent skip; locally the suite is skipped with a line
 * saying why.
 */
export function describeWithS3(name: string, body: () => void): void {
  if (versitygwBinary() || process.env.CI) {
    describe(name, body);
    return;
  }
  console.warn(`SKIPPED "${name}": versitygw not found — ${INSTALL_HINT}`);
  describe.skip(name, body);
}

/** The settings the API reads for an S3 bucket on this server (FILE_STORAGE_DRIVER=s3). */
export interface S3Settings {
  S3_ENDPOINT: string;
  S3_REGION: string;
  S3_BUCKET: string;
  S3_ACCESS_KEY_ID: string;
  S3_SECRET_ACCESS_KEY: string;
  S3_FORCE_PATH_STYLE: string;
}

/**
 * A real S3-compatible server for tests: versitygw over a temp folder on a free loopback port,
 * with random root keys. `stop()` ends it and removes the folder.
 */
export class S3TestServer {
  readonly logs: string[] = [];
  private constructor(
    readonly endpoint: string,
    readonly accessKeyId: string,
    readonly secretAccessKey: string,
    /** The folder versitygw serves: each bucket is a directory, each object a file under its key. */
    readonly dataDir: string,
    private readonly child: ChildProcess,
  ) {}

  static async start(startTimeoutMs = 20_000): Promise<S3TestServer> {
    const binary = versitygwBinary();
    if (!binary) throw new Error(`versitygw not found (VERSITYGW_BIN or .tools/bin/versitygw): ${INSTALL_HINT}`);
    const dataDir = mkdtempSync(join(tmpdir(), 'versitygw-'));
    const port = await freePort();
    const accessKeyId = `test${randomBytes(6).toString('hex')}`;
    const secretAccessKey = randomBytes(24).toString('base64url');
    const child = spawn(binary, ['--port', `127.0.0.1:${port}`, 'posix', dataDir], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ROOT_ACCESS_KEY: accessKeyId, ROOT_SECRET_KEY: secretAccessKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new S3TestServer(`http://127.0.0.1:${port}`, accessKeyId, secretAccessKey, dataDir, child);
    const collect = (chunk: Buffer) => server.logs.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    await server.waitUntilAnswering(startTimeoutMs);
    return server;
  }

  /** Up once it answers HTTP at all (an unsigned request gets a 403 S3 error document). */
  private async waitUntilAnswering(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    this.child.once('exit', () => (exited = true));
    for (;;) {
      if (exited) throw new Error(`versitygw exited at start:\n${this.logs.join('\n')}`);
      try {
        await fetch(`${this.endpoint}/`, { signal: AbortSignal.timeout(1000) });
        return;
      } catch {
        if (Date.now() > deadline) {
          await this.stop();
          throw new Error(`versitygw did not answer on ${this.endpoint} within ${timeoutMs} ms:\n${this.logs.join('\n')}`);
        }
        await new Promise((resolveWait) => setTimeout(resolveWait, 50));
      }
    }
  }

  /** A client with the root keys, for checks behind the product's back. */
  client(): S3Client {
    return new S3Client({
      endpoint: this.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: this.accessKeyId, secretAccessKey: this.secretAccessKey },
    });
  }

  async createBucket(bucket: string): Promise<void> {
    const client = this.client();
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    } finally {
      client.destroy();
    }
  }

  /** The API's S3 settings for `bucket` on this server. */
  settings(bucket: string): S3Settings {
    return {
      S3_ENDPOINT: this.endpoint,
      S3_REGION: 'us-east-1',
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: this.accessKeyId,
      S3_SECRET_ACCESS_KEY: this.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
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
