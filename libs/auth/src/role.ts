export enum Role {
  Admin = 'admin',
  Manager = 'manager',
  Sales = 'sales',
  Support = 'support',
  Tech = 'tech',
}

export const ALL_ROLES = Object.values(Role);

/** What kind of credential the caller presented: a person's access token, or an integration's API key. */
export type PrincipalKind = 'user' | 'api_key';

/**
 * Who is calling: what the JWT strategy (or the API-key check) puts on the request after checking
 * the credential is still valid.
 */
export interface AuthUser {
  /** The user; for an API key, the admin who created it (keys act on their behalf, and audit records name them). */
  id: string;
  email: string;
  role: Role;
  department: string | null;
  /** The session (refresh-token family) the access token belongs to; signing that device out revokes it. */
  sessionId?: string;
  /** Absent means `user`. */
  kind?: PrincipalKind;
  /** API keys only: the key's id and the scopes (`crm:read`, …) the roles guard checks instead of roles. */
  apiKeyId?: string;
  scopes?: readonly string[];
  /**
   * Set on a session of a role that must use two-factor authentication but has not enrolled yet:
   * it may only enrol and confirm (the roles guard refuses every other route).
   */
  restriction?: 'two_factor_enrolment';
}
