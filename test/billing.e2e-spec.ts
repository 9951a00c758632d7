import { Types } from 'mongoose';
import { JobRunner } from '@app/ops';
import { pdfText } from './support/pdf-text';
import { TestApp } from './support/test-app';

type User = Awaited<ReturnType<TestApp['createUser']>>;

const DAY = 24 * 3600 * 1000;
const daysAgo = (days: number, hour = 9) => {
  const date = new Date(Date.now() - days * DAY);
  date.setUTCHours(hour, 0, 0, 0);
  return date;
};
const year = () => new Date().getUTCFullYear();
const invoiceNumber = (seq: number) => `INV-${year()}-${String(seq).padStart(6, '0')}`;

describe('Billing (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  let manager: User;
  let seller: User;
  let otherSeller: User;
  let tech: User;
  let customerId: string;
  let otherCustomerId: string;

  async function createProject(overrides: Record<string, unknown> = {}, customer = customerId) {
    const response = await t.post('/projects', { name: `Billing ${new Types.ObjectId().toHexString().slice(-6)}`, customer_id: customer, user_id: manager.id, team_member_ids: [tech.id], status: 'active', hourly_rate: 9000, ...overrides }, admin);
    if (response.status !== 201) throw new Error(`create project: ${response.status} ${response.raw}`);
    return response.body as { id: string; currency: string };
  }

  async function createTask(projectId: string, body: Record<string, unknown> = {}) {
    const response = await t.post(`/projects/${projectId}/tasks`, { title: `Task ${new Types.ObjectId().toHexString().slice(-4)}`, tech_employee_id: tech.id, ...body }, admin);
    if (response.status !== 201) throw new Error(`create task: ${response.status} ${response.raw}`);
    return response.body as { id: string; title: string };
  }

  /** A manual entry of `minutes` starting `day` days ago at `hour`. */
  async function track(taskId: string, token: string, day: number, hour: number, minutes: number, extra: Record<string, unknown> = {}) {
    const started = daysAgo(day, hour);
    const response = await t.post(`/tasks/${taskId}/time-entries`, { started_at: started, ended_at: new Date(started.getTime() + minutes * 60_000), ...extra }, token);
    if (response.status !== 201) throw new Error(`track: ${response.status} ${response.raw}`);
    return response.body.entry as { id: string };
  }

  const period = (fromDays = 40, toDays = 0) => ({ from: daysAgo(fromDays, 0).toISOString(), to: new Date(Date.now() - toDays * DAY + 1000).toISOString() });
  const manualOnly = (unit_price = 10000, tax_rate = 0) => ({ from: daysAgo(400, 0).toISOString(), to: daysAgo(399, 0).toISOString(), lines: [{ description: 'Consulting', quantity: 1, unit_price, tax_rate }] });

  async function draft(projectId: string, body: Record<string, unknown>, token = admin) {
    const response = await t.post(`/projects/${projectId}/invoices`, body, token);
    if (response.status !== 201) throw new Error(`draft: ${response.status} ${response.raw}`);
    return response.body;
  }

  async function issue(invoiceId: string, body: Record<string, unknown> = {}) {
    const response = await t.post(`/invoices/${invoiceId}/issue`, body, admin);
    if (response.status !== 200) throw new Error(`issue: ${response.status} ${response.raw}`);
    return response.body;
  }

  const entryInvoice = async (entryId: string) => {
    const task = await t.connection.collection('tasks').findOne({ 'time_entries._id': new Types.ObjectId(entryId) });
    const entry = (task!.time_entries as { _id: Types.ObjectId; invoice_id?: Types.ObjectId | null }[]).find((e) => e._id.equals(entryId));
    return entry?.invoice_id ? entry.invoice_id.toHexString() : null;
  };

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    adminId = (await t.get('/auth/me', admin)).body.id;
    [manager, seller, otherSeller, tech] = [await t.createUser('manager'), await t.createUser('sales'), await t.createUser('sales'), await t.createUser('tech')];
    customerId = (await t.post('/customers', { name: 'Acme "Quotes", Ltd', owner_id: seller.id, address: { line1: '1 Main Street', city: 'Springfield', postal_code: '12345', country: 'US' } }, admin)).body.id;
    otherCustomerId = (await t.post('/customers', { name: 'Other Co', owner_id: otherSeller.id }, admin)).body.id;
  });
  afterAll(async () => {
    await t.stop();
  });

  describe('drafting from tracked time, periods and upsells', () => {
    let projectId: string;
    let serviceId: string;
    const entries: Record<string, string> = {};

    beforeAll(async () => {
      const project = await createProject();
      projectId = project.id;
      serviceId = (await t.post(`/projects/${projectId}/services`, { name: 'SEO retainer', category: 'seo', price: 100 }, admin)).body.id;
      expect((await t.patch(`/projects/${projectId}`, { rate_overrides: [{ user_id: tech.id, hourly_rate: 12000 }, { service_id: serviceId, hourly_rate: 15000 }] }, admin)).status).toBe(200);
      const design = await createTask(projectId, { title: 'Design' });
      const seo = await createTask(projectId, { title: 'Keyword research', service_id: serviceId });
      entries.adminDesign = (await track(design.id, admin, 5, 8, 90)).id; // 90 min × 90.00/h = 135.00
      entries.techDesign = (await track(design.id, tech.token, 5, 11, 50)).id; // 50 min × 120.00/h = 100.00
      entries.techSeo = (await track(seo.id, tech.token, 4, 8, 7)).id; // 7 min × 120.00/h (the user's rate beats the service's) = 14.00
      entries.adminSeo = (await track(seo.id, admin, 4, 10, 10)).id; // 10 min × 150.00/h (the service's) = 25.00
      entries.unbillable = (await track(design.id, admin, 3, 8, 30, { billable: false })).id;
      entries.old = (await track(design.id, admin, 60, 8, 60)).id; // outside the period
    });

    it('bills each unbilled billable entry at the most specific rate, grouped by task or service, with typed-in lines and per-line tax', async () => {
      const response = await t.post(`/projects/${projectId}/invoices`, { ...period(), tax_rate: 2000, lines: [{ description: 'Hosting', quantity: 2, unit_price: 1999, tax_rate: 725 }] }, admin);
      expect(response.status).toBe(201);
      const invoice = response.body;
      expect(invoice).toMatchObject({ status: 'draft', currency: 'USD', customer_id: customerId, project_id: projectId, amount_paid: 0 });
      expect(invoice.number).toBeUndefined();
      const lines = invoice.lines.map((l: Record<string, unknown>) => [l.kind, l.description, l.minutes, l.unit_price, l.subtotal, l.tax]);
      expect(lines).toEqual(
        expect.arrayContaining([
          ['time', 'Design', 90, 9000, 13500, 2700],
          ['time', 'Design', 50, 12000, 10000, 2000],
          ['time', 'SEO retainer', 7, 12000, 1400, 280],
          ['time', 'SEO retainer', 10, 15000, 2500, 500],
          ['manual', 'Hosting', null, 1999, 3998, 290], // 289.855 → 290
        ]),
      );
      expect(invoice.lines).toHaveLength(5);
      expect(invoice).toMatchObject({ subtotal: 31398, tax_total: 5770, total: 37168, amount_due: 37168 });
      for (const key of ['adminDesign', 'techDesign', 'techSeo', 'adminSeo']) expect(await entryInvoice(entries[key])).toBe(invoice.id);
      expect(await entryInvoice(entries.unbillable)).toBeNull();
      expect(await entryInvoice(entries.old)).toBeNull();
      entries.invoice = invoice.id;
    });

    it('a second draft over an overlapping period does not bill the same entries again', async () => {
      const again = await t.post(`/projects/${projectId}/invoices`, period(70), admin);
      expect(again.status).toBe(201);
      // Only the entry outside the first period is left to bill.
      expect(again.body.lines.map((l: { minutes: number }) => l.minutes)).toEqual([60]);
      expect(await entryInvoice(entries.old)).toBe(again.body.id);
      const nothing = await t.post(`/projects/${projectId}/invoices`, period(70), admin);
      expect(nothing.status).toBe(409);
      expect(nothing.body).toMatchObject({ statusCode: 409, details: [{ field: 'lines' }] });
      expect(await t.connection.collection('invoices').countDocuments({ project_id: new Types.ObjectId(projectId) })).toBe(2);
      // Deleting a draft releases its entries.
      expect((await t.delete(`/invoices/${again.body.id}`, admin)).status).toBe(204);
      expect(await entryInvoice(entries.old)).toBeNull();
      expect((await t.get(`/invoices/${again.body.id}`, admin)).status).toBe(404);
    });

    it('a billed entry cannot be deleted from the task', async () => {
      const task = await t.connection.collection('tasks').findOne({ 'time_entries._id': new Types.ObjectId(entries.adminDesign) });
      const response = await t.delete(`/tasks/${task!._id.toHexString()}/time-entries/${entries.adminDesign}`, admin);
      expect(response.status).toBe(409);
      expect(response.body.details).toEqual([{ field: 'invoice_id', message: entries.invoice }]);
    });

    it('voiding a draft releases its items, and the next draft bills them', async () => {
      const voided = await t.post(`/invoices/${entries.invoice}/void`, { reason: 'wrong period' }, admin);
      expect(voided.status).toBe(200);
      expect(voided.body).toMatchObject({ status: 'void', void_reason: 'wrong period', amount_due: 0 });
      for (const key of ['adminDesign', 'techDesign', 'techSeo', 'adminSeo']) expect(await entryInvoice(entries[key])).toBeNull();
      const redraft = await draft(projectId, period());
      expect(redraft.subtotal).toBe(13500 + 10000 + 1400 + 2500);
      expect(await entryInvoice(entries.adminDesign)).toBe(redraft.id);
      expect((await t.post(`/invoices/${entries.invoice}/void`, { reason: 'again' }, admin)).status).toBe(409);
    });

    it('bills billed recurring periods and paid upsells once, and refuses another currency (409)', async () => {
      const recurring = await createProject({ billing_type: 'recurring', recurring_plan: { interval: 'monthly', amount: 250.5, next_billing_date: new Date(Date.now() + DAY).toISOString() } });
      // A period billed by the recurring job (written as ProjectBillingService would).
      await t.connection.collection('projects').updateOne(
        { _id: new Types.ObjectId(recurring.id) },
        { $push: { billing_history: { period_start: daysAgo(10, 0), period_end: daysAgo(-20, 0), amount: 250.5, currency: 'USD', billed_at: daysAgo(10, 0) } } } as never,
      );
      const upsell = (await t.post(`/projects/${recurring.id}/upsells`, { description: 'Landing page', amount: 0.29 }, admin)).body;
      expect((await t.patch(`/upsells/${upsell.id}`, { payment_status: 'paid' }, admin)).status).toBe(200);
      const invoice = await draft(recurring.id, period());
      expect(invoice.lines.map((l: Record<string, unknown>) => [l.kind, l.subtotal])).toEqual([
        ['recurring', 25050],
        ['upsell', 29],
      ]);
      expect((await t.connection.collection('upsells').findOne({ _id: new Types.ObjectId(upsell.id) }))!.invoice_id.toHexString()).toBe(invoice.id);
      // Voiding gives the period and the upsell back; the next draft bills them again.
      expect((await t.post(`/invoices/${invoice.id}/void`, { reason: 'redo' }, admin)).status).toBe(200);
      const stored = await t.connection.collection('projects').findOne({ _id: new Types.ObjectId(recurring.id) });
      expect(stored!.billing_history[0].invoice_id).toBeUndefined();
      const redo = await draft(recurring.id, period());
      expect(redo.total).toBe(25050 + 29);
      expect((await t.get(`/projects/${recurring.id}`, admin)).body.billing_history[0].invoice_id).toBe(redo.id);
      const eurUpsell = (await t.post(`/projects/${recurring.id}/upsells`, { description: 'Translation', amount: 80, currency: 'EUR' }, admin)).body;
      await t.patch(`/upsells/${eurUpsell.id}`, { payment_status: 'paid' }, admin);
      const mixed = await t.post(`/projects/${recurring.id}/invoices`, period(), admin);
      expect(mixed.status).toBe(409);
      expect(mixed.body.details).toEqual([{ field: 'currency', message: 'items in EUR' }]);
      expect(await t.connection.collection('invoices').countDocuments({ project_id: new Types.ObjectId(recurring.id) })).toBe(2);
    });

    it('a timer started non-billable becomes a non-billable entry', async () => {
      const task = await createTask(projectId, { title: 'Internal' });
      const started = await t.post(`/tasks/${task.id}/timer/start`, { billable: false }, tech.token);
      expect(started.status).toBe(201);
      expect(started.body.billable).toBe(false);
      const stopped = await t.post(`/tasks/${task.id}/timer/stop`, {}, tech.token);
      expect(stopped.status).toBe(200);
      expect(stopped.body.entry).toMatchObject({ billable: false, invoice_id: null });
      const defaulted = await t.post(`/tasks/${task.id}/timer/start`, {}, tech.token);
      expect(defaulted.body.billable).toBe(true);
      await t.post(`/tasks/${task.id}/timer/stop`, {}, tech.token);
    });

    it('refuses bad input with the error shape', async () => {
      const backwards = await t.post(`/projects/${projectId}/invoices`, { from: daysAgo(1).toISOString(), to: daysAgo(2).toISOString() }, admin);
      expect(backwards.status).toBe(400);
      expect(backwards.body).toMatchObject({ statusCode: 400, details: [{ field: 'to' }], requestId: expect.any(String) });
      const fractional = await t.post(`/projects/${projectId}/invoices`, { ...period(), lines: [{ description: 'x', quantity: 1, unit_price: 10.5 }] }, admin);
      expect(fractional.status).toBe(400);
      expect(fractional.body.details[0].field).toContain('unit_price');
      const noRate = await createProject({ hourly_rate: null });
      const task = await createTask(noRate.id);
      await track(task.id, admin, 2, 8, 30);
      const unpriced = await t.post(`/projects/${noRate.id}/invoices`, period(), admin);
      expect(unpriced.status).toBe(409);
      expect(unpriced.body.details).toEqual([{ field: 'hourly_rate', message: 'required to invoice time' }]);
      expect(await t.connection.collection('invoices').countDocuments({ project_id: new Types.ObjectId(noRate.id) })).toBe(0);
      const tasks = await t.connection.collection('tasks').findOne({ _id: new Types.ObjectId(task.id) });
      expect(tasks!.time_entries[0].invoice_id).toBeNull();
      expect((await t.patch(`/projects/${projectId}`, { rate_overrides: [{ hourly_rate: 100 }] }, admin)).status).toBe(400);
      expect((await t.patch(`/projects/${projectId}`, { hourly_rate: 12.5 }, admin)).status).toBe(400);
    });
  });

  describe('issuing, payments, credit notes', () => {
    let projectId: string;

    beforeAll(async () => {
      projectId = (await createProject({ amount_paid: 10 })).id;
    });

    it('issues with consecutive numbers per year; issuing twice is a 409 that burns no number', async () => {
      const first = await issue((await draft(projectId, manualOnly())).id);
      const second = await issue((await draft(projectId, manualOnly())).id);
      const firstSeq = Number(first.number.slice(-6));
      expect(first.number).toMatch(new RegExp(`^INV-${year()}-\\d{6}$`));
      expect(second.number).toBe(invoiceNumber(firstSeq + 1));
      expect(first).toMatchObject({ status: 'issued', issued_at: expect.any(String) });
      expect(new Date(first.due_date).getTime() - new Date(first.issued_at).getTime()).toBe(30 * DAY);
      const again = await t.post(`/invoices/${first.id}/issue`, {}, admin);
      expect(again.status).toBe(409);
      const third = await issue((await draft(projectId, manualOnly())).id);
      expect(third.number).toBe(invoiceNumber(firstSeq + 2));
      const past = await t.post(`/invoices/${(await draft(projectId, manualOnly())).id}/issue`, { due_date: daysAgo(3).toISOString() }, admin);
      expect(past.status).toBe(400);
      expect(past.body.details).toEqual([{ field: 'due_date', message: expect.stringContaining('must not be before the issue date') }]);
    });

    it('records payments: partially paid, then paid; an overpayment is a 409; the project amount_paid follows', async () => {
      const invoice = await issue((await draft(projectId, manualOnly(10000, 2000))).id); // 100.00 + 20.00 tax
      expect(invoice.total).toBe(12000);
      const pay = (amount: number) => t.post(`/invoices/${invoice.id}/payments`, { amount, date: daysAgo(0, 0).toISOString(), method: 'bank_transfer', reference: 'TX-1' }, admin);
      const first = await pay(5000);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ amount: 5000, currency: 'USD', method: 'bank_transfer', reference: 'TX-1', invoice_id: invoice.id });
      expect((await t.get(`/invoices/${invoice.id}`, admin)).body).toMatchObject({ status: 'partially_paid', amount_paid: 5000, amount_due: 7000 });
      const over = await pay(7001);
      expect(over.status).toBe(409);
      expect(over.body).toMatchObject({ statusCode: 409, details: [{ field: 'amount', message: 'at most 7000' }] });
      expect((await t.post(`/invoices/${invoice.id}/payments`, { amount: 1, date: new Date(Date.now() + 2 * DAY).toISOString(), method: 'cash' }, admin)).status).toBe(400);
      expect((await t.post(`/invoices/${invoice.id}/payments`, { amount: 1, date: daysAgo(0).toISOString(), method: 'bitcoin' }, admin)).status).toBe(400);
      expect((await pay(7000)).status).toBe(201);
      expect((await t.get(`/invoices/${invoice.id}`, admin)).body).toMatchObject({ status: 'paid', amount_paid: 12000, amount_due: 0, paid_at: expect.any(String) });
      expect((await pay(1)).status).toBe(409);
      expect((await t.get(`/invoices/${invoice.id}/payments`, admin)).body.map((p: { amount: number }) => p.amount)).toEqual([5000, 7000]);
      expect((await t.get(`/projects/${projectId}`, admin)).body.amount_paid).toBe(10 + 120);
      expect(await t.connection.collection('payments').countDocuments({ invoice_id: new Types.ObjectId(invoice.id) })).toBe(2);
      expect((await t.post(`/invoices/${invoice.id}/void`, { reason: 'x' }, admin)).status).toBe(409);
    });

    it('concurrent payments never overpay', async () => {
      const invoice = await issue((await draft(projectId, manualOnly(10000))).id);
      const answers = await Promise.all(Array.from({ length: 8 }, () => t.post(`/invoices/${invoice.id}/payments`, { amount: 3000, date: daysAgo(0).toISOString(), method: 'card' }, admin)));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
      const after = (await t.get(`/invoices/${invoice.id}`, admin)).body;
      expect(after).toMatchObject({ amount_paid: 9000, amount_due: 1000, status: 'partially_paid' });
      expect(await t.connection.collection('payments').countDocuments({ invoice_id: new Types.ObjectId(invoice.id) })).toBe(3);
    });

    it('a credit note of at most what is due, numbered CN-YYYY-NNNNNN', async () => {
      const invoice = await issue((await draft(projectId, manualOnly(5000))).id);
      const tooMuch = await t.post(`/invoices/${invoice.id}/credit-notes`, { amount: 5001, reason: 'discount' }, admin);
      expect(tooMuch.status).toBe(409);
      const note = await t.post(`/invoices/${invoice.id}/credit-notes`, { amount: 2000, reason: 'goodwill discount' }, admin);
      expect(note.status).toBe(201);
      expect(note.body).toMatchObject({ number: `CN-${year()}-000001`, amount: 2000, currency: 'USD', invoice_id: invoice.id });
      const second = await t.post(`/invoices/${invoice.id}/credit-notes`, { amount: 3000, reason: 'rest' }, admin);
      expect(second.body.number).toBe(`CN-${year()}-000002`);
      expect((await t.get(`/invoices/${invoice.id}`, admin)).body).toMatchObject({ amount_credited: 5000, amount_due: 0, status: 'paid' });
      expect((await t.get(`/invoices/${invoice.id}/credit-notes`, admin)).body.map((n: { number: string }) => n.number)).toEqual([`CN-${year()}-000001`, `CN-${year()}-000002`]);
      const onDraft = await t.post(`/invoices/${(await draft(projectId, manualOnly())).id}/credit-notes`, { amount: 1, reason: 'x' }, admin);
      expect(onDraft.status).toBe(409);
    });

    it('the invoice trail is audited through the audit path', async () => {
      const invoice = await issue((await draft(projectId, manualOnly())).id);
      const logs = await t.connection.collection('activity_logs').find({ entity_type: 'invoice', entity_id: new Types.ObjectId(invoice.id) }).toArray();
      // Recorded at the persistence layer: the pending insert, pending → draft, draft → issued.
      expect(logs.map((l) => l.action).sort()).toEqual(['create', 'update', 'update']);
      const issued = logs.find((l) => l.action === 'update')!;
      expect(issued.changes ?? issued.after).toBeDefined();
    });
  });

  describe('quotes', () => {
    it('draft → sent → accepted becomes one invoice draft; accepting again returns the same one', async () => {
      const project = await createProject();
      const created = await t.post(`/projects/${project.id}/quotes`, { title: 'Website relaunch', valid_until: new Date(Date.now() + 7 * DAY).toISOString(), lines: [{ description: 'Build', quantity: 1.5, unit_price: 333, tax_rate: 1000 }] }, manager.token);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'draft', subtotal: 500, tax_total: 50, total: 550, currency: 'USD' });
      expect((await t.post(`/quotes/${created.body.id}/accept`, {}, admin)).status).toBe(409);
      expect((await t.post(`/quotes/${created.body.id}/send`, {}, admin)).body.status).toBe('sent');
      const [a, b] = await Promise.all([t.post(`/quotes/${created.body.id}/accept`, {}, admin), t.post(`/quotes/${created.body.id}/accept`, {}, admin)]);
      const accepted = [a, b].find((r) => r.status === 200)!;
      expect(accepted.body.quote.status).toBe('accepted');
      expect(accepted.body.invoice).toMatchObject({ status: 'draft', quote_id: created.body.id, total: 550, lines: [expect.objectContaining({ description: 'Build', quantity_milli: 1500 })] });
      const again = await t.post(`/quotes/${created.body.id}/accept`, {}, admin);
      expect(again.status).toBe(200);
      expect(again.body.invoice.id).toBe(accepted.body.invoice.id);
      expect(await t.connection.collection('invoices').countDocuments({ quote_id: new Types.ObjectId(created.body.id) })).toBe(1);
      expect((await t.get(`/quotes/${created.body.id}`, admin)).body.invoice_id).toBe(accepted.body.invoice.id);
    });

    it('declined and expired quotes cannot be accepted', async () => {
      const project = await createProject();
      const make = async () => (await t.post(`/projects/${project.id}/quotes`, { title: 'Q', valid_until: new Date(Date.now() + DAY).toISOString(), lines: [{ description: 'x', quantity: 1, unit_price: 100 }] }, admin)).body;
      const declined = await make();
      await t.post(`/quotes/${declined.id}/send`, {}, admin);
      expect((await t.post(`/quotes/${declined.id}/decline`, {}, admin)).body.status).toBe('declined');
      expect((await t.post(`/quotes/${declined.id}/accept`, {}, admin)).status).toBe(409);
      const expired = await make();
      await t.post(`/quotes/${expired.id}/send`, {}, admin);
      await t.connection.collection('quotes').updateOne({ _id: new Types.ObjectId(expired.id) }, { $set: { valid_until: daysAgo(1) } });
      expect((await t.get(`/quotes/${expired.id}`, admin)).body.status).toBe('expired');
      expect((await t.post(`/quotes/${expired.id}/accept`, {}, admin)).status).toBe(409);
    });
  });

  describe('access', () => {
    it('sales users read the invoices and quotes of customers they own; others get 404; they never write', async () => {
      const own = await draft((await createProject()).id, manualOnly());
      const foreign = await draft((await createProject({}, otherCustomerId)).id, manualOnly());
      expect((await t.get(`/invoices/${own.id}`, seller.token)).status).toBe(200);
      expect((await t.get(`/invoices/${foreign.id}`, seller.token)).status).toBe(404);
      expect((await t.get(`/invoices/${foreign.id}/pdf`, seller.token)).status).toBe(404);
      expect((await t.get(`/invoices/${foreign.id}/payments`, seller.token)).status).toBe(404);
      const listed = (await t.get('/invoices?limit=100', seller.token)).body.data.map((i: { customer_id: string }) => i.customer_id);
      expect(listed.length).toBeGreaterThan(0);
      expect(new Set(listed)).toEqual(new Set([customerId]));
      expect((await t.post(`/invoices/${own.id}/issue`, {}, seller.token)).status).toBe(403);
      expect((await t.get(`/invoices/${own.id}`, tech.token)).status).toBe(403);
      const logs = await t.get(`/activity-logs?entity_type=invoice&entity_id=${foreign.id}`, manager.token);
      expect(logs.status).toBe(200);
    });

    it('every billing route is documented with a summary, integer money fields and enums, and its 4xx in the error shape', async () => {
      const docs = (await t.get('/docs-json')).body;
      const routes: [string, string][] = [
        ['/projects/{projectId}/invoices', 'post'], ['/invoices', 'get'], ['/invoices/export', 'get'], ['/invoices/{id}', 'get'], ['/invoices/{id}', 'delete'],
        ['/invoices/{id}/pdf', 'get'], ['/invoices/{id}/issue', 'post'], ['/invoices/{id}/void', 'post'], ['/invoices/{id}/payments', 'post'], ['/invoices/{id}/payments', 'get'],
        ['/invoices/{id}/credit-notes', 'post'], ['/invoices/{id}/credit-notes', 'get'], ['/projects/{projectId}/quotes', 'post'], ['/quotes', 'get'], ['/quotes/{id}', 'get'],
        ['/quotes/{id}/send', 'post'], ['/quotes/{id}/accept', 'post'], ['/quotes/{id}/decline', 'post'], ['/quotes/{id}', 'delete'], ['/reports/ar-aging', 'get'], ['/reports/invoice-revenue', 'get'],
      ];
      for (const [path, method] of routes) {
        const operation = docs.paths[path]?.[method];
        expect({ path, method, documented: !!operation }).toEqual({ path, method, documented: true });
        for (const status of ['400', '404', '409']) expect(operation.responses[status].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorResponse');
      }
      expect(docs.paths['/invoices/{id}/issue'].post.summary).toBe('Issue invoice');
      expect(docs.paths['/invoices/{id}/issue'].post.description).toMatch(/gapless number/);
      const schemas = docs.components.schemas;
      expect(schemas.ManualLineDto.properties.unit_price.type).toBe('integer');
      expect(schemas.ManualLineDto.required).toEqual(expect.arrayContaining(['description', 'quantity', 'unit_price']));
      expect(schemas.ManualLineDto.required).not.toContain('tax_rate');
      expect(schemas.InvoiceResponse.properties.amount_due.type).toBe('integer');
      expect(schemas.RecordPaymentDto.properties.amount.type).toBe('integer');
      expect(schemas.RecordPaymentDto.properties.method.enum).toEqual(['bank_transfer', 'card', 'cash', 'cheque', 'direct_debit', 'other']);
      expect(schemas.InvoiceResponse.properties.status.enum).toEqual(['pending', 'draft', 'issued', 'partially_paid', 'overdue', 'paid', 'void']);
    });

    it('lists pin their round trips, whatever the page size', async () => {
      const projectId = (await createProject()).id;
      for (let i = 0; i < 3; i++) await draft(projectId, manualOnly());
      const asAdmin = await t.withCommands(() => t.get(`/invoices?project_id=${projectId}&limit=2`, admin));
      expect(asAdmin.response.status).toBe(200);
      expect(asAdmin.response.body.data).toHaveLength(2);
      expect(asAdmin.response.body.data[0].lines).toBeUndefined();
      expect(asAdmin.commands).toEqual(['aggregate invoices', 'find invoices', 'find users']);
      const asSeller = await t.withCommands(() => t.get('/invoices?limit=50', seller.token));
      expect(asSeller.commands).toEqual(['aggregate invoices', 'find customers', 'find invoices', 'find users']);
      const detail = await t.withCommands(() => t.get(`/invoices/${asAdmin.response.body.data[0].id}`, seller.token));
      expect(detail.commands).toEqual(['find customers', 'find invoices', 'find users']);
      const quotes = await t.withCommands(() => t.get('/quotes?limit=50', admin));
      // Expiring the overdue quotes is an audited updateMany: the audit path first finds the matching ids (none here), then updates each.
      expect(quotes.commands).toEqual(['aggregate quotes', 'find quotes', 'find quotes', 'find users']);
    });
  });

  describe('reports, export, PDF and jobs', () => {
    let projectId: string;
    let eurProjectId: string;
    const asOf = () => new Date(Date.now() + 100 * DAY);

    beforeAll(async () => {
      // A fresh database state for exact numbers: the earlier suites' invoices are removed.
      await t.connection.collection('invoices').deleteMany({});
      await t.connection.collection('credit_notes').deleteMany({});
      projectId = (await createProject()).id;
      eurProjectId = (await createProject({ currency: 'EUR' })).id;
    });

    it('AR aging buckets open amounts by days past due, per currency (exact numbers)', async () => {
      // Issued today; due today + d; measured 100 days from now → 100 - d days past due.
      const plan: [string, number, number][] = [
        [projectId, 0, 10000], // 100 days → 90+
        [projectId, 10, 20000], // 90 → 61–90
        [projectId, 40, 30000], // 60 → 31–60
        [projectId, 70, 40000], // 30 → 1–30
        [projectId, 100, 50000], // 0 → current
        [eurProjectId, 99, 70000], // 1 → 1–30
      ];
      for (const [project, dueIn, price] of plan) {
        await issue((await draft(project, manualOnly(price))).id, { due_date: new Date(Date.now() + dueIn * DAY).toISOString() });
      }
      const paidPart = (await t.get(`/invoices?project_id=${projectId}&limit=100`, admin)).body.data.find((i: { total: number }) => i.total === 40000);
      await t.post(`/invoices/${paidPart.id}/payments`, { amount: 15000, date: daysAgo(0).toISOString(), method: 'cash' }, admin);
      await draft(projectId, manualOnly(99999)); // drafts are not receivables
      const report = await t.get(`/reports/ar-aging?as_of=${asOf().toISOString()}`, admin);
      expect(report.status).toBe(200);
      expect(report.body.currencies).toEqual([
        { currency: 'EUR', current: 0, days_1_30: 70000, days_31_60: 0, days_61_90: 0, days_over_90: 0, total: 70000, invoices: 1 },
        { currency: 'USD', current: 50000, days_1_30: 25000, days_31_60: 30000, days_61_90: 20000, days_over_90: 10000, total: 135000, invoices: 5 },
      ]);
      expect((await t.get('/reports/ar-aging', manager.token)).status).toBe(200);
      expect((await t.get('/reports/ar-aging', seller.token)).status).toBe(403);
    });

    it('revenue by month from issued invoices, net of credit notes (exact numbers)', async () => {
      const taxed = await issue((await draft(projectId, manualOnly(10000, 2000))).id);
      await t.post(`/invoices/${taxed.id}/credit-notes`, { amount: 1500, reason: 'late delivery' }, admin);
      const voided = await issue((await draft(projectId, manualOnly(77777))).id);
      await t.post(`/invoices/${voided.id}/void`, { reason: '=cmd|" /C calc"!A0' }, admin);
      const month = new Date().toISOString().slice(0, 7);
      const report = await t.get(`/reports/invoice-revenue?from=${new Date().toISOString()}&to=${new Date().toISOString()}`, admin);
      expect(report.status).toBe(200);
      expect(report.body.months).toEqual([
        { month, currency: 'EUR', invoices: 1, net: 70000, tax: 0, gross: 70000, credited: 0, revenue: 70000 },
        { month, currency: 'USD', invoices: 6, net: 160000, tax: 2000, gross: 162000, credited: 1500, revenue: 158500 },
      ]);
    });

    it('exports the period as CSV, streamed, escaped and formula-safe', async () => {
      const response = await t.request('GET', `/invoices/export?from=${daysAgo(1).toISOString()}&to=${new Date(Date.now() + DAY).toISOString()}`, { token: admin });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="invoices-/);
      expect(response.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      const rows = response.raw.trim().split('\r\n');
      expect(rows[0]).toBe('number,status,issued_at,due_date,project_id,customer_id,currency,subtotal,tax_total,total,amount_paid,amount_credited,amount_due,void_reason');
      // The six aging invoices, the credited one and the voided one (its number shows too).
      expect(rows).toHaveLength(1 + 8);
      expect(rows.find((row) => row.includes(',void,'))).toMatch(/,777\.77,0\.00,777\.77,0\.00,0\.00,0\.00,"'=cmd\|"" \/C calc""!A0"$/);
      expect(rows.some((row) => row.includes(',EUR,700.00,0.00,700.00,0.00,0.00,700.00,'))).toBe(true);
      expect((await t.get(`/invoices/export?from=${new Date().toISOString()}&to=${daysAgo(2).toISOString()}`, admin)).status).toBe(400);
    });

    it('renders a PDF with the agency, customer, totals, due date and page numbers', async () => {
      const lines = Array.from({ length: 70 }, (_, i) => ({ description: `Line item ${i + 1}: design and development work`, quantity: 1, unit_price: 1000 + i, tax_rate: 2000 }));
      const invoice = await issue((await draft(projectId, { ...manualOnly(), lines })).id);
      const response = await t.app.inject({ method: 'GET', url: `/invoices/${invoice.id}/pdf`, headers: { authorization: `Bearer ${admin}` } });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${invoice.number}\\.pdf"`));
      expect(response.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      const parsed = pdfText(response.rawPayload);
      expect(parsed.pages).toBeGreaterThanOrEqual(2);
      // 70 lines: 1000..1069 → subtotal 72415, tax 20 % per line (rounded) 14483, total 86898.
      expect(invoice).toMatchObject({ subtotal: 72415, tax_total: 14483, total: 86898 });
      const text = parsed.text;
      for (const fragment of ['Logic Camp', `Invoice ${invoice.number}`, 'Acme "Quotes", Ltd', '1 Main Street', 'Line item 70', '724.15 USD', '144.83 USD', '868.98 USD', `Due: ${invoice.due_date.slice(0, 10)}`, `Page 1 of ${parsed.pages}`, `Page ${parsed.pages} of ${parsed.pages}`]) {
        expect(text).toContain(fragment);
      }
    });

    it('the overdue job marks past-due invoices overdue and notifies the project manager once per invoice', async () => {
      const runner = t.app.get(JobRunner);
      const later = new Date(Date.now() + 101 * DAY);
      const first = await runner.run('invoice-overdue', later);
      expect(first.status).toBe('completed');
      const overdue = await t.connection.collection('invoices').countDocuments({ status: 'overdue' });
      expect(overdue).toBeGreaterThan(0);
      expect(first.result).toMatchObject({ invoices_overdue: overdue });
      const notes = () => t.connection.collection('notifications').countDocuments({ user_id: new Types.ObjectId(manager.id), type: 'invoice_past_due' });
      expect(await notes()).toBe(overdue);
      const second = await runner.run('invoice-overdue', later);
      expect(second.result).toMatchObject({ invoices_overdue: 0 });
      expect(await notes()).toBe(overdue);
      const one = await t.connection.collection('notifications').findOne({ type: 'invoice_past_due' });
      expect(one!.title).toMatch(/^Invoice INV-\d{4}-\d{6} is overdue$/);
    });

    it('the repair job gives back the items of a draft a crash left pending', async () => {
      const task = await createTask(projectId);
      const entry = await track(task.id, admin, 1, 6, 45);
      // What a crash between claiming and finishing leaves behind.
      const stale = new Types.ObjectId();
      await t.connection.collection('invoices').insertOne({ _id: stale, project_id: new Types.ObjectId(projectId), customer_id: new Types.ObjectId(customerId), status: 'pending', currency: 'USD', pending_since: daysAgo(1), lines: [], created_by: new Types.ObjectId(adminId) });
      await t.connection.collection('tasks').updateOne({ _id: new Types.ObjectId(task.id) }, { $set: { 'time_entries.0.invoice_id': stale } });
      expect((await t.get(`/invoices/${stale.toHexString()}`, admin)).status).toBe(404);
      // A credit note taken off its invoice but not yet numbered, and a payment never applied.
      const credited = await issue((await draft(projectId, manualOnly(3000))).id);
      const noteId = new Types.ObjectId();
      const base = { invoice_id: new Types.ObjectId(credited.id), project_id: new Types.ObjectId(projectId), customer_id: new Types.ObjectId(customerId), currency: 'USD', created_at: daysAgo(1), updated_at: daysAgo(1) };
      await t.connection.collection('credit_notes').insertOne({ _id: noteId, ...base, amount: 1000, reason: 'crash', state: 'pending', issued_at: null, created_by: new Types.ObjectId(adminId) });
      await t.connection.collection('invoices').updateOne({ _id: new Types.ObjectId(credited.id) }, { $inc: { amount_credited: 1000, amount_due: -1000 }, $push: { credit_note_ids: noteId } } as never);
      const orphanPayment = new Types.ObjectId();
      await t.connection.collection('payments').insertOne({ _id: orphanPayment, ...base, amount: 500, paid_on: daysAgo(1), method: 'cash', reference: null, state: 'pending', project_applied: false, recorded_by: new Types.ObjectId(adminId) });

      const outcome = await t.app.get(JobRunner).run('billing-repair');
      expect(outcome.result).toMatchObject({ pending_invoices_discarded: 1, credit_notes_issued: 1, payments_discarded: 1 });
      expect(await entryInvoice(entry.id)).toBeNull();
      expect(await t.connection.collection('invoices').countDocuments({ _id: stale })).toBe(0);
      expect((await t.connection.collection('credit_notes').findOne({ _id: noteId }))!.number).toMatch(new RegExp(`^CN-${year()}-\\d{6}$`));
      expect((await t.get(`/invoices/${credited.id}`, admin)).body).toMatchObject({ status: 'partially_paid', amount_credited: 1000, amount_due: 2000 });
      expect(await t.connection.collection('payments').countDocuments({ _id: orphanPayment })).toBe(0);
      // Nothing left: a second run does nothing.
      expect((await t.app.get(JobRunner).run('billing-repair')).result).toEqual({ pending_invoices_discarded: 0, void_invoices_released: 0, payments_settled: 0, payments_discarded: 0, credit_notes_issued: 0, credit_notes_discarded: 0 });
    });
  });
});
