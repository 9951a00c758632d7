/**
 * Every row-level decision the API makes, one name each. Which rows a role may act on for a
 * permission is data, in `ACCESS_RULES` (access-rules.ts); `AccessPolicy` applies it.
 */
export enum Permission {
  /** A project and what is read or written through it: its services, goals, tasks, time entries, files, messages, upsells, quotes, invoices. */
  ProjectRead = 'project.read',
  LeadRead = 'lead.read',
  LeadUpdate = 'lead.update',
  LeadDelete = 'lead.delete',
  LeadConvert = 'lead.convert',
  /** Edit a customer, add or change its cards. */
  CustomerUpdate = 'customer.update',
  /** Edit a business-directory prospect (or convert it). */
  DirectoryEntryUpdate = 'directory_entry.update',
  /** A project file (its project read first): list, detail, download, who is notified of it. */
  FileRead = 'file.read',
  /** Delete a file (its project read first). */
  FileDelete = 'file.delete',
  /** Edit a message (its conversation read first). */
  MessageUpdate = 'message.update',
  /** Attach files to a message. */
  MessageAttach = 'message.attach',
  /** Delete a message. */
  MessageDelete = 'message.delete',
  /** Pin or unpin a message. */
  MessagePin = 'message.pin',
  /** Change a task, track time on it (its project read first). */
  TaskUpdate = 'task.update',
  /** Delete a time entry (its task's project read first). */
  TimeEntryDelete = 'time_entry.delete',
  /** The time report's entries. */
  TimeReportRead = 'time_entry.report',
  /** Change or delete an upsell (its project read first). */
  UpsellUpdate = 'upsell.update',
  /** Read an invoice, quote, payment or credit note: decided on its customer. */
  BillingRecordRead = 'billing_record.read',
  /** The directory-conversions report's rows. */
  DirectoryReportRead = 'directory_entry.report',
}

/** The row-level rules a permission can give a role. */
export enum AccessRule {
  /** Every row. */
  All = 'all',
  /** Rows whose owner field is the user. */
  Own = 'own',
  /** Rows the user owns or nobody owns yet. */
  OwnOrUnassigned = 'own_or_unassigned',
  /** A manager with a department: rows owned by the department's people or by nobody; without a department, every row. */
  Department = 'department',
  /** Rows the user owns or is a member of (a project's manager and team). */
  Member = 'member',
  /** Rows whose `allowed_roles` hold the user's role, or that the user owns (uploaded). */
  AllowedRoles = 'allowed_roles',
  /** No row. */
  None = 'none',
}

/** What a permission is decided on: each is loaded by the domain that owns it (an `AccessLoader`). */
export type AccessResource = 'project' | 'lead' | 'customer' | 'directory_entry' | 'upsell' | 'file' | 'message' | 'task' | 'time_entry';

/**
 * The record each resource's loader returns, filled in by the owning domain through declaration
 * merging (`declare module '@app/auth' { interface AccessRecords { lead: Lead } }`), so
 * `requireAccess` returns the row typed without the policy importing the domain.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AccessRecords {}
