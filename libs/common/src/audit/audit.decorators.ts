import { SetMetadata } from '@nestjs/common';

export const AUDITED_ENTITY = 'audit:entity';
export const SKIP_AUDIT = 'audit:skip';

export interface AuditedEntity {
  /** entity_type written to activity_logs, e.g. `user`, `lead`. */
  entityType: string;
  /** Registered Mongoose model name of the entity. */
  model: string;
  /** Route param holding the entity id (default `id`). */
  idParam?: string;
}

/**
 * On a controller: names the entity its routes write. The writes themselves are audited at the
 * persistence layer (writeAuditPlugin + AuditService), whatever route, job or command makes them;
 * this metadata is a reader's map, nothing reads it at run time.
 */
export const Audited = (entityType: string, model: string, idParam = 'id') =>
  SetMetadata(AUDITED_ENTITY, { entityType, model, idParam } satisfies AuditedEntity);

/** The handler also writes an audit record of its own for what is not a write (login, reveal, download). */
export const SkipAudit = () => SetMetadata(SKIP_AUDIT, true);
