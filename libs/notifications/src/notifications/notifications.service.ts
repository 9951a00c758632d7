import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isValidObjectId, Model, Types } from 'mongoose';
import { AppConfig } from '@app/config';
import { DomainEvent, DomainEvents, findPage, NotifiableEvent, notFound, OutboxEntry, PageResponse } from '@app/common';
import { NotificationTypesService } from '../notification-types/notification-types.service';
import { renderTemplate } from '../template-renderer';
import { NOTIFICATION_LIST_SPEC, NotificationQueryDto } from './dto/notification-query.dto';
import { Notification, NOTIFICATION_BODY_MAX, NOTIFICATION_TITLE_MAX, NotificationRecord } from './notification.schema';

const DAY_MS = 24 * 3600 * 1000;

@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    @InjectModel(Notification.name) private readonly notifications: Model<Notification>,
    private readonly types: NotificationTypesService,
    private readonly config: AppConfig,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Renders the type's templates for each recipient (deduplicated, never the actor) and inserts
   * their notifications; returns how many. Every template is rendered before anything is written,
   * so a missing placeholder throws and notifies nobody. A switched-off type notifies nobody.
   */
  async notifyFromEvent(typeKey: string, event: NotifiableEvent): Promise<number> {
    assertNotifiableEvent(typeKey, event);
    const actorId = event.actor_id == null ? null : String(event.actor_id).toLowerCase();
    const recipients = [...new Set(event.recipient_ids.map((id) => String(id).toLowerCase()))].filter((id) => id !== actorId);
    if (recipients.length === 0) return 0;
    const type = await this.types.findActiveByKey(typeKey);
    if (!type) {
      this.logger.debug(`notification type ${typeKey} is missing or inactive; ${recipients.length} recipient(s) not notified`);
      return 0;
    }
    const entityId = new Types.ObjectId(String(event.entity_id));
    const documents = recipients.map((userId) => ({
      _id: new Types.ObjectId(),
      user_id: new Types.ObjectId(userId),
      type: type.key,
      title: truncate(renderTemplate(type.title_template, event.data), NOTIFICATION_TITLE_MAX),
      body: truncate(renderTemplate(type.body_template, event.data), NOTIFICATION_BODY_MAX),
      entity_type: event.entity_type,
      entity_id: entityId,
    }));
    const created: OutboxEntry[] = documents.map((document) => ({
      name: DomainEvent.NotificationCreated,
      payload: {
        entity_id: document._id.toHexString(),
        actor_id: event.actor_id ?? null,
        changes: { type: document.type, title: document.title, entity_type: document.entity_type, entity_id: document.entity_id },
        scope: { user_ids: [document.user_id.toHexString()] },
      },
      confirm: { collection: 'notifications', filter: { _id: document._id } },
    }));
    const inserted = await this.events.record(created, () => this.notifications.insertMany(documents));
    return inserted.length;
  }

  list(userId: string, query: NotificationQueryDto): Promise<PageResponse<Record<string, unknown>>> {
    return findPage(this.notifications, query as NotificationQueryDto & Record<string, unknown>, NOTIFICATION_LIST_SPEC, { user_id: new Types.ObjectId(userId) });
  }

  /** Another user's notification is "not found": its existence is not theirs to know. */
  async findMine(userId: string, id: string): Promise<NotificationRecord> {
    const notification = await this.notifications.findOne({ _id: id, user_id: userId }).lean<NotificationRecord>();
    if (!notification) throw notFound('Notification');
    return notification;
  }

  unreadCount(userId: string): Promise<number> {
    return this.notifications.countDocuments({ user_id: userId, is_read: false }).exec();
  }

  /** Idempotent: reading it again keeps the first read_at. */
  async markRead(userId: string, id: string): Promise<NotificationRecord> {
    const updated = await this.events.record([readEntry(id, userId)], () =>
      this.notifications.findOneAndUpdate({ _id: id, user_id: userId, is_read: false }, { $set: { is_read: true, read_at: new Date() } }, { new: true }).lean<NotificationRecord>(),
    );
    return updated ?? this.findMine(userId, id);
  }

  /** Returns how many were unread. */
  async markAllRead(userId: string): Promise<number> {
    // The ids first, so each read is one outbox event; one read later than this call is left for the next.
    const unread = await this.notifications.find({ user_id: userId, is_read: false }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>();
    if (unread.length === 0) return 0;
    const ids = unread.map((row) => row._id);
    const result = await this.events.record(
      ids.map((id) => readEntry(id.toHexString(), userId)),
      () => this.notifications.updateMany({ _id: { $in: ids }, user_id: userId, is_read: false }, { $set: { is_read: true, read_at: new Date() } }),
      (outcome) => outcome.modifiedCount > 0,
    );
    return result.modifiedCount;
  }

  async remove(userId: string, id: string): Promise<void> {
    const result = await this.notifications.deleteOne({ _id: id, user_id: userId });
    if (result.deletedCount === 0) throw notFound('Notification');
  }

  /** Deletes read notifications created more than `days` days before `now`; returns how many. */
  async purgeReadOlderThan(days: number, now: Date = new Date()): Promise<number> {
    const result = await this.notifications.deleteMany({ is_read: true, created_at: { $lt: new Date(now.getTime() - days * DAY_MS) } });
    return result.deletedCount;
  }

  /** The scheduled clean-up: read notifications older than NOTIFICATION_RETENTION_DAYS. */
  purgeOld(now: Date = new Date()): Promise<number> {
    return this.purgeReadOlderThan(this.config.retention.notificationDays, now);
  }
}

/** A notification is read once (reading it again keeps the first read_at), so its id is the key. */
function readEntry(id: string, userId: string): OutboxEntry {
  return {
    name: DomainEvent.NotificationRead,
    payload: { entity_id: id, actor_id: userId, changes: { is_read: true }, scope: { user_ids: [userId] } },
    confirm: { collection: 'notifications', filter: { _id: new Types.ObjectId(id), is_read: true } },
  };
}

/** Events come from other domains' code: a malformed one is a bug there, named as such. */
function assertNotifiableEvent(typeKey: string, event: NotifiableEvent): void {
  const problem = notifiableEventProblem(event);
  if (problem) throw new Error(`Invalid ${typeKey} notification event: ${problem}`);
}

function notifiableEventProblem(event: NotifiableEvent): string | null {
  if (!event || typeof event !== 'object') return 'the payload is not an object';
  if (!Array.isArray(event.recipient_ids)) return 'recipient_ids must be an array of user ids';
  const badRecipient = event.recipient_ids.find((id) => !isObjectIdHex(id));
  if (badRecipient !== undefined) return `recipient_ids contains ${JSON.stringify(badRecipient)}, which is not a user id`;
  if (event.actor_id != null && !isObjectIdHex(event.actor_id)) return 'actor_id must be a user id';
  if (typeof event.entity_type !== 'string' || !event.entity_type) return 'entity_type is required';
  if (!isObjectIdHex(event.entity_id)) return 'entity_id must be a 24-character hex ObjectId';
  if (!event.data || typeof event.data !== 'object') return 'data must be an object of template values';
  return null;
}

/** A 24-hex id string; an ObjectId that slipped through a cast is accepted as its hex form. */
function isObjectIdHex(value: unknown): boolean {
  const text = value instanceof Types.ObjectId ? value.toHexString() : value;
  return typeof text === 'string' && /^[0-9a-fA-F]{24}$/.test(text) && isValidObjectId(text);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
