import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEventMap, DomainEvents, NotifiableEvent } from '@app/common';
import { NotificationTypeKey } from '../notification-types/default-notification-types';
import { NotificationsService } from './notifications.service';

/** The events whose payload notifies people (a `NotifiableEvent`). */
type NotifyingEvent = { [K in keyof DomainEventMap]: DomainEventMap[K] extends NotifiableEvent<infer _> ? K : never }[keyof DomainEventMap];

interface NotificationRule<K extends NotifyingEvent> {
  template: NotificationTypeKey;
  /** Who is notified; the raising domain knows (a project's team, the mentioned users) and names them in the payload. */
  recipients: (event: DomainEventMap[K]) => string[];
}

const named = <K extends NotifyingEvent>(event: DomainEventMap[K]) => event.recipient_ids;

/**
 * Which notification each domain event raises, and for whom. `data` of each payload is typed by
 * `DomainEventMap` and provides exactly the template's placeholders (default-notification-types.ts):
 *
 * | event                  | template               | usual recipients          |
 * |------------------------|------------------------|---------------------------|
 * | lead.assigned          | lead_assigned          | the new agent             |
 * | lead.converted         | lead_converted         | the agent                 |
 * | task.assigned          | task_assigned          | the tech employee         |
 * | goal.assigned          | goal_assigned          | the support employee      |
 * | project.status_changed | project_status_changed | the project team          |
 * | project.billed         | project_billed         | the project manager       |
 * | upsell.paid            | upsell_paid            | the seller, the manager   |
 * | invoice.overdue        | invoice_past_due       | the project manager       |
 * | file.uploaded          | file_uploaded          | the project team          |
 * | mention.created        | mention                | the mentioned users       |
 * | webhook.disabled       | webhook_disabled       | the active admins         |
 * | user.break_glass_sign_in | break_glass_sign_in  | the other active admins   |
 *
 * The actor is never notified of their own act; duplicate recipients get one notification.
 */
export const NOTIFICATION_RULES: { [K in NotifyingEvent]: NotificationRule<K> } = {
  'lead.assigned': { template: NotificationTypeKey.LeadAssigned, recipients: named },
  'lead.converted': { template: NotificationTypeKey.LeadConverted, recipients: named },
  'task.assigned': { template: NotificationTypeKey.TaskAssigned, recipients: named },
  'goal.assigned': { template: NotificationTypeKey.GoalAssigned, recipients: named },
  'project.status_changed': { template: NotificationTypeKey.ProjectStatusChanged, recipients: named },
  'project.billed': { template: NotificationTypeKey.ProjectBilled, recipients: named },
  'upsell.paid': { template: NotificationTypeKey.UpsellPaid, recipients: named },
  'invoice.overdue': { template: NotificationTypeKey.InvoiceOverdue, recipients: named },
  'file.uploaded': { template: NotificationTypeKey.FileUploaded, recipients: named },
  'mention.created': { template: NotificationTypeKey.Mention, recipients: named },
  'webhook.disabled': { template: NotificationTypeKey.WebhookDisabled, recipients: named },
  'user.break_glass_sign_in': { template: NotificationTypeKey.BreakGlassSignIn, recipients: named },
};

/**
 * Subscribes one handler per rule. Each returns its write's promise and its errors are not
 * suppressed, so the emitter (`DomainEvents`, `@app/common`) waits for the notifications and sees
 * a failure (a broken template): it logs and counts it, and a job run that raised the event fails.
 */
@Injectable()
export class NotificationEventsListener implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    for (const name of Object.keys(NOTIFICATION_RULES) as NotifyingEvent[]) this.subscribe(name);
  }

  private subscribe<K extends NotifyingEvent>(name: K): void {
    const rule = NOTIFICATION_RULES[name] as NotificationRule<K>;
    this.events.on(name, (event) => this.notifications.notifyFromEvent(rule.template, { ...event, recipient_ids: rule.recipients(event) }));
  }
}
