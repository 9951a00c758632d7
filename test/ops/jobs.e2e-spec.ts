import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Types } from 'mongoose';
import { FieldEncryptionService } from '@app/crypto';
import { FILE_STORAGE, FileStorage } from '@app/files';
import { DOMAIN_OPERATIONS, JobLockService, JobName, JobRunner, JOBS } from '@app/ops';
import { recurringProjectDocument } from '../support/fixtures';
import { TestApp } from '../support/test-app';
import { OpsHarness } from './support/ops-harness';

const DAY = 86400_000;

describe('scheduled jobs', () => {
  let ops: OpsHarness;
  const now = new Date('2026-03-10T12:00:00Z');

  beforeAll(async () => {
    ops = await OpsHarness.start();
  });

  afterAll(async () => {
    await ops.stop();
  });

  async function recurringProject(nextBillingDate: Date): Promise<Types.ObjectId> {
    const _id = new Types.ObjectId();
    await ops.db.collection('projects').insertOne(recurringProjectDocument(nextBillingDate, { _id }));
    return _id;
  }

  it('running recurring billing twice for the same period bills once and advances the next billing date', async () => {
    const project = await recurringProject(new Date('2026-03-05T00:00:00Z'));
    const runner = ops.get(JobRunner);
    const first = await runner.run(JobName.RecurringBilling, now);
    expect(first).toMatchObject({ status: 'completed', result: { periods_billed: 1 } });
    const second = await runner.run(JobName.RecurringBilling, now);
    expect(second).toMatchObject({ status: 'completed', result: { periods_billed: 0 } });

    const stored = await ops.db.collection('projects').findOne({ _id: project });
    expect(stored!.billing_history).toHaveLength(1);
    expect(stored!.billing_history[0]).toMatchObject({ amount: 499, period_start: new Date('2026-03-05T00:00:00Z') });
    expect(stored!.recurring_plan.next_billing_date).toEqual(new Date('2026-04-05T00:00:00Z'));
    // The manager is notified through the project.billed event (one notification for one bill).
    const notifications = await ops.db.collection('notifications').find({ entity_id: project }).toArray();
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ user_id: stored!.user_id, entity_type: 'project', type: expect.stringContaining('bill') });
    // The outcome is recorded on the job's lock document.
    expect(await ops.get(JobLockService).find(JobName.RecurringBilling)).toMatchObject({ owner: null, locked_until: null, last_status: 'completed' });
  });

  it('a job another instance holds the lock for is skipped, and two concurrent runs do the work once', async () => {
    const locks = ops.get(JobLockService);
    expect(await locks.acquire(JobName.AuditRetention, 60_000, 'other-instance')).toBe(true);
    expect(await ops.get(JobRunner).run(JobName.AuditRetention, now)).toMatchObject({ status: 'locked' });
    await locks.release(JobName.AuditRetention, 'other-instance', { status: 'completed', summary: 'test' });

    await recurringProject(new Date('2026-03-01T00:00:00Z'));
    const outcomes = await Promise.all([ops.get(JobRunner).run(JobName.RecurringBilling, now), ops.get(JobRunner).run(JobName.RecurringBilling, now)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['completed', 'locked']);
    expect(outcomes.find((o) => o.status === 'completed')!.result).toMatchObject({ periods_billed: 1 });
  });

  it('an expired lease (crashed holder) does not block the job for good', async () => {
    const locks = ops.get(JobLockService);
    expect(await locks.acquire(JobName.NotificationCleanup, 1_000, 'crashed', new Date(now.getTime() - 60_000))).toBe(true);
    expect(await ops.get(JobRunner).run(JobName.NotificationCleanup, now)).toMatchObject({ status: 'completed' });
  });

  it('cleanup jobs delete what is past retention and nothing else', async () => {
    const users = ops.db.collection('notifications');
    const user_id = new Types.ObjectId();
    await users.insertMany([
      { user_id, type: 'mention', title: 't', body: 'b', entity_type: 'project', entity_id: new Types.ObjectId(), is_read: true, read_at: now, created_at: new Date(now.getTime() - 40 * DAY) },
      { user_id, type: 'mention', title: 't', body: 'b', entity_type: 'project', entity_id: new Types.ObjectId(), is_read: false, read_at: null, created_at: new Date(now.getTime() - 40 * DAY) },
      { user_id, type: 'mention', title: 't', body: 'b', entity_type: 'project', entity_id: new Types.ObjectId(), is_read: true, read_at: now, created_at: new Date(now.getTime() - 2 * DAY) },
    ]);
    await ops.db.collection('activity_logs').insertMany([
      { action: 'update', entity_type: 'lead', entity_id: new Types.ObjectId(), created_at: new Date(now.getTime() - 400 * DAY) },
      { action: 'update', entity_type: 'lead', entity_id: new Types.ObjectId(), created_at: new Date(now.getTime() - 10 * DAY) },
    ]);
    const encryption = ops.get(FieldEncryptionService);
    await ops.db.collection('customer_charge_details').insertMany([
      { customer_id: new Types.ObjectId(), card_number_encrypted: encryption.encrypt('4242424242424242'), cvv_encrypted: encryption.encrypt('123'), cvv_stored_at: new Date(now.getTime() - 2 * DAY), key_id: 'k1', created_at: new Date(now.getTime() - 2 * DAY) },
      { customer_id: new Types.ObjectId(), card_number_encrypted: encryption.encrypt('4242424242424242'), cvv_encrypted: encryption.encrypt('456'), cvv_stored_at: new Date(now.getTime() - 3600_000), key_id: 'k1', created_at: new Date(now.getTime() - 3600_000) },
    ]);

    const outcomes = await ops.get(JobRunner).runAll([JobName.AuditRetention, JobName.NotificationCleanup, JobName.CvvPurge], now);
    expect(outcomes.map((o) => [o.job, o.status, o.result])).toEqual([
      [JobName.AuditRetention, 'completed', 1],
      [JobName.NotificationCleanup, 'completed', 1],
      [JobName.CvvPurge, 'completed', 1],
    ]);
    expect(await ops.db.collection('notifications').countDocuments({ user_id })).toBe(2);
    expect(await ops.db.collection('activity_logs').countDocuments({ entity_type: 'lead' })).toBe(1);
    expect(await ops.db.collection('customer_charge_details').countDocuments({ cvv_encrypted: { $exists: true } })).toBe(1);

    // Idempotent: nothing left to do.
    const again = await ops.get(JobRunner).runAll([JobName.AuditRetention, JobName.NotificationCleanup, JobName.CvvPurge], now);
    expect(again.map((o) => o.result)).toEqual([0, 0, 0]);
  });

  it('a domain operation missing from the build is skipped with a clear reason, not a crash', async () => {
    const operation = DOMAIN_OPERATIONS.purgeExpiredCvv as { method: string };
    const original = operation.method;
    operation.method = 'notBuiltYet';
    try {
      const outcome = await ops.get(JobRunner).run(JobName.CvvPurge, now);
      expect(outcome).toMatchObject({ status: 'skipped', summary: 'not available: ChargeDetailsService.notBuiltYet() does not exist in @app/crm' });
    } finally {
      operation.method = original;
    }
  });

  it('the API registers every job with the scheduler when SCHEDULER_ENABLED', async () => {
    const api = await TestApp.start({ SCHEDULER_ENABLED: 'true' });
    try {
      const registered = [...api.app.get(SchedulerRegistry).getCronJobs().keys()].sort();
      expect(registered).toEqual(Object.keys(JOBS).sort());
    } finally {
      await api.stop();
    }
  });
});

describe('storage jobs', () => {
  let ops: OpsHarness;
  let storage: FileStorage;

  beforeAll(async () => {
    ops = await OpsHarness.start({ FILE_STORAGE_ROOT: mkdtempSync(join(tmpdir(), 'ops-storage-')) });
    storage = ops.module.get<FileStorage>(FILE_STORAGE, { strict: false });
  });
  afterAll(async () => {
    await ops.stop();
  });

  it('drops attachment records a crashed post left without a message, then sweeps the blobs nobody references', async () => {
    // An hour from now, so everything written below is past both grace periods.
    const later = new Date(Date.now() + 2 * 3600_000);
    const put = (text: string) => storage.put((async function* () { yield Buffer.from(text); })());
    const [orphaned, kept, loose] = [await put('orphaned attachment'), await put('kept attachment'), await put('loose blob')];
    const messageId = new Types.ObjectId();
    await ops.db.collection('messages').insertOne({ _id: messageId, sender_id: new Types.ObjectId(), content: 'hi', channel: 'general', project_id: null, mentions: [], created_at: new Date() });
    const attachment = (message_id: Types.ObjectId, storage_key: string) => ({
      message_id, name: 'a.txt', mime_type: 'text/plain', detected_type: 'document', size: 5, storage_key, created_at: new Date(), updated_at: new Date(),
    });
    await ops.db.collection('message_attachments').insertMany([attachment(new Types.ObjectId(), orphaned.key), attachment(messageId, kept.key)]);

    const outcomes = await ops.get(JobRunner).runAll([JobName.OrphanAttachments, JobName.StorageSweep], later);
    expect(outcomes.map((o) => [o.job, o.status])).toEqual([[JobName.OrphanAttachments, 'completed'], [JobName.StorageSweep, 'completed']]);
    expect(outcomes[0].result).toBe(1);
    expect(outcomes[1].result).toMatchObject({ removed_orphans: 2 });
    expect(await ops.db.collection('message_attachments').countDocuments()).toBe(1);
    expect([await storage.exists(orphaned.key), await storage.exists(loose.key), await storage.exists(kept.key)]).toEqual([false, false, true]);

    // Nothing is swept before its grace period ends, and a second run has nothing left to do.
    const fresh = await put('just uploaded');
    const again = await ops.get(JobRunner).runAll([JobName.OrphanAttachments, JobName.StorageSweep], new Date());
    expect(again.map((o) => o.result)).toEqual([0, expect.objectContaining({ removed_orphans: 0 })]);
    expect(await storage.exists(fresh.key)).toBe(true);
  });
});
