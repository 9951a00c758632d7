import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import * as audit from '@app/audit';
import * as billing from '@app/billing';
import * as crm from '@app/crm';
import * as events from '@app/events';
import * as files from '@app/files';
import * as messaging from '@app/messaging';
import * as notifications from '@app/notifications';
import * as projects from '@app/projects';

interface DomainOperation {
  lib: string;
  /** The lib's public face (its index), where the service is looked up by name. */
  api: object;
  service: string;
  method: string;
}

/**
 * The domain operations ops drives (jobs, setup). Each domain owns the rule (what is expired,
 * what is due); ops only decides when it runs. They are looked up by export name so ops builds
 * and runs while a domain is still missing one: the job then logs "skipped: not available" and the rest carry on.
 */
export const DOMAIN_OPERATIONS = {
  purgeExpiredAuditLogs: { lib: '@app/audit', api: audit, service: 'AuditService', method: 'purgeExpired' },
  purgeOldNotifications: { lib: '@app/notifications', api: notifications, service: 'NotificationsService', method: 'purgeOld' },
  purgeExpiredCvv: { lib: '@app/crm', api: crm, service: 'ChargeDetailsService', method: 'purgeExpiredCvv' },
  purgeOrphanAttachments: { lib: '@app/messaging', api: messaging, service: 'AttachmentsService', method: 'purgeOrphans' },
  sweepFileStorage: { lib: '@app/files', api: files, service: 'FileStorageSweeper', method: 'sweep' },
  billDueProjects: { lib: '@app/projects', api: projects, service: 'ProjectBillingService', method: 'billDueProjects' },
  markOverdueInvoices: { lib: '@app/billing', api: billing, service: 'BillingMaintenanceService', method: 'markOverdue' },
  repairBilling: { lib: '@app/billing', api: billing, service: 'BillingMaintenanceService', method: 'repair' },
  purgeExpiredEvents: { lib: '@app/events', api: events, service: 'OutboxService', method: 'purgeExpired' },
  repairPendingEvents: { lib: '@app/events', api: events, service: 'OutboxService', method: 'repairPending' },
  seedNotificationTypes: { lib: '@app/notifications', api: notifications, service: 'NotificationTypesService', method: 'seedDefaults' },
} satisfies Record<string, DomainOperation>;

export type DomainOperationKey = keyof typeof DOMAIN_OPERATIONS;

export type ResolvedOperation = { available: true; call: (...args: unknown[]) => Promise<unknown> } | { available: false; reason: string };

@Injectable()
export class DomainOperations {
  constructor(private readonly moduleRef: ModuleRef) {}

  resolve(key: DomainOperationKey): ResolvedOperation {
    const { lib, api, service, method } = DOMAIN_OPERATIONS[key] as DomainOperation;
    const token = (api as Record<string, unknown>)[service];
    if (typeof token !== 'function') return { available: false, reason: `${lib} does not export ${service}` };
    let instance: Record<string, unknown>;
    try {
      instance = this.moduleRef.get(token as new (...args: unknown[]) => Record<string, unknown>, { strict: false });
    } catch {
      return { available: false, reason: `${service} (${lib}) is not provided by any imported module` };
    }
    const fn = instance[method];
    if (typeof fn !== 'function') return { available: false, reason: `${service}.${method}() does not exist in ${lib}` };
    return { available: true, call: async (...args: unknown[]) => fn.apply(instance, args) };
  }

  /** Runs the operation, or returns why it cannot run. */
  async call(key: DomainOperationKey, ...args: unknown[]): Promise<{ ran: true; result: unknown } | { ran: false; reason: string }> {
    const operation = this.resolve(key);
    if (!operation.available) return { ran: false, reason: operation.reason };
    return { ran: true, result: await operation.call(...args) };
  }
}
