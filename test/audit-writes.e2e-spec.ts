import { randomUUID } from 'crypto';
import { Types } from 'mongoose';
import { JobName, JobRunner } from '@app/ops';
import { runCli } from './ops/support/ops-harness';
import { TestApp } from './support/test-app';

jest.setTimeout(180_000);

interface LogDoc {
  action: string;
  entity_type: string;
  entity_id: Types.ObjectId | null;
  user_id: Types.ObjectId | null;
  actor: string | null;
  request_id: string | null;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
  changed_fields: string[];
  metadata: Record<string, unknown>;
}

/** The persistence-layer audit path: every write is recorded, whoever makes it, with the write's own states. */
describe('Audit trail of every write (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  const logs = (filter: Record<string, unknown>) => t.connection.collection<LogDoc>('activity_logs').find(filter).sort({ created_at: 1, _id: 1 }).toArray();

  beforeAll(async () => {
    t = await TestApp.start({ ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}` });
    admin = await t.adminToken();
    adminId = (await t.get('/auth/me', admin)).body.id;
  });
  afterAll(async () => {
    await t.stop();
  });

  async function wonLead(): Promise<string> {
    const created = await t.post('/leads', { first_name: 'Audra', last_name: 'Trail', company_name: 'Trail Co', email: 'audra@trail.example' }, admin);
    expect(created.status).toBe(201);
    for (const status of ['contacted', 'qualified', 'proposal', 'negotiation', 'won']) expect((await t.patch(`/leads/${created.body.id}`, { status }, admin)).status).toBe(200);
    return created.body.id;
  }

  it('a lead conversion records the lead update, the customer create and the project create under one request id', async () => {
    const leadId = await wonLead();
    const requestId = randomUUID();
    const converted = await t.request('POST', `/leads/${leadId}/convert`, { token: admin, body: { project: { name: 'Trail launch', budget: 1000 } }, headers: { 'x-request-id': requestId } });
    expect(converted.status).toBe(200);
    const records = await logs({ request_id: requestId });
    const summary = records.map((r) => `${r.action} ${r.entity_type} ${String(r.entity_id)}`);
    expect(summary).toEqual(
      expect.arrayContaining([`update lead ${leadId}`, `create customer ${converted.body.customer.id}`, `create project ${converted.body.project.id}`]),
    );
    expect(records.every((r) => r.actor === `user:${adminId}` && String(r.user_id) === adminId)).toBe(true);
    const stamp = records.find((r) => r.entity_type === 'lead' && r.changed_fields.includes('converted_at'))!;
    expect(stamp.before).toMatchObject({ converted_at: null, status: 'won' });
    expect(stamp.after).toMatchObject({ converted_customer_id: converted.body.customer.id, converted_project_id: converted.body.project.id });
    const project = records.find((r) => r.entity_type === 'project')!;
    expect(project.before).toBeNull();
    expect(project.after).toMatchObject({ name: 'Trail launch', budget: 1000 });
  });

  it('a job run is recorded as the system, with the job named', async () => {
    const customer = await t.post('/customers', { name: 'Purge Ltd' }, admin);
    const card = await t.post(
      `/customers/${customer.body.id}/charge-details`,
      { card_holder: 'Ada Lovelace', card_number: '4111111111111111', cvv: '123', expiry_month: 12, expiry_year: new Date().getUTCFullYear() + 1, billing_address: { line1: '1 Way', city: 'London', country: 'gb' } },
      admin,
    );
    expect(card.status).toBe(201);
    await t.connection.collection('customer_charge_details').updateOne({ _id: new Types.ObjectId(card.body.id) }, { $set: { cvv_stored_at: new Date('2000-01-01') } });

    const outcome = await t.app.get(JobRunner, { strict: false }).run(JobName.CvvPurge);
    expect(outcome.status).toBe('completed');
    const [record] = await logs({ entity_id: new Types.ObjectId(card.body.id), actor: 'system' });
    expect(record).toMatchObject({ action: 'update', user_id: null, metadata: { job: JobName.CvvPurge } });
    expect(record.changed_fields).toEqual(expect.arrayContaining(['cvv_stored_at']));
    expect(JSON.stringify(record)).not.toMatch(/enc:v1:|"cvv":"\d/);
  });

  it('two concurrent PATCHes of one lead: each record is one step of the state sequence', async () => {
    const created = await t.post('/leads', { first_name: 'Race', company_name: 'Race Co', estimated_value: 1 }, admin);
    const id: string = created.body.id;
    const [first, second] = [randomUUID(), randomUUID()];
    const responses = await Promise.all([
      t.request('PATCH', `/leads/${id}`, { token: admin, body: { estimated_value: 2, notes: 'first' }, headers: { 'x-request-id': first } }),
      t.request('PATCH', `/leads/${id}`, { token: admin, body: { estimated_value: 3, company_name: 'Second Co' }, headers: { 'x-request-id': second } }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const updates = await logs({ entity_id: new Types.ObjectId(id), action: 'update' });
    expect(updates.map((r) => r.request_id).sort()).toEqual([first, second].sort());
    // Whichever ran first: its after is the other's before, and the last after is the stored lead.
    const [a, b] = String(updates[0].after?.updated_at) === String(updates[1].before?.updated_at) ? updates : [updates[1], updates[0]];
    expect(a.before).toMatchObject({ estimated_value: 1 });
    expect(b.before).toEqual(a.after);
    const stored = await t.connection.collection('leads').findOne({ _id: new Types.ObjectId(id) });
    expect(b.after?.estimated_value).toBe(stored?.estimated_value);
    expect(b.after?.updated_at).toEqual(stored?.updated_at);
    expect(a.changed_fields).toEqual(a.request_id === first ? ['estimated_value', 'notes'] : ['company_name', 'estimated_value']);
    expect(b.changed_fields).toEqual(b.request_id === first ? ['estimated_value', 'notes'] : ['company_name', 'estimated_value']);
  });

  it('a CLI command that writes is recorded as cli:<command>', async () => {
    const dbName = `cli_audit_${randomUUID().slice(0, 8)}`;
    const result = await runCli(['db:seed', '--size', 'small'], { MONGODB_DB_NAME: dbName, ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, FILE_STORAGE_ROOT: `./data/test-storage/${dbName}` });
    expect(result.code).toBe(0);
    const db = t.connection.getClient().db(dbName);
    try {
      const records = await db.collection<LogDoc>('activity_logs').find({ action: 'create' }).limit(50).toArray();
      expect(records.length).toBeGreaterThan(0);
      expect(new Set(records.map((r) => r.actor))).toEqual(new Set(['cli:db:seed']));
      expect(new Set(records.map((r) => r.request_id)).size).toBe(1);
    } finally {
      await db.dropDatabase();
    }
  });
});
