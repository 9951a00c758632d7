import { ObjectId } from 'mongodb';
import { JobName, JobRunner } from '@app/ops';
import { LiveServer } from '../support/live-server';
import { OpsHarness } from '../ops/support/ops-harness';

type User = Awaited<ReturnType<LiveServer['createUser']>>;

// Ids are read back from the database, not from response bodies: the spawned server runs without
// the swagger CLI plugin, so response DTOs serialize to {} there (see the report of issue 12 item 7).

const DAY = 86400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
const PIPELINE = ['new', 'contacted', 'qualified', 'proposal', 'negotiation'];

/**
 * Issue 12 item 7, over a real listening server: the rules of POST /projects hold on lead
 * conversion too, no plan starts in the past, billing never back-fills on its own, and the
 * audit trail is read under each entity's own visibility without storage keys.
 */
describe('Business rules on every path (live server)', () => {
  let server: LiveServer;
  let admin: string;
  let manager: User;
  let northManager: User;
  let southManager: User;
  let southSales: User;

  async function idOf(collection: string, filter: Record<string, unknown>): Promise<string> {
    const row = await (await server.db()).collection(collection).findOne(filter, { projection: { _id: 1 } });
    if (!row) throw new Error(`no ${collection} matching ${JSON.stringify(filter)}`);
    return row._id.toHexString();
  }

  async function user(role: string, overrides: Record<string, unknown> = {}): Promise<User> {
    const created = await server.createUser(role, overrides);
    return { ...created, id: await idOf('users', { email: created.email }) };
  }

  let customers = 0;
  async function createCustomer(): Promise<string> {
    const email = `acme.${++customers}@example.com`;
    const response = await server.post('/customers', { name: 'Acme', email }, admin);
    if (response.status !== 201) throw new Error(`create customer: ${response.status} ${response.raw}`);
    return idOf('customers', { email });
  }

  async function createProject(body: Record<string, unknown>): Promise<string> {
    const response = await server.post('/projects', body, admin);
    if (response.status !== 201) throw new Error(`create project: ${response.status} ${response.raw}`);
    return idOf('projects', { name: body.name });
  }

  /** A lead of `agent`, walked up to negotiation (convertible). */
  async function negotiatingLead(agent: User, name = 'Nora'): Promise<string> {
    const created = await server.post('/leads', { first_name: name, last_name: 'Lead', company_name: `${name} Co` }, agent.token);
    if (created.status !== 201) throw new Error(`create lead: ${created.status} ${created.raw}`);
    const id = await idOf('leads', { first_name: name });
    for (const status of PIPELINE.slice(1)) {
      const moved = await server.patch(`/leads/${id}`, { status }, agent.token);
      if (moved.status !== 200) throw new Error(`lead → ${status}: ${moved.status} ${moved.raw}`);
    }
    return id;
  }

  beforeAll(async () => {
    server = await LiveServer.start();
    admin = await server.adminToken();
    manager = await user('manager');
    northManager = await user('manager', { department: 'north' });
    southManager = await user('manager', { department: 'south' });
    southSales = await user('sales', { department: 'south' });
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  describe('lead conversion applies the rules of POST /projects', () => {
    it('a sales conversion carrying money fields is refused exactly as POST /projects refuses it, and nothing is written', async () => {
      const db = await server.db();
      const leadId = await negotiatingLead(southSales, 'Monty');
      const money = {
        name: 'Gold plated',
        user_id: manager.id,
        amount_paid: 500000000,
        billing_type: 'recurring',
        recurring_plan: { interval: 'monthly', amount: 1000000000, next_billing_date: inDays(1) },
      };
      const direct = await server.post('/projects', { ...money, customer_id: await createCustomer() }, southSales.token);
      const converted = await server.post(`/leads/${leadId}/convert`, { project: money }, southSales.token);

      expect(direct.status).toBe(403);
      expect(converted.status).toBe(direct.status);
      expect(converted.body.message).toBe(direct.body.message);
      expect(converted.body).toMatchObject({
        statusCode: 403,
        error: 'Forbidden',
        message: 'This action requires one of the roles: admin, manager',
        details: [
          { field: 'project.amount_paid', message: expect.stringContaining('only admin, manager may set it') },
          { field: 'project.billing_type', message: expect.any(String) },
          { field: 'project.recurring_plan', message: expect.any(String) },
        ],
      });
      // Each money field alone is refused too (budget, currency included).
      for (const field of [{ budget: 1 }, { currency: 'EUR' }, { amount_paid: 1 }]) {
        expect((await server.post(`/leads/${leadId}/convert`, { project: { name: 'P', user_id: manager.id, ...field } }, southSales.token)).status).toBe(403);
      }

      // Nothing written: no customer from the lead, no project, the lead untouched.
      expect(await db.collection('customers').countDocuments({ lead_id: new ObjectId(leadId) })).toBe(0);
      expect(await db.collection('projects').countDocuments({ name: { $in: ['Gold plated', 'P'] } })).toBe(0);
      const lead = await db.collection('leads').findOne({ _id: new ObjectId(leadId) });
      expect(lead).toMatchObject({ status: 'negotiation', converted_at: null });
      expect(lead).not.toHaveProperty('pending_project_id');

      // Without money fields the same sales user converts, naming the manager (the feature stays).
      const plain = await server.post(`/leads/${leadId}/convert`, { project: { name: 'Plain', user_id: manager.id } }, southSales.token);
      expect(plain.status).toBe(200);
      expect(await db.collection('projects').findOne({ name: 'Plain' })).toMatchObject({ user_id: new ObjectId(manager.id), budget: 0, amount_paid: 0, billing_type: 'fixed', recurring_plan: null });
      expect(await db.collection('leads').findOne({ _id: new ObjectId(leadId) })).toMatchObject({ status: 'won', converted_project_id: expect.any(ObjectId) });
    });

    it('a manager converting may set money fields (the roles POST /projects admits)', async () => {
      const leadId = await negotiatingLead(southSales, 'Maxi');
      const response = await server.post(`/leads/${leadId}/convert`, { project: { name: 'Managed', budget: 9000, amount_paid: 1000, currency: 'USD' } }, manager.token);
      expect(response.status).toBe(200);
      expect(await (await server.db()).collection('projects').findOne({ name: 'Managed' })).toMatchObject({ budget: 9000, amount_paid: 1000, user_id: new ObjectId(manager.id) });
    });
  });

  describe('a recurring plan never starts in the past', () => {
    const pastPlan = { interval: 'monthly', amount: 100, next_billing_date: inDays(-730) };

    it('POST /projects, PATCH /projects/:id and lead conversion answer 400 naming recurring_plan.next_billing_date', async () => {
      const customerId = await createCustomer();
      const created = await server.post('/projects', { name: 'Backdated', customer_id: customerId, billing_type: 'recurring', recurring_plan: pastPlan }, admin);
      expect(created.status).toBe(400);
      expect(created.body.details).toEqual([{ field: 'recurring_plan.next_billing_date', message: expect.stringMatching(/^must not be in the past \(got \d{4}-\d{2}-\d{2}, today is \d{4}-\d{2}-\d{2}\)/) }]);

      const ok = await createProject({ name: 'Current', customer_id: customerId, billing_type: 'recurring', recurring_plan: { ...pastPlan, next_billing_date: inDays(3) } });
      const patched = await server.patch(`/projects/${ok}`, { recurring_plan: pastPlan }, admin);
      expect(patched.status).toBe(400);
      expect(patched.body.details[0].field).toBe('recurring_plan.next_billing_date');

      const leadId = await negotiatingLead(southSales, 'Paula');
      const converted = await server.post(`/leads/${leadId}/convert`, { project: { name: 'Backdated', billing_type: 'recurring', recurring_plan: pastPlan } }, manager.token);
      expect(converted.status).toBe(400);
      expect(converted.body.details).toEqual([{ field: 'project.recurring_plan.next_billing_date', message: expect.stringContaining('must not be in the past') }]);
      expect(converted.body.message).toBe(created.body.message);
      expect(await (await server.db()).collection('customers').countDocuments({ lead_id: new ObjectId(leadId) })).toBe(0);
      expect(await (await server.db()).collection('projects').countDocuments({ name: 'Backdated' })).toBe(0);
    });
  });

  describe('billing back-fills only on an explicit admin action', () => {
    let ops: OpsHarness;

    beforeAll(async () => {
      // The job in-process (as the scheduler runs it), on the live server's own database.
      ops = await OpsHarness.start({}, server.dbName);
    }, 120_000);
    afterAll(async () => {
      await ops?.stop({ drop: false });
    });

    it('a plan 24 periods behind is billed one period per run; POST /projects/:id/billing/catch-up (admin) back-fills', async () => {
      const db = await server.db();
      const customerId = await createCustomer();
      const projectId = await createProject({
        name: 'Far behind',
        customer_id: customerId,
        status: 'active',
        currency: 'GBP',
        billing_type: 'recurring',
        recurring_plan: { interval: 'monthly', amount: 1000, next_billing_date: inDays(1) },
      });
      // 24 monthly periods behind (what a backdated plan used to be allowed to do).
      const now = new Date();
      const start = new Date(Date.UTC(now.getUTCFullYear() - 2, now.getUTCMonth(), 1));
      await db.collection('projects').updateOne({ _id: new ObjectId(projectId) }, { $set: { 'recurring_plan.next_billing_date': start, 'recurring_plan.anchor_day': 1 } });
      const history = async () => (await db.collection('projects').findOne({ _id: new ObjectId(projectId) }))!.billing_history as { amount: number }[];
      const billedGbp = async () => (await history()).reduce((sum, record) => sum + record.amount, 0);

      const runner = ops.get(JobRunner);
      const first = await runner.run(JobName.RecurringBilling, now);
      expect(first).toMatchObject({ status: 'completed', result: { periods_billed: 1, failed: [] } });
      expect(await history()).toHaveLength(1);
      const stored = await db.collection('projects').findOne({ _id: new ObjectId(projectId) });
      expect(stored!.recurring_plan.next_billing_date).toEqual(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)));
      expect(await billedGbp()).toBe(1000);

      expect(await runner.run(JobName.RecurringBilling, now)).toMatchObject({ status: 'completed', result: { periods_billed: 1 } });
      expect(await billedGbp()).toBe(2000);

      // Back-filling is an admin's explicit act, bounded per call (BILLING_CATCH_UP_MAX_PERIODS = 12), and audited.
      expect((await server.post(`/projects/${projectId}/billing/catch-up`, {}, manager.token)).status).toBe(403);
      const catchUp = await server.post(`/projects/${projectId}/billing/catch-up`, {}, admin);
      expect(catchUp.status).toBe(200);
      expect(await history()).toHaveLength(14);
      expect(await billedGbp()).toBe(14000);
      expect(await db.collection('activity_logs').countDocuments({ entity_type: 'project', entity_id: new ObjectId(projectId), action: 'update', changed_fields: 'billing_history' })).toBe(14); // every billed period is one recorded write: the job's as system, the catch-up's as the admin
      const fixed = await createProject({ name: 'Fixed', customer_id: customerId });
      expect((await server.post(`/projects/${fixed}/billing/catch-up`, {}, admin)).status).toBe(409);
    });
  });

  describe('the audit trail follows the entity visibility', () => {
    it("a department manager who gets 404 for a lead gets 404 and no records from the activity logs; the lead's own department manager and admins see them", async () => {
      const leadId = await negotiatingLead(southSales, 'Hidden');
      const timeline = `/activity-logs/entity/lead/${leadId}`;
      const filtered = `/activity-logs?entity_type=lead&entity_id=${leadId}`;

      expect((await server.get(`/leads/${leadId}`, northManager.token)).status).toBe(404);
      const hiddenTimeline = await server.get(timeline, northManager.token);
      expect(hiddenTimeline.status).toBe(404);
      expect(hiddenTimeline.body).toMatchObject({ statusCode: 404, message: 'Lead not found', details: [] });
      expect((await server.get(filtered, northManager.token)).status).toBe(404);
      // Named by id alone, or listed by type, or not filtered at all: never a record of it.
      const byId = await server.get(`/activity-logs?entity_id=${leadId}`, northManager.token);
      expect(byId.status).toBe(200);
      expect(byId.body.total).toBe(0);
      const leadRecords = await (await server.db()).collection('activity_logs').countDocuments({ entity_type: 'lead' });
      expect(leadRecords).toBeGreaterThanOrEqual(PIPELINE.length);
      expect((await server.get('/activity-logs?entity_type=lead', northManager.token)).body.total).toBe(0);
      expect((await server.get('/activity-logs?entity_type=lead', admin)).body.total).toBe(leadRecords);
      const everything = (await server.get('/activity-logs', admin)).body.total;
      expect((await server.get('/activity-logs', northManager.token)).body.total).toBe(everything - leadRecords);

      // Whoever sees the lead sees its whole history (at least its four status moves).
      const ofLead = () => server.db().then((db) => db.collection('activity_logs').countDocuments({ entity_type: 'lead', entity_id: new ObjectId(leadId) }));
      const recorded = await ofLead();
      expect(recorded).toBeGreaterThanOrEqual(PIPELINE.length - 1);
      for (const token of [southManager.token, manager.token, admin]) {
        expect((await server.get(`/leads/${leadId}`, token)).status).toBe(200);
        const visible = await server.get(timeline, token);
        expect(visible.status).toBe(200);
        expect(visible.body.total).toBe(recorded);
        expect((await server.get(filtered, token)).body.total).toBe(recorded);
        expect((await server.get(`/activity-logs?entity_id=${leadId}`, token)).body.total).toBe(recorded);
      }
      // A soft-deleted lead keeps its history for those who may see it.
      expect((await server.delete(`/leads/${leadId}`, admin)).status).toBe(204);
      expect((await server.get(timeline, southManager.token)).body.total).toBe(recorded + 1);
      expect((await server.get(timeline, northManager.token)).status).toBe(404);
    });

    it('an uploaded, downloaded and deleted file leaves no storage_key in any audit record', async () => {
      const db = await server.db();
      const projectId = await createProject({ name: 'Files', customer_id: await createCustomer() });
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('%PDF-1.4 quarterly report\n')]), 'report.pdf');
      const uploaded = await server.request('POST', `/projects/${projectId}/files`, { token: admin, payload: form });
      expect(uploaded.status).toBe(201);
      const stored = await db.collection('files').findOne({ project_id: new ObjectId(projectId) });
      const fileId = stored!._id.toHexString();
      const storageKey = String(stored!.storage_key);
      expect(storageKey).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{64}$/);
      expect((await server.get(`/files/${fileId}/download`, admin)).status).toBe(200);
      expect((await server.delete(`/files/${fileId}`, admin)).status).toBe(204);

      const records = await db.collection('activity_logs').find({ entity_type: 'file', entity_id: new ObjectId(fileId) }).toArray();
      // The delete record's `before` is the stored document (storage_key included) before sanitising.
      expect(records.map((record) => record.action)).toEqual(expect.arrayContaining(['read', 'delete']));
      expect(records.find((record) => record.action === 'delete')!.before).toMatchObject({ original_name: 'report.pdf', sha256: expect.any(String) });
      const raw = JSON.stringify(records);
      expect(raw).not.toMatch(/storage_key/i);
      expect(raw).not.toContain(storageKey.split('/')[1]);
      // And over the API.
      const api = await server.get(`/activity-logs/entity/file/${fileId}`, admin);
      expect(api.status).toBe(200);
      expect(api.body.total).toBe(records.length);
      expect(api.raw).not.toMatch(/storage_key/i);
    });
  });
});
