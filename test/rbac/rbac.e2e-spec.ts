import { ADMIN, TestApp } from '../support/test-app';
import { concretePath, discoverRoutes, DiscoveredRoute } from '../support/routes';
import { CALLERS, Caller, RBAC_MATRIX } from './rbac-matrix';
import { API_KEY_CALLERS, API_KEY_MATRIX } from './api-key-matrix';
import { scopesAllow } from '@app/auth';

const asksForSecondFactor = (body: { message?: unknown } | undefined) => /two-factor authentication|second factor/.test(String(body?.message ?? ''));

/** Every route × every caller, on a 2-core machine shared with other suites. */
const WALK_TIMEOUT_MS = 180_000;

const routeKey = (route: Pick<DiscoveredRoute, 'method' | 'path'>) => `${route.method} ${route.path}`;

/**
 * Walks every route of the running app as every role and as an anonymous caller, and compares
 * what happens with the committed matrix. A route missing from the matrix, or answering
 * differently from it (403 where allowed, anything but 403 where denied), fails the test.
 */
describe('RBAC matrix (e2e)', () => {
  let t: TestApp;
  const tokens: Partial<Record<Caller, string>> = {};
  const credentials: Partial<Record<Caller, { email: string; password: string }>> = {};

  beforeAll(async () => {
    t = await TestApp.start();
    tokens.admin = (await t.login()).access_token;
    credentials.admin = ADMIN;
    for (const role of ['manager', 'sales', 'support', 'tech'] as const) {
      const user = await t.createUser(role);
      tokens[role] = user.token;
      credentials[role] = user;
    }
  });
  afterAll(async () => {
    await t.stop();
  });

  it('lists every route of the app, and nothing else', () => {
    const discovered = discoverRoutes(t.app).map(routeKey).sort();
    expect(discovered).toEqual(Object.keys(RBAC_MATRIX).sort());
  });

  // A live stream never ends on its own: its status is read when the headers arrive, then it is dropped.
  const STREAMING_ROUTES = new Set(['GET /events/stream']);
  const openStream = async (url: string, token?: string) => {
    const response = await t.app.inject({ method: 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {}, payloadAsStream: true });
    response.stream().destroy();
    return { status: response.statusCode, body: undefined as unknown };
  };

  it('every route answers each caller as the matrix says', async () => {
    const mismatches: string[] = [];
    for (const route of discoverRoutes(t.app)) {
      const expected = RBAC_MATRIX[routeKey(route)];
      if (!expected) continue;
      const allowed: Caller[] = expected === 'public' ? [...CALLERS] : expected;
      for (const caller of CALLERS) {
        const token = caller === 'anonymous' ? undefined : tokens[caller];
        const response = STREAMING_ROUTES.has(routeKey(route))
          ? await openStream(concretePath(route.path), token)
          : await t.request(route.method as 'GET', concretePath(route.path), {
              token,
              body: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
            });
        // A public route may still refuse a bad credential of its own (a forged signed link → 403);
        // what it must never do is ask for a session.
        // A 403 asking for a second factor (card reveal without a recent code) comes after the role check passed.
        const denied =
          caller === 'anonymous' || expected === 'public' ? response.status === 401 : response.status === 403 && !asksForSecondFactor(response.body);
        if (denied === allowed.includes(caller)) {
          mismatches.push(`${routeKey(route)} as ${caller}: got ${response.status}, matrix says ${allowed.includes(caller) ? 'allowed' : 'denied'}`);
        }
        // POST /auth/logout with no body ends the caller's own session (its token is revoked at once): sign in again.
        if (caller !== 'anonymous' && route.path === '/auth/logout') {
          const { email, password } = credentials[caller]!;
          tokens[caller] = (await t.login(email, password)).access_token;
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, WALK_TIMEOUT_MS);

  it('lists every route in the API-key matrix too', () => {
    const discovered = discoverRoutes(t.app).map(routeKey).sort();
    expect(discovered).toEqual(Object.keys(API_KEY_MATRIX).sort());
  });

  it('every route answers each API key as its scopes say (a route without an area admits no key)', async () => {
    const admin = (await t.login()).access_token;
    const keys: Record<string, string> = {};
    for (const [caller, scopes] of Object.entries(API_KEY_CALLERS)) {
      const created = await t.post('/api-keys', { name: caller, scopes }, admin);
      expect(created.status).toBe(201);
      keys[caller] = created.body.key;
    }
    const mismatches: string[] = [];
    for (const route of discoverRoutes(t.app)) {
      const required = API_KEY_MATRIX[routeKey(route)];
      if (required === undefined) continue;
      for (const [caller, scopes] of Object.entries(API_KEY_CALLERS)) {
        const response = await t.request(route.method as 'GET', concretePath(route.path), {
          token: keys[caller],
          body: route.method === 'GET' || route.method === 'DELETE' ? undefined : {},
        });
        const allowed = required === 'public' || (required !== null && scopesAllow(scopes, required));
        const denied = required === 'public' ? response.status === 401 : response.status === 403 || response.status === 401;
        if (denied === allowed) mismatches.push(`${routeKey(route)} as ${caller}: got ${response.status}, matrix says ${allowed ? 'allowed' : 'denied'}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, WALK_TIMEOUT_MS);
});
