import { createLogicCampClient, SessionTokens } from './index';

const BASE = 'http://api.test';

function jwt(expSeconds: number, marker: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'u1', exp: expSeconds, jti: marker })}.signature`;
}
const nowSeconds = () => Math.floor(Date.now() / 1000);
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fake API: access tokens are valid until their `exp`; each refresh token works once (rotation). */
function fakeApi(options: { refreshAnswer?: number; revoked?: boolean } = {}) {
  let generation = 0;
  let validRefresh = 'refresh-0-aaaaaaaaaaaaaaaaaaaa';
  const calls: string[] = [];
  const pair = (expired: boolean) => {
    generation += 1;
    validRefresh = `refresh-${generation}-aaaaaaaaaaaaaaaaaaaa`;
    return { access_token: jwt(expired ? nowSeconds() - 60 : nowSeconds() + 900, `g${generation}`), refresh_token: validRefresh, token_type: 'Bearer', expires_in: 900 };
  };
  const fetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    calls.push(`${request.method} ${path}`);
    if (path === '/auth/login') return json(200, { ...pair(true), user: { id: 'u1' } });
    if (path === '/auth/refresh') {
      const body: unknown = await request.json();
      if (options.refreshAnswer && options.refreshAnswer !== 200) return json(options.refreshAnswer, { statusCode: options.refreshAnswer });
      const presented = typeof body === 'object' && body !== null && 'refresh_token' in body ? body.refresh_token : undefined;
      if (presented !== validRefresh) return json(401, { statusCode: 401, message: 'spent' });
      await new Promise((resolve) => setImmediate(resolve));
      return json(200, { ...pair(false), user: { id: 'u1' } });
    }
    const token = request.headers.get('authorization')?.replace('Bearer ', '') ?? '';
    const exp = token ? Number(JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp) : 0;
    if (options.revoked || exp * 1000 <= Date.now()) return json(401, { statusCode: 401, message: 'expired' });
    if (path === '/auth/logout') return new Response(null, { status: 204 });
    if (request.method === 'POST') return json(201, await request.json());
    return json(200, { id: 'u1', token });
  };
  return { fetch, calls, refreshes: () => calls.filter((call) => call === 'POST /auth/refresh').length };
}

describe('createLogicCampClient: session and token refresh', () => {
  it('five parallel requests that meet an expired access token cause one refresh, and each is retried once with the new token', async () => {
    const api = fakeApi();
    const seen: (SessionTokens | null)[] = [];
    const client = createLogicCampClient({ baseUrl: BASE, fetch: api.fetch, onTokens: (tokens) => seen.push(tokens) });
    await client.login({ email: 'a@b.c', password: 'x' });

    const results = await Promise.all(Array.from({ length: 5 }, () => client.GET('/auth/me')));

    expect(results.map((result) => result.response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(api.refreshes()).toBe(1);
    expect(api.calls.filter((call) => call === 'GET /auth/me')).toHaveLength(10);
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(client.tokens());
    expect(client.tokens()?.refresh_token).toBe('refresh-2-aaaaaaaaaaaaaaaaaaaa');
  });

  it('the retried request sends its JSON body again', async () => {
    const api = fakeApi();
    const client = createLogicCampClient({ baseUrl: BASE, fetch: api.fetch });
    await client.login({ email: 'a@b.c', password: 'x' });
    const { data, response } = await client.POST('/customers', { body: { name: 'Ada Lovelace', email: 'ada@example.com' } });
    expect(response.status).toBe(201);
    expect(data).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com' });
    expect(api.refreshes()).toBe(1);
  });

  it('a 401 on an access token that has not expired (revoked) is returned as is, without a refresh', async () => {
    const api = fakeApi({ revoked: true });
    const client = createLogicCampClient({ baseUrl: BASE, fetch: api.fetch, tokens: { access_token: jwt(nowSeconds() + 900, 'live'), refresh_token: 'refresh-0-aaaaaaaaaaaaaaaaaaaa' } });
    const { response } = await client.GET('/auth/me');
    expect(response.status).toBe(401);
    expect(api.refreshes()).toBe(0);
  });

  it('a refused refresh ends the session: tokens cleared, the caller told, the original 401 returned', async () => {
    const api = fakeApi();
    const seen: (SessionTokens | null)[] = [];
    const client = createLogicCampClient({
      baseUrl: BASE,
      fetch: api.fetch,
      tokens: { access_token: jwt(nowSeconds() - 60, 'old'), refresh_token: 'refresh-spent-aaaaaaaaaaaaaa' },
      onTokens: (tokens) => seen.push(tokens),
    });
    const { response } = await client.GET('/auth/me');
    expect(response.status).toBe(401);
    expect(client.tokens()).toBeNull();
    expect(seen).toEqual([null]);
    // Signed out now: the next request carries no token and triggers no refresh.
    await client.GET('/auth/me');
    expect(api.refreshes()).toBe(1);
  });

  it('a refresh answered 503 keeps the session for a later try', async () => {
    const api = fakeApi({ refreshAnswer: 503 });
    const tokens = { access_token: jwt(nowSeconds() - 60, 'old'), refresh_token: 'refresh-0-aaaaaaaaaaaaaaaaaaaa' };
    const client = createLogicCampClient({ baseUrl: BASE, fetch: api.fetch, tokens });
    expect((await client.GET('/auth/me')).response.status).toBe(401);
    expect(client.tokens()).toEqual(tokens);
  });

  it('logout sends this device refresh token and forgets the pair', async () => {
    const api = fakeApi();
    const seen: (SessionTokens | null)[] = [];
    const client = createLogicCampClient({ baseUrl: BASE, fetch: api.fetch, onTokens: (tokens) => seen.push(tokens) });
    await client.login({ email: 'a@b.c', password: 'x' });
    await client.refresh();
    const result = await client.logout();
    expect(result?.response.status).toBe(204);
    expect(client.tokens()).toBeNull();
    expect(seen.at(-1)).toBeNull();
    expect(api.calls.at(-1)).toBe('POST /auth/logout');
  });
});
