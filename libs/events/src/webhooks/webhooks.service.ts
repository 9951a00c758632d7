import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { AuthUser } from '@app/auth';
import { fieldError, notFound } from '@app/common';
import { AppConfig, isLoopbackHost } from '@app/config';
import { FieldEncryptionService, randomToken } from '@app/crypto';
import { parseEventTypes } from '../feed/event-types';
import { OutboxRepository } from '../outbox/outbox.repository';
import { CreateWebhookDto, DeliveryQueryDto, ReplayWebhookDto, UpdateWebhookDto } from './dto/webhook.dto';
import { resolveTarget } from './webhook-sender';
import { WebhookDeliveryRecord, WebhookRecord } from './webhook.schema';
import { WebhooksRepository } from './webhooks.repository';

/** Admin management of webhook subscriptions; the deliveries themselves are the worker's (WebhookWorker). */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly outbox: OutboxRepository,
    private readonly encryption: FieldEncryptionService,
    private readonly config: AppConfig,
  ) {}

  /** The secret is returned here only; the endpoint receives events from now on (replay reaches older ones). */
  async create(dto: CreateWebhookDto, actor: AuthUser): Promise<WebhookRecord & { secret: string }> {
    parseEventTypes(dto.event_types, 'event_types');
    const url = await this.assertTarget(dto.url);
    const secret = `whsec_${Buffer.from(randomToken(24), 'base64url').toString('base64')}`;
    const webhook = await this.webhooks.create({
      url,
      event_types: dto.event_types,
      description: dto.description ?? null,
      secret_encrypted: this.encryption.encrypt(secret),
      active: dto.active ?? true,
      cursor: await this.outbox.latestSeq(),
      created_by: new Types.ObjectId(actor.id),
    });
    return { ...webhook, secret };
  }

  list(): Promise<WebhookRecord[]> {
    return this.webhooks.list();
  }

  async findOne(id: string): Promise<WebhookRecord> {
    const webhook = await this.webhooks.find(id);
    if (!webhook) throw notFound('Webhook');
    return webhook;
  }

  async update(id: string, dto: UpdateWebhookDto): Promise<WebhookRecord> {
    const current = await this.findOne(id);
    const set: Record<string, unknown> = {};
    if (dto.url !== undefined) set.url = await this.assertTarget(dto.url);
    if (dto.event_types !== undefined) {
      parseEventTypes(dto.event_types, 'event_types');
      set.event_types = dto.event_types;
    }
    if (dto.description !== undefined) set.description = dto.description;
    if (dto.active !== undefined) {
      set.active = dto.active;
      if (dto.active && !current.active) Object.assign(set, { consecutive_failures: 0, disabled_reason: null });
    }
    const updated = await this.webhooks.update(id, set);
    if (!updated) throw notFound('Webhook');
    return updated;
  }

  async remove(id: string): Promise<void> {
    if (!(await this.webhooks.remove(id))) throw notFound('Webhook');
  }

  async deliveries(id: string, query: DeliveryQueryDto): Promise<WebhookDeliveryRecord[]> {
    await this.findOne(id);
    return this.webhooks.listDeliveries(id, query.limit ?? 50, query.status);
  }

  async redeliver(id: string, deliveryId: string): Promise<WebhookDeliveryRecord> {
    const delivery = await this.webhooks.redeliver(id, deliveryId);
    if (!delivery) throw notFound('Webhook delivery');
    return delivery;
  }

  async replay(id: string, dto: ReplayWebhookDto): Promise<{ reset: number; after_event_id: string }> {
    await this.findOne(id);
    return { reset: await this.webhooks.replay(id, dto.after_event_id), after_event_id: String(dto.after_event_id) };
  }

  /**
   * https only in production, where the host must also resolve to public addresses only (checked
   * again, and pinned, at every delivery). Outside production http is allowed to loopback, for
   * local receivers and tests.
   */
  private async assertTarget(raw: string): Promise<string> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw fieldError('url', 'must be an absolute URL (https://hooks.example.com/crm)');
    }
    if (url.username || url.password) throw fieldError('url', 'must not carry credentials; verify deliveries with the signing secret instead');
    const production = this.config.isProduction;
    const allowed = url.protocol === 'https:' || (url.protocol === 'http:' && !production && isLoopbackHost(url.hostname));
    if (!allowed) throw fieldError('url', production ? 'must use https' : 'must use https (http only to a loopback address, outside production)');
    if (production) {
      try {
        await resolveTarget(url, true);
      } catch (error) {
        throw fieldError('url', (error as Error).message);
      }
    }
    return url.toString();
  }
}
