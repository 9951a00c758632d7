/**
 * The contract for writing to the audit trail from code what is not a write (logins, sensitive
 * reads): emit `AUDIT_RECORD_EVENT` with `emitAsync` and await it, so a record that cannot be
 * written fails the operation instead of vanishing. Creates, updates and deletes need nothing:
 * the persistence layer records every write through a model (writeAuditPlugin in @app/database).
 */
export const AUDIT_RECORD_EVENT = 'audit.record';

export enum AuditAction {
  Create = 'create',
  Update = 'update',
  Delete = 'delete',
  Restore = 'restore',
  Login = 'login',
  LoginFailed = 'login_failed',
  Logout = 'logout',
  PasswordChanged = 'password_changed',
  /** A second factor presented (sign-in, step-up, disable): metadata says what for and whether it passed; never the code. */
  SecondFactor = 'second_factor',
  TwoFactorEnabled = 'two_factor_enabled',
  TwoFactorDisabled = 'two_factor_disabled',
  /** A password sign-in by a break-glass admin while SSO_ENFORCED is on (the other admins are notified). */
  BreakGlassLogin = 'break_glass_login',
  /** A user created by their first single sign-on (OIDC_PROVISION_USERS); metadata names the role and why. */
  UserProvisioned = 'user_provisioned',
  /** A sensitive read: card reveal, file download. */
  Read = 'read',
  /** Something a scheduled job or CLI command did. */
  System = 'system',
}

export interface AuditRecord {
  action: AuditAction;
  entity_type: string;
  entity_id?: string | null;
  /** Defaults to the signed-in user of the current request. */
  actor_id?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Free-form context (e.g. `{ reason: 'locked' }`); sanitised like the states. */
  metadata?: Record<string, unknown>;
}
