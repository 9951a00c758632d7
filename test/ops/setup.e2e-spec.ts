import { IndexAnalysisService, IndexSyncService, SeedService, SetupService, SPEC_COLLECTIONS } from '@app/ops';
import { OpsHarness } from './support/ops-harness';

describe('db:setup / db:seed / db:indexes', () => {
  let ops: OpsHarness;

  beforeAll(async () => {
    ops = await OpsHarness.start();
  });

  afterAll(async () => {
    await ops.stop();
  });

  it('running setup twice gives the same state', async () => {
    const setup = ops.get(SetupService);
    const first = await setup.setup({ seed: { size: 'small', seed: 11 } });
    expect(first.admin).toMatchObject({ email: 'admin@logic.camp', created: true });
    expect(first.admin.generatedPassword).toEqual(expect.any(String));
    expect(first.seed!.rows.every((row) => row.invalid === 0 && !row.skipped)).toBe(true);

    const second = await setup.setup({ seed: { size: 'small', seed: 11 } });
    expect(second.counts).toEqual(first.counts);
    expect(second.admin).toEqual({ email: 'admin@logic.camp', created: false, source: 'default' });
    expect(second.seed!.rows.reduce((sum, row) => sum + row.inserted, 0)).toBe(0);
    expect(second.indexes.filter((change) => change.action !== 'kept')).toEqual([]);
  });

  it('seeds every one of the 16 collections, with consistent references', async () => {
    const counts = new Map((await ops.get(SetupService).counts()).map((row) => [row.collection, row.documents]));
    for (const collection of SPEC_COLLECTIONS) expect([collection, counts.get(collection)]).toEqual([collection, expect.any(Number)]);
    for (const collection of SPEC_COLLECTIONS) expect(counts.get(collection)).toBeGreaterThan(0);

    // tasks belong to goals of the same project
    const goals = new Map((await ops.db.collection('goals').find({}).toArray()).map((goal) => [String(goal._id), String(goal.project_id)]));
    for (const task of await ops.db.collection('tasks').find({ goal_id: { $ne: null } }).toArray()) {
      expect(goals.get(String(task.goal_id))).toBe(String(task.project_id));
    }
    // leads go to sales agents; support goals to support users
    const roles = new Map((await ops.db.collection('users').find({}).toArray()).map((user) => [String(user._id), user.role]));
    for (const lead of await ops.db.collection('leads').find({ agent_id: { $ne: null } }).toArray()) expect(roles.get(String(lead.agent_id))).toBe('sales');
    for (const goal of await ops.db.collection('goals').find({ support_employee_id: { $ne: null } }).toArray()) expect(roles.get(String(goal.support_employee_id))).toBe('support');
    // converted leads point at the customer that points back
    for (const lead of await ops.db.collection('leads').find({ converted_customer_id: { $ne: null } }).toArray()) {
      const customer = await ops.db.collection('customers').findOne({ _id: lead.converted_customer_id });
      expect(String(customer?.lead_id)).toBe(String(lead._id));
    }
  });

  it('the same --seed gives the same data; another seed adds new data', async () => {
    const seeder = ops.get(SeedService);
    const again = await seeder.seed({ size: 'small', seed: 11 });
    expect(again.rows.reduce((sum, row) => sum + row.inserted, 0)).toBe(0);
    const users = await ops.count('users');
    const other = await seeder.seed({ size: 'small', seed: 12 });
    expect(other.rows.every((row) => row.invalid === 0)).toBe(true);
    expect(await ops.count('users')).toBe(users + 20);
  });

  it('db:indexes drops an undeclared index and re-creates a missing one', async () => {
    await ops.db.collection('leads').createIndex({ notes: 1 }, { name: 'notes_1' });
    await ops.db.collection('users').dropIndex('role_1');
    const changes = await ops.get(IndexSyncService).syncAll();
    expect(changes).toEqual(expect.arrayContaining([
      { collection: 'leads', index: 'notes_1', action: 'dropped' },
      { collection: 'users', index: 'role_1', action: 'created' },
      { collection: 'users', index: 'email_1', action: 'kept' },
    ]));
    const names = (await ops.db.collection('leads').indexes()).map((index) => index.name);
    expect(names).not.toContain('notes_1');
  });

  it('db:index-analysis: every hot query is served after setup; a dropped index shows as missing and its query as a scan', async () => {
    const analysis = ops.get(IndexAnalysisService);
    const healthy = await analysis.analyse();
    expect(healthy.missing).toEqual([]);
    expect(healthy.hotQueries.filter((q) => q.collscan)).toEqual([]);
    expect(healthy.hotQueries.length).toBeGreaterThanOrEqual(20);

    // Every index that could serve the query (the list's sort indexes lead with customer_id too).
    const cards = ops.db.collection('customer_charge_details');
    for (const index of await cards.indexes()) if (Object.keys(index.key)[0] === 'customer_id') await cards.dropIndex(index.name!);
    const degraded = await analysis.analyse();
    expect(degraded.missing).toContainEqual({ collection: 'customer_charge_details', index: 'customer_id_1' });
    expect(degraded.hotQueries.find((q) => q.query === 'cards of a customer')).toMatchObject({ collscan: true, index: null });
    await ops.get(IndexSyncService).syncAll();
  });

  it('--drop empties the database before setting it up again', async () => {
    expect(await ops.count('tasks')).toBeGreaterThan(0);
    const report = await ops.get(SetupService).setup({ drop: true, seed: false });
    expect(report.dropped).toBe(true);
    const counts = Object.fromEntries(report.counts.map((row) => [row.collection, row.documents]));
    for (const collection of SPEC_COLLECTIONS.filter((c) => !['users', 'notification_types', 'activity_logs'].includes(c))) expect([collection, counts[collection]]).toEqual([collection, 0]);
    expect(counts.users).toBe(1);
    // The first admin's creation is a write like any other: the audit trail records it (persistence-layer audit).
    expect(counts.activity_logs).toBe(1);
    expect(counts.notification_types).toBeGreaterThan(0);
  });
});
