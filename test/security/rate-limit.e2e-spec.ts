import { LiveServer, LiveResponse } from '../support/live-server';

// A test may wait up to a minute for a fresh counting window, and starting a second API process
// on a busy 2-core machine takes up to ~40 s: a test cut at jest's 60 s default keeps sending in
// the background and spends the next test's window.
jest.setTimeout(180_000);

/** Counts live in fixed one-minute windows: start a burst with room left in the current one. */
async function withRoomInWindow(seconds = 20): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < seconds * 1000) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

const unknownLogin = (server: LiveServer) => server.request('POST', '/auth/login', { body: { email: 'nobody@logic.camp', password: 'Wrong-Passw0rd!' } });

function expectTooManyRequests(response: LiveResponse, limit: number): void {
  expect(response.status).toBe(429);
  expect(response.body).toEqual({
    statusCode: 429,
    error: 'Too Many Requests',
    message: expect.stringMatching(new RegExp(`at most ${limit} a minute; retry in \\d+ s`)),
    details: [],
    requestId: response.headers.get('x-request-id'),
  });
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(response.headers.get('ratelimit-limit')).toBe(String(limit));
  expect(response.headers.get('ratelimit-remaining')).toBe('0');
  expect(Number(response.headers.get('ratelimit-reset'))).toBe(retryAfter);
}

describe('Rate limits over a real server, counted in MongoDB', () => {
  let a: LiveServer;
  let b: LiveServer | undefined;

  beforeAll(async () => {
    a = await LiveServer.start({ RATE_LIMIT_LOGIN_PER_MINUTE: '3', RATE_LIMIT_GLOBAL_PER_MINUTE: '40' });
  });
  afterAll(async () => {
    await b?.stop({ keepDatabase: true });
    await a?.stop();
  });

  it('the 4th sign-in attempt in a minute is a 429 in the error shape with Retry-After and RateLimit-* headers', async () => {
    await withRoomInWindow();
    for (const remaining of ['2', '1', '0']) {
      const attempt = await unknownLogin(a);
      expect(attempt.status).toBe(401);
      expect(attempt.headers.get('ratelimit-limit')).toBe('3');
      expect(attempt.headers.get('ratelimit-remaining')).toBe(remaining);
    }
    const refused = await unknownLogin(a);
    expectTooManyRequests(refused, 3);
    // Refused before the body is read: the right password does not get through either.
    expectTooManyRequests(await a.request('POST', '/auth/login', { body: { email: 'admin@logic.camp', password: 'Admin-Passw0rd!' } }), 3);
  });

  it('a second instance on the same database shares the counts', async () => {
    b = await LiveServer.start({ MONGODB_DB_NAME: a.dbName, RATE_LIMIT_LOGIN_PER_MINUTE: '3', RATE_LIMIT_GLOBAL_PER_MINUTE: '40' });
    await withRoomInWindow();
    // A fresh window: wait for the one the first test filled to end if it is still open.
    const first = await unknownLogin(a);
    if (first.status === 429) await new Promise((resolve) => setTimeout(resolve, Number(first.headers.get('retry-after')) * 1000 + 50));
    const counted = [first.status === 429 ? await unknownLogin(a) : first, await unknownLogin(b), await unknownLogin(a)];
    expect(counted.map((r) => r.status)).toEqual([401, 401, 401]);
    expect(counted.map((r) => r.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0']);
    expectTooManyRequests(await unknownLogin(b), 3);
    expectTooManyRequests(await unknownLogin(a), 3);
    const db = await a.db();
    const counters = await db.collection('rate_limits').find({}).toArray();
    expect(counters.every((c) => String(c._id).startsWith('127.0.0.1|') && c.expires_at instanceof Date)).toBe(true);
  });

  it('every route shares a per-client ceiling; health probes are never limited', async () => {
    await withRoomInWindow(40);
    const probe = await a.request('GET', '/nowhere');
    if (probe.status === 429) await new Promise((resolve) => setTimeout(resolve, Number(probe.headers.get('retry-after')) * 1000 + 50));
    const first = await a.request('GET', '/auth/me');
    expect(first.status).toBe(401);
    expect(first.headers.get('ratelimit-limit')).toBe('40');
    const remaining = Number(first.headers.get('ratelimit-remaining'));
    const statuses: number[] = [];
    for (let i = 0; i <= remaining; i++) statuses.push((await a.request('GET', '/auth/me')).status);
    expect(statuses.slice(0, remaining)).toEqual(Array(remaining).fill(401));
    expect(statuses[remaining]).toBe(429);
    expectTooManyRequests(await a.request('GET', '/nowhere'), 40);
    expect((await a.request('GET', '/health/live')).status).toBe(200);
  });
});
