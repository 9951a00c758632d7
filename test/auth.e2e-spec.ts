import { ADMIN, TestApp } from './support/test-app';
import { concretePath, discoverRoutes } from './support/routes';

// One answer for every refused sign-in (wrong password, unknown, deactivated or locked out), naming the limit.
const INVALID_CREDENTIALS = 'Invalid email or password (after 5 failed attempts, sign-in from this client pauses for 15 minutes)';

describe('Auth, users and HTTP conventions (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.stop();
  });

  describe('sign-in', () => {
    it('logs in and /auth/me returns the signed-in user without secrets', async () => {
      const login = await t.post('/auth/login', { email: ADMIN.email, password: ADMIN.password });
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, user: { email: ADMIN.email, role: 'admin' } });
      const me = await t.get('/auth/me', login.body.access_token);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ email: ADMIN.email, role: 'admin', is_active: true });
      expect(me.body).not.toHaveProperty('password_hash');
      expect(me.body).not.toHaveProperty('sessions');
      expect(me.headers['x-request-id']).toEqual(expect.any(String));
    });

    it('accepts the email in any case', async () => {
      expect((await t.post('/auth/login', { email: ADMIN.email.toUpperCase(), password: ADMIN.password })).status).toBe(200);
    });

    it('rejects a wrong password with 401 and the error shape', async () => {
      const response = await t.post('/auth/login', { email: ADMIN.email, password: 'nope-nope-nope' });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: INVALID_CREDENTIALS,
        details: [],
        requestId: expect.any(String),
      });
    });

    it('rejects an unknown email exactly like a wrong password', async () => {
      const response = await t.post('/auth/login', { email: 'nobody@logic.camp', password: 'whatever-123' });
      expect(response.status).toBe(401);
      expect(response.body.message).toBe(INVALID_CREDENTIALS);
    });

    // Was a 423 "Account locked after 5 failed logins; try again after …": that told a guesser the email exists.
    it('locks this client out on the 6th attempt after 5 failed logins, even with the right password, with the same answer', async () => {
      const user = await t.createUser('sales');
      for (let attempt = 1; attempt <= 5; attempt++) {
        const response = await t.post('/auth/login', { email: user.email, password: 'Wrong-Passw0rd!' });
        expect({ status: response.status, message: response.body.message }).toEqual({ status: 401, message: INVALID_CREDENTIALS });
      }
      const sixth = await t.post('/auth/login', { email: user.email, password: user.password });
      expect({ status: sixth.status, message: sixth.body.message }).toEqual({ status: 401, message: INVALID_CREDENTIALS });
    });
  });

  describe('refresh tokens', () => {
    it('rotates on every refresh and ends the session when a spent token is reused', async () => {
      const { refresh_token: first } = await t.login();
      const rotated = await t.post('/auth/refresh', { refresh_token: first });
      expect(rotated.status).toBe(200);
      const second = rotated.body.refresh_token;
      expect(second).not.toBe(first);

      const reuse = await t.post('/auth/refresh', { refresh_token: first });
      expect(reuse.status).toBe(401);
      expect(reuse.body.message).toMatch(/already used/);

      // The whole family is gone: the legitimately rotated token no longer works either.
      expect((await t.post('/auth/refresh', { refresh_token: second })).status).toBe(401);
    });

    it('logout ends the session of that refresh token', async () => {
      const { access_token, refresh_token } = await t.login();
      expect((await t.request('POST', '/auth/logout', { token: access_token, body: { refresh_token } })).status).toBe(204);
      expect((await t.post('/auth/refresh', { refresh_token })).status).toBe(401);
    });

    it('logout from all devices revokes access tokens at once', async () => {
      const user = await t.createUser('tech');
      expect((await t.get('/auth/me', user.token)).status).toBe(200);
      expect((await t.request('POST', '/auth/logout', { token: user.token, body: { all_devices: true } })).status).toBe(204);
      expect((await t.get('/auth/me', user.token)).status).toBe(401);
    });
  });

  describe('user management', () => {
    it('admin creates, lists, updates and deactivates users; deactivation revokes tokens', async () => {
      const admin = await t.adminToken();
      const tech = await t.createUser('tech', { department: 'delivery' });
      const list = await t.get('/users?role=tech&department=delivery', admin);
      expect(list.status).toBe(200);
      expect(list.body.data.map((u: { id: string }) => u.id)).toContain(tech.id);

      const updated = await t.patch(`/users/${tech.id}`, { department: 'support-desk' }, admin);
      expect(updated.status).toBe(200);
      expect(updated.body.department).toBe('support-desk');

      expect((await t.get('/auth/me', tech.token)).status).toBe(200);
      expect((await t.patch(`/users/${tech.id}`, { is_active: false }, admin)).status).toBe(200);
      expect((await t.get('/auth/me', tech.token)).status).toBe(401);
      expect((await t.post('/auth/login', { email: tech.email, password: tech.password })).status).toBe(401);
    });

    it('a sales user gets 403 on user management', async () => {
      const sales = await t.createUser('sales');
      expect((await t.get('/users', sales.token)).status).toBe(403);
      expect((await t.post('/users', { first_name: 'x' }, sales.token)).status).toBe(403);
    });

    it('an invalid body gets 400 with field details', async () => {
      const response = await t.post('/users', { first_name: '', email: 'not-an-email', password: 'short', role: 'boss', phone: '12' }, await t.adminToken());
      expect(response.status).toBe(400);
      const fields = response.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['first_name', 'last_name', 'email', 'password', 'role', 'phone']));
      expect(response.body.details.find((d: { field: string }) => d.field === 'password').message).toMatch(/at least 12 characters/);
    });

    it('a duplicate email gets 409 naming the field', async () => {
      const admin = await t.adminToken();
      const body = { first_name: 'Dup', last_name: 'User', email: 'dup@logic.camp', password: 'Str0ng-Passw0rd!', role: 'support' };
      expect((await t.post('/users', body, admin)).status).toBe(201);
      const again = await t.post('/users', { ...body, email: 'DUP@logic.camp' }, admin);
      expect(again.status).toBe(409);
      expect(again.body.details).toEqual([{ field: 'email', message: 'already exists' }]);
    });

    it('unknown properties are rejected, not silently dropped', async () => {
      const response = await t.post('/users', { first_name: 'A', last_name: 'B', email: 'x@logic.camp', password: 'Str0ng-Passw0rd!', role: 'tech', is_admin: true }, await t.adminToken());
      expect(response.status).toBe(400);
      expect(response.body.details).toContainEqual({ field: 'is_admin', message: 'property is_admin should not exist' });
    });
  });

  describe('HTTP conventions', () => {
    it('rejects MongoDB operators in a body with 400', async () => {
      const response = await t.post('/auth/login', { email: { $gt: '' }, password: 'x' });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([{ field: 'email.$gt', message: 'keys may not start with $ or contain a dot' }]);
    });

    it('rejects MongoDB operators in a query string with 400', async () => {
      const response = await t.get('/users?role[$ne]=admin', await t.adminToken());
      expect(response.status).toBe(400);
    });

    it('rejects an invalid ObjectId with 400', async () => {
      const response = await t.get('/users/not-an-id', await t.adminToken());
      expect(response.status).toBe(400);
      expect(response.body.details[0].field).toBe('id');
    });

    it('answers 404 in the error shape for an unknown route and an unknown id', async () => {
      const route = await t.get('/no/such/route', await t.adminToken());
      expect(route.status).toBe(404);
      expect(route.body).toMatchObject({ statusCode: 404, error: 'Not Found', requestId: expect.any(String) });
      expect((await t.get('/users/0123456789abcdef01234567', await t.adminToken())).status).toBe(404);
    });

    it('answers 413 for a body over the limit and 400 for malformed JSON', async () => {
      const big = await t.request('POST', '/auth/login', { payload: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024) }), headers: { 'content-type': 'application/json' } });
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ statusCode: 413, requestId: expect.any(String) });
      const broken = await t.request('POST', '/auth/login', { payload: '{"email":', headers: { 'content-type': 'application/json' } });
      expect(broken.status).toBe(400);
      expect(broken.body.statusCode).toBe(400);
    });

    it('echoes a caller-supplied request id and sets security headers', async () => {
      const response = await t.request('GET', '/health/live', { headers: { 'x-request-id': 'trace-abc-123' } });
      expect(response.headers['x-request-id']).toBe('trace-abc-123');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['strict-transport-security']).toBeDefined();
    });

    it('serves health and the OpenAPI document', async () => {
      expect((await t.get('/health/ready')).status).toBe(200);
      const docs = await t.get('/docs-json');
      expect(docs.status).toBe(200);
      expect(docs.body.components.securitySchemes.bearer).toBeDefined();
      expect(docs.body.components.schemas.CreateUserDto.required).toEqual(expect.arrayContaining(['email', 'password', 'role']));
    });

    it('Swagger UI keeps the signed-in token across reloads and offers a filter box', async () => {
      const init = await t.get('/docs/swagger-ui-init.js');
      expect(init.status).toBe(200);
      expect(init.raw).toMatch(/"persistAuthorization":\s*true/);
      expect(init.raw).toMatch(/"filter":\s*true/);
    });
  });

  describe('metrics', () => {
    it('serves Prometheus metrics to admins only, with route latency and database timings', async () => {
      await t.get('/health/ready');
      const admin = await t.adminToken();
      await t.get('/users', admin);
      const scrape = await t.request('GET', '/metrics', { token: admin });
      expect(scrape.status).toBe(200);
      expect(scrape.headers['content-type']).toMatch(/^text\/plain/);
      expect(scrape.raw).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/users",status="200"\} \d+/);
      expect(scrape.raw).toMatch(/db_command_duration_seconds_count\{command="find",collection="users",ok="true"\} \d+/);
      expect(scrape.raw).toMatch(/db_storage_bytes\{kind="data"\} \d+/);
      const sales = await t.createUser('sales');
      expect((await t.get('/metrics', sales.token)).status).toBe(403);
    });
  });

  describe('deny by default', () => {
    it('every route is either @Public or declares roles', () => {
      const undeclared = discoverRoutes(t.app).filter((r) => !r.isPublic && (!r.roles || r.roles.length === 0));
      expect(undeclared).toEqual([]);
    });

    it('anonymous callers get 401 on every non-public route', async () => {
      const routes = discoverRoutes(t.app).filter((r) => !r.isPublic);
      expect(routes.length).toBeGreaterThan(5);
      for (const route of routes) {
        const response = await t.request(route.method as 'GET', concretePath(route.path), { body: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
        expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
      }
    });
  });

  describe('database round trips', () => {
    // Pinned per endpoint: a per-row lookup (N+1) would show up as a repeated command.
    let admin: string;
    let userId: string;
    beforeAll(async () => {
      admin = await t.adminToken();
      for (const role of ['tech', 'sales', 'support', 'manager']) userId = (await t.createUser(role, { department: 'pins' })).id;
    });

    it.each([
      // The signed-in user's own lookup is the first `find users`.
      ['GET /users', () => '/users?limit=100', ['find users', 'find users', 'aggregate users']],
      ['GET /users (filtered, searched, sorted)', () => '/users?department=pins&is_active=true&search=Tester&sort=email', ['find users', 'find users', 'aggregate users']],
      ['GET /users/:id', () => `/users/${userId}`, ['find users', 'find users']],
      // The profile is the document the token check already read: no second lookup.
      ['GET /auth/me', () => '/auth/me', ['find users']],
    ])('%s', async (_name, url, expected) => {
      const { response, commands } = await t.withCommands(() => t.get(url(), admin));
      expect(response.status).toBe(200);
      expect(commands).toEqual([...expected].sort());
    });

    it('GET /users serves several rows with those commands', async () => {
      const page = await t.get('/users?department=pins', admin);
      expect(page.body.total).toBe(4);
    });
  });

  describe('secrets never leave the server', () => {
    it('no password hash or token value appears in any response body or log line', async () => {
      const { access_token, refresh_token } = await t.login();
      await t.get('/auth/me', access_token);
      await t.get('/users', access_token);
      const hashes = (await t.connection.collection('users').find({}, { projection: { password_hash: 1, sessions: 1 } }).toArray()).flatMap((u) => [
        u.password_hash as string,
        ...((u.sessions ?? []) as { token_hash: string }[]).map((s) => s.token_hash),
      ]);
      expect(hashes.length).toBeGreaterThan(3);
      const logs = t.logs.join('\n');
      expect(logs).toContain('"statusCode"'); // the log stream really captured request logs
      const responses = t.responses.join('\n');
      for (const secret of [...hashes, ADMIN.password]) {
        expect(logs).not.toContain(secret);
        expect(responses).not.toContain(secret);
      }
      // Tokens are handed to their owner in the login response, and nowhere else: never logged.
      for (const token of [access_token, refresh_token, refresh_token.split('.')[2]]) expect(logs).not.toContain(token);
    });
  });
});
