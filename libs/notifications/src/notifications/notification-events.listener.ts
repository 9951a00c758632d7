import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DomainEvent, DomainEventName, NotifiableEvent } from '@app/common';
import { NotificationTypeKey } from '../notification-types/default-notification-types';
import { NotificationsService } from './notifications.service';

/**
 * Which notification type each domain event raises. Every event's payload is a `NotifiableEvent`
 * whose `data` must provide these template values (all strings or numbers, none blank):
 *
 * | event                    | type                   | data                                       | usual recipients          |
 * |--------------------------|------------------------|--------------------------------------------|---------------------------|
 * | lead.assigned            | lead_assigned          | lead_name, assigned_by                     | the new agent             |
 * | lead.converted           | lead_converted         | lead_name, customer_name                   | the agent, their manager  |
 * | task.assigned            | task_assigned          | task_title, project_name                   | the tech employee         |
 * | goal.assigned            | goal_assigned          | goal_title, project_name                   | the support employee      |
 * | project.status_changed   | project_status_changed | project_name, old_status, new_status       | the project team          |
 * | project.billed           | project_billed         | project_name, amount, currency, period     | the project manager       |
 * | upsell.paid              | upsell_paid            | project_name, amount, currency, description| the seller, the manager   |
 * | invoice.overdue          | invoice_past_due       | invoice_number, project_name, due_date, amount_due, currency | the project manager |
 * | file.uploaded            | file_uploaded          | file_name, project_name, uploaded_by       | the project team          |
 * | message.mentioned        | mention                | sender_name, excerpt, project_name         | the mentioned users       |
 *
 * `project_name` for a mention in a channel is the channel's name. Extra keys in `data` are ignored.
 * The actor (`actor_id`) is never notified of their own act; duplicate recipients get one notification.
 */
export const NOTIFICATION_TYPE_BY_EVENT: Partial<Record<DomainEventName, NotificationTypeKey>> = {
  [DomainEvent.LeadAssigned]: NotificationTypeKey.LeadAssigned,
  [DomainEvent.LeadConverted]: NotificationTypeKey.LeadConverted,
  [DomainEvent.TaskAssigned]: NotificationTypeKey.TaskAssigned,
  [DomainEvent.GoalAssigned]: NotificationTypeKey.GoalAssigned,
  [DomainEvent.ProjectStatusChanged]: NotificationTypeKey.ProjectStatusChanged,
  [DomainEvent.ProjectBilled]: NotificationTypeKey.ProjectBilled,
  [DomainEvent.UpsellPaid]: NotificationTypeKey.UpsellPaid,
  [DomainEvent.InvoiceOverdue]: NotificationTypeKey.InvoiceOverdue,
  [DomainEvent.FileUploaded]: NotificationTypeKey.FileUploaded,
  [DomainEvent.MessageMentioned]: NotificationTypeKey.Mention,
};

/**
 * Each handler returns its write's promise and its errors are not suppressed, so the emitter
 * (`emitDomainEvent`, `@app/common`) waits for the notifications and sees a failure (a broken
 * template): it logs and counts it, and a job run that raised the event fails.
 */
const LISTENER_OPTIONS = { async: false, promisify: true, suppressErrors: false } as const;

@Injectable()
export class NotificationEventsListener {
  constructor(private readonly notifications: NotificationsService) {}

  @OnEvent(DomainEvent.LeadAssigned, LISTENER_OPTIONS)
  onLeadAssigned(event: NotifiableEvent): Promise<number> {
    return this.notify(DomainEvent.LeadAssigned, event);
  }

  @OnEvent(DomainEvent.LeadConverted, LISTENER_OPTIONS)
  onLeadConverted(event: NotifiableEvent): Promise<number> {
    return this.notify(DomainEvent.LeadConverted, event);
  }

  @OnEvent(DomainEvent.TaskAssigned, LISTENER_OPTIONS)
  onTaskAssigned(event: NotifiableEvent): Promise<number> {
    return this.notify(DomainEvent.TaskAssigned, event);
  }

  @OnEvent(DomainEvent.GoalAssigned, LISTENER_OPTIONS)
  onGoalAssigned(event: NotifiableEvent): Promise<number> {
    return this.notify(DomainEvent.GoalAssigned, event);
  }

  @OnEvent(DomainEvent.ProjectStatusChanged, LISTENER_OPTIONS)
  onProjectStatusChanged(event: NotifiableEvent): Promise<number> {
    return this.notify(DomainEvent.ProjectStatusChanged, event);
  }

  @OnEvent(DomainEvent.ProjectBilled, LISTENER_OPTIONS)
  onProjectBilled(event: NotifiableEvent): Promise<number> {
    return this.notify(DomainEvent.ProjectBilled, event);
  }

  @OnEvent(DomainEvent.UpsellPaid, LISTENER_OPTIONS)
  onUpsellPaid(event: NotifiableEvent): Promise<number> {
    return this.notify(DomainEvent.UpsellPaid, event);
  }

  @OnEvent(DomainEvent.InvoiceOverdue, LISTENER_OPTIONS)
  onInvoiceOverdue(event: NotifiableEvent): Promise<number> {
    return this.notify(DomainEvent.InvoiceOverdue, event);
  }

  @OnEvent(DomainEvent.FileUploaded, LISTENER_OPTIONS)
  onFileUploaded(event: NotifiableEvent): Promise<number> {
    return this.notify(DomainEvent.FileUploaded, event);
  }

  @OnEvent(DomainEvent.MessageMentioned, LISTENER_OPTIONS)
  onMessageMentioned(event: NotifiableEvent): Promise<number> {
    return this.notify(DomainEvent.MessageMentioned, event);
  }

  private notify(eventName: DomainEventName, event: NotifiableEvent): Promise<number> {
    const typeKey = NOTIFICATION_TYPE_BY_EVENT[eventName];
    if (!typeKey) throw new Error(`${eventName} has no notification type`);
    return this.notifications.notifyFromEvent(typeKey, event);
  }
}
