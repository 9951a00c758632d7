export enum Role {
  Admin = 'admin',
  Manager = 'manager',
  Sales = 'sales',
  Support = 'support',
  Tech = 'tech',
}

export const ALL_ROLES = Object.values(Role);

/** Who is calling: what the JWT strategy puts on the request after checking the user is active. */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  department: string | null;
  /** The session (refresh-token family) the access token belongs to; signing that device out revokes it. */
  sessionId?: string;
}
