import type { DomainOperationKey } from './domain-operations';

export enum JobName {
  AuditRetention = 'audit-retention',
  NotificationCleanup = 'notification-cleanup',
  CvvPurge = 'cvv-purge',
  RecurringBilling = 'recurring-billing',
  OrphanAttachments = 'orphan-attachments',
  StorageSweep = 'storage-sweep',
  InvoiceOverdue = 'invoice-overdue',
  BillingRepair = 'billing-repair',
  EventsRetention = 'events-retention',
  EventsRepair = 'events-repair',
}

export interface JobDefinition {
  name: JobName;
  description: string;
  /** When the scheduler runs it (server local time). */
  cron: string;
  /** Longest a run may hold the lock before another instance may take over. */
  lockTtlMs: number;
  operation: DomainOperationKey;
  /** Part of `db:cleanup`. */
  cleanup: boolean;
}

const MINUTE = 60_000;

/** Every scheduled job. The engine ignores TTL indexes, so retention is enforced here on both engines. */
export const JOBS: Record<JobName, JobDefinition> = {
  [JobName.AuditRetention]: {
    name: JobName.AuditRetention,
    description: 'delete activity_logs older than AUDIT_RETENTION_DAYS',
    cron: '15 3 * * *',
    lockTtlMs: 30 * MINUTE,
    operation: 'purgeExpiredAuditLogs',
    cleanup: true,
  },
  [JobName.NotificationCleanup]: {
    name: JobName.NotificationCleanup,
    description: 'delete read notifications older than NOTIFICATION_RETENTION_DAYS',
    cron: '30 3 * * *',
    lockTtlMs: 30 * MINUTE,
    operation: 'purgeOldNotifications',
    cleanup: true,
  },
  [JobName.CvvPurge]: {
    name: JobName.CvvPurge,
    description: 'erase stored CVVs older than CVV_RETENTION_HOURS',
    cron: '*/15 * * * *',
    lockTtlMs: 10 * MINUTE,
    operation: 'purgeExpiredCvv',
    cleanup: true,
  },
  [JobName.OrphanAttachments]: {
    name: JobName.OrphanAttachments,
    description: 'delete message_attachments left without their message by a crashed multipart post (older than 1 h)',
    cron: '40 * * * *',
    lockTtlMs: 10 * MINUTE,
    operation: 'purgeOrphanAttachments',
    cleanup: true,
  },
  // After orphan-attachments (runAll keeps this order), so the blobs it released go in the same run.
  [JobName.StorageSweep]: {
    name: JobName.StorageSweep,
    description: 'delete stored blobs no file or attachment references, and temp files of interrupted uploads (older than 1 h)',
    cron: '45 * * * *',
    lockTtlMs: 30 * MINUTE,
    operation: 'sweepFileStorage',
    cleanup: true,
  },
  [JobName.EventsRetention]: {
    name: JobName.EventsRetention,
    description: 'delete outbox events (GET /events, webhook replay) older than EVENTS_RETENTION_DAYS',
    cron: '50 3 * * *',
    lockTtlMs: 30 * MINUTE,
    operation: 'purgeExpiredEvents',
    cleanup: true,
  },
  [JobName.EventsRepair]: {
    name: JobName.EventsRepair,
    description: 'settle outbox events left pending by an interrupted request (committed if their change happened, else discarded)',
    cron: '* * * * *',
    lockTtlMs: 5 * MINUTE,
    operation: 'repairPendingEvents',
    cleanup: true,
  },
  [JobName.RecurringBilling]: {
    name: JobName.RecurringBilling,
    description: 'bill recurring projects whose next_billing_date has passed',
    cron: '5 * * * *',
    lockTtlMs: 30 * MINUTE,
    operation: 'billDueProjects',
    cleanup: false,
  },
  [JobName.InvoiceOverdue]: {
    name: JobName.InvoiceOverdue,
    description: 'mark issued invoices past their due date overdue (notifying the project manager once per invoice) and expire sent quotes past valid_until',
    cron: '20 * * * *',
    lockTtlMs: 30 * MINUTE,
    operation: 'markOverdueInvoices',
    cleanup: false,
  },
  [JobName.BillingRepair]: {
    name: JobName.BillingRepair,
    description: 'finish billing writes a crash interrupted: release the items of stale pending drafts and of voided invoices, settle pending payments',
    cron: '*/10 * * * *',
    lockTtlMs: 10 * MINUTE,
    operation: 'repairBilling',
    cleanup: false,
  },
};

export const CLEANUP_JOBS = Object.values(JOBS).filter((job) => job.cleanup).map((job) => job.name);
