/**
 * The queries the app runs on every page or job: each must be served by an index. Equality
 * fields first, then the sort (the shape an index prefix must match). Keep in step with the
 * services; `db:index-analysis` checks each one.
 */
export interface HotQuery {
  name: string;
  collection: string;
  equality: string[];
  sort?: Record<string, 1 | -1>;
  /** A range condition after the equality fields (e.g. due dates). */
  range?: string;
}

export const HOT_QUERIES: HotQuery[] = [
  { name: 'sign-in by email', collection: 'users', equality: ['email'] },
  { name: 'active users of a role', collection: 'users', equality: ['role', 'is_active'] },
  { name: 'leads of an agent by status', collection: 'leads', equality: ['agent_id', 'status'] },
  { name: 'pipeline by status and priority, newest first', collection: 'leads', equality: ['status', 'priority'], sort: { created_at: -1 } },
  { name: 'customers by status', collection: 'customers', equality: ['status'] },
  { name: 'projects of a customer', collection: 'projects', equality: ['customer_id'] },
  { name: 'projects a user is on', collection: 'projects', equality: ['team_member_ids'] },
  { name: 'recurring billing due', collection: 'projects', equality: ['billing_type'], range: 'recurring_plan.next_billing_date' },
  { name: 'goals of a project', collection: 'goals', equality: ['project_id'] },
  { name: 'tasks of a project', collection: 'tasks', equality: ['project_id'] },
  { name: 'tasks of a technician', collection: 'tasks', equality: ['tech_employee_id'] },
  { name: 'files of a project', collection: 'files', equality: ['project_id'] },
  { name: 'cards of a customer', collection: 'customer_charge_details', equality: ['customer_id'] },
  { name: 'upsells of a project', collection: 'upsells', equality: ['project_id'] },
  { name: 'replies in a thread', collection: 'messages', equality: ['reply_to_id'] },
  { name: 'attachments of a message', collection: 'message_attachments', equality: ['message_id'] },
  { name: 'unread notifications, newest first', collection: 'notifications', equality: ['user_id', 'is_read'], sort: { created_at: -1 } },
  { name: 'activity of an entity, newest first', collection: 'activity_logs', equality: ['entity_type', 'entity_id'], sort: { created_at: -1 } },
  { name: 'activity of a user, newest first', collection: 'activity_logs', equality: ['user_id'], sort: { created_at: -1 } },
  { name: 'directory by status', collection: 'business_directories', equality: ['status'] },
  { name: 'invoices of a project, newest first', collection: 'invoices', equality: ['project_id'], sort: { created_at: -1 } },
  { name: "invoices of a sales user's customers, newest first", collection: 'invoices', equality: ['customer_id'], sort: { created_at: -1 } },
  { name: 'invoices by status, newest first', collection: 'invoices', equality: ['status'], sort: { created_at: -1 } },
  { name: 'invoices falling overdue', collection: 'invoices', equality: ['status'], range: 'due_date' },
  { name: 'payments of an invoice', collection: 'payments', equality: ['invoice_id'], sort: { created_at: 1 } },
  { name: 'credit notes of an invoice', collection: 'credit_notes', equality: ['invoice_id'], sort: { created_at: 1 } },
  { name: "quotes of a sales user's customers, newest first", collection: 'quotes', equality: ['customer_id'], sort: { created_at: -1 } },
  { name: 'sent quotes expiring', collection: 'quotes', equality: ['status'], range: 'valid_until' },
];

/**
 * Whether an index key serves the query without a collection scan: its leading fields are the
 * equality fields (any order; the range field when there are none), followed by the sort
 * fields in the same or fully reversed directions when the query sorts.
 */
export function indexServes(key: Record<string, unknown>, query: HotQuery): boolean {
  const fields = Object.keys(key);
  const prefix = new Set(query.equality.length > 0 ? query.equality : query.range ? [query.range] : []);
  const leading = fields.slice(0, prefix.size);
  if (prefix.size === 0 || leading.length < prefix.size || !leading.every((field) => prefix.has(field))) return false;
  if (!query.sort) return true;
  const rest = fields.slice(prefix.size);
  const sort = Object.entries(query.sort);
  const same = sort.every(([field, dir], i) => rest[i] === field && Number(key[field]) === dir);
  const reversed = sort.every(([field, dir], i) => rest[i] === field && Number(key[field]) === -dir);
  return same || reversed;
}
