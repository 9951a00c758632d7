import { EventEmitter2 } from '@nestjs/event-emitter';
import { Schema, Types } from 'mongoose';
import { DomainEvent, NotifiableEvent } from '@app/common';
import { DatabaseCommandMonitor } from '@app/database';
import { ProjectBillingService } from '@app/projects';
import { TestApp } from './support/test-app';

type User = Awaited<ReturnType<TestApp['createUser']>>;

const DAY = 24 * 3600 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

describe('Projects (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let manager: User;
  let tech: User;
  let outsider: User;
  let customerId: string;
  const events: { name: string; payload: NotifiableEvent }[] = [];

  /** Customers belong to @app/crm; tests insert them raw and register a stand-in model if crm has none yet. */
  async function createCustomer(name = 'Acme'): Promise<string> {
    if (!t.connection.modelNames().includes('Customer')) t.connection.model('Customer', new Schema({}, { strict: false, collection: 'customers' }));
    const { insertedId } = await t.connection
      .collection('customers')
      .insertOne({ name, email: `${name.toLowerCase().replace(/\W/g, '')}@example.com`, company_name: `${name} Ltd`, status: 'active', deleted_at: null, created_at: new Date(), updated_at: new Date() });
    return insertedId.toHexString();
  }

  const newProject = (overrides: Record<string, unknown> = {}) => ({ name: 'Website relaunch', customer_id: customerId, user_id: manager.id, ...overrides });

  async function createProject(overrides: Record<string, unknown> = {}, token = admin) {
    const response = await t.post('/projects', newProject(overrides), token);
    if (response.status !== 201) throw new Error(`create project: ${response.status} ${response.raw}`);
    return response.body;
  }

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    [manager, tech, outsider] = [await t.createUser('manager'), await t.createUser('tech'), await t.createUser('tech')];
    customerId = await createCustomer();
    const bus = t.app.get(EventEmitter2);
    for (const name of [DomainEvent.ProjectStatusChanged, DomainEvent.ProjectBilled]) bus.on(name, (payload: NotifiableEvent) => events.push({ name, payload }));
  });
  afterAll(async () => {
    await t.stop();
  });

  describe('create and validate', () => {
    it('a manager creates a project with team and financials; balance_due and progress are computed', async () => {
      const response = await t.post('/projects', newProject({ team_member_ids: [tech.id], budget: 12000, amount_paid: 4500.5, currency: 'eur', end_date: inDays(90) }), manager.token);
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        name: 'Website relaunch',
        customer_id: customerId,
        user_id: manager.id,
        team_member_ids: [tech.id],
        status: 'planning',
        currency: 'EUR',
        budget: 12000,
        amount_paid: 4500.5,
        balance_due: 7499.5,
        progress: 0,
        tasks_total: 0,
        billing_type: 'fixed',
        recurring_plan: null,
        billing_history: [],
      });
    });

    it('tech and sales users cannot create projects', async () => {
      const sales = await t.createUser('sales');
      expect((await t.post('/projects', newProject(), tech.token)).status).toBe(403);
      expect((await t.post('/projects', newProject(), sales.token)).status).toBe(403);
    });

    it('refuses an unknown customer, a manager who is not a manager or admin, and inactive team members', async () => {
      const unknown = await t.post('/projects', newProject({ customer_id: new Types.ObjectId().toHexString() }), admin);
      expect(unknown.status).toBe(400);
      expect(unknown.body.details[0].field).toBe('customer_id');

      const techAsManager = await t.post('/projects', newProject({ user_id: tech.id }), admin);
      expect(techAsManager.status).toBe(400);
      expect(techAsManager.body.details).toEqual([{ field: 'user_id', message: expect.stringMatching(/active manager or admin/) }]);

      const gone = await t.createUser('support');
      await t.patch(`/users/${gone.id}`, { is_active: false }, admin);
      const inactive = await t.post('/projects', newProject({ team_member_ids: [tech.id, gone.id] }), admin);
      expect(inactive.status).toBe(400);
      expect(inactive.body.message).toContain(gone.id);
    });

    it('end_date must be in the future and after start_date, naming both dates', async () => {
      const past = await t.post('/projects', newProject({ end_date: '2020-01-01' }), admin);
      expect(past.status).toBe(400);
      expect(past.body.details[0]).toMatchObject({ field: 'end_date', message: expect.stringMatching(/must be in the future/) });

      const start = inDays(60).slice(0, 10);
      const end = inDays(30).slice(0, 10);
      const before = await t.post('/projects', newProject({ start_date: start, end_date: end }), admin);
      expect(before.status).toBe(400);
      expect(before.body.message).toBe(`end_date (${end}) must be after start_date (${start})`);
    });

    it('on update: a new end_date must be in the future and after the (new or stored) start_date; an old past end_date stays valid', async () => {
      const project = await createProject({ start_date: inDays(10), end_date: inDays(40) });
      const past = await t.patch(`/projects/${project.id}`, { end_date: '2020-01-01' }, admin);
      expect(past.status).toBe(400);
      expect(past.body.details[0]).toMatchObject({ field: 'end_date', message: expect.stringMatching(/must be in the future/) });
      const beforeStored = await t.patch(`/projects/${project.id}`, { end_date: inDays(5) }, admin);
      expect(beforeStored.status).toBe(400);
      expect(beforeStored.body.details.map((d: { field: string }) => d.field)).toEqual(['end_date', 'start_date']);
      expect((await t.patch(`/projects/${project.id}`, { start_date: inDays(50) }, admin)).status).toBe(400);
      expect((await t.patch(`/projects/${project.id}`, { end_date: inDays(60), start_date: inDays(50) }, admin)).status).toBe(200);
      // A project that ended in the past can still be edited without touching its end date.
      await t.connection.collection('projects').updateOne({ _id: new Types.ObjectId(project.id) }, { $set: { start_date: new Date('2019-01-01'), end_date: new Date('2020-01-01') } });
      const renamed = await t.patch(`/projects/${project.id}`, { name: 'Old project' }, admin);
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'Old project', end_date: '2020-01-01T00:00:00.000Z' });
      expect((await t.patch(`/projects/${project.id}`, { end_date: null }, admin)).body.end_date).toBeNull();
    });

    it('a recurring plan is required iff billing_type is recurring', async () => {
      const plan = { interval: 'monthly', amount: 500, next_billing_date: inDays(10) };
      expect((await t.post('/projects', newProject({ billing_type: 'recurring' }), admin)).body.details[0].field).toBe('recurring_plan');
      expect((await t.post('/projects', newProject({ billing_type: 'fixed', recurring_plan: plan }), admin)).status).toBe(400);
      const ok = await t.post('/projects', newProject({ billing_type: 'recurring', recurring_plan: plan }), admin);
      expect(ok.status).toBe(201);
      expect(ok.body.recurring_plan).toEqual({ interval: 'monthly', amount: 500, next_billing_date: plan.next_billing_date });
      // A plan may not start in the past (it would be back-billed), on create and on update.
      const past = await t.post('/projects', newProject({ billing_type: 'recurring', recurring_plan: { ...plan, next_billing_date: inDays(-40) } }), admin);
      expect(past.status).toBe(400);
      expect(past.body.details).toEqual([{ field: 'recurring_plan.next_billing_date', message: expect.stringContaining('must not be in the past') }]);
      const pastUpdate = await t.patch(`/projects/${ok.body.id}`, { recurring_plan: { ...plan, next_billing_date: inDays(-1) } }, admin);
      expect(pastUpdate.status).toBe(400);
      expect(pastUpdate.body.details[0].field).toBe('recurring_plan.next_billing_date');
      expect((await t.patch(`/projects/${ok.body.id}`, { recurring_plan: { ...plan, amount: 550 } }, admin)).status).toBe(200);
      // Switching away from recurring drops the plan.
      const fixed = await t.patch(`/projects/${ok.body.id}`, { billing_type: 'fixed' }, admin);
      expect(fixed.body).toMatchObject({ billing_type: 'fixed', recurring_plan: null });
    });
  });

  describe('visibility', () => {
    it('a tech user not on the team gets 404 and does not see it in lists; team members and managers do', async () => {
      const project = await createProject({ team_member_ids: [tech.id] });
      expect((await t.get(`/projects/${project.id}`, outsider.token)).status).toBe(404);
      expect((await t.get('/projects?limit=100', outsider.token)).body.data.map((p: { id: string }) => p.id)).not.toContain(project.id);

      expect((await t.get(`/projects/${project.id}`, tech.token)).status).toBe(200);
      expect((await t.get('/projects?limit=100', tech.token)).body.data.map((p: { id: string }) => p.id)).toContain(project.id);
      const otherManager = await t.createUser('manager');
      expect((await t.get(`/projects/${project.id}`, otherManager.token)).status).toBe(200);
    });
  });

  describe('status lifecycle', () => {
    it('follows the allowed transitions, 409 listing the allowed ones, and notifies the team', async () => {
      const project = await createProject({ team_member_ids: [tech.id] });
      const skip = await t.patch(`/projects/${project.id}`, { status: 'completed' }, admin);
      expect(skip.status).toBe(409);
      expect(skip.body.message).toBe('A planning project cannot become completed (allowed: active, cancelled)');
      expect(skip.body.details).toEqual([{ field: 'status', message: 'allowed: active, cancelled', allowed: ['active', 'cancelled'] }]);

      events.length = 0;
      expect((await t.patch(`/projects/${project.id}`, { status: 'active' }, manager.token)).body.status).toBe('active');
      expect(events).toEqual([
        {
          name: DomainEvent.ProjectStatusChanged,
          payload: {
            recipient_ids: expect.arrayContaining([manager.id, tech.id]),
            actor_id: manager.id,
            entity_type: 'project',
            entity_id: project.id,
            data: { project_name: 'Website relaunch', old_status: 'planning', new_status: 'active' },
          },
        },
      ]);
      // The notifications lib stores one per member, never for the actor (the manager who changed it).
      const query = { entity_id: new Types.ObjectId(project.id), type: 'project_status_changed' };
      const stored = await t.connection.collection('notifications').find(query).toArray();
      expect(stored.map((n) => ({ user_id: String(n.user_id), title: n.title }))).toEqual([{ user_id: tech.id, title: 'Website relaunch is now active' }]);
      expect((await t.patch(`/projects/${project.id}`, { status: 'completed' }, admin)).status).toBe(200);
      const reopen = await t.patch(`/projects/${project.id}`, { status: 'active' }, admin);
      expect(reopen.status).toBe(409);
      expect(reopen.body.message).toMatch(/completed is final/);
      expect(reopen.body.details[0].allowed).toEqual([]);
    });
  });

  describe('team', () => {
    it('adds and removes members; a member with open tasks cannot be removed', async () => {
      const project = await createProject();
      const support = await t.createUser('support');
      const added = await t.post(`/projects/${project.id}/team`, { user_id: support.id }, manager.token);
      expect(added.status).toBe(200);
      expect(added.body.team_member_ids).toEqual([support.id]);
      expect((await t.post(`/projects/${project.id}/team`, { user_id: new Types.ObjectId().toHexString() }, admin)).status).toBe(400);

      const task = await t.post(`/projects/${project.id}/tasks`, { title: 'Wireframes', tech_employee_id: tech.id }, admin);
      expect(task.status).toBe(201);
      const blocked = await t.delete(`/projects/${project.id}/team/${tech.id}`, admin);
      expect(blocked.status).toBe(409);
      expect(blocked.body.message).toMatch(/1 open task/);

      const removed = await t.delete(`/projects/${project.id}/team/${support.id}`, admin);
      expect(removed.status).toBe(200);
      expect(removed.body.team_member_ids).toEqual([tech.id]);
      expect((await t.get(`/projects/${project.id}`, support.token)).status).toBe(404);
    });
  });

  describe('lists', () => {
    it('filters, populates customer, manager and team, and computes progress from tasks', async () => {
      const otherCustomer = await createCustomer('Globex');
      const project = await createProject({ customer_id: otherCustomer, team_member_ids: [tech.id], priority: 'high' });
      for (const status of ['done', 'done', 'todo', 'in_progress']) {
        expect((await t.post(`/projects/${project.id}/tasks`, { title: `Task ${status}`, status }, admin)).status).toBe(201);
      }
      const list = await t.get(`/projects?customer_id=${otherCustomer}&priority=high&populate=customer,manager,team`, admin);
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(1);
      expect(list.body.data[0]).toMatchObject({
        id: project.id,
        progress: 50,
        tasks_total: 4,
        tasks_done: 2,
        customer: { id: otherCustomer, name: 'Globex', company_name: 'Globex Ltd' },
        manager: { id: manager.id, role: 'manager' },
        team: [{ id: tech.id, role: 'tech' }],
      });
      expect(list.body.data[0].manager).not.toHaveProperty('password_hash');
      expect((await t.get('/projects?populate=owner', admin)).status).toBe(400);
      expect((await t.get(`/projects?user_id=${manager.id}&status=planning&billing_type=fixed`, admin)).body.total).toBeGreaterThan(0);
    });

    it('a page of projects with ?populate=customer,manager costs the same number of DB commands for 5 or 50 projects', async () => {
      const monitor = t.app.get(DatabaseCommandMonitor);
      const commandsFor = async (count: number) => {
        const customer = await createCustomer(`Bulk ${count}`);
        const now = new Date();
        const { insertedIds } = await t.connection.collection('projects').insertMany(
          Array.from({ length: count }, (_, i) => ({
            name: `Bulk ${i}`,
            description: null,
            customer_id: new Types.ObjectId(customer),
            user_id: new Types.ObjectId(manager.id),
            team_member_ids: [new Types.ObjectId(tech.id)],
            status: 'active',
            priority: 'medium',
            start_date: null,
            end_date: null,
            budget: 1000,
            amount_paid: 0,
            currency: 'USD',
            billing_type: 'fixed',
            recurring_plan: null,
            billing_history: [],
            created_at: now,
            updated_at: now,
          })),
        );
        await t.connection.collection('tasks').insertOne({ project_id: insertedIds[0], title: 'x', status: 'done', time_entries: [], total_minutes: 0 });
        const commands: string[] = [];
        const unsubscribe = monitor.subscribe((c) => commands.push(`${c.commandName} ${c.collection}`));
        const response = await t.get(`/projects?customer_id=${customer}&limit=${count}&populate=customer,manager`, tech.token);
        unsubscribe();
        expect(response.status).toBe(200);
        expect(response.body.data).toHaveLength(count);
        expect(response.body.data.find((p: { id: string }) => p.id === insertedIds[0].toHexString())).toMatchObject({ progress: 100 });
        expect(response.body.data[count - 1].customer.name).toBe(`Bulk ${count}`);
        return commands.sort();
      };
      const fifty = await commandsFor(50);
      // auth user lookup + page + count + customers + managers + progress aggregation
      expect(fifty).toEqual(['aggregate projects', 'aggregate tasks', 'find customers', 'find projects', 'find users', 'find users']);
      expect(await commandsFor(5)).toEqual(fifty);
    });
  });

  describe('recurring billing', () => {
    it('billing the same period twice bills once, advances next_billing_date and notifies the manager once', async () => {
      const project = await createProject({
        billing_type: 'recurring',
        currency: 'USD',
        recurring_plan: { interval: 'monthly', amount: 750, next_billing_date: inDays(1) },
      });
      await t.patch(`/projects/${project.id}`, { status: 'active' }, admin);
      const periodStart = new Date('2026-01-31T09:00:00.000Z');
      await t.connection.collection('projects').updateOne({ _id: new Types.ObjectId(project.id) }, { $set: { 'recurring_plan.next_billing_date': periodStart, 'recurring_plan.anchor_day': 31 } });

      const billing = t.app.get(ProjectBillingService);
      const now = new Date('2026-02-01T00:00:00Z');
      events.length = 0;
      const [first, second] = [await billing.billPeriod(project.id, now), await billing.billPeriod(project.id, now)];
      expect(first).toMatchObject({ billed: true });
      expect(second).toEqual({ billed: false, reason: 'not_due' });
      const [a, b] = await Promise.all([billing.billPeriod(project.id, new Date('2026-03-01T00:00:00Z')), billing.billPeriod(project.id, new Date('2026-03-01T00:00:00Z'))]);
      expect([a.billed, b.billed].filter(Boolean)).toHaveLength(1);

      const stored = (await t.get(`/projects/${project.id}`, admin)).body;
      expect(stored.billing_history).toEqual([
        { period_start: '2026-01-31T09:00:00.000Z', period_end: '2026-02-28T09:00:00.000Z', amount: 750, currency: 'USD', billed_at: now.toISOString() },
        { period_start: '2026-02-28T09:00:00.000Z', period_end: '2026-03-31T09:00:00.000Z', amount: 750, currency: 'USD', billed_at: '2026-03-01T00:00:00.000Z' },
      ]);
      expect(stored.recurring_plan.next_billing_date).toBe('2026-03-31T09:00:00.000Z');
      expect(events.filter((e) => e.name === DomainEvent.ProjectBilled)).toHaveLength(2);
      expect(events[0].payload).toMatchObject({
        recipient_ids: [manager.id],
        entity_type: 'project',
        entity_id: project.id,
        data: { project_name: 'Website relaunch', amount: 750, currency: 'USD', period: '2026-01-31 – 2026-02-28' },
      });
    });

    it('billDueProjects bills one period per project per run; an admin catch-up back-fills the rest', async () => {
      const plan = { interval: 'weekly', amount: 100, next_billing_date: inDays(1) };
      const active = await createProject({ billing_type: 'recurring', recurring_plan: plan, status: 'active' });
      const paused = await createProject({ billing_type: 'recurring', recurring_plan: plan, status: 'active' });
      await t.patch(`/projects/${paused.id}`, { status: 'on_hold' }, admin);
      const start = new Date('2025-06-01T00:00:00Z');
      await t.connection.collection('projects').updateMany({ _id: { $in: [active.id, paused.id].map((id) => new Types.ObjectId(id)) } }, { $set: { 'recurring_plan.next_billing_date': start } });

      const billing = t.app.get(ProjectBillingService);
      const result = await billing.billDueProjects(new Date('2025-06-20T00:00:00Z'));
      expect(result).toMatchObject({ periods_billed: 1, failed: [] });
      let stored = (await t.get(`/projects/${active.id}`, admin)).body;
      expect(stored.billing_history.map((r: { period_start: string }) => r.period_start)).toEqual(['2025-06-01T00:00:00.000Z']);
      expect(stored.recurring_plan.next_billing_date).toBe('2025-06-08T00:00:00.000Z');

      const caughtUp = await billing.catchUp(active.id, new Date('2025-06-20T00:00:00Z'));
      expect(caughtUp).toMatchObject({ periods_billed: 2, next_billing_date: new Date('2025-06-22T00:00:00Z'), still_due: false });
      stored = (await t.get(`/projects/${active.id}`, admin)).body;
      expect(stored.billing_history.map((r: { period_start: string }) => r.period_start)).toEqual(['2025-06-01T00:00:00.000Z', '2025-06-08T00:00:00.000Z', '2025-06-15T00:00:00.000Z']);
      expect((await t.get(`/projects/${paused.id}`, admin)).body.billing_history).toEqual([]);
      await expect(billing.catchUp(paused.id)).rejects.toMatchObject({ status: 409 });
    });
  });

  describe('delete', () => {
    it('deletes a project with its goals, tasks and services; refuses one with billed periods', async () => {
      const project = await createProject({ team_member_ids: [tech.id] });
      const goal = await t.post(`/projects/${project.id}/goals`, { title: 'Launch' }, admin);
      const task = await t.post(`/projects/${project.id}/tasks`, { title: 'Deploy', goal_id: goal.body.id }, admin);
      expect((await t.post(`/projects/${project.id}/services`, { name: 'Hosting', category: 'hosting', price: 20 }, admin)).status).toBe(201);
      expect((await t.delete(`/projects/${project.id}`, tech.token)).status).toBe(403);
      expect((await t.delete(`/projects/${project.id}`, admin)).status).toBe(204);
      expect((await t.get(`/projects/${project.id}`, admin)).status).toBe(404);
      expect(await t.connection.collection('tasks').countDocuments({ _id: new Types.ObjectId(task.body.id) })).toBe(0);
      expect(await t.connection.collection('goals').countDocuments({ project_id: new Types.ObjectId(project.id) })).toBe(0);
      expect(await t.connection.collection('project_services').countDocuments({ project_id: new Types.ObjectId(project.id) })).toBe(0);

      const billed = await t.connection.collection('projects').findOne({ 'billing_history.0': { $exists: true } });
      const refused = await t.delete(`/projects/${billed!._id.toHexString()}`, admin);
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/cancelled instead/);
    });
  });

  describe('project services', () => {
    it('admins and managers manage services; team members read them; outsiders get 404', async () => {
      const project = await createProject({ team_member_ids: [tech.id] });
      const created = await t.post(`/projects/${project.id}/services`, { name: 'SEO audit', category: 'seo', price: 1200, billing_cycle: 'monthly' }, manager.token);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ project_id: project.id, name: 'SEO audit', category: 'seo', price: 1200, billing_cycle: 'monthly', status: 'active' });
      expect((await t.post(`/projects/${project.id}/services`, { name: 'x', category: 'astrology', price: 1 }, admin)).status).toBe(400);
      expect((await t.post(`/projects/${project.id}/services`, { name: 'x', category: 'seo', price: 1 }, tech.token)).status).toBe(403);

      expect((await t.get(`/projects/${project.id}/services`, tech.token)).body.data).toHaveLength(1);
      expect((await t.get(`/projects/${project.id}/services`, outsider.token)).status).toBe(404);
      expect((await t.get(`/projects/${project.id}/services/${created.body.id}`, outsider.token)).status).toBe(404);

      const paused = await t.patch(`/projects/${project.id}/services/${created.body.id}`, { status: 'paused' }, admin);
      expect(paused.body.status).toBe('paused');
      expect((await t.get(`/projects/${project.id}/services?status=paused`, admin)).body.total).toBe(1);
      expect((await t.delete(`/projects/${project.id}/services/${created.body.id}`, admin)).status).toBe(204);
      expect((await t.get(`/projects/${project.id}/services/${created.body.id}`, admin)).status).toBe(404);
    });
  });

  describe('database round trips', () => {
    // Pinned per endpoint: a per-row lookup (N+1) would show up as a repeated command.
    let projectId: string;
    let serviceId: string;
    beforeAll(async () => {
      const support = await t.createUser('support');
      projectId = (await createProject({ team_member_ids: [tech.id, support.id] })).id;
      await t.post(`/projects/${projectId}/tasks`, { title: 'One' }, admin);
      for (const name of ['Hosting', 'SEO', 'Design']) {
        serviceId = (await t.post(`/projects/${projectId}/services`, { name, category: 'other', price: 10 }, admin)).body.id;
      }
    });

    it.each([
      ['GET /projects (team member)', () => '/projects?limit=100', ['find projects', 'aggregate projects', 'aggregate tasks', 'find users']],
      ['GET /projects?populate=customer,manager,team', () => '/projects?limit=100&populate=customer,manager,team', ['find projects', 'aggregate projects', 'aggregate tasks', 'find customers', 'find users', 'find users', 'find users']],
      ['GET /projects/:id', () => `/projects/${projectId}`, ['find projects', 'aggregate tasks', 'find users']],
      // The list helper's batched population serves one row too; it counts as it does for a page.
      ['GET /projects/:id?populate=customer,manager,team', () => `/projects/${projectId}?populate=customer,manager,team`, ['find projects', 'aggregate tasks', 'find customers', 'find users', 'find users', 'find users']],
      ['GET /projects/:id/services', () => `/projects/${projectId}/services?limit=100`, ['find projects', 'find project_services', 'aggregate project_services', 'find users']],
      ['GET /projects/:id/services/:serviceId', () => `/projects/${projectId}/services/${serviceId}`, ['find projects', 'find project_services', 'find users']],
    ])('%s', async (_name, url, expected) => {
      const { response, commands } = await t.withCommands(() => t.get(url(), tech.token));
      expect(response.status).toBe(200);
      expect(commands).toEqual([...expected].sort());
    });
  });
});
