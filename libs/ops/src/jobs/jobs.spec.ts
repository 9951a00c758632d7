import { CronTime } from 'cron';
import { describeResult } from './describe-result';
import { DOMAIN_OPERATIONS } from './domain-operations';
import { CLEANUP_JOBS, JOBS, JobName } from './jobs';

describe('job table', () => {
  it('every job has a valid cron expression, a lock lease and a known domain operation', () => {
    for (const job of Object.values(JOBS)) {
      expect(() => new CronTime(job.cron)).not.toThrow();
      expect(job.lockTtlMs).toBeGreaterThanOrEqual(60_000);
      expect(DOMAIN_OPERATIONS[job.operation]).toBeDefined();
    }
  });

  it("the spec's four scheduled jobs plus the storage sweeps, invoicing's two and the outbox's retention and repair; db:cleanup runs all but billing", () => {
    expect(Object.keys(JOBS).sort()).toEqual(['audit-retention', 'billing-repair', 'cvv-purge', 'events-repair', 'events-retention', 'invoice-overdue', 'notification-cleanup', 'orphan-attachments', 'recurring-billing', 'storage-sweep']);
    expect(CLEANUP_JOBS).not.toContain(JobName.RecurringBilling);
    expect(CLEANUP_JOBS).not.toContain(JobName.InvoiceOverdue);
    expect(CLEANUP_JOBS).not.toContain(JobName.BillingRepair);
    expect(CLEANUP_JOBS).toHaveLength(7);
    // Records released by orphan-attachments are swept in the same run.
    expect(CLEANUP_JOBS.indexOf(JobName.OrphanAttachments)).toBeLessThan(CLEANUP_JOBS.indexOf(JobName.StorageSweep));
  });

  it('describes a billing run in one line', () => {
    expect(describeResult({ projects: 2, periods_billed: 3, failed: [] })).toBe('projects=2 periods_billed=3');
  });
});
