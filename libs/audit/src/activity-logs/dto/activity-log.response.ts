import { UserSummaryResponse } from '@app/auth';
import { AuditAction } from '@app/common';

/** One audit record. States are sanitised snapshots: secrets redacted, emails and phones masked. */
export class ActivityLogResponse {
  id: string;
  /** The actor; null for anonymous attempts and system jobs. */
  user_id: string | null;
  /** The actor's summary, with `?populate=user`. */
  user?: UserSummaryResponse | null;
  /** Who acted: `user:<id>`, `system` (a scheduled job) or `cli:<command>` (an ops command); null when anonymous. */
  actor: string | null;
  action: AuditAction;
  entity_type: string;
  entity_id: string | null;
  /** The entity before the change (null for a create). */
  before: Record<string, unknown> | null;
  /** The entity after the change (null after a hard delete). */
  after: Record<string, unknown> | null;
  /** Paths whose value changed, e.g. `department` or `address.city`. */
  changed_fields: string[];
  ip: string | null;
  user_agent: string | null;
  /** The `x-request-id` of the request that caused the change. */
  request_id: string | null;
  metadata: Record<string, unknown>;
  created_at: Date;
}
