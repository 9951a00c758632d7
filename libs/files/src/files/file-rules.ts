import { ALL_ROLES, Role } from '@app/auth';
import { fieldError } from '@app/common';

/**
 * `allowed_roles` from multipart text fields: repeated fields and/or comma-separated values
 * (`allowed_roles=tech&allowed_roles=sales` or `allowed_roles=tech,sales`). Absent: every role.
 */
export function parseAllowedRoles(values: string[] | undefined): Role[] {
  if (!values || values.length === 0) return [...ALL_ROLES];
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((name) => !ALL_ROLES.includes(name as Role));
  if (unknown.length > 0) throw fieldError('allowed_roles', `must be roles among ${ALL_ROLES.join(', ')} (got ${unknown.join(', ')})`);
  if (names.length === 0) throw fieldError('allowed_roles', `must name at least one role among ${ALL_ROLES.join(', ')}`);
  return [...new Set(names as Role[])];
}
