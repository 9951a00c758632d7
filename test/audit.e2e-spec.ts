import { Types } from 'mongoose';
import { AuditService } from '@app/audit';
import { TestApp } from './support/test-app';

type LogDoc = Record<string, any>;

describe('Audit trail (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;

  const logsOf = (entityId: string, extra: Record<string, unknown> = {}) =>
    t.connection.collection<LogDoc>('activity_logs').find({ entity_id: new Types.ObjectId(entityId), ...extra }).sort({ created_at: 1, _id: 1 }).toArray();
  const countLogs = () => t.connection.collection('activity_logs').countDocuments();
  const newUserBody = (overrides: Record<string, unknown> = {}) => ({
    first_name: 'Audrey',
    last_name: 'Trail',
    email: `audrey.${new Types.ObjectId().toHexString()}@logic.camp`,
    password: 'Str0ng-Passw0rd!',
    role: 'support',
    department: 'helpdesk',
    phone: '+14155550123',
    ...overrides,
  });

  beforeAll(async () => {
    t = await TestApp.start();
    const login = await t.login();
    admin = login.access_token;
    adminId = login.user.id;
  });
  afterAll(async () => {
    await t.stop();
  });

  describe('the interceptor records API writes', () => {
    let userId: string;
    let userEmail: string;

    it('creating a user leaves exactly one create record with the after state, stamped with the request', async () => {
      const body = newUserBody();
      userEmail = body.email;
      const created = await t.post('/users', body, admin);
      expect(created.status).toBe(201);
      userId = created.body.id;

      const logs = await logsOf(userId);
      expect(logs).toHaveLength(1);
      const [log] = logs;
      expect(log).toMatchObject({ action: 'create', entity_type: 'user', before: null, request_id: created.headers['x-request-id'] });
      expect(log.user_id.toHexString()).toBe(adminId);
      expect(log.after).toMatchObject({ _id: userId, first_name: 'Audrey', role: 'support', department: 'helpdesk', is_active: true });
      // PII is masked, not stored in clear.
      expect(log.after.email).toBe(`a***@logic.camp`);
      expect(log.after.phone).toBe('+1******0123');
      expect(log.changed_fields).toEqual(expect.arrayContaining(['email', 'first_name', 'last_name', 'role', 'department', 'phone', 'is_active']));
      expect(log.changed_fields).not.toContain('created_at');
      expect(log.ip).toEqual(expect.any(String));
      expect(log.user_agent).toEqual(expect.any(String));
    });

    it('updating the department leaves one update record whose changed_fields is [department]', async () => {
      const updated = await t.patch(`/users/${userId}`, { department: 'delivery' }, admin);
      expect(updated.status).toBe(200);
      const logs = await logsOf(userId, { action: 'update' });
      expect(logs).toHaveLength(1);
      expect(logs[0].before.department).toBe('helpdesk');
      expect(logs[0].after.department).toBe('delivery');
      expect(logs[0].changed_fields).toEqual(['department']);
    });

    it('deleting the user leaves one delete record with the soft-deleted state after', async () => {
      expect((await t.delete(`/users/${userId}`, admin)).status).toBe(204);
      const logs = await logsOf(userId, { action: 'delete' });
      expect(logs).toHaveLength(1);
      expect(logs[0].before).toMatchObject({ is_active: true, deleted_at: null });
      expect(logs[0].after).toMatchObject({ is_active: false, deleted_at: expect.any(Date), deleted_by: adminId });
      expect(logs[0].changed_fields).toEqual(expect.arrayContaining(['deleted_at', 'deleted_by', 'is_active']));
      expect(await logsOf(userId)).toHaveLength(3);
    });

    it('stores no password hash, password or full email anywhere in the trail', async () => {
      const stored = await t.connection.collection('users').findOne({ _id: new Types.ObjectId(userId) });
      expect(stored?.password_hash).toMatch(/^\$argon2id\$/);
      const everything = JSON.stringify(await t.connection.collection('activity_logs').find({}).toArray());
      expect(everything).not.toContain(stored!.password_hash);
      expect(everything).not.toContain('$argon2');
      expect(everything).not.toContain('Str0ng-Passw0rd!');
      expect(everything).not.toContain(userEmail);
      expect(everything).not.toContain('"token_hash"');
    });

    it('a request that fails (400 validation, 404 unknown id) records nothing', async () => {
      const sales = await t.createUser('sales');
      const before = await countLogs();
      expect((await t.post('/users', { ...newUserBody(), email: 'not-an-email' }, admin)).status).toBe(400);
      expect((await t.patch(`/users/${adminId}`, { role: 'boss' }, admin)).status).toBe(400);
      expect((await t.patch(`/users/${new Types.ObjectId().toHexString()}`, { department: 'x' }, admin)).status).toBe(404);
      expect((await t.delete(`/users/${new Types.ObjectId().toHexString()}`, admin)).status).toBe(404);
      expect((await t.patch('/users/not-an-id', { department: 'x' }, admin)).status).toBe(400);
      expect((await t.post('/users', newUserBody(), sales.token)).status).toBe(403);
      expect(await countLogs()).toBe(before);
    });
  });

  describe('auth events', () => {
    it('a login leaves one login record and a wrong password one login_failed record', async () => {
      const user = await t.createUser('tech');
      const logins = () => logsOf(user.id, { action: 'login' });
      const failures = () => logsOf(user.id, { action: 'login_failed' });
      expect(await logins()).toHaveLength(1); // createUser signs the user in

      await t.login(user.email, user.password);
      const afterLogin = await logins();
      expect(afterLogin).toHaveLength(2);
      expect(afterLogin[1].user_id.toHexString()).toBe(user.id);

      expect((await t.post('/auth/login', { email: user.email, password: 'Wrong-Passw0rd!' })).status).toBe(401);
      const failed = await failures();
      expect(failed).toHaveLength(1);
      expect(failed[0].metadata).toMatchObject({ reason: 'bad_password' });
      expect(await logins()).toHaveLength(2);
    });

    it('an unknown email is recorded without an actor and with the email masked', async () => {
      expect((await t.post('/auth/login', { email: 'ghost.writer@logic.camp', password: 'Whatever-123!' })).status).toBe(401);
      const [log] = await t.connection.collection<LogDoc>('activity_logs').find({ action: 'login_failed', 'metadata.reason': 'unknown_email' }).toArray();
      expect(log).toMatchObject({ user_id: null, entity_id: null, metadata: { email: 'g***@logic.camp' } });
    });

    it('logout and password changes are recorded against the user', async () => {
      const user = await t.createUser('sales');
      expect((await t.request('POST', '/auth/change-password', { token: user.token, body: { current_password: user.password, new_password: 'N3w-Str0ng-Passw0rd!' } })).status).toBe(204);
      const { access_token } = await t.login(user.email, 'N3w-Str0ng-Passw0rd!');
      expect((await t.request('POST', '/auth/logout', { token: access_token, body: {} })).status).toBe(204);
      const actions = (await logsOf(user.id)).map((log) => log.action);
      // The password write itself is recorded too (persistence-layer audit), without the hash.
      expect(actions).toEqual(['create', 'login', 'update', 'password_changed', 'login', 'logout']);
      const [passwordWrite] = await logsOf(user.id, { action: 'update' });
      expect(passwordWrite.after).not.toHaveProperty('password_hash');
      const everything = JSON.stringify(await logsOf(user.id));
      expect(everything).not.toContain('N3w-Str0ng-Passw0rd!');
    });
  });

  describe('query endpoints', () => {
    let subjectId: string;

    beforeAll(async () => {
      const created = await t.post('/users', newUserBody({ department: 'alpha' }), admin);
      subjectId = created.body.id;
      await t.patch(`/users/${subjectId}`, { department: 'beta' }, admin);
      await t.patch(`/users/${subjectId}`, { first_name: 'Audra' }, admin);
    });

    it('filters by entity, action, actor and time range', async () => {
      const all = await t.get(`/activity-logs?entity_type=user&entity_id=${subjectId}`, admin);
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(3);
      expect(all.body.data.map((log: LogDoc) => log.action)).toEqual(['update', 'update', 'create']); // newest first

      const updates = await t.get(`/activity-logs?entity_id=${subjectId}&action=update`, admin);
      expect(updates.body.data.map((log: LogDoc) => log.changed_fields)).toEqual([['first_name'], ['department']]);

      const byActor = await t.get(`/activity-logs?user_id=${adminId}&limit=100`, admin);
      expect(byActor.body.total).toBeGreaterThanOrEqual(3);
      expect(byActor.body.data.every((log: LogDoc) => log.user_id === adminId)).toBe(true);

      const future = new Date(Date.now() + 3600_000).toISOString();
      expect((await t.get(`/activity-logs?entity_id=${subjectId}&created_from=${future}`, admin)).body.total).toBe(0);
      expect((await t.get(`/activity-logs?entity_id=${subjectId}&created_to=${future}`, admin)).body.total).toBe(3);
    });

    it('serves one entity timeline oldest first, paginated, with the actor on request', async () => {
      const first = await t.get(`/activity-logs/entity/user/${subjectId}?limit=2&populate=user`, admin);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ total: 3, page: 1, limit: 2 });
      expect(first.body.data.map((log: LogDoc) => log.action)).toEqual(['create', 'update']);
      expect(first.body.data[0].user).toMatchObject({ id: adminId, role: 'admin' });
      expect(first.body.data[1]).toMatchObject({ before: { department: 'alpha' }, after: { department: 'beta' }, changed_fields: ['department'] });
      const second = await t.get(`/activity-logs/entity/user/${subjectId}?limit=2&page=2`, admin);
      expect(second.body.data.map((log: LogDoc) => log.changed_fields)).toEqual([['first_name']]);
    });

    it('is documented in the OpenAPI document', async () => {
      const docs = (await t.get('/docs-json')).body;
      expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining(['/activity-logs', '/activity-logs/entity/{entityType}/{entityId}']));
      expect(Object.keys(docs.components.schemas.ActivityLogResponse.properties)).toEqual(
        expect.arrayContaining(['id', 'user_id', 'user', 'action', 'entity_type', 'entity_id', 'before', 'after', 'changed_fields', 'ip', 'user_agent', 'request_id', 'metadata', 'created_at']),
      );
    });

    it('rejects bad filters with 400', async () => {
      expect((await t.get('/activity-logs?action=explode', admin)).status).toBe(400);
      expect((await t.get('/activity-logs?entity_id=123', admin)).status).toBe(400);
      expect((await t.get(`/activity-logs/entity/User-X/${subjectId}`, admin)).status).toBe(400);
    });

    it('is for admins and managers only', async () => {
      const manager = await t.createUser('manager');
      expect((await t.get('/activity-logs', manager.token)).status).toBe(200);
      const sales = await t.createUser('sales');
      expect((await t.get('/activity-logs', sales.token)).status).toBe(403);
      expect((await t.get(`/activity-logs/entity/user/${subjectId}`, sales.token)).status).toBe(403);
    });
  });

  describe('database round trips', () => {
    // Pinned per endpoint: a per-row lookup (N+1), e.g. one actor read per record, would show as a repeated command.
    let subjectId: string;
    beforeAll(async () => {
      const [second, third] = [await t.createUser('admin'), await t.createUser('admin')];
      subjectId = (await t.post('/users', newUserBody(), admin)).body.id;
      for (const [i, actor] of [second, third, second, third].entries()) await t.patch(`/users/${subjectId}`, { department: `team-${i}` }, actor.token);
      const timeline = await t.get(`/activity-logs/entity/user/${subjectId}?populate=user`, admin);
      expect(timeline.body.total).toBe(5);
      expect(new Set(timeline.body.data.map((log: LogDoc) => log.user.id)).size).toBe(3);
    });

    it.each([
      ['GET /activity-logs', () => '/activity-logs?limit=100', ['find activity_logs', 'aggregate activity_logs']],
      ['GET /activity-logs?populate=user', () => '/activity-logs?limit=100&populate=user', ['find activity_logs', 'aggregate activity_logs', 'find users']],
      ['GET /activity-logs filtered', () => `/activity-logs?entity_type=user&entity_id=${subjectId}&action=update&populate=user`, ['find activity_logs', 'aggregate activity_logs', 'find users']],
      ['GET /activity-logs/entity/:type/:id', () => `/activity-logs/entity/user/${subjectId}`, ['find activity_logs', 'aggregate activity_logs']],
      ['GET /activity-logs/entity/:type/:id?populate=user', () => `/activity-logs/entity/user/${subjectId}?populate=user&limit=100`, ['find activity_logs', 'aggregate activity_logs', 'find users']],
    ])('%s', async (_name, url, expected) => {
      // Plus the signed-in user's own lookup.
      const { response, commands } = await t.withCommands(() => t.get(url(), admin));
      expect(response.status).toBe(200);
      expect(response.body.data.length).toBeGreaterThan(2);
      expect(commands).toEqual([...expected, 'find users'].sort());
    });
  });

  describe('retention', () => {
    it('declares the TTL index from AUDIT_RETENTION_DAYS and the query indexes', async () => {
      const indexes = await t.connection.collection('activity_logs').indexes();
      const keys = indexes.map((index) => JSON.stringify(index.key));
      expect(keys).toEqual(expect.arrayContaining([
        JSON.stringify({ created_at: 1 }),
        JSON.stringify({ entity_type: 1, entity_id: 1, created_at: 1 }),
        JSON.stringify({ user_id: 1, created_at: 1 }),
        JSON.stringify({ action: 1, created_at: 1 }),
      ]));
      const ttl = indexes.find((index) => JSON.stringify(index.key) === JSON.stringify({ created_at: 1 }));
      expect(ttl?.expireAfterSeconds).toBe(365 * 24 * 3600);
    });

    it('purgeExpired deletes only records older than the retention period', async () => {
      const logs = t.connection.collection('activity_logs');
      const now = new Date();
      const old = await logs.insertOne({ action: 'system', entity_type: 'job', created_at: new Date(now.getTime() - 366 * 24 * 3600 * 1000) });
      const recent = await logs.insertOne({ action: 'system', entity_type: 'job', created_at: new Date(now.getTime() - 364 * 24 * 3600 * 1000) });
      const total = await countLogs();
      expect(await t.app.get(AuditService).purgeExpired(now)).toBe(1);
      expect(await logs.findOne({ _id: old.insertedId })).toBeNull();
      expect(await logs.findOne({ _id: recent.insertedId })).not.toBeNull();
      expect(await countLogs()).toBe(total - 1);
    });
  });
});
