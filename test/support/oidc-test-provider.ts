import { ChildProcess, spawn } from 'child_process';
import { once } from 'events';
import { createServer } from 'net';
import { resolve } from 'path';

export interface TestAccount {
  email: string;
  email_verified: boolean;
  given_name?: string;
  family_name?: string;
  groups?: string[];
  /** What the provider reports as authentication methods (default `['pwd']`). */
  amr?: string[];
}

/** A free loopback port (closed again at once): the API and the provider must know each other's URL before either starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** A browser's cookies for one site: enough for the provider's interaction and session cookies. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=/i.test(a) && new Date(a.split('=')[1]).getTime() < Date.now()) || attributes.some((a) => /^\s*max-age=0/i.test(a));
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * The OpenID Provider of the single sign-on e2e tests: test/support/oidc-provider.mjs (oidc-provider,
 * ESM-only) in its own Node process on 127.0.0.1, with one client and the given accounts.
 */
export class OidcTestProvider {
  readonly logs: string[] = [];
  private child?: ChildProcess;

  private constructor(
    readonly port: number,
    readonly clientId: string,
    readonly clientSecret: string,
  ) {}

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async start(options: { port: number; redirectUri: string; accounts: Record<string, TestAccount>; clientId?: string; clientSecret?: string }): Promise<OidcTestProvider> {
    const provider = new OidcTestProvider(options.port, options.clientId ?? 'logic-camp-crm', options.clientSecret ?? 'oidc-test-client-secret-5b1f0c9e7d2a4c8b');
    const child = spawn(process.execPath, [resolve(__dirname, 'oidc-provider.mjs')], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        OIDC_TEST_PORT: String(options.port),
        OIDC_TEST_CLIENT_ID: provider.clientId,
        OIDC_TEST_CLIENT_SECRET: provider.clientSecret,
        OIDC_TEST_REDIRECT_URI: options.redirectUri,
        OIDC_TEST_ACCOUNTS: JSON.stringify(options.accounts),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    provider.child = child;
    child.stderr!.on('data', (chunk: Buffer) => provider.logs.push(chunk.toString()));
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`OIDC test provider did not start:\n${provider.logs.join('')}`)), 20_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        provider.logs.push(chunk.toString());
        if (chunk.toString().includes('ready on')) {
          clearTimeout(timer);
          ready();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`OIDC test provider exited (${code}):\n${provider.logs.join('')}`));
      });
    });
    return provider;
  }

  /**
   * A browser signing `accountId` in: follows the provider's redirects from the API's authorization
   * redirect (`loginLocation`, the Location of GET /auth/oidc/login) through the scripted interaction,
   * and returns the URL the provider sends the browser back to (the API's callback, not yet opened).
   */
  async signIn(loginLocation: string, accountId: string): Promise<URL> {
    const jar = new CookieJar();
    let url = new URL(loginLocation);
    for (let hop = 0; hop < 10; hop++) {
      if (url.origin !== this.issuer) return url;
      if (/^\/interaction\/[^/]+$/.test(url.pathname)) url = new URL(`${url.pathname}/login?account=${encodeURIComponent(accountId)}`, this.issuer);
      const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() }, signal: AbortSignal.timeout(10_000) });
      jar.store(response);
      const location = response.headers.get('location');
      if (!location) throw new Error(`the provider answered ${url.pathname} with ${response.status} and no redirect: ${await response.text()}`);
      url = new URL(location, url);
    }
    throw new Error('the provider redirected more than 10 times');
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const killed = setTimeout(() => this.child?.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killed);
  }
}
