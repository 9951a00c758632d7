import { Types } from 'mongoose';
import { ALL_ROLES, AuthUser, Role } from '@app/auth';
import { fieldError } from '@app/common';
import type { ProjectFile } from './file.schema';

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

/** On top of seeing the project: admins and the uploader always, others when their role is allowed. */
export function canSeeFile(file: Pick<ProjectFile, 'uploaded_by' | 'allowed_roles'>, user: AuthUser): boolean {
  return user.role === Role.Admin || String(file.uploaded_by) === user.id || file.allowed_roles.includes(user.role);
}

/** Mongo filter form of `canSeeFile`, for lists. */
export function fileVisibilityFilter(user: AuthUser): Record<string, unknown> {
  if (user.role === Role.Admin) return {};
  return { $or: [{ allowed_roles: user.role }, { uploaded_by: new Types.ObjectId(user.id) }] };
}

/** Deleting: the uploader, the project's manager, managers and admins. */
export function canDeleteFile(file: Pick<ProjectFile, 'uploaded_by'>, project: { user_id: unknown }, user: AuthUser): boolean {
  return user.role === Role.Admin || user.role === Role.Manager || String(file.uploaded_by) === user.id || String(project.user_id) === user.id;
}
