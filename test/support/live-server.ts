import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { once } from 'events';
import { Db, MongoClient } from 'mongodb';
import { resolve } from 'path';
import { BUILT_API_ENTRY, ensureApiBuilt } from './api-build';
import { ADMIN } from './admin';

export interface LiveResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  raw: string;
  /** Wall time from sending the request to the end of the body. */
  ms: number;
}

export interface LiveRequest {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** A raw body (multipart, deliberately malformed JSON, …): sent as is. */
  payload?: string | Buffer | FormData;
  /** Abort after this long (default 15 s), so a frozen server fails the test instead of hanging it. */
  timeoutMs?: number;
}

const ROOT = resolve(__dirname, '../..');
const READY_LINE = /Logic Camp CRM API on (http:\/\/\S+)/;

/**
 * The API as users meet it: its own Node process (the compiled production entry point, rebuilt when stale),
 * listening on a free loopback port, on a fresh database in the test run's engine. Tests talk to it
 * over real TCP with `fetch`, can burst requests concurrently, and can SIGTERM or SIGKILL it. Its
 * stdout/stderr (pino JSON) are kept for leak scans.
 */
export class LiveServer {
  readonly logs: string[] = [];
  baseUrl = '';
  readonly dbName: string;
  private child?: ChildProcess;
  private client?: MongoClient;
  private exited?: Promise<unknown>;

  private constructor(private readonly env: Record<string, string>) {
    this.dbName = env.MONGODB_DB_NAME;
  }

  static async start(env: Record<string, string> = {}, startTimeoutMs = 60_000): Promise<LiveServer> {
    const server = new LiveServer({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      MONGODB_URI: process.env.TEST_MONGODB_URI ?? '',
      MONGODB_DB_NAME: `live_${randomBytes(6).toString('hex')}`,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SCHEDULER_ENABLED: 'false',
      LOG_LEVEL: 'info',
      FILE_STORAGE_ROOT: `./data/test-storage/live-${randomBytes(6).toString('hex')}`,
      ...env,
    });
    await server.spawn(startTimeoutMs);
    return server;
  }

  private async spawn(startTimeoutMs: number): Promise<void> {
    ensureApiBuilt();
    const child = spawn(process.execPath, [BUILT_API_ENTRY], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = once(child, 'exit');
    // Whole lines only: a read can end inside a line, and each line is one JSON record to parse.
    const collector = () => {
      let partial = '';
      return (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop() ?? '';
        this.logs.push(...lines.filter(Boolean));
      };
    };
    child.stdout!.on('data', collector());
    child.stderr!.on('data', collector());
    this.baseUrl = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`API did not start within ${startTimeoutMs} ms:\n${this.logs.slice(-20).join('\n')}`)), startTimeoutMs);
      const onData = (chunk: Buffer) => {
        const match = READY_LINE.exec(chunk.toString());
        if (!match) return;
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolveUrl(match[1]);
      };
      child.stdout!.on('data', onData);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`API exited before listening (code ${code}, signal ${signal}):\n${this.logs.slice(-20).join('\n')}`));
      });
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The server's own database, for assertions on what was (or was not) stored. */
  async db(): Promise<Db> {
    this.client ??= await MongoClient.connect(this.env.MONGODB_URI);
    return this.client.db(this.dbName);
  }

  async request<T = any>(method: string, path: string, options: LiveRequest = {}): Promise<LiveResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: RequestInit['body'];
    if (options.payload !== undefined) body = options.payload as RequestInit['body'];
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const started = Date.now();
    const response = await fetch(this.baseUrl + path, { method, headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
    const raw = await response.text();
    let parsed: unknown = raw;
    try {
      parsed = raw ? JSON.parse(raw) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, body: parsed as T, headers: response.headers, raw, ms: Date.now() - started };
  }

  get = <T = any>(path: string, token?: string) => this.request<T>('GET', path, { token });
  post = <T = any>(path: string, body: unknown, token?: string) => this.request<T>('POST', path, { body, token });
  patch = <T = any>(path: string, body: unknown, token?: string) => this.request<T>('PATCH', path, { body, token });
  delete = <T = any>(path: string, token?: string) => this.request<T>('DELETE', path, { token });

  async login(email = ADMIN.email, password = ADMIN.password, headers: Record<string, string> = {}): Promise<{ access_token: string; refresh_token: string; user: { id: string } }> {
    const response = await this.request('POST', '/auth/login', { body: { email, password }, headers });
    if (response.status !== 200) throw new Error(`login ${email} failed: ${response.status} ${response.raw}`);
    return response.body;
  }

  // The promise is cached, so parallel callers share one sign-in (concurrent password checks are capped).
  private cachedAdminToken?: Promise<string>;
  adminToken(): Promise<string> {
    this.cachedAdminToken ??= this.login().then((session) => session.access_token);
    return this.cachedAdminToken;
  }

  /** Creates a user through the admin API and signs them in. */
  async createUser(role: string, overrides: Record<string, unknown> = {}): Promise<{ id: string; token: string; email: string; password: string }> {
    const email = `${role}.${randomBytes(4).toString('hex')}@logic.camp`;
    const password = 'Str0ng-Passw0rd!';
    const created = await this.post('/users', { first_name: role, last_name: 'Tester', email, password, role, ...overrides }, await this.adminToken());
    if (created.status !== 201) throw new Error(`create ${role} failed: ${created.status} ${created.raw}`);
    const { access_token } = await this.login(email, password);
    return { id: created.body.id, token: access_token, email, password };
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. Drops the database unless asked to keep it. */
  async stop({ keepDatabase = false, graceMs = 10_000 } = {}): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const killed = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(killed);
    }
    if (this.client) {
      if (!keepDatabase) await this.client.db(this.dbName).dropDatabase().catch(() => undefined);
      await this.client.close();
    }
  }

  /** The exit code and signal, once the process has exited. */
  async exitStatus(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const [code, signal] = (await this.exited) as [number | null, NodeJS.Signals | null];
    return { code, signal };
  }

  /** SIGKILL: the process dies without running any shutdown code. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }
}
