import { AuthUser, Role } from '@app/auth';

/** Roles that work the sales side: customers, leads, directory, cards, upsells. */
export const SALES_TEAM: Role[] = [Role.Admin, Role.Manager, Role.Sales];

/** Managers and admins see and edit every CRM record; sales users are limited to their own. */
export const SUPERVISORS: Role[] = [Role.Admin, Role.Manager];

export const isSupervisor = (user: Pick<AuthUser, 'role'>): boolean => SUPERVISORS.includes(user.role);
