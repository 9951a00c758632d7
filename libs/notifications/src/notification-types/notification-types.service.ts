import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { AnyBulkWriteOperation, Model } from 'mongoose';
import { badRequest, conflict, findPage, notFound, PageResponse } from '@app/common';
import { templatePlaceholders } from '../template-renderer';
import { DEFAULT_NOTIFICATION_TYPES, defaultNotificationType } from './default-notification-types';
import { CreateNotificationTypeDto } from './dto/create-notification-type.dto';
import { NOTIFICATION_TYPE_LIST_SPEC, NotificationTypeQueryDto } from './dto/notification-type-query.dto';
import { UpdateNotificationTypeDto } from './dto/update-notification-type.dto';
import { NotificationType } from './notification-type.schema';

/** A lean notification type plus the placeholders its event provides (null for custom types). */
export type NotificationTypeRecord = { [K in keyof NotificationType]: NotificationType[K] } & { available_placeholders: string[] | null };

@Injectable()
export class NotificationTypesService implements OnApplicationBootstrap {
  private readonly logger = new Logger(NotificationTypesService.name);

  constructor(@InjectModel(NotificationType.name) private readonly types: Model<NotificationType>) {}

  async onApplicationBootstrap(): Promise<void> {
    const { inserted } = await this.seedDefaults();
    if (inserted > 0) this.logger.log(`seeded ${inserted} default notification types`);
  }

  /**
   * Inserts the default types that are missing, keyed on `key`. Idempotent and safe to run from
   * several instances at once; never overwrites a type an admin edited.
   */
  async seedDefaults(): Promise<{ inserted: number }> {
    const now = new Date();
    const operations: AnyBulkWriteOperation<NotificationType>[] = DEFAULT_NOTIFICATION_TYPES.map(({ placeholders: _, ...type }) => ({
      updateOne: {
        filter: { key: type.key },
        update: { $setOnInsert: { ...type, is_active: true, created_at: now, updated_at: now } },
        upsert: true,
        // Timestamps would $set updated_at on every boot, touching types nobody changed.
        timestamps: false,
      },
    }));
    try {
      const result = await this.types.bulkWrite(operations, { ordered: false });
      return { inserted: result.upsertedCount };
    } catch (error) {
      // Another instance inserted the same key between our check and insert: it is seeded either way.
      if ((error as { code?: number }).code === 11000) return { inserted: 0 };
      throw error;
    }
  }

  async list(query: NotificationTypeQueryDto): Promise<PageResponse<NotificationTypeRecord>> {
    const page = await findPage(this.types, query as NotificationTypeQueryDto & Record<string, unknown>, NOTIFICATION_TYPE_LIST_SPEC);
    return { ...page, data: page.data.map((type) => withPlaceholders(type as unknown as NotificationType)) };
  }

  async findById(id: string): Promise<NotificationTypeRecord> {
    const type = await this.types.findById(id).lean<NotificationType>();
    if (!type) throw notFound('Notification type');
    return withPlaceholders(type);
  }

  /** The type the listeners render, or null when it is missing or switched off. */
  findActiveByKey(key: string): Promise<NotificationType | null> {
    return this.types.findOne({ key, is_active: true }).lean<NotificationType>().exec();
  }

  async create(dto: CreateNotificationTypeDto): Promise<NotificationTypeRecord> {
    assertProvidedPlaceholders(dto.key, dto);
    const created = await this.types.create(dto);
    return this.findById(created._id.toHexString());
  }

  async update(id: string, dto: UpdateNotificationTypeDto): Promise<NotificationTypeRecord> {
    const existing = await this.findById(id);
    assertProvidedPlaceholders(existing.key, dto);
    const updated = await this.types.findByIdAndUpdate(id, { $set: dto }, { new: true, runValidators: true }).lean<NotificationType>();
    if (!updated) throw notFound('Notification type');
    return withPlaceholders(updated);
  }

  async remove(id: string): Promise<void> {
    const existing = await this.findById(id);
    if (defaultNotificationType(existing.key)) {
      throw conflict(`${existing.key} is a built-in notification type and would be re-created at start-up; set is_active to false to stop it instead`);
    }
    await this.types.deleteOne({ _id: id });
  }
}

function withPlaceholders(type: NotificationType): NotificationTypeRecord {
  return { ...type, available_placeholders: defaultNotificationType(type.key)?.placeholders ?? null };
}

/**
 * A built-in type's event provides a fixed set of values; a template asking for anything else
 * would fail on every event, so it is refused when saved rather than when the event fires.
 */
function assertProvidedPlaceholders(key: string, templates: { title_template?: string; body_template?: string }): void {
  const provided = defaultNotificationType(key)?.placeholders;
  if (!provided) return;
  for (const field of ['title_template', 'body_template'] as const) {
    const template = templates[field];
    if (template === undefined) continue;
    const unknown = templatePlaceholders(template).filter((name) => !provided.includes(name));
    if (unknown.length) {
      const message = `uses ${unknown.map((name) => `{{${name}}}`).join(', ')}, which ${key} events do not provide; available: ${provided.join(', ')}`;
      throw badRequest(`${field} ${message}`, [{ field, message }]);
    }
  }
}
