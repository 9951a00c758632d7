import { SetMetadata } from '@nestjs/common';

export const AUDITED_ENTITY = 'audit:entity';
export const SKIP_AUDIT = 'audit:skip';

export interface AuditedEntity {
  /** entity_type written to activity_logs, e.g. `user`, `lead`. */
  entityType: string;
  /** Registered Mongoose model name, used to read the before/after state by `:id`. */
  model: string;
  /** Route param holding the entity id (default `id`). */
  idParam?: string;
}

/**
 * On a controller: every POST/PUT/PATCH/DELETE handler in it is audited by the global audit
 * interceptor with the entity's before and after state. Handlers opt out with @SkipAudit().
 */
export const Audited = (entityType: string, model: string, idParam = 'id') =>
  SetMetadata(AUDITED_ENTITY, { entityType, model, idParam } satisfies AuditedEntity);

/** The handler writes its own audit record (login, reveal) or changes nothing worth one. */
export const SkipAudit = () => SetMetadata(SKIP_AUDIT, true);
