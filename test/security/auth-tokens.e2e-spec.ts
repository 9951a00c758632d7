import { createHmac } from 'crypto';
import { LiveServer } from '../support/live-server';

// The built-in development secret the test server runs with (accepted because it listens on loopback).
const DEV_ACCESS_SECRET = 'development-only-access-secret-change-me-0123456789';

// A start on this shared 2-core machine can take 40 s (ts-node compiles the whole app per process).
const START_TIMEOUT_MS = 120_000;

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An HS256 token signed with the server's secret: a stand-in for a token minted by a buggy or old signer. */
function signToken(payload: Record<string, unknown>, secret = DEV_ACCESS_SECRET): string {
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

const me = (server: LiveServer, authorization: string) => server.request('GET', '/auth/me', { headers: { authorization } });

describe('Secrets and tokens over a real server (issue 12 item 8)', () => {
  let server: LiveServer;

  beforeAll(async () => {
    server = await LiveServer.start({ RATE_LIMIT_ENABLED: 'false' }, START_TIMEOUT_MS);
  }, START_TIMEOUT_MS + 10_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('a token without exp is refused; the same claims with exp are accepted', async () => {
    // Before: jsonwebtoken checks exp only when present, so a token without one never expired.
    const { access_token } = await server.login();
    const { exp, iat, ...rest } = claims(access_token);
    expect(typeof exp).toBe('number');
    expect(rest).toEqual({ sub: expect.any(String), role: 'admin', tv: expect.any(Number), sid: expect.any(String) });
    expect((await me(server, `Bearer ${signToken({ ...rest, iat, exp })}`)).status).toBe(200);
    const forever = await me(server, `Bearer ${signToken({ ...rest, iat })}`);
    expect(forever.status).toBe(401);
    expect(forever.body.message).toBe('A valid access token is required');
  });

  it('a token without a session id is refused (it could not be revoked by signing that device out)', async () => {
    const { access_token } = await server.login();
    const { sid: _sid, ...rest } = claims(access_token);
    expect((await me(server, `Bearer ${signToken(rest)}`)).status).toBe(401);
  });

  it('"Bearer <token> trailing-garbage" is refused, and so is anything but one bearer token', async () => {
    // Before: passport-jwt took the first two words and ignored the rest (200).
    const token = await server.adminToken();
    expect((await me(server, `Bearer ${token}`)).status).toBe(200);
    for (const header of [`Bearer ${token} trailing-garbage`, `Bearer ${token} ${token}`, `Bearer ${token},x`, `Basic ${token}`, `Bearer  ${token}`, token]) {
      expect({ header: header.replace(token, '<token>'), status: (await me(server, header)).status }).toEqual({ header: header.replace(token, '<token>'), status: 401 });
    }
  });

  it("signing one device out revokes that device's access token at once; other devices stay signed in", async () => {
    // Before: logout removed the refresh token only; the access token kept working for up to 15 minutes.
    const user = await server.createUser('tech');
    const laptop = await server.login(user.email, user.password);
    const phone = await server.login(user.email, user.password);
    const tablet = await server.login(user.email, user.password);
    expect((await server.request('POST', '/auth/logout', { token: laptop.access_token, body: { refresh_token: laptop.refresh_token } })).status).toBe(204);
    expect((await server.get('/auth/me', laptop.access_token)).status).toBe(401);
    expect((await server.post('/auth/refresh', { refresh_token: laptop.refresh_token })).status).toBe(401);
    expect((await server.get('/auth/me', phone.access_token)).status).toBe(200);

    // Without a body, logout ends the session of the access token used.
    expect((await server.request('POST', '/auth/logout', { token: phone.access_token, body: {} })).status).toBe(204);
    expect((await server.get('/auth/me', phone.access_token)).status).toBe(401);
    expect((await server.get('/auth/me', tablet.access_token)).status).toBe(200);

    // A refreshed access token belongs to the same session: it keeps working, and ends with it.
    const refreshed = await server.post('/auth/refresh', { refresh_token: tablet.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(claims(refreshed.body.access_token).sid).toBe(claims(tablet.access_token).sid);
    expect((await server.get('/auth/me', refreshed.body.access_token)).status).toBe(200);
    expect((await server.request('POST', '/auth/logout', { token: refreshed.body.access_token, body: {} })).status).toBe(204);
    expect((await server.get('/auth/me', tablet.access_token)).status).toBe(401);
    expect((await server.get('/auth/me', refreshed.body.access_token)).status).toBe(401);
  });

  it('every /auth response carries Cache-Control: no-store, refusals included', async () => {
    const { access_token, refresh_token } = await server.login();
    const responses = {
      'login 200': await server.post('/auth/login', { email: 'admin@logic.camp', password: 'Admin-Passw0rd!' }),
      'login 401': await server.post('/auth/login', { email: 'nobody@logic.camp', password: 'Wrong-Passw0rd!' }),
      'login 400': await server.post('/auth/login', { email: 'not-an-email' }),
      'me 200': await server.get('/auth/me', access_token),
      'me 401': await server.get('/auth/me'),
      'refresh 200': await server.post('/auth/refresh', { refresh_token }),
      'refresh 401': await server.post('/auth/refresh', { refresh_token: 'x'.repeat(40) }),
      'change-password 400': await server.post('/auth/change-password', { current_password: 'Wrong-Passw0rd!', new_password: 'short' }, access_token),
      'logout 204': await server.post('/auth/logout', {}, access_token),
    };
    const seen = Object.fromEntries(Object.entries(responses).map(([name, r]) => [name, `${r.status} ${r.headers.get('cache-control')}`]));
    expect(seen).toEqual(Object.fromEntries(Object.keys(responses).map((name) => [name, `${name.split(' ')[1]} no-store`])));
  });

  it('logs one warning at start while the built-in development secrets are in use', () => {
    const warnings = server.logs.filter((line) => line.includes('built-in development value'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/JWT_ACCESS_SECRET, SIGNED_URL_SECRET, ENCRYPTION_KEYS: accepted only because HOST=127\.0\.0\.1 is loopback/);
    expect(JSON.parse(warnings[0])).toMatchObject({ level: 40 });
  });

  it('refuses to start with the built-in development secrets when HOST is not loopback', async () => {
    // Before: it started on 0.0.0.0 with secrets anyone can read in the source, so anyone could forge tokens.
    await expect(LiveServer.start({ HOST: '0.0.0.0', RATE_LIMIT_ENABLED: 'false' }, START_TIMEOUT_MS)).rejects.toThrow(
      /API exited before listening[\s\S]*JWT_ACCESS_SECRET: must be set when HOST is not a loopback address \(HOST=0\.0\.0\.0/,
    );
  }, START_TIMEOUT_MS + 10_000);

  it('starts on a non-loopback HOST once real secrets are set (no warning then)', async () => {
    const exposed = await LiveServer.start({
      HOST: '0.0.0.0',
      RATE_LIMIT_ENABLED: 'false',
      JWT_ACCESS_SECRET: 'a-real-secret-for-this-test-only-0123456789abcdef',
      SIGNED_URL_SECRET: 'another-real-secret-for-this-test-0123456789abcdef',
      ENCRYPTION_KEYS: 'k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    }, START_TIMEOUT_MS);
    try {
      expect(exposed.logs.some((line) => line.includes('built-in development value'))).toBe(false);
      expect((await exposed.request('GET', '/health/live')).status).toBe(200);
    } finally {
      await exposed.stop();
    }
  }, START_TIMEOUT_MS + 20_000);
});
