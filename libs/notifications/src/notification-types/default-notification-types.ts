/** Keys of the notification types the product raises itself (see notification-events.listener.ts). */
export const NotificationTypeKey = {
  LeadAssigned: 'lead_assigned',
  LeadConverted: 'lead_converted',
  TaskAssigned: 'task_assigned',
  GoalAssigned: 'goal_assigned',
  ProjectStatusChanged: 'project_status_changed',
  ProjectBilled: 'project_billed',
  UpsellPaid: 'upsell_paid',
  // Not `invoice_overdue`: that key is the documented example of a custom type admins create.
  InvoiceOverdue: 'invoice_past_due',
  FileUploaded: 'file_uploaded',
  Mention: 'mention',
  WebhookDisabled: 'webhook_disabled',
  BreakGlassSignIn: 'break_glass_sign_in',
} as const;

export type NotificationTypeKey = (typeof NotificationTypeKey)[keyof typeof NotificationTypeKey];

export interface DefaultNotificationType {
  key: NotificationTypeKey;
  name: string;
  description: string;
  title_template: string;
  body_template: string;
  /** What the event's `data` provides; edited templates may use only these. */
  placeholders: string[];
}

/** Seeded at start-up when missing; an admin's later edits are kept. */
export const DEFAULT_NOTIFICATION_TYPES: DefaultNotificationType[] = [
  {
    key: NotificationTypeKey.LeadAssigned,
    name: 'Lead assigned',
    description: 'A lead was assigned to you.',
    title_template: 'New lead assigned: {{lead_name}}',
    body_template: '{{assigned_by}} assigned the lead {{lead_name}} to you.',
    placeholders: ['lead_name', 'assigned_by'],
  },
  {
    key: NotificationTypeKey.LeadConverted,
    name: 'Lead converted',
    description: 'A lead you follow became a customer.',
    title_template: 'Lead converted: {{lead_name}}',
    body_template: 'The lead {{lead_name}} was converted into the customer {{customer_name}}.',
    placeholders: ['lead_name', 'customer_name'],
  },
  {
    key: NotificationTypeKey.TaskAssigned,
    name: 'Task assigned',
    description: 'A task was assigned to you.',
    title_template: 'New task: {{task_title}}',
    body_template: 'You were assigned the task "{{task_title}}" on {{project_name}}.',
    placeholders: ['task_title', 'project_name'],
  },
  {
    key: NotificationTypeKey.GoalAssigned,
    name: 'Goal assigned',
    description: 'A project goal was assigned to you.',
    title_template: 'New goal: {{goal_title}}',
    body_template: 'You are now responsible for the goal "{{goal_title}}" on {{project_name}}.',
    placeholders: ['goal_title', 'project_name'],
  },
  {
    key: NotificationTypeKey.ProjectStatusChanged,
    name: 'Project status changed',
    description: 'A project you work on changed status.',
    title_template: '{{project_name}} is now {{new_status}}',
    body_template: 'The status of {{project_name}} changed from {{old_status}} to {{new_status}}.',
    placeholders: ['project_name', 'old_status', 'new_status'],
  },
  {
    key: NotificationTypeKey.ProjectBilled,
    name: 'Project billed',
    description: 'A recurring charge was billed on a project you manage.',
    title_template: '{{project_name}} billed {{amount}} {{currency}}',
    body_template: 'A recurring charge of {{amount}} {{currency}} was billed on {{project_name}} for {{period}}.',
    placeholders: ['project_name', 'amount', 'currency', 'period'],
  },
  {
    key: NotificationTypeKey.InvoiceOverdue,
    name: 'Invoice overdue',
    description: 'An invoice on a project you manage is past its due date.',
    title_template: 'Invoice {{invoice_number}} is overdue',
    body_template: 'Invoice {{invoice_number}} on {{project_name}} was due {{due_date}}; {{amount_due}} {{currency}} is still open.',
    placeholders: ['invoice_number', 'project_name', 'due_date', 'amount_due', 'currency'],
  },
  {
    key: NotificationTypeKey.UpsellPaid,
    name: 'Upsell paid',
    description: 'An upsell on a project was paid.',
    title_template: 'Upsell paid on {{project_name}}: {{amount}} {{currency}}',
    body_template: 'The upsell "{{description}}" on {{project_name}} was paid: {{amount}} {{currency}}.',
    placeholders: ['project_name', 'amount', 'currency', 'description'],
  },
  {
    key: NotificationTypeKey.FileUploaded,
    name: 'File uploaded',
    description: 'A file was uploaded to a project you are on.',
    title_template: 'New file on {{project_name}}: {{file_name}}',
    body_template: '{{uploaded_by}} uploaded {{file_name}} to {{project_name}}.',
    placeholders: ['file_name', 'project_name', 'uploaded_by'],
  },
  {
    key: NotificationTypeKey.Mention,
    name: 'Mention',
    description: 'Someone mentioned you in a message.',
    title_template: '{{sender_name}} mentioned you',
    body_template: '{{sender_name}} mentioned you in {{project_name}}: "{{excerpt}}"',
    placeholders: ['sender_name', 'excerpt', 'project_name'],
  },
  {
    key: NotificationTypeKey.WebhookDisabled,
    name: 'Webhook disabled',
    description: 'A webhook endpoint kept failing and was switched off (admins).',
    title_template: 'Webhook disabled: {{webhook_url}}',
    body_template: 'Deliveries to {{webhook_url}} failed {{failures}} times in a row (last: {{last_error}}); the endpoint was disabled. Fix it, then set it active again.',
    placeholders: ['webhook_url', 'failures', 'last_error'],
  },
  {
    key: NotificationTypeKey.BreakGlassSignIn,
    name: 'Break-glass sign-in',
    description: 'An admin signed in with a password while single sign-on is enforced (the other admins).',
    title_template: 'Break-glass sign-in: {{admin_email}}',
    body_template: '{{admin_email}} signed in with a password from {{client_ip}} while single sign-on is enforced. If nobody expected this, deactivate the account and review the activity log.',
    placeholders: ['admin_email', 'client_ip'],
  },
];

export function defaultNotificationType(key: string): DefaultNotificationType | undefined {
  return DEFAULT_NOTIFICATION_TYPES.find((type) => type.key === key);
}
