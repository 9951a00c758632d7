import type { AuthUser } from '../role';
import type { UserRecord } from '../users/users.service';

/**
 * The public profile the JWT strategy read while checking the token, kept per request (keyed by
 * the request's AuthUser object) so `GET /auth/me` answers without reading the same user again.
 */
const profiles = new WeakMap<AuthUser, UserRecord>();

export function rememberSignedInProfile(user: AuthUser, profile: UserRecord): void {
  profiles.set(user, profile);
}

export function signedInProfile(user: AuthUser): UserRecord | undefined {
  return profiles.get(user);
}
