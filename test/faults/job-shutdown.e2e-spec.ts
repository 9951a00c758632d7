import { MongoClient } from 'mongodb';
import { ChargeDetailsService } from '@app/crm';
import { JOB_LOCKS_COLLECTION, JobLockService, JobName, JobRunner } from '@app/ops';
import { OpsHarness } from '../ops/support/ops-harness';

/**
 * Shutdown never leaves a job's lease held: a run that ends within SHUTDOWN_GRACE_MS releases it
 * with its outcome; one still running when the grace period ends has its lease released as
 * `interrupted`, so the next run (here or on another instance) does not wait out the lease TTL.
 */
describe('jobs on shutdown', () => {
  let client: MongoClient;

  beforeAll(async () => {
    client = await MongoClient.connect(process.env.TEST_MONGODB_URI!);
  });

  afterAll(async () => {
    await client.close();
  });

  async function startHeldRun(ops: OpsHarness) {
    let finish!: (value: number) => void;
    const held = new Promise<number>((resolve) => (finish = resolve));
    jest.spyOn(ops.get(ChargeDetailsService), 'purgeExpiredCvv').mockImplementation(() => held);
    const run = ops.get(JobRunner).run(JobName.CvvPurge);
    const locks = ops.get(JobLockService);
    const deadline = Date.now() + 10_000;
    while (!(await locks.find(JobName.CvvPurge))?.owner && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await locks.find(JobName.CvvPurge))?.locked_until).toBeInstanceOf(Date);
    return { run, finish };
  }

  it('a job still running when the grace period ends has its lease released as interrupted', async () => {
    const ops = await OpsHarness.start({ SHUTDOWN_GRACE_MS: '300' });
    await startHeldRun(ops);
    const closing = Date.now();
    await ops.module.close();
    expect(Date.now() - closing).toBeLessThan(5000);
    const lock = await client.db(ops.dbName).collection(JOB_LOCKS_COLLECTION).findOne({ _id: JobName.CvvPurge as never });
    expect(lock).toMatchObject({ locked_until: null, owner: null, last_status: 'interrupted' });
    await client.db(ops.dbName).dropDatabase();
  });

  it('a job that ends within the grace period finishes and releases its lease with its outcome', async () => {
    const ops = await OpsHarness.start({ SHUTDOWN_GRACE_MS: '10000' });
    const { run, finish } = await startHeldRun(ops);
    const closed = ops.module.close();
    setImmediate(() => finish(3));
    await closed;
    expect(await run).toMatchObject({ status: 'completed', result: 3 });
    const lock = await client.db(ops.dbName).collection(JOB_LOCKS_COLLECTION).findOne({ _id: JobName.CvvPurge as never });
    expect(lock).toMatchObject({ locked_until: null, owner: null, last_status: 'completed' });
    // A run asked for during shutdown does not start.
    expect(await ops.get(JobRunner).run(JobName.CvvPurge)).toMatchObject({ status: 'skipped', summary: 'the process is shutting down' });
    await client.db(ops.dbName).dropDatabase();
  });
});
