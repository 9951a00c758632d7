import { randomBytes } from 'crypto';
import { Writable } from 'stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { DatabaseCommandMonitor } from '@app/database';
import { createApp } from '../../apps/api/src/bootstrap';
import { ADMIN } from './admin';
import { waitFor } from './wait-for';

export { ADMIN };

/** Shapes of secrets no response or log may ever contain. */
const STRUCTURAL_SECRETS = [/\$argon2/, /"password_hash":/, /Bearer\s+ey/, /"(password|new_password|current_password|cvv)":"(?!\[REDACTED\])/];

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
  raw: string;
}

/**
 * Boots the real app (same bootstrap as production) on a fresh database in the shared engine and
 * talks to it through Fastify's full request pipeline. Captures every response body and log line
 * so leak tests can scan them.
 */
export class TestApp {
  readonly logs: string[] = [];
  readonly responses: string[] = [];
  app: NestFastifyApplication;
  connection: Connection;

  static async start(env: Record<string, string> = {}): Promise<TestApp> {
    const harness = new TestApp();
    Object.assign(process.env, {
      NODE_ENV: 'test',
      MONGODB_URI: process.env.TEST_MONGODB_URI,
      MONGODB_DB_NAME: `test_${randomBytes(6).toString('hex')}`,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      SCHEDULER_ENABLED: 'false',
      EVENTS_WORKER_ENABLED: 'false',
      LOG_LEVEL: 'info',
      FILE_STORAGE_ROOT: `./data/test-storage/${randomBytes(6).toString('hex')}`,
      // Hundreds of requests from one client, and withCommands pins each route's round trips: limits
      // are tested over a real server in test/security/rate-limit.e2e-spec.ts.
      RATE_LIMIT_ENABLED: 'false',
      ...env,
    });
    const logStream = new Writable({
      write(chunk, _encoding, callback) {
        harness.logs.push(chunk.toString());
        callback();
      },
    });
    harness.app = await createApp({ logStream });
    await harness.app.init();
    await harness.app.getHttpAdapter().getInstance().ready();
    harness.connection = harness.app.get<Connection>(getConnectionToken());
    return harness;
  }

  /**
   * Runs one request and returns it with the database commands it issued, as sorted
   * "<command> <collection>" strings, so a test can pin a route's round trips (no N+1). A command
   * is counted when it finishes: the count is taken once none is still in flight.
   */
  async withCommands<T = any>(send: () => Promise<ApiResponse<T>>): Promise<{ response: ApiResponse<T>; commands: string[] }> {
    const commands: string[] = [];
    const unsubscribe = this.app.get(DatabaseCommandMonitor).subscribe((c) => commands.push(`${c.commandName} ${c.collection ?? ''}`.trim()));
    try {
      const response = await send();
      await this.settled();
      return { response, commands: commands.sort() };
    } finally {
      unsubscribe();
    }
  }

  /**
   * Resolves once no database command is in flight. Listeners are awaited (a notification or an
   * audit record is written before the response), so after a response this holds at once; it
   * fails, naming what it waited for, if a request left a write running behind its answer.
   */
  async settled(timeoutMs = 5_000): Promise<void> {
    const monitor = this.app.get(DatabaseCommandMonitor);
    await waitFor(() => monitor.inFlight === 0, { description: 'every database command the requests started to finish', timeoutMs, intervalMs: 1 });
  }

  /**
   * Every suite ends with a leak scan of its own traffic: no response or log line may carry a
   * password hash or a bearer token, whatever the test did (test/leak.e2e-spec.ts plants more).
   */
  async stop(): Promise<void> {
    await this.connection?.dropDatabase().catch(() => undefined);
    await this.app?.close();
    const leaks = [
      ...this.responses.filter((body) => STRUCTURAL_SECRETS.some((pattern) => pattern.test(body))).map((body) => `response: ${body.slice(0, 200)}`),
      ...this.logs.filter((line) => STRUCTURAL_SECRETS.some((pattern) => pattern.test(line))).map((line) => `log: ${line.slice(0, 200)}`),
    ];
    if (leaks.length) throw new Error(`Secrets leaked:\n${leaks.join('\n')}`);
  }

  async request<T = any>(method: Method, url: string, options: { token?: string; body?: unknown; headers?: Record<string, string>; payload?: string | Buffer } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await this.app.inject({
      method,
      url,
      headers,
      ...(options.payload !== undefined ? { payload: options.payload } : options.body !== undefined ? { payload: options.body as object } : {}),
    });
    this.responses.push(response.body);
    let body: unknown = response.body;
    try {
      body = response.body ? JSON.parse(response.body) : undefined;
    } catch {
      /* not JSON: keep the raw text */
    }
    return { status: response.statusCode, body: body as T, headers: response.headers, raw: response.body };
  }

  get = <T = any>(url: string, token?: string) => this.request<T>('GET', url, { token });
  post = <T = any>(url: string, body: unknown, token?: string) => this.request<T>('POST', url, { body, token });
  patch = <T = any>(url: string, body: unknown, token?: string) => this.request<T>('PATCH', url, { body, token });
  delete = <T = any>(url: string, token?: string) => this.request<T>('DELETE', url, { token });

  async login(email = ADMIN.email, password = ADMIN.password): Promise<{ access_token: string; refresh_token: string; user: { id: string } }> {
    const response = await this.post('/auth/login', { email, password });
    if (response.status !== 200) throw new Error(`login ${email} failed: ${response.status} ${response.raw}`);
    return response.body;
  }

  /** Creates a user through the admin API and signs them in. */
  async createUser(role: string, overrides: Record<string, unknown> = {}): Promise<{ id: string; token: string; email: string; password: string }> {
    const admin = await this.adminToken();
    const email = `${role}.${randomBytes(4).toString('hex')}@logic.camp`;
    const password = 'Str0ng-Passw0rd!';
    const created = await this.post('/users', { first_name: role, last_name: 'Tester', email, password, role, ...overrides }, admin);
    if (created.status !== 201) throw new Error(`create ${role} failed: ${created.status} ${created.raw}`);
    const { access_token } = await this.login(email, password);
    return { id: created.body.id, token: access_token, email, password };
  }

  // The promise is cached, so parallel callers share one sign-in: the admin's concurrent password
  // checks from one client are capped (login_attempts), a 6th at once is refused.
  private cachedAdminToken?: Promise<string>;
  adminToken(): Promise<string> {
    this.cachedAdminToken ??= this.login().then((session) => session.access_token);
    return this.cachedAdminToken;
  }
}
