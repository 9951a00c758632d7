import { TestApp } from '../support/test-app';

type Json = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  op: Json;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/** Probes a load balancer calls: never rate limited (`@SkipRateLimit()`), no input, so no 4xx either. */
const PROBES = new Set(['getLiveness', 'getReadiness']);
const ERROR_REF = '#/components/schemas/ErrorResponse';

/** What a client generator and a strict validator rely on in /docs-json (issue 14 item 2). */
describe('OpenAPI document contract', () => {
  let t: TestApp;
  let docs: Json;
  let operations: Operation[];
  const schema = (ref: string): Json => docs.components.schemas[ref.replace('#/components/schemas/', '')];

  beforeAll(async () => {
    t = await TestApp.start();
    docs = (await t.get('/docs-json')).body;
    operations = Object.entries<Json>(docs.paths).flatMap(([path, item]) =>
      Object.entries<Json>(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ method, path, op })),
    );
  });
  afterAll(async () => t?.stop());

  const failing = (check: (o: Operation) => boolean) => operations.filter((o) => !check(o)).map((o) => `${o.method.toUpperCase()} ${o.path}`);

  it('is OpenAPI 3.1 with servers and no 3.0-only `nullable`', () => {
    expect(docs.openapi).toBe('3.1.0');
    expect(docs.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(JSON.stringify(docs)).not.toContain('"nullable"');
  });

  it('every operation has a summary, a description and a unique camelCase operationId a client method can be named after', () => {
    expect(operations.length).toBeGreaterThan(100);
    expect(failing(({ op }) => typeof op.summary === 'string' && op.summary.length > 0 && op.summary.length <= 60)).toEqual([]);
    expect(failing(({ op }) => typeof op.description === 'string' && op.description.length > 0)).toEqual([]);
    expect(failing(({ op }) => /^[a-z][A-Za-z]+$/.test(op.operationId))).toEqual([]);
    const ids = operations.map(({ op }) => op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const byRoute = Object.fromEntries(operations.map(({ method, path, op }) => [`${method.toUpperCase()} ${path}`, op.operationId]));
    expect(byRoute).toMatchObject({
      'POST /leads/{id}/convert': 'convertLead',
      'GET /customers': 'listCustomers',
      'POST /auth/login': 'login',
      'GET /leads/{id}': 'getLead',
      'DELETE /leads/{id}': 'deleteLead',
    });
  });

  it('tags: one top-level list, each described, one naming style, every operation tagged from it', () => {
    const names = docs.tags.map((tag: Json) => tag.name);
    expect(docs.tags.every((tag: Json) => typeof tag.description === 'string' && tag.description.length > 0)).toBe(true);
    expect(names.filter((name: string) => !/^[a-z]+( [a-z]+)*$/.test(name))).toEqual([]);
    expect(failing(({ op }) => op.tags?.length === 1 && names.includes(op.tags[0]))).toEqual([]);
  });

  it('declares 400 for any input, 404 for a path id, 413/415 for a body, 429 and 503 everywhere, each as ErrorResponse', () => {
    const takesInput = (op: Json) => Boolean(op.requestBody) || (op.parameters ?? []).length > 0;
    expect(failing(({ op }) => !takesInput(op) || Boolean(op.responses['400']))).toEqual([]);
    expect(failing(({ op }) => !(op.parameters ?? []).some((p: Json) => p.in === 'path') || Boolean(op.responses['404']))).toEqual([]);
    expect(failing(({ op }) => !op.requestBody || (Boolean(op.responses['413']) && Boolean(op.responses['415'])))).toEqual([]);
    expect(failing(({ op }) => PROBES.has(op.operationId) || Boolean(op.responses['429']?.headers?.['Retry-After']))).toEqual([]);
    expect(failing(({ op }) => Boolean(op.responses['503']))).toEqual([]);
    expect(failing(({ op }) => op.security?.length === 0 || Boolean(op.responses['401']))).toEqual([]);
    const errorsNotInShape = operations.flatMap(({ method, path, op }) =>
      Object.entries<Json>(op.responses)
        // The probes' 503 is the health report itself (what a load balancer reads), not an error.
        .filter(([status]) => Number(status) >= 400 && !(PROBES.has(op.operationId) && status === '503'))
        .filter(([, response]) => response.content?.['application/json']?.schema?.$ref !== ERROR_REF)
        .map(([status]) => `${method.toUpperCase()} ${path} ${status}`),
    );
    expect(errorsNotInShape).toEqual([]);
  });

  it('an illegal-transition 409 can carry the allowed values as data', () => {
    expect(schema('#/components/schemas/ErrorDetail').properties.allowed).toEqual(expect.objectContaining({ type: 'array', items: { type: 'string' } }));
    const routes = ['PATCH /leads/{id}', 'POST /leads/{id}/convert', 'PATCH /projects/{id}', 'PATCH /upsells/{id}'];
    expect(routes.filter((route) => !operations.find((o) => `${o.method.toUpperCase()} ${o.path}` === route)?.op.responses['409'])).toEqual([]);
  });

  it('every status and channel is an enum, counts and pages are integers', () => {
    const isEnum = (property: Json): boolean => Array.isArray(property.enum) || (property.anyOf ?? []).some((option: Json) => option.$ref || Array.isArray(option.enum));
    const open: string[] = [];
    for (const [name, model] of Object.entries<Json>(docs.components.schemas)) {
      for (const [key, property] of Object.entries<Json>(model.properties ?? {})) {
        if ((key === 'status' || (key.endsWith('_status') && !key.startsWith('by_')) || key === 'channel') && !isEnum(property)) open.push(`${name}.${key}`);
      }
    }
    // A project's customer summary: projects sits below crm (crm imports projects), so it cannot name CustomerStatus.
    expect(open).toEqual(['ProjectCustomerSummaryResponse.status']);
    const integers = ['ErrorResponse.statusCode', 'TaskResponse.estimate_minutes', 'TimeEntryResponse.minutes', 'ChargeDetailResponse.expiry_month', 'FileResponse.size', 'NotificationCountResponse.count', 'ProjectResponse.progress'];
    expect(integers.filter((path) => {
      const [model, key] = path.split('.');
      return ![docs.components.schemas[model].properties[key].type].flat().includes('integer');
    })).toEqual([]);
  });

  it('no operation asks for a user-agent header (Swagger UI would refuse to send the request without one)', () => {
    expect(failing(({ op }) => !(op.parameters ?? []).some((p: Json) => p.in === 'header' && p.name.toLowerCase() === 'user-agent'))).toEqual([]);
  });

  it('no optional query parameter carries an example (Swagger UI pre-fills it, and Execute would filter by a made-up id)', () => {
    const prefilled = (p: Json) => p.in === 'query' && !p.required && (p.example !== undefined || p.schema?.example !== undefined || p.examples !== undefined);
    expect(failing(({ op }) => !(op.parameters ?? []).some(prefilled))).toEqual([]);
  });

  it('sign-in and refresh declare their token pair', () => {
    const answer = (id: string) => operations.find((o) => o.op.operationId === id)!.op.responses['200'].content['application/json'].schema;
    // An account with two-factor sign-in gets a challenge for POST /auth/2fa/verify instead of the pair.
    expect(answer('login')).toEqual({ oneOf: [{ $ref: '#/components/schemas/TokenResponse' }, { $ref: '#/components/schemas/TwoFactorChallengeResponse' }] });
    expect(answer('refreshTokens')).toEqual({ $ref: '#/components/schemas/TokenResponse' });
    expect(answer('verifyTwoFactor')).toEqual({ $ref: '#/components/schemas/TokenResponse' });
    const token = schema('#/components/schemas/TokenResponse');
    expect(token.required).toEqual(expect.arrayContaining(['access_token', 'refresh_token', 'token_type', 'expires_in', 'user']));
    expect(token.properties.expires_in.type).toBe('integer');
  });

  it('every list route answers its own page schema with typed rows, and sort/populate are the route\'s enums', () => {
    // A thread pages its replies inside its own shape (root + replies); every other paged route answers a page.
    // The outbox feed and a webhook's delivery log read forward from a position (`after`, newest first) instead of paging.
    const FEEDS = new Set(['getMessageThread', 'listEvents', 'listWebhookDeliveries']);
    const lists = operations.filter(({ op }) => !FEEDS.has(op.operationId) && (op.parameters ?? []).some((p: Json) => p.name === 'limit'));
    const thread = schema(operations.find((o) => o.op.operationId === 'getMessageThread')!.op.responses['200'].content['application/json'].schema.$ref);
    expect(thread.properties.replies.items).toEqual({ $ref: '#/components/schemas/MessageResponse' });
    expect(lists.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const { method, path, op } of lists) {
      const route = `${method.toUpperCase()} ${path}`;
      const ref: string | undefined = op.responses['200']?.content?.['application/json']?.schema?.$ref;
      const page = ref && schema(ref);
      if (!ref?.endsWith('Page') || !page) {
        problems.push(`${route}: 200 is not a *Page schema`);
        continue;
      }
      const rowRef: string | undefined = page.properties.data?.items?.$ref;
      if (!rowRef || !Object.keys(schema(rowRef)?.properties ?? {}).length) problems.push(`${route}: rows are untyped`);
      if (page.required?.sort().join() !== 'data,limit,next_cursor,page,total') problems.push(`${route}: page fields not all required`);
      for (const name of ['page', 'limit', 'total']) if (![page.properties[name].type].flat().includes('integer')) problems.push(`${route}: ${name} not integer`);
      for (const parameter of op.parameters) {
        if (parameter.name === 'page' || parameter.name === 'limit') if (parameter.schema.type !== 'integer') problems.push(`${route}: ?${parameter.name} not integer`);
        if (parameter.name === 'sort' && !parameter.schema.enum?.length) problems.push(`${route}: sort is not an enum`);
        if (parameter.name === 'populate' && !(parameter.schema.items?.enum?.length && parameter.explode === false)) problems.push(`${route}: populate is not an enum list`);
      }
    }
    expect(problems).toEqual([]);
    // The populate names are the route's own: a lead embeds its agent, customer and directory entry — not a project's team.
    const leads = operations.find((o) => o.op.operationId === 'listLeads')!.op.parameters.find((p: Json) => p.name === 'populate');
    expect(leads.schema.items.enum.sort()).toEqual(['agent', 'customer', 'directory']);
    expect(schema('#/components/schemas/LeadPage').properties.data.items).toEqual({ $ref: '#/components/schemas/LeadResponse' });
  });

  it('the populate list works comma-separated (as documented) and repeated', async () => {
    const admin = await t.adminToken();
    expect((await t.get('/leads?populate=agent,customer', admin)).status).toBe(200);
    expect((await t.get('/leads?populate=agent&populate=customer', admin)).status).toBe(200);
    const refused = await t.get('/leads?populate=team', admin);
    expect(refused.status).toBe(400);
  });

  it('nullable references are anyOf [$ref, null] and nullable values type [T, null]: strict validators accept the nulls', () => {
    const lead = schema('#/components/schemas/LeadResponse');
    expect(lead.properties.agent).toEqual(expect.objectContaining({ anyOf: [{ $ref: '#/components/schemas/UserSummaryResponse' }, { type: 'null' }] }));
    expect(lead.properties.agent.type).toBeUndefined();
    expect(lead.properties.email.type).toEqual(['string', 'null']);
    expect(lead.required).toEqual(expect.arrayContaining(['id', 'status', 'email', 'created_at']));
  });

  it('downloads declare their bytes and the ETag / Content-Disposition headers', () => {
    for (const id of ['downloadFile', 'downloadAttachment']) {
      const ok = operations.find((o) => o.op.operationId === id)!.op.responses['200'];
      expect(ok.content['application/octet-stream'].schema).toEqual(expect.objectContaining({ type: 'string' }));
      expect(Object.keys(ok.headers)).toEqual(expect.arrayContaining(['ETag', 'Content-Disposition', 'Content-Length']));
    }
  });

  it('Swagger UI authorizes itself from a sign-in (responseInterceptor in its init script)', async () => {
    const init = await t.get('/docs/swagger-ui-init.js');
    expect(init.raw).toMatch(/"persistAuthorization":\s*true/);
    expect(init.raw).toMatch(/responseInterceptor/);
    expect(init.raw).toMatch(/preauthorizeApiKey\('bearer'/);
  });
});
