/**
 * What the persistence-layer audit trail records. Every collection written through a model is
 * audited unless listed here — a new collection is in the trail by default.
 */
export const UNAUDITED_COLLECTIONS: ReadonlySet<string> = new Set([
  // The trail itself.
  'activity_logs',
  // Counters and leases: rewritten on every request or run, they hold no business state.
  'rate_limits',
  'login_attempts',
  // Single sign-on attempts: minutes-long handshakes (state, one-time code); the sign-in and any provisioning have records of their own.
  'oidc_sign_ins',
  'entity_locks',
  'job_locks',
  // Ephemeral: a timer is a lease on a running time entry; the entry it ends in is on the (audited) task.
  'running_timers',
  // Derived: a notification is the consequence of an audited write (the event's cause), its read flag inbox state.
  'notifications',
  // The outbox and its delivery log: each event already describes an audited write; deliveries are transport state.
  'events',
  'event_sequence',
  'webhook_deliveries',
  // Invoice and credit-note number counters (the numbers themselves are on the audited documents).
  'billing_sequences',
  // Ops bookkeeping: which migrations ran (the CLI logs them; the data they change is audited).
  'migrations',
]);

/**
 * Fields whose changes alone make no record: sign-in bookkeeping on `users` (sessions are
 * refresh-token families; logins, logouts and lockouts have records of their own).
 */
export const UNAUDITED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  users: ['sessions', 'last_login_at', 'failed_login_attempts', 'locked_until'],
  // An API key's use, and a webhook worker's lease and delivery counters, are not changes anyone made.
  api_keys: ['last_used_at'],
  webhooks: ['lease_owner', 'lease_until', 'consecutive_failures', 'cursor'],
};

/** `entity_type` per model, as the API names the resource; any other model is recorded under its collection name. */
export const ENTITY_TYPES: Readonly<Record<string, string>> = {
  User: 'user',
  Lead: 'lead',
  Customer: 'customer',
  ChargeDetail: 'customer_charge_details',
  BusinessDirectory: 'business_directory',
  Upsell: 'upsell',
  Project: 'project',
  ProjectService: 'project_service',
  Task: 'task',
  Goal: 'goal',
  File: 'file',
  Message: 'message',
  MessageAttachment: 'message_attachment',
  NotificationType: 'notification_type',
  Invoice: 'invoice',
  Quote: 'quote',
  Payment: 'payment',
  CreditNote: 'credit_note',
  ApiKey: 'api_key',
  Webhook: 'webhook',
};
