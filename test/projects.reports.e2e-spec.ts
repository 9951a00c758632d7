import { Schema, Types } from 'mongoose';
import { ProjectBillingService } from '@app/projects';
import { TestApp } from './support/test-app';

type User = Awaited<ReturnType<TestApp['createUser']>>;

/**
 * Delivery reports (issue 5 §5) on a fixture this file builds in its own database, so every
 * number is asserted exactly: project financials, service usage, time tracked per user and project.
 */
describe('Delivery reports (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let manager: User;
  let ada: User;
  let bob: User;
  let customerId: string;
  let alpha: string;
  let beta: string;
  let gamma: string;

  async function createProject(body: Record<string, unknown>): Promise<string> {
    const response = await t.post('/projects', { customer_id: customerId, user_id: manager.id, ...body }, admin);
    if (response.status !== 201) throw new Error(`create project: ${response.status} ${response.raw}`);
    return response.body.id;
  }

  async function createService(project: string, body: Record<string, unknown>): Promise<string> {
    const response = await t.post(`/projects/${project}/services`, body, admin);
    if (response.status !== 201) throw new Error(`create service: ${response.status} ${response.raw}`);
    return response.body.id;
  }

  async function createTask(project: string, assignee: User): Promise<string> {
    const response = await t.post(`/projects/${project}/tasks`, { title: `Work for ${assignee.id}`, tech_employee_id: assignee.id }, admin);
    if (response.status !== 201) throw new Error(`create task: ${response.status} ${response.raw}`);
    return response.body.id;
  }

  async function track(user: User, task: string, started_at: string, ended_at: string): Promise<void> {
    const response = await t.post(`/tasks/${task}/time-entries`, { started_at, ended_at }, user.token);
    if (response.status !== 201) throw new Error(`time entry: ${response.status} ${response.raw}`);
  }

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    manager = await t.createUser('manager', { first_name: 'Mia' });
    ada = await t.createUser('tech', { first_name: 'Ada', last_name: 'Lovelace' });
    bob = await t.createUser('tech', { first_name: 'Bob', last_name: 'Builder' });
    if (!t.connection.modelNames().includes('Customer')) t.connection.model('Customer', new Schema({}, { strict: false, collection: 'customers' }));
    customerId = (
      await t.connection.collection('customers').insertOne({ name: 'Acme', email: 'acme@example.com', status: 'active', deleted_at: null, created_at: new Date(), updated_at: new Date() })
    ).insertedId.toHexString();

    alpha = await createProject({
      name: 'Alpha',
      status: 'active',
      team_member_ids: [ada.id, bob.id],
      budget: 10000,
      amount_paid: 2500.5,
      currency: 'USD',
      billing_type: 'recurring',
      recurring_plan: { interval: 'monthly', amount: 300, next_billing_date: new Date(Date.now() + 86400_000).toISOString() },
    });
    // A plan cannot be created to start in the past: move the start back to January 2026 directly.
    await t.connection.collection('projects').updateOne({ _id: new Types.ObjectId(alpha) }, { $set: { 'recurring_plan.next_billing_date': new Date('2026-01-01T00:00:00.000Z'), 'recurring_plan.anchor_day': 1 } });
    beta = await createProject({ name: 'Beta', team_member_ids: [ada.id], budget: 5000, amount_paid: 6000, currency: 'USD' });
    gamma = await createProject({ name: 'Gamma', budget: 800, currency: 'EUR' });

    // Two billed recurring periods on Alpha (January and February 2026).
    const billing = t.app.get(ProjectBillingService);
    expect(await billing.billPeriod(alpha, new Date('2026-03-15T00:00:00Z'))).toMatchObject({ billed: true });
    expect(await billing.billPeriod(alpha, new Date('2026-03-15T00:00:00Z'))).toMatchObject({ billed: true });

    // Upsells belong to @app/crm: only paid, not deleted ones count as upsell revenue.
    const upsell = (project: string, amount: number, payment_status: string, deleted_at: Date | null = null) => ({
      project_id: new Types.ObjectId(project),
      customer_id: new Types.ObjectId(customerId),
      description: 'extra',
      amount,
      currency: 'USD',
      payment_status,
      deleted_at,
      created_at: new Date(),
      updated_at: new Date(),
    });
    await t.connection
      .collection('upsells')
      .insertMany([upsell(alpha, 1000, 'paid'), upsell(alpha, 250.25, 'paid'), upsell(alpha, 999, 'pending'), upsell(alpha, 5000, 'paid', new Date()), upsell(beta, 70, 'refunded')]);

    await createService(alpha, { name: 'Hosting', category: 'hosting', price: 20, billing_cycle: 'monthly' });
    await createService(alpha, { name: 'SEO audit', category: 'seo', price: 1200 });
    await createService(alpha, { name: 'Logo', category: 'design', price: 500, status: 'cancelled' });
    await createService(beta, { name: 'Hosting', category: 'hosting', price: 25.5, billing_cycle: 'monthly' });
    await createService(beta, { name: 'SEO audit', category: 'seo', price: 800 });
    await createService(gamma, { name: 'Consulting day', category: 'consulting', price: 950 });

    // Time: March 2025 is the reported range; Bob's April entry lies outside it.
    const adaAlpha = await createTask(alpha, ada);
    const adaBeta = await createTask(beta, ada);
    const bobAlpha = await createTask(alpha, bob);
    await track(ada, adaAlpha, '2025-03-10T09:00:00Z', '2025-03-10T10:30:00Z'); // 90
    await track(ada, adaBeta, '2025-03-11T09:00:00Z', '2025-03-11T09:45:00Z'); // 45
    await track(ada, adaAlpha, '2025-03-12T13:00:00Z', '2025-03-12T13:20:30Z'); // 20 (whole minutes, rounded down)
    await track(bob, bobAlpha, '2025-03-10T09:00:00Z', '2025-03-10T11:00:00Z'); // 120, same span as Ada's: another user
    await track(bob, bobAlpha, '2025-04-20T10:00:00Z', '2025-04-20T11:00:00Z'); // outside the range
  });
  afterAll(async () => {
    await t.stop();
  });

  describe('project financials', () => {
    const alphaRow = () => ({
      project_id: alpha,
      name: 'Alpha',
      status: 'active',
      billing_type: 'recurring',
      currency: 'USD',
      budget: 10000,
      amount_paid: 2500.5,
      balance_due: 7499.5,
      billed_recurring: 600,
      billed_periods: 2,
      upsell_revenue: 1250.25,
      paid_upsells: 2,
    });

    it('for all projects: budget, paid, balance, billed recurring and paid upsells per project, totals per currency', async () => {
      const { response, commands } = await t.withCommands(() => t.get('/reports/project-financials', manager.token));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        data: [
          alphaRow(),
          { project_id: beta, name: 'Beta', status: 'planning', billing_type: 'fixed', currency: 'USD', budget: 5000, amount_paid: 6000, balance_due: 0, billed_recurring: 0, billed_periods: 0, upsell_revenue: 0, paid_upsells: 0 },
          { project_id: gamma, name: 'Gamma', status: 'planning', billing_type: 'fixed', currency: 'EUR', budget: 800, amount_paid: 0, balance_due: 800, billed_recurring: 0, billed_periods: 0, upsell_revenue: 0, paid_upsells: 0 },
        ],
        totals: [
          { currency: 'EUR', budget: 800, amount_paid: 0, balance_due: 800, billed_recurring: 0, upsell_revenue: 0 },
          { currency: 'USD', budget: 15000, amount_paid: 8500.5, balance_due: 7499.5, billed_recurring: 600, upsell_revenue: 1250.25 },
        ],
      });
      // One aggregation per owner (projects, then the paid upsells of those projects from @app/crm), whatever the number of projects.
      expect(commands).toEqual(['aggregate projects', 'aggregate upsells', 'find users']);
    });

    it('filters by status, customer and manager', async () => {
      expect((await t.get('/reports/project-financials?status=active', admin)).body.data).toEqual([alphaRow()]);
      expect((await t.get(`/reports/project-financials?customer_id=${new Types.ObjectId().toHexString()}`, admin)).body).toEqual({ data: [], totals: [] });
      expect((await t.get(`/reports/project-financials?user_id=${manager.id}`, admin)).body.data).toHaveLength(3);
      expect((await t.get('/reports/project-financials?status=paused', admin)).status).toBe(400);
    });

    it('for one project; 404 for an unknown one; tech users may not read financials', async () => {
      const { response, commands } = await t.withCommands(() => t.get(`/reports/project-financials/${alpha}`, admin));
      expect(response.status).toBe(200);
      expect(response.body).toEqual(alphaRow());
      expect(commands).toEqual(['aggregate projects', 'aggregate upsells', 'find users']);
      expect((await t.get(`/reports/project-financials/${new Types.ObjectId().toHexString()}`, admin)).status).toBe(404);
      expect((await t.get(`/reports/project-financials/${alpha}`, ada.token)).status).toBe(403);
      expect((await t.get('/reports/project-financials', ada.token)).status).toBe(403);
    });
  });

  describe('service usage', () => {
    it('by service and by category: distinct projects, count and revenue; cancelled services left out', async () => {
      const { response, commands } = await t.withCommands(() => t.get('/reports/service-usage', manager.token));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        by_service: [
          { name: 'SEO audit', categories: ['seo'], projects: 2, count: 2, revenue: 2000 },
          { name: 'Consulting day', categories: ['consulting'], projects: 1, count: 1, revenue: 950 },
          { name: 'Hosting', categories: ['hosting'], projects: 2, count: 2, revenue: 45.5 },
        ],
        by_category: [
          { category: 'seo', projects: 2, count: 2, revenue: 2000 },
          { category: 'consulting', projects: 1, count: 1, revenue: 950 },
          { category: 'hosting', projects: 2, count: 2, revenue: 45.5 },
        ],
        totals: { projects: 3, count: 5, revenue: 2995.5 },
      });
      expect(commands).toEqual(['aggregate project_services', 'find users']);
    });

    it('filters by status, category and project', async () => {
      expect((await t.get('/reports/service-usage?status=cancelled', admin)).body).toEqual({
        by_service: [{ name: 'Logo', categories: ['design'], projects: 1, count: 1, revenue: 500 }],
        by_category: [{ category: 'design', projects: 1, count: 1, revenue: 500 }],
        totals: { projects: 1, count: 1, revenue: 500 },
      });
      expect((await t.get('/reports/service-usage?category=hosting', admin)).body.totals).toEqual({ projects: 2, count: 2, revenue: 45.5 });
      expect((await t.get(`/reports/service-usage?project_id=${beta}`, admin)).body.totals).toEqual({ projects: 1, count: 2, revenue: 825.5 });
      expect((await t.get('/reports/service-usage?category=astrology', admin)).status).toBe(400);
      expect((await t.get('/reports/service-usage', ada.token)).status).toBe(403);
    });
  });

  describe('time tracked', () => {
    const range = 'from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z';

    it('per user for a date range, most minutes first, with names', async () => {
      const { response, commands } = await t.withCommands(() => t.get(`/reports/time-tracked?${range}`, manager.token));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        from: '2025-03-01T00:00:00.000Z',
        to: '2025-04-01T00:00:00.000Z',
        group: 'user',
        rows: [
          { id: ada.id, name: 'Ada Lovelace', minutes: 155, hours: 2.58, entries: 3, tasks: 2, projects: 2, users: 1 },
          { id: bob.id, name: 'Bob Builder', minutes: 120, hours: 2, entries: 1, tasks: 1, projects: 1, users: 1 },
        ],
        total_minutes: 275,
        total_entries: 4,
      });
      // One aggregation and one batched name lookup (plus the signed-in user).
      expect(commands).toEqual(['aggregate tasks', 'find users', 'find users']);
    });

    it('per project for a date range', async () => {
      const { response, commands } = await t.withCommands(() => t.get(`/reports/time-tracked?${range}&group=project`, admin));
      expect(response.body.rows).toEqual([
        { id: alpha, name: 'Alpha', minutes: 230, hours: 3.83, entries: 3, tasks: 2, projects: 1, users: 2 },
        { id: beta, name: 'Beta', minutes: 45, hours: 0.75, entries: 1, tasks: 1, projects: 1, users: 1 },
      ]);
      expect(response.body).toMatchObject({ group: 'project', total_minutes: 275, total_entries: 4 });
      expect(commands).toEqual(['aggregate tasks', 'find projects', 'find users']);
    });

    it('filters by project and user; the range end is exclusive and a wider range includes April', async () => {
      expect((await t.get(`/reports/time-tracked?${range}&project_id=${beta}`, admin)).body.rows).toEqual([
        { id: ada.id, name: 'Ada Lovelace', minutes: 45, hours: 0.75, entries: 1, tasks: 1, projects: 1, users: 1 },
      ]);
      expect((await t.get(`/reports/time-tracked?${range}&user_id=${bob.id}`, admin)).body).toMatchObject({ total_minutes: 120, total_entries: 1 });
      expect((await t.get('/reports/time-tracked?from=2025-03-01T00:00:00Z&to=2025-04-20T10:00:00Z', admin)).body.total_minutes).toBe(275);
      expect((await t.get('/reports/time-tracked?from=2025-03-01T00:00:00Z&to=2025-04-20T10:00:01Z', admin)).body.total_minutes).toBe(335);
    });

    it('staff other than managers and admins see only their own time', async () => {
      const own = await t.get(`/reports/time-tracked?${range}&user_id=${ada.id}`, bob.token);
      expect(own.status).toBe(200);
      expect(own.body.rows.map((row: { id: string }) => row.id)).toEqual([bob.id]);
      expect(own.body.total_minutes).toBe(120);
    });

    it('refuses a range that ends before it starts and malformed parameters', async () => {
      const backwards = await t.get('/reports/time-tracked?from=2025-04-01T00:00:00Z&to=2025-03-01T00:00:00Z', admin);
      expect(backwards.status).toBe(400);
      expect(backwards.body.message).toBe('from (2025-04-01T00:00:00.000Z) must be before to (2025-03-01T00:00:00.000Z)');
      expect((await t.get('/reports/time-tracked?from=yesterday', admin)).status).toBe(400);
      expect((await t.get('/reports/time-tracked?group=team', admin)).status).toBe(400);
      expect((await t.get('/reports/time-tracked?project_id=123', admin)).status).toBe(400);
    });
  });
});
