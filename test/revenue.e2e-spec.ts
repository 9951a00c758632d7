import { Types } from 'mongoose';
import { TestApp } from './support/test-app';

/** GET /reports/revenue-by-month on a fixture of its own, so every number is exact. */
describe('Revenue by month (e2e)', () => {
  let t: TestApp;
  let admin: string;
  const at = (iso: string) => new Date(iso);
  const period = (billed: string, amount: number, currency: string) => ({
    period_start: at(billed), period_end: at(billed), amount, currency, billed_at: at(billed),
  });

  beforeAll(async () => {
    t = await TestApp.start();
    admin = await t.adminToken();
    const base = { customer_id: new Types.ObjectId(), user_id: new Types.ObjectId(), team_member_ids: [], status: 'active', priority: 'medium', budget: 0, amount_paid: 0, billing_type: 'recurring', created_at: at('2026-01-01T00:00:00Z'), updated_at: at('2026-01-01T00:00:00Z') };
    const projects = t.connection.collection('projects');
    await projects.insertMany([
      { ...base, name: 'SEO retainer', currency: 'USD', deleted_at: null, billing_history: [period('2026-02-05T00:00:00Z', 499, 'USD'), period('2026-03-05T00:00:00Z', 499, 'USD')] },
      { ...base, name: 'Hosting', currency: 'EUR', deleted_at: null, billing_history: [period('2026-03-31T23:59:59Z', 120.5, 'EUR')] },
      // Deleted later: the revenue it billed still happened.
      { ...base, name: 'Old retainer', currency: 'USD', deleted_at: at('2026-05-01T00:00:00Z'), billing_history: [period('2026-03-10T00:00:00Z', 1.1, 'USD')] },
      { ...base, name: 'Fixed price', currency: 'USD', billing_type: 'fixed', deleted_at: null, billing_history: [] },
    ]);
    const upsell = (payment_status: string, amount: number, currency: string, paid_at: string | null) => ({
      project_id: new Types.ObjectId(), customer_id: new Types.ObjectId(), sold_by: new Types.ObjectId(), description: 'extra', amount, currency, payment_status,
      paid_at: paid_at ? at(paid_at) : null, deleted_at: null, created_at: at('2026-02-01T00:00:00Z'), updated_at: at('2026-02-01T00:00:00Z'),
    });
    await t.connection.collection('upsells').insertMany([
      upsell('paid', 250, 'USD', '2026-03-15T12:00:00Z'),
      upsell('paid', 80, 'EUR', '2026-04-01T00:00:00Z'),
      upsell('refunded', 999, 'USD', '2026-03-20T00:00:00Z'),
      upsell('pending', 500, 'USD', null),
    ]);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('sums recurring billing and paid upsells per month and currency, in one round trip each', async () => {
    const { response, commands } = await t.withCommands(() => t.get('/reports/revenue-by-month', admin));
    expect(response.status).toBe(200);
    expect(commands).toEqual(['aggregate projects', 'aggregate upsells', 'find users']);
    expect(response.body).toEqual({
      from: null,
      to: null,
      months: [
        { month: '2026-02', currency: 'USD', recurring_billing: 499, billed_periods: 1, upsells: 0, paid_upsells: 0, total: 499 },
        { month: '2026-03', currency: 'EUR', recurring_billing: 120.5, billed_periods: 1, upsells: 0, paid_upsells: 0, total: 120.5 },
        { month: '2026-03', currency: 'USD', recurring_billing: 500.1, billed_periods: 2, upsells: 250, paid_upsells: 1, total: 750.1 },
        { month: '2026-04', currency: 'EUR', recurring_billing: 0, billed_periods: 0, upsells: 80, paid_upsells: 1, total: 80 },
      ],
      totals: [
        { currency: 'EUR', recurring_billing: 120.5, upsells: 80, total: 200.5 },
        { currency: 'USD', recurring_billing: 999.1, upsells: 250, total: 1249.1 },
      ],
    });
  });

  it('narrows to a date range and a currency', async () => {
    const march = await t.get('/reports/revenue-by-month?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&currency=usd', admin);
    expect(march.status).toBe(200);
    expect(march.body.months).toEqual([{ month: '2026-03', currency: 'USD', recurring_billing: 500.1, billed_periods: 2, upsells: 250, paid_upsells: 1, total: 750.1 }]);
    expect(march.body.totals).toEqual([{ currency: 'USD', recurring_billing: 500.1, upsells: 250, total: 750.1 }]);
  });

  it('refuses a reversed range or a bad currency with a field error, and is for managers and admins only', async () => {
    const reversed = await t.get('/reports/revenue-by-month?from=2026-04-01T00:00:00Z&to=2026-03-01T00:00:00Z', admin);
    expect(reversed.status).toBe(400);
    expect(reversed.body.details).toEqual([{ field: 'from', message: 'must be before to' }]);
    expect((await t.get('/reports/revenue-by-month?currency=dollars', admin)).status).toBe(400);
    const manager = await t.createUser('manager');
    const sales = await t.createUser('sales');
    expect((await t.get('/reports/revenue-by-month', manager.token)).status).toBe(200);
    expect((await t.get('/reports/revenue-by-month', sales.token)).status).toBe(403);
  });
});
