import { EventEmitter2 } from '@nestjs/event-emitter';
import { Types } from 'mongoose';
import { DomainEvent, NotifiableEvent } from '@app/common';
import { componentValidator } from './support/openapi-schema';
import { TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

type User = Awaited<ReturnType<TestApp['createUser']>>;

const currentMonth = () => new Date().toISOString().slice(0, 7);


describe('Upsells (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let manager: User;
  let otherManager: User;
  let seller: User;
  let outsider: User;
  let tech: User;
  let customerId: string;
  let usdProject: { id: string; name: string };
  let eurProject: { id: string; name: string };
  const events: NotifiableEvent[] = [];

  async function createProject(name: string, currency: string) {
    const response = await t.post('/projects', { name, customer_id: customerId, user_id: manager.id, currency, team_member_ids: [seller.id, tech.id] }, admin);
    if (response.status !== 201) throw new Error(`create project: ${response.status} ${response.raw}`);
    return response.body;
  }

  async function createUpsell(projectId: string, body: Record<string, unknown>, token = admin) {
    const response = await t.post(`/projects/${projectId}/upsells`, { description: 'SEO audit', amount: 500, ...body }, token);
    if (response.status !== 201) throw new Error(`create upsell: ${response.status} ${response.raw}`);
    return response.body;
  }

  const setStatus = (id: string, payment_status: string, token = admin) => t.patch(`/upsells/${id}`, { payment_status }, token);

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    [manager, otherManager, seller, outsider, tech] = [
      await t.createUser('manager'),
      await t.createUser('manager'),
      await t.createUser('sales'),
      await t.createUser('sales'),
      await t.createUser('tech'),
    ];
    const customer = await t.post('/customers', { name: 'Upsell Buyer Ltd' }, admin);
    customerId = customer.body.id;
    usdProject = await createProject('Shop relaunch', 'USD');
    eurProject = await createProject('Berlin site', 'EUR');
    t.app.get(EventEmitter2).on(DomainEvent.UpsellPaid, (payload: NotifiableEvent) => events.push(payload));
  });
  afterAll(async () => {
    await t.stop();
  });

  describe('create and read', () => {
    it('a seller on the team records an upsell: pending, the project customer and currency, sold by them', async () => {
      const response = await t.post(`/projects/${usdProject.id}/upsells`, { description: '  Landing page  ', amount: 1200.5 }, seller.token);
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        project_id: usdProject.id,
        customer_id: customerId,
        sold_by: seller.id,
        description: 'Landing page',
        amount: 1200.5,
        currency: 'USD',
        payment_status: 'pending',
        paid_at: null,
        refunded_at: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
      const stored = await t.connection.collection('upsells').findOne({ _id: new Types.ObjectId(response.body.id) });
      expect(stored!.project_id).toBeInstanceOf(Types.ObjectId);
      expect(stored!.customer_id).toBeInstanceOf(Types.ObjectId);
      expect(stored!.deleted_at).toBeNull();
    });

    it('takes another currency when given, and reads back through list, detail and population', async () => {
      const created = await createUpsell(eurProject.id, { currency: 'gbp', sold_by: seller.id });
      expect(created.currency).toBe('GBP');
      const detail = await t.get(`/upsells/${created.id}?populate=seller,project,customer`, seller.token);
      expect(detail.status).toBe(200);
      expect(detail.body).toMatchObject({
        id: created.id,
        seller: { id: seller.id, role: 'sales' },
        project: { id: eurProject.id, name: 'Berlin site', currency: 'EUR' },
        customer: { id: customerId, name: 'Upsell Buyer Ltd' },
      });
      const list = await t.get(`/projects/${eurProject.id}/upsells?currency=GBP`, seller.token);
      expect(list.body.data.map((u: { id: string }) => u.id)).toEqual([created.id]);
      const all = await t.get(`/upsells?project_id=${eurProject.id}&limit=100`, manager.token);
      expect(all.body.data.map((u: { id: string }) => u.id)).toContain(created.id);
    });

    it('refuses bad amounts, currencies, sellers and unknown fields with field errors', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ amount: 0 }, 'amount'],
        [{ amount: -5 }, 'amount'],
        [{ amount: 10.123 }, 'amount'],
        [{ amount: '10' }, 'amount'],
        [{ currency: 'dollars' }, 'currency'],
        [{ description: '' }, 'description'],
        [{ sold_by: 'nope' }, 'sold_by'],
        [{ sold_by: tech.id }, 'sold_by'],
        [{ payment_status: 'paid' }, 'payment_status'],
      ];
      for (const [body, field] of cases) {
        const response = await t.post(`/projects/${usdProject.id}/upsells`, { description: 'x', amount: 10, ...body }, admin);
        expect({ field, status: response.status }).toEqual({ field, status: 400 });
        expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
      // A sales user credits only themselves.
      expect((await t.post(`/projects/${usdProject.id}/upsells`, { description: 'x', amount: 10, sold_by: manager.id }, seller.token)).status).toBe(403);
    });

    it('someone who cannot see the project gets 404; roles outside sales get 403', async () => {
      const created = await createUpsell(usdProject.id, {});
      expect((await t.post(`/projects/${usdProject.id}/upsells`, { description: 'x', amount: 10 }, outsider.token)).status).toBe(404);
      expect((await t.get(`/projects/${usdProject.id}/upsells`, outsider.token)).status).toBe(404);
      expect((await t.get(`/upsells/${created.id}`, outsider.token)).status).toBe(404);
      expect((await t.patch(`/upsells/${created.id}`, { description: 'y' }, outsider.token)).status).toBe(404);
      expect((await t.get('/upsells?limit=100', outsider.token)).body.data).toEqual([]);
      expect((await t.get(`/projects/${new Types.ObjectId().toHexString()}/upsells`, admin)).status).toBe(404);
      expect((await t.get(`/upsells/${new Types.ObjectId().toHexString()}`, admin)).status).toBe(404);
      // Tech users are on the team but upsells are sales data.
      expect((await t.get(`/projects/${usdProject.id}/upsells`, tech.token)).status).toBe(403);
      expect((await t.get(`/upsells/${created.id}`, otherManager.token)).status).toBe(200);
    });
  });

  describe('payment status', () => {
    it('pending → paid stamps paid_at and notifies the project manager; illegal jumps are 409 with the allowed states', async () => {
      const created = await createUpsell(usdProject.id, { description: 'Hosting upgrade', amount: 99.9, sold_by: seller.id });
      const jump = await setStatus(created.id, 'refunded');
      expect(jump.status).toBe(409);
      expect(jump.body.message).toBe('Upsell payment_status cannot change from pending to refunded; allowed next states: paid, failed');
      expect(jump.body.details).toEqual([{ field: 'payment_status', message: 'allowed next states: paid, failed', allowed: ['paid', 'failed'] }]);

      events.length = 0;
      const before = Date.now();
      const paid = await setStatus(created.id, 'paid', seller.token);
      expect(paid.status).toBe(200);
      expect(paid.body.payment_status).toBe('paid');
      expect(new Date(paid.body.paid_at).getTime()).toBeGreaterThanOrEqual(before - 5);
      expect(new Date(paid.body.paid_at).getTime()).toBeLessThanOrEqual(Date.now());
      expect(events).toEqual([
        {
          recipient_ids: [manager.id, seller.id],
          actor_id: seller.id,
          entity_type: 'upsell',
          entity_id: created.id,
          data: { project_name: 'Shop relaunch', amount: '99.90', currency: 'USD', description: 'Hosting upgrade' },
        },
      ]);
      // Written before the response (listeners are awaited): in the inbox at once.
      const notifications: { body: { data: { type: string; title: string; entity_id: string }[] } } = await t.get('/notifications?limit=100', manager.token);
      expect(notifications.body.data.filter((n) => n.entity_id === created.id)).toEqual([
        expect.objectContaining({ type: 'upsell_paid', title: 'Upsell paid on Shop relaunch: 99.90 USD' }),
      ]);

      // Paying twice is not a second payment; going back is not allowed.
      expect((await setStatus(created.id, 'paid')).status).toBe(200);
      expect(events).toHaveLength(1);
      const back = await setStatus(created.id, 'pending');
      expect(back.status).toBe(409);
      expect(back.body.message).toMatch(/allowed next states: refunded$/);
      expect((await t.patch(`/upsells/${created.id}`, { amount: 5 }, admin)).status).toBe(409);
    });

    it('paid → refunded by managers and admins only, keeps paid_at and stamps refunded_at; refunded and failed are final', async () => {
      const created = await createUpsell(usdProject.id, { sold_by: seller.id });
      const paid = await setStatus(created.id, 'paid');
      expect((await setStatus(created.id, 'refunded', seller.token)).status).toBe(403);
      const refunded = await setStatus(created.id, 'refunded', manager.token);
      expect(refunded.status).toBe(200);
      expect(refunded.body).toMatchObject({ payment_status: 'refunded', paid_at: paid.body.paid_at, refunded_at: expect.any(String) });
      expect((await setStatus(created.id, 'paid')).body.message).toMatch(/refunded is final/);

      const failing = await createUpsell(usdProject.id, {});
      const failed = await setStatus(failing.id, 'failed');
      expect(failed.body).toMatchObject({ payment_status: 'failed', paid_at: null });
      expect((await setStatus(failing.id, 'paid')).status).toBe(409);
      expect((await setStatus(failing.id, 'bogus')).status).toBe(400);
    });

    it('sales users change only the upsells they sold', async () => {
      const created = await createUpsell(usdProject.id, { sold_by: manager.id });
      expect((await t.patch(`/upsells/${created.id}`, { description: 'mine now' }, seller.token)).status).toBe(403);
      expect((await t.patch(`/upsells/${created.id}`, { sold_by: seller.id }, seller.token)).status).toBe(403);
      const reassigned = await t.patch(`/upsells/${created.id}`, { sold_by: seller.id, amount: 750 }, manager.token);
      expect(reassigned.body).toMatchObject({ sold_by: seller.id, amount: 750 });
      expect((await t.patch(`/upsells/${created.id}`, { description: 'Bigger audit' }, seller.token)).body.description).toBe('Bigger audit');
    });
  });

  describe('delete', () => {
    it('soft-deletes pending upsells; paid ones are revenue and stay', async () => {
      const pending = await createUpsell(usdProject.id, {});
      expect((await t.delete(`/upsells/${pending.id}`, admin)).status).toBe(204);
      expect((await t.get(`/upsells/${pending.id}`, admin)).status).toBe(404);
      expect((await t.delete(`/upsells/${pending.id}`, admin)).status).toBe(404);
      expect((await t.connection.collection('upsells').findOne({ _id: new Types.ObjectId(pending.id) }))!.deleted_at).toBeInstanceOf(Date);

      const paid = await createUpsell(usdProject.id, {});
      await setStatus(paid.id, 'paid');
      const refused = await t.delete(`/upsells/${paid.id}`, admin);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/refund it instead/);
    });
  });

  describe('revenue report', () => {
    it('sums by month, agent and payment status, keeping currencies apart (exact numbers)', async () => {
      const started = Date.now();
      const from = new Date(started - 1).toISOString();
      // Past the millisecond the range starts in, so no earlier test's write falls inside it.
      await waitFor(() => Date.now() > started, { description: 'the clock to pass the start of the range', intervalMs: 1 });
      const agentA = seller;
      const agentB = await t.createUser('sales', { first_name: 'Bea', last_name: 'Broker' });
      const add = async (project: { id: string }, amount: number, soldBy: User, ...statuses: string[]) => {
        const upsell = await createUpsell(project.id, { amount, sold_by: soldBy.id });
        for (const status of statuses) expect((await setStatus(upsell.id, status)).status).toBe(200);
        return upsell;
      };
      const old = await add(usdProject, 1000, agentA, 'paid');
      await add(usdProject, 250.5, agentB, 'paid');
      await add(usdProject, 300, agentA);
      await add(usdProject, 400, agentA, 'paid', 'refunded');
      await add(eurProject, 700, agentA, 'paid');
      await add(eurProject, 99.99, agentB, 'failed');
      await add(eurProject, 0.1, agentB, 'paid');
      await add(eurProject, 0.2, agentB, 'paid');
      // One payment in an earlier month.
      await t.connection.collection('upsells').updateOne({ _id: new Types.ObjectId(old.id) }, { $set: { paid_at: new Date('2025-06-15T12:00:00Z') } });

      const report = await t.get(`/reports/upsell-revenue?from=${from}`, manager.token);
      expect(report.status).toBe(200);
      const month = currentMonth();
      expect(report.body).toEqual({
        from,
        to: null,
        by_month: [
          { month: '2025-06', currency: 'USD', revenue: 1000, count: 1 },
          { month, currency: 'EUR', revenue: 700.3, count: 3 },
          { month, currency: 'USD', revenue: 250.5, count: 1 },
        ],
        by_agent: [
          { sold_by: agentA.id, name: 'sales Tester', currency: 'USD', count: 3, paid_count: 1, revenue: 1000 },
          { sold_by: agentA.id, name: 'sales Tester', currency: 'EUR', count: 1, paid_count: 1, revenue: 700 },
          { sold_by: agentB.id, name: 'Bea Broker', currency: 'USD', count: 1, paid_count: 1, revenue: 250.5 },
          { sold_by: agentB.id, name: 'Bea Broker', currency: 'EUR', count: 3, paid_count: 2, revenue: 0.3 },
        ],
        by_payment_status: [
          { payment_status: 'pending', currency: 'USD', count: 1, amount: 300 },
          { payment_status: 'paid', currency: 'EUR', count: 3, amount: 700.3 },
          { payment_status: 'paid', currency: 'USD', count: 2, amount: 1250.5 },
          { payment_status: 'failed', currency: 'EUR', count: 1, amount: 99.99 },
          { payment_status: 'refunded', currency: 'USD', count: 1, amount: 400 },
        ],
        totals: [
          { currency: 'EUR', count: 4, paid_count: 3, revenue: 700.3, refunded: 0 },
          { currency: 'USD', count: 4, paid_count: 2, revenue: 1250.5, refunded: 400 },
        ],
      });

      const eurOnly = await t.get(`/reports/upsell-revenue?from=${from}&currency=eur&sold_by=${agentB.id}`, admin);
      expect(eurOnly.body.totals).toEqual([{ currency: 'EUR', count: 3, paid_count: 2, revenue: 0.3, refunded: 0 }]);
      const nothing = await t.get(`/reports/upsell-revenue?from=${new Date(Date.now() + 60_000).toISOString()}`, admin);
      expect(nothing.body).toMatchObject({ by_month: [], by_agent: [], by_payment_status: [], totals: [] });
    });

    it('the projects financial report counts the same paid upsells', async () => {
      const project = await createProject('Financials check', 'USD');
      const a = await createUpsell(project.id, { amount: 120.25 });
      await setStatus(a.id, 'paid');
      await createUpsell(project.id, { amount: 80 });
      const financials = await t.get(`/reports/project-financials/${project.id}`, admin);
      expect(financials.body).toMatchObject({ upsell_revenue: 120.25, paid_upsells: 1 });
    });

    it('is for managers and admins; bad ranges are 400', async () => {
      expect((await t.get('/reports/upsell-revenue', seller.token)).status).toBe(403);
      expect((await t.get('/reports/upsell-revenue', tech.token)).status).toBe(403);
      expect((await t.get('/reports/upsell-revenue', admin)).status).toBe(200);
      expect((await t.get('/reports/upsell-revenue?from=2026-02-01&to=2026-01-01', admin)).status).toBe(400);
      expect((await t.get('/reports/upsell-revenue?from=yesterday', admin)).status).toBe(400);
      expect((await t.get('/reports/upsell-revenue?currency=%24gt', admin)).status).toBe(400);
    });
  });

  describe('OpenAPI', () => {
    it('documents the responses a typed client and a fuzzer rely on', async () => {
      const docs = (await t.get('/docs-json')).body;
      const schemas = docs.components.schemas;
      expect(docs.paths['/reports/upsell-revenue'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/UpsellRevenueReportResponse' });
      expect(schemas.UpsellRevenueReportResponse.properties.from).toMatchObject({ type: ['string', 'null'], format: 'date-time' });
      expect(schemas.UpsellRevenueByStatusRow.properties.payment_status.enum).toEqual(['pending', 'paid', 'failed', 'refunded']);
      expect(schemas.UpsellRevenueByAgentRow.properties.name).toMatchObject({ type: ['string', 'null'] });
      expect(schemas.UpsellResponse.properties.payment_status.enum).toEqual(['pending', 'paid', 'failed', 'refunded']);
      for (const field of ['paid_at', 'refunded_at']) expect(schemas.UpsellResponse.properties[field]).toMatchObject({ type: ['string', 'null'] });
    });

    it('every kind of response matches its documented schema', async () => {
      const check = componentValidator((await t.get('/docs-json')).body);
      const created = await createUpsell(usdProject.id, { sold_by: seller.id });
      expect(check('UpsellResponse', created)).toEqual([]);
      const paid = await setStatus(created.id, 'paid');
      expect(check('UpsellResponse', paid.body)).toEqual([]);
      expect(check('UpsellResponse', (await t.get(`/upsells/${created.id}?populate=seller,project,customer`, admin)).body)).toEqual([]);
      for (const url of [`/projects/${usdProject.id}/upsells?limit=100&populate=seller,project,customer`, '/upsells?limit=100']) {
        const list = (await t.get(url, admin)).body;
        expect(check('UpsellPage', list)).toEqual([]);
        for (const item of list.data) expect(check('UpsellResponse', item)).toEqual([]);
      }
      expect(check('UpsellRevenueReportResponse', (await t.get('/reports/upsell-revenue', admin)).body)).toEqual([]);
      expect(check('UpsellRevenueReportResponse', (await t.get('/reports/upsell-revenue?to=2000-01-01', admin)).body)).toEqual([]);
    });
  });

  describe('round trips', () => {
    it('project list, all-upsells list and detail cost a fixed number of commands', async () => {
      for (let i = 0; i < 3; i++) await createUpsell(eurProject.id, { amount: 10 + i });
      for (const limit of [1, 3]) {
        const project = await t.withCommands(() => t.get(`/projects/${eurProject.id}/upsells?limit=${limit}&populate=seller`, seller.token));
        expect(project.response.body.data).toHaveLength(limit);
        expect(project.commands).toEqual(['aggregate upsells', 'find projects', 'find upsells', 'find users', 'find users']);
        const all = await t.withCommands(() => t.get(`/upsells?limit=${limit}`, seller.token));
        expect(all.response.body.data).toHaveLength(limit);
        expect(all.commands).toEqual(['aggregate upsells', 'find projects', 'find upsells', 'find users']);
      }
      const id = (await t.get(`/projects/${eurProject.id}/upsells?limit=1`, seller.token)).body.data[0].id;
      const detail = await t.withCommands(() => t.get(`/upsells/${id}`, seller.token));
      expect(detail.response.status).toBe(200);
      expect(detail.commands).toEqual(['find projects', 'find upsells', 'find users']);
      const report = await t.withCommands(() => t.get('/reports/upsell-revenue', manager.token));
      expect(report.commands).toEqual(['aggregate upsells', 'find users', 'find users']);
    });
  });
});
