import { AuthUser, Role, UsersService } from '@app/auth';

/**
 * What a department's manager oversees: records whose `field` (the agent, the owner) is one of the
 * department's people, or nobody yet. `null` when the user's view is not department-bound
 * (admins, managers without a department, and everyone else, whose own rules apply).
 */
export async function departmentScope(users: UsersService, user: AuthUser, field: string): Promise<Record<string, unknown> | null> {
  if (user.role !== Role.Manager || !user.department) return null;
  const people = await users.idsInDepartment(user.department);
  return { $or: [{ [field]: { $in: people } }, { [field]: null }] };
}
