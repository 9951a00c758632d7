import { rmSync } from 'fs';
import { ObjectId } from 'mongodb';
import { resolve } from 'path';
import { recurringProjectDocument } from '../support/fixtures';
import { LiveServer } from '../support/live-server';
import { cliFailure, OpsHarness, runCli } from '../ops/support/ops-harness';

/**
 * Side effects are not fire-and-forget: a notification raised by an operation is written before
 * the operation reports success (HTTP answers, the CLI exits), and a listener that fails is loud.
 */
const BURST = 20;
const MINUTE = 60_000;
const DAY = 86_400_000;
const BROKEN_TEMPLATE = 'Billed {{no_such_value}}';
const STORAGE_ROOT = `./data/test-storage/side-effects-${process.pid}`;

describe('Side effects: an HTTP request answers only after its notifications are written (real server)', () => {
  let server: LiveServer;
  let admin: string;
  let sales: Awaited<ReturnType<LiveServer['createUser']>>;

  beforeAll(async () => {
    server = await LiveServer.start({ RATE_LIMIT_ENABLED: 'false', FILE_STORAGE_ROOT: STORAGE_ROOT });
    admin = await server.adminToken();
    sales = await server.createUser('sales');
  }, 2 * MINUTE);

  afterAll(async () => {
    await server?.stop();
    rmSync(resolve(__dirname, '../..', STORAGE_ROOT), { recursive: true, force: true });
  });

  const assignedTo = async (agentId: string) => (await server.db()).collection('notifications').countDocuments({ user_id: new ObjectId(agentId), type: 'lead_assigned' });

  it('the lead-assigned notification is in the database as soon as the 201 arrives', async () => {
    const response = await server.post('/leads', { first_name: 'Single', agent_id: sales.id }, admin);
    expect(response.status).toBe(201);
    expect(await assignedTo(sales.id)).toBe(1);
  });

  it(`${BURST} assignments in a burst: all ${BURST} notifications are present right after the last response`, async () => {
    const agent = await server.createUser('sales');
    const responses = await Promise.all(Array.from({ length: BURST }, (_, i) => server.post('/leads', { first_name: `Burst ${i}`, agent_id: agent.id }, admin)));
    expect(responses.map((r) => r.status)).toEqual(Array(BURST).fill(201));
    expect(await assignedTo(agent.id)).toBe(BURST);
  });

  it('a listener that fails after the write committed: the request succeeds and an error line names the request id', async () => {
    const db = await server.db();
    const original = await db.collection('notification_types').findOne({ key: 'lead_assigned' });
    await db.collection('notification_types').updateOne({ key: 'lead_assigned' }, { $set: { body_template: 'Lead {{no_such_value}}' } });
    try {
      const agent = await server.createUser('sales');
      const response = await server.post('/leads', { first_name: 'Broken template', agent_id: agent.id }, admin);
      expect(response.status).toBe(201);
      expect(await db.collection('leads').countDocuments({ first_name: 'Broken template' })).toBe(1);
      expect(await assignedTo(agent.id)).toBe(0);
      const requestId = response.headers.get('x-request-id');
      // The log line is written before the response is sent.
      const line = server.logs.join('\n').split('\n').find((l) => l.includes('a listener of lead.assigned failed') && l.includes(String(requestId)));
      expect(line).toBeDefined();
      expect(JSON.parse(line!)).toMatchObject({ level: expect.anything(), err: expect.stringContaining('{{no_such_value}}') });
    } finally {
      await db.collection('notification_types').updateOne({ key: 'lead_assigned' }, { $set: { body_template: original!.body_template } });
    }
  });
});

describe('Side effects: the CLI job path waits for its notifications and fails when one fails', () => {
  let ops: OpsHarness;
  const managers = [new ObjectId(), new ObjectId(), new ObjectId()];

  beforeAll(async () => {
    ops = await OpsHarness.start();
  }, 2 * MINUTE);

  afterAll(async () => {
    await ops?.stop();
  });

  async function dueProjects(tag: string, count: number): Promise<ObjectId[]> {
    const due = new Date(Date.now() - 3 * DAY);
    const ids = Array.from({ length: count }, () => new ObjectId());
    await ops.db.collection('projects').insertMany(
      ids.map((_id, i) => recurringProjectDocument(due, { _id, name: `${tag} retainer ${i}`, user_id: managers[i % managers.length] })),
    );
    return ids;
  }

  const billedPeriods = async (ids: ObjectId[]) =>
    (await ops.db.collection('projects').find({ _id: { $in: ids } }, { projection: { billing_history: 1 } }).toArray()).reduce((n, p) => n + p.billing_history.length, 0);
  const billedNotifications = (ids: ObjectId[]) => ops.db.collection('notifications').countDocuments({ type: 'project_billed', entity_id: { $in: ids } });

  it('every billed period has its notification once the process has exited, exit code 0', async () => {
    const ids = await dueProjects('Healthy', 12);
    const result = await runCli(['db:cleanup', '--job', 'recurring-billing'], { MONGODB_DB_NAME: ops.dbName });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.not.stringMatching(/client was closed|MongoBulkWriteError/) });
    expect(await billedPeriods(ids)).toBe(12);
    expect(await billedNotifications(ids)).toBe(12);
  }, 5 * MINUTE);

  it('a notification that cannot be rendered makes the CLI exit non-zero with a line naming the failure', async () => {
    await ops.db.collection('notification_types').updateOne({ key: 'project_billed' }, { $set: { body_template: BROKEN_TEMPLATE } });
    const ids = await dueProjects('Broken', 3);
    const result = await runCli(['db:cleanup', '--job', 'recurring-billing'], { MONGODB_DB_NAME: ops.dbName });
    expect(result.code).not.toBe(0);
    expect(cliFailure(result.stderr)).toMatch(/recurring-billing failed: .*3 side effect\(s\) failed, first: project\.billed: .*\{\{no_such_value\}\}/);
    // The periods were billed (that write cannot be undone); the failure is what the exit code reports.
    expect(await billedPeriods(ids)).toBe(3);
    expect(await billedNotifications(ids)).toBe(0);
  }, 5 * MINUTE);
});
