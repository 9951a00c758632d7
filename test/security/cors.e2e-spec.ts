import { LiveServer } from '../support/live-server';

jest.setTimeout(120_000);

const SPA = 'http://spa.localhost:5173';

/** What a browser does before a cross-origin PATCH or DELETE: an OPTIONS preflight that must allow them. */
describe('CORS for a browser SPA on another origin', () => {
  let server: LiveServer;
  beforeAll(async () => {
    server = await LiveServer.start({ CORS_ORIGINS: `${SPA},https://crm.example.com`, RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const preflight = (method: string, origin = SPA) =>
    server.request('OPTIONS', '/leads/0123456789abcdef01234567', {
      headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type' },
    });

  it.each(['PATCH', 'DELETE', 'PUT', 'POST', 'GET'])('a preflight for %s from a listed origin is allowed', async (method) => {
    const response = await preflight(method);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(SPA);
    expect(response.headers.get('access-control-allow-methods')?.split(',').map((m) => m.trim())).toContain(method);
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  });

  it('an unlisted origin gets no CORS grant', async () => {
    const response = await preflight('PATCH', 'https://evil.example.net');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('responses expose the headers an SPA reads', async () => {
    const response = await server.request('GET', '/health/live', { headers: { origin: SPA } });
    const exposed = (response.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(',').map((h) => h.trim());
    for (const header of ['x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'content-disposition', 'etag']) expect(exposed).toContain(header);
  });

  it('production refuses to start with CORS_ORIGINS=*', async () => {
    await expect(
      LiveServer.start({
        NODE_ENV: 'production',
        CORS_ORIGINS: '*',
        JWT_ACCESS_SECRET: 'a-real-production-secret-of-enough-length-0123456789',
        SIGNED_URL_SECRET: 'another-real-production-secret-of-enough-length-987',
        ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      }),
    ).rejects.toThrow(/CORS_ORIGINS: must list the SPA origins in production/);
  });
});
