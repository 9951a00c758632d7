import { randomBytes } from 'crypto';
import { rmSync } from 'fs';
import { resolve } from 'path';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { Schema, Types } from 'mongoose';
import { openApiAjv, toJsonSchema } from './support/openapi-schema';
import { ApiResponse, TestApp } from './support/test-app';

type User = Awaited<ReturnType<TestApp['createUser']>>;
type Json = Record<string, any>;

/** The tags of the delivery and collaboration domains (projects, tasks, files, messaging). */
const TAGS = new Set(['projects', 'project services', 'reports', 'goals', 'tasks', 'time tracking', 'files', 'messages']);
const OWN_REPORTS = ['/reports/service-usage', '/reports/project-financials', '/reports/time-tracked'];

/** Validates responses against the schema /docs-json documents for their route and status. */
class Contract {
  private readonly ajv: Ajv;
  private readonly operations: { method: string; path: string; pattern: RegExp; op: Json }[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();
  readonly checked: string[] = [];

  constructor(readonly docs: Json) {
    this.ajv = openApiAjv(docs);
    for (const [path, methods] of Object.entries(docs.paths as Json)) {
      for (const [method, op] of Object.entries(methods as Json)) {
        const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
        this.operations.push({ method: method.toUpperCase(), path, pattern, op });
      }
    }
  }

  /** Own operations: the routes of the four domains. */
  own(): { method: string; path: string; op: Json }[] {
    return this.operations.filter(({ path, op }) => (op.tags ?? []).some((tag: string) => TAGS.has(tag)) && (!path.startsWith('/reports') || OWN_REPORTS.some((r) => path.startsWith(r))));
  }

  /** Fails on a 5xx, an undocumented 2xx, or a 2xx JSON body that breaks the documented schema. */
  assert(method: string, url: string, response: ApiResponse): void {
    const path = url.split('?')[0];
    const context = `${method} ${url} → ${response.status} ${response.raw.slice(0, 300)}`;
    if (response.status >= 500) throw new Error(`server error: ${context}`);
    if (response.status >= 300) return;
    // `/tasks/timer` also matches `/tasks/{id}`: the route with the fewest parameters wins, as in the router.
    const operation = this.operations
      .filter((o) => o.method === method && o.pattern.test(path))
      .sort((a, b) => a.path.split('{').length - b.path.split('{').length)[0];
    if (!operation) throw new Error(`undocumented route: ${context}`);
    const documented = operation.op.responses?.[String(response.status)];
    if (!documented) throw new Error(`undocumented status: ${context}`);
    const json = documented.content?.['application/json'];
    if (!json) return;
    const key = `${operation.method} ${operation.path} ${response.status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(json.schema) as Json);
      this.compiled.set(key, validate);
    }
    if (!validate(response.body)) throw new Error(`schema violation: ${context}\n${this.ajv.errorsText(validate.errors, { separator: '\n' })}`);
    this.checked.push(key);
  }
}

describe('Delivery and collaboration API contract (e2e)', () => {
  let t: TestApp;
  let contract: Contract;
  let admin: string;
  let manager: User;
  let tech: User;
  let support: User;
  const ids: Record<string, string> = {};

  /** One request, checked against the contract. */
  async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token: string, body?: unknown): Promise<ApiResponse> {
    const response = await t.request(method, url, { token, body });
    contract.assert(method, url, response);
    return response;
  }

  async function multipart(url: string, token: string, content: Buffer, filename: string): Promise<ApiResponse> {
    const boundary = `----c${randomBytes(6).toString('hex')}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await t.request('POST', url, { token, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    contract.assert('POST', url, response);
    return response;
  }

  beforeAll(async () => {
    t = await TestApp.start();
    contract = new Contract((await t.get('/docs-json')).body);
    admin = await t.adminToken();
    [manager, tech, support] = [await t.createUser('manager'), await t.createUser('tech'), await t.createUser('support')];
    if (!t.connection.modelNames().includes('Customer')) t.connection.model('Customer', new Schema({}, { strict: false, collection: 'customers' }));
    // A customer without email or company name: the populated summary must still match the schema.
    ids.customer = (await t.connection.collection('customers').insertOne({ name: 'Bare', email: null, company_name: null, status: 'prospect', deleted_at: null })).insertedId.toHexString();

    const project = await call('POST', '/projects', admin, {
      name: 'Contract',
      customer_id: ids.customer,
      user_id: manager.id,
      team_member_ids: [tech.id, support.id],
      billing_type: 'recurring',
      recurring_plan: { interval: 'monthly', amount: 10, next_billing_date: new Date(Date.now() + 86400000).toISOString() },
    });
    ids.project = project.body.id;
    ids.service = (await call('POST', `/projects/${ids.project}/services`, admin, { name: 'Hosting', category: 'hosting', price: 9.99 })).body.id;
    ids.goal = (await call('POST', `/projects/${ids.project}/goals`, admin, { title: 'Launch', support_employee_id: support.id })).body.id;
    ids.task = (await call('POST', `/projects/${ids.project}/tasks`, admin, { title: 'Build', goal_id: ids.goal, tech_employee_id: tech.id })).body.id;
    ids.file = (await multipart(`/projects/${ids.project}/files`, tech.token, Buffer.from('contract bytes'), 'c.txt')).body.id;
    ids.message = (await call('POST', `/projects/${ids.project}/messages`, tech.token, { content: `hello @${manager.email}` })).body.id;
    ids.reply = (await call('POST', `/projects/${ids.project}/messages`, support.token, { content: 'reply', reply_to_id: ids.message })).body.id;
    ids.general = (await call('POST', '/channels/general/messages', support.token, { content: 'general' })).body.id;
    ids.attachment = (await multipart(`/messages/${ids.message}/attachments`, tech.token, Buffer.from('attached'), 'a.txt')).body.id;
  });
  afterAll(async () => {
    await t.stop();
    rmSync(resolve(process.env.FILE_STORAGE_ROOT as string), { recursive: true, force: true });
  });

  it('every 2xx response of the four domains matches the schema /docs-json documents', async () => {
    const ok = async (pending: Promise<ApiResponse>) => {
      const response = await pending;
      if (response.status >= 300) throw new Error(`expected success, got ${response.status} ${response.raw.slice(0, 300)}`);
      return response;
    };
    const get = (url: string, token = admin) => ok(call('GET', url, token));
    for (const token of [admin, tech.token]) {
      await get('/projects?populate=customer,manager,team', token);
      await get(`/projects/${ids.project}`, token);
      await get(`/projects/${ids.project}?populate=customer,manager,team`, token);
      await get(`/projects/${ids.project}/services`, token);
      await get(`/projects/${ids.project}/services/${ids.service}`, token);
      await get(`/projects/${ids.project}/goals?populate=support_employee,project`, token);
      await get('/goals?populate=support_employee,project', token);
      await get(`/goals/${ids.goal}`, token);
      await get(`/projects/${ids.project}/tasks?populate=project,goal,tech_employee`, token);
      await get('/tasks?populate=project,goal,tech_employee', token);
      await get('/tasks/mine', token);
      await get(`/tasks/${ids.task}`, token);
      await get('/tasks/timer', token);
      await get('/reports/time-tracked', token);
      await get(`/projects/${ids.project}/files?populate=uploader`, token);
      await get(`/files/${ids.file}`, token);
      await get(`/projects/${ids.project}/messages?populate=sender`, token);
      await get(`/projects/${ids.project}/messages/pinned`, token);
      await get('/channels/general/messages?populate=sender', token);
      await get('/channels/general/messages/pinned', token);
      await get(`/messages/${ids.message}`, token);
      await get(`/messages/${ids.reply}/thread?populate=sender`, token);
      await get(`/messages/${ids.message}/attachments`, token);
    }
    await get('/reports/service-usage');
    await get('/reports/project-financials');
    await get(`/reports/project-financials/${ids.project}`);

    // Writes and their responses, including the ones holding nulls.
    await ok(call('PATCH', `/projects/${ids.project}`, admin, { description: null, start_date: null, end_date: null, status: 'active' }));
    await ok(call('POST', `/projects/${ids.project}/team`, admin, { user_id: manager.id }));
    await ok(call('DELETE', `/projects/${ids.project}/team/${manager.id}`, admin));
    await ok(call('PATCH', `/projects/${ids.project}/services/${ids.service}`, admin, { description: null, status: 'paused' }));
    await ok(call('PATCH', `/goals/${ids.goal}`, admin, { description: null, due_date: null, support_employee_id: null }));
    await ok(call('PATCH', `/tasks/${ids.task}`, admin, { description: null, due_date: null, estimate_minutes: null, status: 'in_progress' }));
    await ok(call('POST', `/tasks/${ids.task}/timer/start`, tech.token, {}));
    await ok(get('/tasks/timer', tech.token));
    await ok(call('POST', `/tasks/${ids.task}/timer/stop`, tech.token, {}));
    await ok(call('POST', `/tasks/${ids.task}/time-entries`, tech.token, { started_at: '2025-01-01T10:00:00Z', ended_at: '2025-01-01T11:00:00Z' }));
    await ok(get(`/reports/time-tracked?from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z&group=project`));
    await ok(call('PATCH', `/messages/${ids.message}`, tech.token, { content: 'edited' }));
    await ok(call('POST', `/messages/${ids.message}/pin`, manager.token, {}));
    await ok(call('DELETE', `/messages/${ids.message}/pin`, manager.token));
    await ok(call('DELETE', `/messages/${ids.message}`, tech.token));
    await ok(get(`/messages/${ids.message}`));
    await ok(get(`/messages/${ids.reply}/thread`));
    await ok(get(`/projects/${ids.project}/messages`));

    const expected = contract.own().filter((o) => o.method === 'GET' && o.op.responses['200']?.content?.['application/json']).map((o) => `GET ${o.path} 200`);
    expect(expected.filter((key) => !contract.checked.includes(key))).toEqual([]);
  });

  it('documents downloads as bytes on 200 only (errors are JSON) and the report group as an enum', async () => {
    const paths = contract.docs.paths;
    for (const path of ['/files/{id}/download', '/attachments/{id}/download']) {
      const responses = paths[path].get.responses;
      // Unknown types are served as octet-stream, detected ones as themselves (*/*).
      expect(Object.keys(responses['200'].content)).toEqual(['application/octet-stream', '*/*']);
      for (const status of Object.keys(responses).filter((code) => code !== '200')) expect(Object.keys(responses[status].content)).toEqual(['application/json']);
    }
    expect(paths['/attachments/{id}/download'].get.responses['403']).toBeDefined();
    expect(contract.docs.components.schemas.TimeReportResponse.properties.group).toMatchObject({ enum: ['user', 'project'] });
    expect(contract.docs.components.schemas.ProjectCustomerSummaryResponse.properties.email).toMatchObject({ type: ['string', 'null'] });
  });

  it('a malformed id in any path parameter is a 400 naming the parameter', async () => {
    const failures: string[] = [];
    for (const { method, path } of contract.own()) {
      if (!path.includes('{')) continue;
      const url = path.replace(/\{[^}]+\}/g, 'not-an-id');
      const response = await t.request(method as 'GET', url, { token: admin, ...(method === 'POST' || method === 'PATCH' ? { body: {} } : {}) });
      if (response.status !== 400 || !/must be a 24-character hex ObjectId/.test(response.raw)) failures.push(`${method} ${url} → ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('unknown, non-numeric, huge and negative query parameters are 400s on every list and report', async () => {
    const failures: string[] = [];
    const owner: Record<string, string> = { projects: ids.project, goals: ids.goal, tasks: ids.task, files: ids.file, messages: ids.message, attachments: ids.attachment };
    const concrete = (path: string) => path.replace('{projectId}', ids.project).replace('{id}', owner[path.split('/')[1]] ?? ids.project);
    const lists = contract.own().filter((o) => o.method === 'GET' && (o.op.parameters ?? []).some((p: Json) => p.in === 'query'));
    for (const { path, op } of lists) {
      const query = (op.parameters as Json[]).filter((p) => p.in === 'query');
      const odd = ['zzz=1', 'limit=abc', 'limit=1e309', 'page=-1', 'page=99999999999999999999', 'limit=1.5', 'limit=0', 'sort=password_hash', 'populate=password_hash', 'created_from=not-a-date']
        .filter((pair) => pair.startsWith('zzz') || query.some((p) => p.name === pair.split('=')[0]));
      for (const dateParam of query.filter((p) => p.schema?.format === 'date-time')) odd.push(`${dateParam.name}=99999-99-99`);
      for (const idParam of query.filter((p) => /_id$|^mentions$|^uploaded_by$/.test(p.name))) odd.push(`${idParam.name}=abc`, `${idParam.name}[$ne]=x`);
      for (const enumParam of query.filter((p) => p.schema?.enum)) odd.push(`${enumParam.name}=not-a-value`, `${enumParam.name}=${enumParam.schema.enum[0]}&${enumParam.name}=${enumParam.schema.enum[0]}`);
      for (const pair of odd) {
        const url = `${concrete(path)}?${pair}`;
        const response = await t.get(url, admin);
        if (response.status !== 400) failures.push(`GET ${url} → ${response.status} ${response.raw.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('empty, unknown-field, wrong-type, null and out-of-range bodies are 400s, never 5xx or a silent write', async () => {
    const cases: [string, string, unknown][] = [
      ['POST', '/projects', {}],
      ['POST', '/projects', { name: 'x', customer_id: ids.customer, zzz: 1 }],
      ['POST', '/projects', { name: 'x', customer_id: ids.customer, budget: 1e308 }],
      ['POST', '/projects', { name: 'x', customer_id: ids.customer, budget: '100' }],
      ['POST', '/projects', { name: 'x', customer_id: ids.customer, team_member_ids: 'abc' }],
      ['POST', '/projects', { name: 'x', customer_id: ids.customer, team_member_ids: null }],
      ['POST', '/projects', { name: 'x', customer_id: ids.customer, start_date: '2026-13-45' }],
      ['POST', '/projects', { name: ['x'], customer_id: ids.customer }],
      ['POST', '/projects', { name: 'x', customer_id: { $ne: null } }],
      ['POST', '/projects', []],
      ['PATCH', `/projects/${ids.project}`, { status: null }],
      ['PATCH', `/projects/${ids.project}`, { budget: null }],
      ['PATCH', `/projects/${ids.project}`, { amount_paid: null }],
      ['PATCH', `/projects/${ids.project}`, { name: null }],
      ['PATCH', `/projects/${ids.project}`, { currency: null }],
      ['PATCH', `/projects/${ids.project}`, { billing_type: null }],
      ['PATCH', `/projects/${ids.project}`, { priority: null }],
      ['PATCH', `/projects/${ids.project}`, { team_member_ids: [] }],
      ['PATCH', `/projects/${ids.project}`, { recurring_plan: { interval: 'daily', amount: -1 } }],
      ['POST', `/projects/${ids.project}/team`, {}],
      ['POST', `/projects/${ids.project}/services`, { name: 'x', category: 'seo', price: -1 }],
      ['PATCH', `/projects/${ids.project}/services/${ids.service}`, { price: null }],
      ['PATCH', `/projects/${ids.project}/services/${ids.service}`, { name: null }],
      ['POST', `/projects/${ids.project}/goals`, { title: '' }],
      ['PATCH', `/goals/${ids.goal}`, { title: null }],
      ['PATCH', `/goals/${ids.goal}`, { status: null }],
      ['PATCH', `/goals/${ids.goal}`, { file_ids: null }],
      ['POST', `/projects/${ids.project}/tasks`, { title: 'x', estimate_minutes: 1e20 }],
      ['POST', `/projects/${ids.project}/tasks`, { title: 'x', estimate_minutes: 1.5 }],
      ['PATCH', `/tasks/${ids.task}`, { title: null }],
      ['PATCH', `/tasks/${ids.task}`, { status: null }],
      ['PATCH', `/tasks/${ids.task}`, { priority: null }],
      ['PATCH', `/tasks/${ids.task}`, { total_minutes: 5 }],
      ['POST', `/tasks/${ids.task}/time-entries`, {}],
      ['POST', `/tasks/${ids.task}/time-entries`, { started_at: 0, ended_at: 8.64e15 + 1 }],
      ['POST', `/tasks/${ids.task}/timer/start`, { note: 5 }],
      ['POST', `/projects/${ids.project}/messages`, {}],
      ['POST', `/projects/${ids.project}/messages`, { content: '   ' }],
      ['POST', `/projects/${ids.project}/messages`, { content: 'x'.repeat(10001) }],
      ['POST', '/channels/general/messages', { content: 'x', reply_to_id: 'abc' }],
      ['PATCH', `/messages/${ids.reply}`, {}],
      ['PATCH', `/messages/${ids.reply}`, { content: null }],
    ];
    const failures: string[] = [];
    for (const [method, url, body] of cases) {
      const response = await t.request(method as 'POST', url, { token: admin, body });
      if (response.status !== 400) failures.push(`${method} ${url} ${JSON.stringify(body).slice(0, 80)} → ${response.status} ${response.raw.slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
    // Nothing above changed the stored project, goal or task.
    const project = await t.connection.collection('projects').findOne({ _id: new Types.ObjectId(ids.project) });
    expect(project).toMatchObject({ name: 'Contract', budget: 0, amount_paid: 0, currency: 'USD', billing_type: 'recurring', priority: 'medium' });
    expect(await t.connection.collection('goals').findOne({ _id: new Types.ObjectId(ids.goal) })).toMatchObject({ title: 'Launch', file_ids: [] });
  });

  it('a body that is not JSON, or an empty JSON body, is a 4xx', async () => {
    for (const url of ['/projects', `/projects/${ids.project}/tasks`, `/tasks/${ids.task}/time-entries`, `/projects/${ids.project}/messages`]) {
      const empty = await t.request('POST', url, { token: admin, payload: '', headers: { 'content-type': 'application/json' } });
      expect({ url, status: empty.status }).toEqual({ url, status: 400 });
      const broken = await t.request('POST', url, { token: admin, payload: '{"name":', headers: { 'content-type': 'application/json' } });
      expect({ url, status: broken.status }).toEqual({ url, status: 400 });
    }
  });

  it('signed download links with odd query values are 400 or 403, never 5xx', async () => {
    const base = `/attachments/${ids.attachment}/download`;
    for (const query of ['', '?expires=abc&signature=x', '?expires=1e309&signature=ab', `?expires=${Number.MAX_SAFE_INTEGER + 2}&signature=${'a'.repeat(64)}`, '?expires=-1&signature=ab', `?expires=1&signature=${'z'.repeat(200)}`, '?expires=1&signature=ab&zzz=1']) {
      const response = await t.app.inject({ method: 'GET', url: `${base}${query}` });
      expect({ query, status: [400, 403].includes(response.statusCode) }).toEqual({ query, status: true });
    }
  });
});
