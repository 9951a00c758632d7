import { Types } from 'mongoose';
import { SetupService, ValidationService } from '@app/ops';
import { OpsHarness } from './support/ops-harness';

describe('db:validate', () => {
  let ops: OpsHarness;

  beforeAll(async () => {
    ops = await OpsHarness.start();
    await ops.get(SetupService).setup({ seed: { size: 'small', seed: 21 } });
  });

  afterAll(async () => {
    await ops.stop();
  });

  it('freshly seeded data is valid and every reference resolves', async () => {
    const report = await ops.get(ValidationService).validateAll();
    const problems = report.collections.filter((c) => c.invalid || c.broken_references).map((c) => [c.collection, c.issues.slice(0, 3)]);
    expect(problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.collections.find((c) => c.collection === 'tasks')!.documents).toBeGreaterThan(0);
  });

  it('flags a document its schema rejects and a reference to a missing document, naming each', async () => {
    const badUser = new Types.ObjectId();
    await ops.db.collection('users').insertOne({ _id: badUser, first_name: 'Bad', last_name: 'Role', email: 'bad.role@example.com', role: 'wizard', password_hash: 'x', is_active: true });
    const task = await ops.db.collection('tasks').findOne({});
    const missingProject = new Types.ObjectId();
    await ops.db.collection('tasks').updateOne({ _id: task!._id }, { $set: { project_id: missingProject } });
    const lead = await ops.db.collection('leads').findOne({ agent_id: { $ne: null } });
    const missingAgent = new Types.ObjectId();
    await ops.db.collection('leads').updateOne({ _id: lead!._id }, { $set: { agent_id: missingAgent } });

    const report = await ops.get(ValidationService).validateAll();
    expect(report.ok).toBe(false);
    const users = report.collections.find((c) => c.collection === 'users')!;
    expect(users.invalid).toBe(1);
    expect(users.issues).toEqual([{ _id: String(badUser), problem: expect.stringMatching(/^role: .*wizard/) }]);
    const tasks = report.collections.find((c) => c.collection === 'tasks')!;
    expect(tasks.broken_references).toBeGreaterThanOrEqual(1);
    expect(tasks.issues).toContainEqual({ _id: String(task!._id), problem: `project_id references missing projects ${missingProject}` });
    const leads = report.collections.find((c) => c.collection === 'leads')!;
    expect(leads.issues).toContainEqual({ _id: String(lead!._id), problem: `agent_id references missing users ${missingAgent}` });
  });
});
