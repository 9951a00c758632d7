import { Role } from '../role';
import { AccessResource, AccessRule, Permission } from './permission';

export interface PermissionRules {
  /** The resource the permission is decided on (and whose loader is asked). */
  resource: AccessResource;
  /**
   * What a refused user gets. `not_found`: the row is loaded within the user's scope and a row out
   * of it is a 404, so its existence is not disclosed. `forbidden`: the row is loaded, 404 when
   * missing, 403 with `message` when out of scope (the row is readable elsewhere anyway).
   */
  denied: 'not_found' | 'forbidden';
  message?: string;
  /** Every role has its rule: no silent default. */
  rules: Record<Role, AccessRule>;
}

const { All, Own, OwnOrUnassigned, Department, Member, AllowedRoles, None } = AccessRule;

/** Leads: admins all, managers their department's (all without one), sales their own; the routes admit no one else. */
const LEAD_RULES: Record<Role, AccessRule> = { admin: All, manager: Department, sales: Own, support: None, tech: None };

/**
 * Every row-level rule of the API, per permission and role. Who may call a route at all is the
 * roles decorator's (test/rbac/rbac-matrix.ts); this table says which rows they then reach
 * (test/rbac/row-level-rules.ts walks it over HTTP).
 */
export const ACCESS_RULES = {
  [Permission.ProjectRead]: {
    resource: 'project',
    denied: 'not_found',
    rules: { admin: All, manager: All, sales: Member, support: Member, tech: Member },
  },
  [Permission.LeadRead]: { resource: 'lead', denied: 'not_found', rules: LEAD_RULES },
  [Permission.LeadUpdate]: { resource: 'lead', denied: 'not_found', rules: LEAD_RULES },
  [Permission.LeadDelete]: { resource: 'lead', denied: 'not_found', rules: LEAD_RULES },
  [Permission.LeadConvert]: { resource: 'lead', denied: 'not_found', rules: LEAD_RULES },
  [Permission.CustomerUpdate]: {
    resource: 'customer',
    denied: 'forbidden',
    message: 'Sales users can only change customers they own; ask a manager to reassign it',
    rules: { admin: All, manager: All, sales: Own, support: None, tech: None },
  },
  [Permission.DirectoryEntryUpdate]: {
    resource: 'directory_entry',
    denied: 'forbidden',
    message: 'Sales users can only change prospects assigned to them or unassigned; ask a manager to reassign it',
    rules: { admin: All, manager: All, sales: OwnOrUnassigned, support: None, tech: None },
  },
  [Permission.FileRead]: {
    resource: 'file',
    denied: 'not_found',
    rules: { admin: All, manager: AllowedRoles, sales: AllowedRoles, support: AllowedRoles, tech: AllowedRoles },
  },
  [Permission.FileDelete]: {
    resource: 'file',
    denied: 'forbidden',
    message: 'only the uploader, the project manager, managers and admins may delete a file',
    rules: { admin: All, manager: All, sales: Member, support: Member, tech: Member },
  },
  [Permission.MessageUpdate]: {
    resource: 'message',
    denied: 'forbidden',
    message: 'only the sender may edit a message',
    rules: { admin: Own, manager: Own, sales: Own, support: Own, tech: Own },
  },
  [Permission.MessageAttach]: {
    resource: 'message',
    denied: 'forbidden',
    message: 'only the sender may attach files to a message',
    rules: { admin: Own, manager: Own, sales: Own, support: Own, tech: Own },
  },
  [Permission.MessageDelete]: {
    resource: 'message',
    denied: 'forbidden',
    message: 'only the sender, managers and admins may delete a message',
    rules: { admin: All, manager: All, sales: Own, support: Own, tech: Own },
  },
  [Permission.MessagePin]: {
    resource: 'message',
    denied: 'forbidden',
    message: 'only the sender, managers and admins may pin or unpin a message',
    rules: { admin: All, manager: All, sales: Own, support: Own, tech: Own },
  },
  [Permission.TaskUpdate]: {
    resource: 'task',
    denied: 'forbidden',
    message: 'Tech users may change only tasks assigned to them',
    rules: { admin: All, manager: All, sales: All, support: All, tech: Own },
  },
  [Permission.TimeEntryDelete]: {
    resource: 'time_entry',
    denied: 'forbidden',
    message: 'Only the person who tracked the time, a manager or an admin may delete a time entry',
    rules: { admin: All, manager: All, sales: Own, support: Own, tech: Own },
  },
  [Permission.TimeReportRead]: {
    resource: 'time_entry',
    denied: 'not_found',
    rules: { admin: All, manager: All, sales: Own, support: Own, tech: Own },
  },
  [Permission.UpsellUpdate]: {
    resource: 'upsell',
    denied: 'forbidden',
    message: 'Sales users can change only upsells they sold',
    rules: { admin: All, manager: All, sales: Own, support: None, tech: None },
  },
  [Permission.BillingRecordRead]: {
    resource: 'customer',
    denied: 'not_found',
    rules: { admin: All, manager: All, sales: Own, support: None, tech: None },
  },
  [Permission.DirectoryReportRead]: {
    resource: 'directory_entry',
    denied: 'not_found',
    rules: { admin: All, manager: Department, sales: None, support: None, tech: None },
  },
} as const satisfies Record<Permission, PermissionRules>;

export type ResourceOf<P extends Permission> = (typeof ACCESS_RULES)[P]['resource'];
