// The contracts live in @app/common so @app/auth can use them without depending on this lib.
export { AUDIT_RECORD_EVENT, AuditAction, AUDITED_ENTITY, Audited, SKIP_AUDIT, SkipAudit } from '@app/common';
export type { AuditRecord, AuditedEntity } from '@app/common';
export * from './audit.module';
export * from './audit.service';
export * from './audit-sanitizer';
export * from './changed-fields';
export * from './activity-logs/activity-log.schema';
export * from './activity-logs/audit-entity-scope';
