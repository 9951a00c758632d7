import { AccessRule, Permission } from '@app/auth';

/**
 * Which rows each role reaches, per permission — the row-level half of `rbac-matrix.ts` (which
 * says who may call a route at all). Reviewed against SPEC "Roles": sales work their own leads,
 * customers, prospects and upsells, and read the invoices and quotes of customers they own; a department's manager that department's leads; everyone
 * reads the projects they manage or are on, and a file when its allowed_roles name their role;
 * a message is its sender's to edit, and managers and admins moderate; a tech user changes
 * the tasks assigned to them, and everyone but managers and admins deletes and reports only their own time. `none` marks a role the
 * route does not admit (the matrix answers 403 before any row is read).
 *
 * `row-level-rules.e2e-spec.ts` checks this table against the policy's (libs/auth/src/access/
 * access-rules.ts) and walks it over HTTP: per permission and role, one row the rule lets in and
 * one it keeps out.
 */
export const ROW_LEVEL_RULES: Record<Permission, Record<'admin' | 'manager' | 'sales' | 'support' | 'tech', `${AccessRule}`>> = {
  [Permission.ProjectRead]: { admin: 'all', manager: 'all', sales: 'member', support: 'member', tech: 'member' },
  [Permission.LeadRead]: { admin: 'all', manager: 'department', sales: 'own', support: 'none', tech: 'none' },
  [Permission.LeadUpdate]: { admin: 'all', manager: 'department', sales: 'own', support: 'none', tech: 'none' },
  [Permission.LeadDelete]: { admin: 'all', manager: 'department', sales: 'own', support: 'none', tech: 'none' },
  [Permission.LeadConvert]: { admin: 'all', manager: 'department', sales: 'own', support: 'none', tech: 'none' },
  [Permission.CustomerUpdate]: { admin: 'all', manager: 'all', sales: 'own', support: 'none', tech: 'none' },
  [Permission.DirectoryEntryUpdate]: { admin: 'all', manager: 'all', sales: 'own_or_unassigned', support: 'none', tech: 'none' },
  [Permission.BillingRecordRead]: { admin: 'all', manager: 'all', sales: 'own', support: 'none', tech: 'none' },
  [Permission.DirectoryReportRead]: { admin: 'all', manager: 'department', sales: 'none', support: 'none', tech: 'none' },
  [Permission.TaskUpdate]: { admin: 'all', manager: 'all', sales: 'all', support: 'all', tech: 'own' },
  [Permission.TimeEntryDelete]: { admin: 'all', manager: 'all', sales: 'own', support: 'own', tech: 'own' },
  [Permission.TimeReportRead]: { admin: 'all', manager: 'all', sales: 'own', support: 'own', tech: 'own' },
  [Permission.UpsellUpdate]: { admin: 'all', manager: 'all', sales: 'own', support: 'none', tech: 'none' },
  [Permission.FileRead]: { admin: 'all', manager: 'allowed_roles', sales: 'allowed_roles', support: 'allowed_roles', tech: 'allowed_roles' },
  [Permission.FileDelete]: { admin: 'all', manager: 'all', sales: 'member', support: 'member', tech: 'member' },
  [Permission.MessageUpdate]: { admin: 'own', manager: 'own', sales: 'own', support: 'own', tech: 'own' },
  [Permission.MessageAttach]: { admin: 'own', manager: 'own', sales: 'own', support: 'own', tech: 'own' },
  [Permission.MessageDelete]: { admin: 'all', manager: 'all', sales: 'own', support: 'own', tech: 'own' },
  [Permission.MessagePin]: { admin: 'all', manager: 'all', sales: 'own', support: 'own', tech: 'own' },
};
