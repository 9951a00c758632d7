/**
 * Domain events: the only way one domain tells another that something happened. Names are
 * `entity.verb`; each has ONE payload type in `DomainEventMap`, so `DomainEvents.emit` and
 * `DomainEvents.record` do not compile with a wrong payload. The names in `OUTBOX_EVENT_TYPES`
 * are also written to the durable outbox (`events`, libs/events) that feeds `GET /events`,
 * webhooks and the live stream.
 */
export const DomainEvent = {
  LeadCreated: 'lead.created',
  LeadAssigned: 'lead.assigned',
  LeadStatusChanged: 'lead.status_changed',
  LeadConverted: 'lead.converted',
  CustomerCreated: 'customer.created',
  CustomerUpdated: 'customer.updated',
  CustomerDeleted: 'customer.deleted',
  ProjectCreated: 'project.created',
  ProjectStatusChanged: 'project.status_changed',
  ProjectBilled: 'project.billed',
  TaskAssigned: 'task.assigned',
  TaskStatusChanged: 'task.status_changed',
  GoalAssigned: 'goal.assigned',
  UpsellPaid: 'upsell.paid',
  InvoiceOverdue: 'invoice.overdue',
  UpsellRefunded: 'upsell.refunded',
  FileUploaded: 'file.uploaded',
  MessagePosted: 'message.posted',
  MessageMentioned: 'mention.created',
  CardAdded: 'card.added',
  CardRemoved: 'card.removed',
  NotificationCreated: 'notification.created',
  NotificationRead: 'notification.read',
  UserDeactivated: 'user.deactivated',
  UserSignedOut: 'user.signed_out',
  WebhookDisabled: 'webhook.disabled',
  BreakGlassSignIn: 'user.break_glass_sign_in',
} as const;

export type DomainEventName = keyof DomainEventMap;

/**
 * Payload of every event that should notify people. `data` fills the notification template's
 * `{{placeholders}}`; `recipient_ids` are user ids (the raising domain knows who: a project's
 * team, a mentioned user); the actor is never notified of their own act.
 */
export interface NotifiableEvent<TData extends Record<string, string | number> = Record<string, string | number>> {
  recipient_ids: string[];
  actor_id?: string;
  entity_type: string;
  entity_id: string;
  data: TData;
}

/** An outbox event about a change to one record: who did it and which fields it set. */
export interface RecordChangedEvent {
  entity_id: string;
  actor_id: string | null;
  /** The fields the change set, with their new values (redacted like the audit trail when stored). */
  changes: Record<string, unknown>;
  /** Ids (project, conversation, customer, owner) the live stream needs to decide who may see the event. */
  scope?: EventScope;
}

/** What a reader's row-level rules are checked against (libs/events/stream). Only ids, never content. */
export interface EventScope {
  project_id?: string;
  conversation_id?: string;
  customer_id?: string;
  /** The users the event concerns directly (a notification's owner, a lead's agent). */
  user_ids?: string[];
}

export interface StatusChange {
  from: string;
  to: string;
}

/** One entry per event name: the payload its emitter must provide. */
export interface DomainEventMap {
  'lead.created': RecordChangedEvent;
  'lead.assigned': NotifiableEvent<{ lead_name: string; assigned_by: string }>;
  'lead.status_changed': RecordChangedEvent & StatusChange;
  'lead.converted': NotifiableEvent<{ lead_name: string; customer_name: string }>;
  'customer.created': RecordChangedEvent;
  'customer.updated': RecordChangedEvent;
  'customer.deleted': RecordChangedEvent;
  'project.created': RecordChangedEvent;
  'project.status_changed': NotifiableEvent<{ project_name: string; old_status: string; new_status: string }>;
  'project.billed': NotifiableEvent<{ project_name: string; amount: number; currency: string; period: string }>;
  'task.assigned': NotifiableEvent<{ task_title: string; project_name: string }>;
  'task.status_changed': RecordChangedEvent & StatusChange;
  'goal.assigned': NotifiableEvent<{ goal_title: string; project_name: string }>;
  'upsell.paid': NotifiableEvent<{ project_name: string; amount: string; currency: string; description: string }>;
  'upsell.refunded': RecordChangedEvent;
  'invoice.overdue': NotifiableEvent<{ invoice_number: string; project_name: string; due_date: string; amount_due: string; currency: string }>;
  'file.uploaded': NotifiableEvent<{ file_name: string; project_name: string; uploaded_by: string }>;
  'message.posted': RecordChangedEvent;
  'mention.created': NotifiableEvent<{ sender_name: string; excerpt: string; project_name: string }>;
  'card.added': RecordChangedEvent;
  'card.removed': RecordChangedEvent;
  'notification.created': RecordChangedEvent;
  'notification.read': RecordChangedEvent;
  'user.deactivated': { user_id: string; actor_id: string };
  /** `session_id` null: every device (the live streams of those sessions close at once in this process). */
  'user.signed_out': { user_id: string; session_id: string | null };
  'webhook.disabled': NotifiableEvent<{ webhook_url: string; failures: number; last_error: string }>;
  /** A break-glass admin signed in with a password under SSO_ENFORCED; the other active admins are told. */
  'user.break_glass_sign_in': NotifiableEvent<{ admin_email: string; client_ip: string }>;
}

/** The events written to the outbox (and so offered to `GET /events`, webhooks and the stream). */
export const OUTBOX_EVENT_TYPES = [
  'lead.created',
  'lead.assigned',
  'lead.status_changed',
  'lead.converted',
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'project.created',
  'project.status_changed',
  'project.billed',
  'task.assigned',
  'task.status_changed',
  'upsell.paid',
  'upsell.refunded',
  'file.uploaded',
  'message.posted',
  'mention.created',
  'card.added',
  'card.removed',
  'notification.created',
  'notification.read',
] as const satisfies readonly DomainEventName[];

export type OutboxEventType = (typeof OUTBOX_EVENT_TYPES)[number];

export function isOutboxEventType(name: string): name is OutboxEventType {
  return (OUTBOX_EVENT_TYPES as readonly string[]).includes(name);
}

/** The entity type an outbox event is about (`mention.created` is about a message, `card.*` about a charge detail). */
export function eventEntityType(type: OutboxEventType): string {
  const prefix = type.slice(0, type.indexOf('.'));
  if (prefix === 'mention') return 'message';
  if (prefix === 'card') return 'charge_detail';
  return prefix;
}
