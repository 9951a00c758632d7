import { Role } from '../role';
import type { ProviderClaims } from './openid-client.adapter';

/** `amr` values (RFC 8176) that mean the provider asked for more than a password: they stand in for the CRM's TOTP step. */
export const MULTI_FACTOR_AMR = ['mfa', 'otp'] as const;

/** The person the provider signed in, in the CRM's terms. */
export interface ProviderIdentity {
  subject: string;
  /** Lower-cased and trimmed, like every email the CRM stores. */
  email: string | null;
  emailVerified: boolean;
  firstName: string;
  lastName: string;
  groups: string[];
  multiFactor: boolean;
}

export function readProviderIdentity(claims: ProviderClaims, groupsClaim: string): ProviderIdentity {
  const email = typeof claims.email === 'string' && claims.email.includes('@') ? claims.email.trim().toLowerCase() : null;
  const [nameFirst, ...nameRest] = typeof claims.name === 'string' ? claims.name.trim().split(/\s+/) : [];
  const firstName = text(claims.given_name) ?? nameFirst ?? email?.split('@')[0] ?? 'User';
  const lastName = text(claims.family_name) ?? (nameRest.length ? nameRest.join(' ') : 'User');
  const rawGroups = claims[groupsClaim];
  const groups = Array.isArray(rawGroups) ? rawGroups.filter((g): g is string => typeof g === 'string') : typeof rawGroups === 'string' ? [rawGroups] : [];
  const amr = Array.isArray(claims.amr) ? claims.amr : [];
  return {
    subject: String(claims.sub),
    email,
    // Only the boolean true counts: a provider sending "true" as a string, or nothing, has not said it verified the address.
    emailVerified: claims.email_verified === true,
    firstName: firstName.slice(0, 100),
    lastName: lastName.slice(0, 100),
    groups,
    multiFactor: amr.some((method) => (MULTI_FACTOR_AMR as readonly unknown[]).includes(method)),
  };
}

/**
 * The role the provider's groups give: the first `[group, role]` pair of OIDC_ROLE_MAP whose group
 * the user has (so the operator orders the map by precedence), else the default role, else null
 * (the sign-in is refused).
 */
export function mapGroupsToRole(groups: readonly string[], roleMap: readonly (readonly [string, string])[], defaultRole: string | undefined): Role | null {
  const held = new Set(groups);
  const mapped = roleMap.find(([group]) => held.has(group))?.[1] ?? defaultRole;
  return mapped && (Object.values(Role) as string[]).includes(mapped) ? (mapped as Role) : null;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}
