import { rmSync } from 'fs';
import { ObjectId } from 'mongodb';
import { resolve } from 'path';
import { LiveResponse, LiveServer } from '../support/live-server';

/**
 * Billing's exactly-once rules under bursts over a real listening server: overlapping drafts at
 * once bill every time entry exactly once, 20 invoices issued at once get 20 distinct consecutive
 * numbers, and 20 payments at once never pay more than is due. State is read from the database.
 */
const BURST = 20;
const DAY = 24 * 3600 * 1000;
const STORAGE_ROOT = `./data/test-storage/billing-races-${process.pid}`;

const daysAgo = (days: number, hour = 9) => {
  const date = new Date(Date.now() - days * DAY);
  date.setUTCHours(hour, 0, 0, 0);
  return date;
};
const statuses = (responses: LiveResponse[]) => responses.map((r) => r.status).sort();

describe('Billing races: each item billed once, numbers gapless, no overpayment (real server)', () => {
  let server: LiveServer;
  let admin: string;
  let projectId: string;

  const expectOk = (response: LiveResponse, status: number) => {
    if (response.status !== status) throw new Error(`${status} expected, got ${response.status}: ${JSON.stringify(response.body)}`);
  };

  async function draftManual(unitPrice: number): Promise<string> {
    const response = await server.request('POST', `/projects/${projectId}/invoices`, {
      token: admin,
      body: { from: daysAgo(500, 0).toISOString(), to: daysAgo(499, 0).toISOString(), lines: [{ description: 'Retainer', quantity: 1, unit_price: unitPrice }] },
    });
    expectOk(response, 201);
    const db = await server.db();
    const latest = await db.collection('invoices').find({ project_id: new ObjectId(projectId), status: 'draft', total: unitPrice }).sort({ _id: -1 }).limit(1).next();
    return latest!._id.toHexString();
  }

  // The first live suite of a worktree rebuilds dist (about a minute, more on a loaded machine).
  beforeAll(async () => {
    server = await LiveServer.start({ RATE_LIMIT_GLOBAL_PER_MINUTE: '100000', FILE_STORAGE_ROOT: STORAGE_ROOT });
    admin = await server.adminToken();
    const db = await server.db();
    const customer = await server.request('POST', '/customers', { token: admin, body: { name: 'Race Buyer' } });
    expectOk(customer, 201);
    const customerId = (await db.collection('customers').findOne({ name: 'Race Buyer' }))!._id.toHexString();
    const me = (await db.collection('users').findOne({ role: 'admin' }))!._id.toHexString();
    expectOk(await server.request('POST', '/projects', { token: admin, body: { name: 'Race project', customer_id: customerId, user_id: me, status: 'active', hourly_rate: 6000 } }), 201);
    projectId = (await db.collection('projects').findOne({ name: 'Race project' }))!._id.toHexString();
    expectOk(await server.request('POST', `/projects/${projectId}/tasks`, { token: admin, body: { title: 'Race task' } }), 201);
    const taskId = (await db.collection('tasks').findOne({ title: 'Race task' }))!._id.toHexString();
    for (let day = 1; day <= BURST; day++) {
      const started = daysAgo(day);
      expectOk(await server.request('POST', `/tasks/${taskId}/time-entries`, { token: admin, body: { started_at: started.toISOString(), ended_at: new Date(started.getTime() + 30 * 60_000).toISOString() } }), 201);
    }
  }, 420_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(resolve(STORAGE_ROOT), { recursive: true, force: true });
  });

  it('overlapping drafts sent at once bill every time entry exactly once', async () => {
    // Ten windows, each overlapping its neighbours, together covering all twenty days.
    const windows = Array.from({ length: 10 }, (_, i) => ({ from: daysAgo(2 * i + 4, 0).toISOString(), to: daysAgo(2 * i - 1, 0).toISOString() }));
    const answers = await Promise.all(windows.map((body) => server.request('POST', `/projects/${projectId}/invoices`, { token: admin, body })));
    // A window whose entries were all claimed by its neighbours has nothing left: 409, and no invoice.
    for (const answer of answers) expect([201, 409]).toContain(answer.status);
    const db = await server.db();
    const invoices = await db.collection('invoices').find({ project_id: new ObjectId(projectId) }).toArray();
    expect(invoices).toHaveLength(answers.filter((a) => a.status === 201).length);
    expect(invoices.every((invoice) => invoice.status === 'draft')).toBe(true);
    const task = await db.collection('tasks').findOne({ title: 'Race task' });
    const entries = task!.time_entries as { _id: ObjectId; minutes: number; invoice_id: ObjectId | null }[];
    expect(entries.every((entry) => entry.invoice_id instanceof ObjectId)).toBe(true);
    // Every entry sits on exactly one invoice, and the invoices bill exactly the tracked minutes.
    const billedMinutes = invoices.flatMap((invoice) => invoice.lines as { minutes: number }[]).reduce((sum, line) => sum + line.minutes, 0);
    expect(billedMinutes).toBe(BURST * 30);
    const refs = invoices.flatMap((invoice) => (invoice.lines as { source_refs: string[] }[]).flatMap((line) => line.source_refs));
    expect(refs).toHaveLength(BURST);
    expect(new Set(refs).size).toBe(BURST);
    for (const invoice of invoices) {
      const own = entries.filter((entry) => entry.invoice_id!.equals(invoice._id));
      expect(invoice.subtotal).toBe(own.length * 3000); // 30 min × 60.00/h
    }
    // Deleting every draft at once releases every entry.
    const deletes = await Promise.all(invoices.map((invoice) => server.request('DELETE', `/invoices/${invoice._id.toHexString()}`, { token: admin })));
    expect(deletes.every((d) => d.status === 204)).toBe(true);
    const released = await db.collection('tasks').findOne({ title: 'Race task' });
    expect((released!.time_entries as { invoice_id: ObjectId | null }[]).every((entry) => entry.invoice_id === null)).toBe(true);
  }, 120_000);

  it('20 invoices issued at once get 20 distinct consecutive numbers; issuing one twice at once burns none', async () => {
    const ids: string[] = [];
    for (let i = 0; i < BURST; i++) ids.push(await draftManual(1000 + i));
    const answers = await Promise.all(ids.map((id) => server.request('POST', `/invoices/${id}/issue`, { token: admin, body: {} })));
    expect(statuses(answers)).toEqual(Array(BURST).fill(200));
    const db = await server.db();
    const issued = await db.collection('invoices').find({ _id: { $in: ids.map((id) => new ObjectId(id)) } }).toArray();
    const year = new Date().getUTCFullYear();
    const seqs = issued.map((invoice) => Number((invoice.number as string).slice(-6))).sort((a, b) => a - b);
    expect(issued.every((invoice) => (invoice.number as string).startsWith(`INV-${year}-`))).toBe(true);
    expect(seqs).toEqual(Array.from({ length: BURST }, (_, i) => seqs[0] + i));
    expect(seqs[0]).toBe(1);
    expect((await db.collection('billing_sequences').findOne({ _id: `INV-${year}` as never }))!.seq).toBe(BURST);

    const twice = await draftManual(5555);
    const same = await Promise.all(Array.from({ length: BURST }, () => server.request('POST', `/invoices/${twice}/issue`, { token: admin, body: {} })));
    expect(statuses(same)).toEqual([200, ...Array(BURST - 1).fill(409)]);
    expect((await db.collection('invoices').findOne({ _id: new ObjectId(twice) }))!.number).toBe(`INV-${year}-${String(BURST + 1).padStart(6, '0')}`);
    const next = await draftManual(6666);
    expectOk(await server.request('POST', `/invoices/${next}/issue`, { token: admin, body: {} }), 200);
    expect((await db.collection('invoices').findOne({ _id: new ObjectId(next) }))!.number).toBe(`INV-${year}-${String(BURST + 2).padStart(6, '0')}`);
  }, 120_000);

  it('20 payments at once never pay more than is due', async () => {
    const id = await draftManual(5000);
    expectOk(await server.request('POST', `/invoices/${id}/issue`, { token: admin, body: {} }), 200);
    const answers = await Promise.all(
      Array.from({ length: BURST }, () => server.request('POST', `/invoices/${id}/payments`, { token: admin, body: { amount: 1000, date: new Date(Date.now() - 60_000).toISOString(), method: 'card' } })),
    );
    expect(statuses(answers)).toEqual([...Array(5).fill(201), ...Array(BURST - 5).fill(409)]);
    for (const refused of answers.filter((a) => a.status === 409)) expect(refused.body).toMatchObject({ statusCode: 409, error: 'Conflict', details: [{ field: 'amount' }] });
    const db = await server.db();
    expect(await db.collection('invoices').findOne({ _id: new ObjectId(id) })).toMatchObject({ amount_paid: 5000, amount_due: 0, status: 'paid' });
    expect(await db.collection('payments').countDocuments({ invoice_id: new ObjectId(id) })).toBe(5);
    expect((await db.collection('projects').findOne({ _id: new ObjectId(projectId) }))!.amount_paid).toBe(50);
  }, 120_000);
});
