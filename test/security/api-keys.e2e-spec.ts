import { LiveServer } from '../support/live-server';

const START_TIMEOUT_MS = 120_000;

/** Issue 19 item 3: scoped API keys over a real server — shown once, hashed, enforced by the roles guard, revoked at once. */
describe('API keys over a real server (issue 19 item 3)', () => {
  let server: LiveServer;
  let admin: string;
  const issuedKeys: string[] = [];

  async function createKey(body: Record<string, unknown>, token = admin): Promise<{ id: string; key: string; prefix: string }> {
    const created = await server.request('POST', '/api-keys', { token, body });
    expect(created.status).toBe(201);
    issuedKeys.push(created.body.key);
    return created.body;
  }

  beforeAll(async () => {
    server = await LiveServer.start({ RATE_LIMIT_ENABLED: 'false' }, START_TIMEOUT_MS);
    admin = await server.adminToken();
  }, START_TIMEOUT_MS + 10_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('creation returns the key once; the list and the database hold only its prefix and hash', async () => {
    const created = await createKey({ name: 'billing export', scopes: ['crm:read'] });
    expect(created.key).toMatch(/^lc_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const list = await server.request('GET', '/api-keys', { token: admin });
    expect(list.status).toBe(200);
    expect(list.raw).not.toContain(created.key);
    expect(list.body.data.find((k: { id: string }) => k.id === created.id)).toEqual(
      expect.objectContaining({ name: 'billing export', prefix: created.prefix, scopes: ['crm:read'], revoked_at: null, expires_at: null }),
    );
    expect((await server.request('GET', `/api-keys/${created.id}`, { token: admin })).raw).not.toContain(created.key);
    const stored = JSON.stringify(await (await server.db()).collection('api_keys').find().toArray());
    expect(stored).not.toContain(created.key);
    expect(stored).toContain(created.prefix);
  });

  it('a crm:read key reads customers but cannot write them, nor reach projects, users or its own keys', async () => {
    const { key } = await createKey({ name: 'crm reader', scopes: ['crm:read'] });
    expect((await server.request('GET', '/customers', { token: key })).status).toBe(200);
    expect((await server.request('GET', '/leads', { token: key })).status).toBe(200);
    const write = await server.request('POST', '/customers', { token: key, body: { name: 'Nope Ltd' } });
    expect(write.status).toBe(403);
    expect(write.body.message).toBe('This API key lacks the scope crm:write');
    expect((await server.request('GET', '/projects', { token: key })).status).toBe(403);
    const users = await server.request('GET', '/users', { token: key });
    expect(users.status).toBe(403);
    expect(users.body.message).toBe('This route cannot be called with an API key; sign in as a user');
    expect((await server.request('GET', '/api-keys', { token: key })).status).toBe(403);
    expect((await server.request('GET', '/auth/me', { token: key })).status).toBe(403);
  });

  it('a crm:write key writes, and the audit record names the admin who created the key, never the key', async () => {
    const { key } = await createKey({ name: 'crm writer', scopes: ['crm:*'] });
    const created = await server.request('POST', '/customers', { token: key, body: { name: 'Keyed Customer Ltd' } });
    expect(created.status).toBe(201);
    const adminId = (await server.request('GET', '/auth/me', { token: admin })).body.id;
    const records = await (await server.db()).collection('activity_logs').find({ entity_type: 'customer' }).toArray();
    expect(records.map((r) => String(r.user_id))).toContain(adminId);
    expect(JSON.stringify(records)).not.toContain(key);
  });

  it('a card reveal is never callable with a key, whatever its scopes', async () => {
    const { key } = await createKey({ name: 'crm all', scopes: ['crm:*'] });
    const reveal = await server.request('POST', '/charge-details/000000000000000000000000/reveal', { token: key, body: {} });
    expect(reveal.status).toBe(403);
  });

  it('revocation takes effect on the very next request', async () => {
    const { id, key } = await createKey({ name: 'to revoke', scopes: ['crm:read'] });
    expect((await server.request('GET', '/customers', { token: key })).status).toBe(200);
    const revoked = await server.request('DELETE', `/api-keys/${id}`, { token: admin });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).toEqual(expect.any(String));
    const after = await server.request('GET', '/customers', { token: key });
    expect(after.status).toBe(401);
    expect(after.body.message).toBe('The API key is invalid, expired or revoked');
    expect((await server.request('DELETE', `/api-keys/${id}`, { token: admin })).status).toBe(409);
  });

  it('an expired key is refused; an expiry in the past is a 400; unknown scopes are a 400 naming the allowed ones', async () => {
    const { key } = await createKey({ name: 'short-lived', scopes: ['crm:read'], expires_at: new Date(Date.now() + 1500).toISOString() });
    expect((await server.request('GET', '/customers', { token: key })).status).toBe(200);
    const deadline = Date.now() + 10_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) status = (await server.request('GET', '/customers', { token: key })).status;
    expect(status).toBe(401);
    const past = await server.request('POST', '/api-keys', { token: admin, body: { name: 'past', scopes: ['crm:read'], expires_at: '2001-01-01T00:00:00Z' } });
    expect(past.status).toBe(400);
    expect(past.body.details).toEqual([{ field: 'expires_at', message: 'must be in the future' }]);
    const bad = await server.request('POST', '/api-keys', { token: admin, body: { name: 'bad', scopes: ['crm:admin'] } });
    expect(bad.status).toBe(400);
    expect(bad.raw).toContain('crm:read');
  });

  it('an unknown or malformed key is a 401; a manager cannot create keys', async () => {
    expect((await server.request('GET', '/customers', { token: `lc_${'A'.repeat(43)}` })).status).toBe(401);
    expect((await server.request('GET', '/customers', { token: 'lc_short' })).status).toBe(401);
    const manager = await server.createUser('manager');
    expect((await server.request('POST', '/api-keys', { token: manager.token, body: { name: 'x', scopes: ['crm:read'] } })).status).toBe(403);
  });

  it('last_used_at is stamped on use, and rewritten at most once a minute', async () => {
    const { id, key } = await createKey({ name: 'usage', scopes: ['crm:read'] });
    expect((await server.request('GET', `/api-keys/${id}`, { token: admin })).body.last_used_at).toBeNull();
    await server.request('GET', '/customers', { token: key });
    const first = (await server.request('GET', `/api-keys/${id}`, { token: admin })).body.last_used_at;
    expect(first).toEqual(expect.any(String));
    await Promise.all(Array.from({ length: 5 }, () => server.request('GET', '/customers', { token: key })));
    expect((await server.request('GET', `/api-keys/${id}`, { token: admin })).body.last_used_at).toBe(first);
  });

  it('Prometheus scrapes /metrics with a metrics:read key, and that key reaches nothing else', async () => {
    const { key } = await createKey({ name: 'prometheus', scopes: ['metrics:read'] });
    const scrape = await server.request('GET', '/metrics', { token: key });
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toContain('text/plain');
    expect(scrape.raw).toContain('# TYPE');
    expect((await server.request('GET', '/customers', { token: key })).status).toBe(403);
    const crmKey = await createKey({ name: 'no metrics', scopes: ['crm:read'] });
    expect((await server.request('GET', '/metrics', { token: crmKey.key })).status).toBe(403);
  });

  it("deactivating the admin who created a key revokes the admin's keys", async () => {
    const other = await server.createUser('admin');
    const { key } = await createKey({ name: 'owned by other admin', scopes: ['crm:read'] }, other.token);
    expect((await server.request('GET', '/customers', { token: key })).status).toBe(200);
    expect((await server.request('PATCH', `/users/${other.id}`, { token: admin, body: { is_active: false } })).status).toBe(200);
    expect((await server.request('GET', '/customers', { token: key })).status).toBe(401);
  });

  it('no log line carries a key', () => {
    expect(issuedKeys.length).toBeGreaterThan(5);
    expect(server.logs.filter((line) => issuedKeys.some((key) => line.includes(key)))).toEqual([]);
  });

  it('Swagger documents the API-key scheme (same bearer header) on the routes keys may call, and every new route has a summary', async () => {
    const doc = (await server.request('GET', '/docs-json')).body;
    expect(doc.components.securitySchemes.api_key).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/customers'].get.security).toEqual(expect.arrayContaining([{ api_key: [] }]));
    expect(doc.paths['/metrics'].get.security).toEqual(expect.arrayContaining([{ api_key: [] }]));
    expect(JSON.stringify(doc.paths['/users'].get.security ?? [])).not.toContain('api_key');
    const routes = [
      ['/api-keys', 'post'], ['/api-keys', 'get'], ['/api-keys/{id}', 'get'], ['/api-keys/{id}', 'delete'],
      ['/auth/2fa/enroll', 'post'], ['/auth/2fa/confirm', 'post'], ['/auth/2fa/disable', 'post'], ['/auth/2fa/verify', 'post'], ['/auth/step-up', 'post'],
    ];
    expect(routes.filter(([path, method]) => !doc.paths[path]?.[method]?.summary)).toEqual([]);
  });
});

