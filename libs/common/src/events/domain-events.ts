/**
 * Domain events: the only way one domain tells another that something happened. Domains emit
 * these with `EventEmitter2`; notifications (and anyone else) listen. Names are `entity.verb`.
 */
export const DomainEvent = {
  LeadAssigned: 'lead.assigned',
  LeadConverted: 'lead.converted',
  TaskAssigned: 'task.assigned',
  GoalAssigned: 'goal.assigned',
  ProjectStatusChanged: 'project.status_changed',
  ProjectBilled: 'project.billed',
  UpsellPaid: 'upsell.paid',
  InvoiceOverdue: 'invoice.overdue',
  FileUploaded: 'file.uploaded',
  MessageMentioned: 'message.mentioned',
  UserDeactivated: 'user.deactivated',
} as const;

export type DomainEventName = (typeof DomainEvent)[keyof typeof DomainEvent];

/**
 * Payload of every event that should notify people. `data` fills the notification template's
 * `{{placeholders}}`; `recipient_ids` are user ids; the actor is never notified of their own act.
 */
export interface NotifiableEvent {
  recipient_ids: string[];
  actor_id?: string;
  entity_type: string;
  entity_id: string;
  data: Record<string, string | number>;
}
