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

  it('the four scheduled jobs of the spec; db:cleanup runs all but billing', () => {
    expect(Object.keys(JOBS).sort()).toEqual(['audit-retention', 'cvv-purge', 'notification-cleanup', 'recurring-billing']);
    expect(CLEANUP_JOBS).not.toContain(JobName.RecurringBilling);
    expect(CLEANUP_JOBS).toHaveLength(3);
  });

  it('describes a billing run in one line', () => {
    expect(describeResult({ projects: 2, periods_billed: 3, failed: [] })).toBe('projects=2 periods_billed=3');
  });
});
