import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { DeliveryStatus, Webhook, WebhookDelivery, WebhookDeliveryRecord, WebhookRecord } from './webhook.schema';

export type NewWebhook = Pick<WebhookRecord, 'url' | 'event_types' | 'description' | 'secret_encrypted' | 'active' | 'cursor' | 'created_by'>;

export interface AttemptOutcome {
  ok: boolean;
  status: number | null;
  latency_ms: number;
  error: string | null;
}

/** The only code that touches `webhooks` and `webhook_deliveries`. */
@Injectable()
export class WebhooksRepository {
  constructor(
    @InjectModel(Webhook.name) private readonly webhooks: Model<Webhook>,
    @InjectModel(WebhookDelivery.name) private readonly deliveries: Model<WebhookDelivery>,
  ) {}

  async create(fields: NewWebhook): Promise<WebhookRecord> {
    return (await this.webhooks.create(fields)).toObject() as WebhookRecord;
  }

  list(): Promise<WebhookRecord[]> {
    return this.webhooks.find({}, { lease_owner: 0, lease_until: 0 }).sort({ created_at: -1 }).lean<WebhookRecord[]>().exec();
  }

  find(id: string | Types.ObjectId): Promise<WebhookRecord | null> {
    return this.webhooks.findById(id).lean<WebhookRecord>().exec();
  }

  activeIds(): Promise<Types.ObjectId[]> {
    return this.webhooks.find({ active: true }, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>().then((rows) => rows.map((row) => row._id));
  }

  update(id: string, set: Record<string, unknown>): Promise<WebhookRecord | null> {
    return this.webhooks.findOneAndUpdate({ _id: id }, { $set: set }, { new: true, runValidators: true }).lean<WebhookRecord>().exec();
  }

  async remove(id: string): Promise<boolean> {
    const result = await this.webhooks.deleteOne({ _id: id });
    await this.deliveries.deleteMany({ webhook_id: new Types.ObjectId(id) });
    return result.deletedCount > 0;
  }

  /** Takes the endpoint's lease (a conditional update: of two processes one wins); null when another holds it. */
  claim(id: Types.ObjectId, owner: string, leaseMs: number, now = new Date()): Promise<WebhookRecord | null> {
    return this.webhooks
      .findOneAndUpdate(
        { _id: id, active: true, $or: [{ lease_until: null }, { lease_until: { $lt: now } }, { lease_owner: owner }] },
        { $set: { lease_owner: owner, lease_until: new Date(now.getTime() + leaseMs) } },
        { new: true, timestamps: false },
      )
      .lean<WebhookRecord>()
      .exec();
  }

  async release(id: Types.ObjectId, owner: string): Promise<void> {
    await this.webhooks.updateOne({ _id: id, lease_owner: owner }, { $set: { lease_owner: null, lease_until: null } }, { timestamps: false });
  }

  /** Creates the deliveries of new events (idempotent: keyed by endpoint and event) and moves the cursor, as the lease holder. */
  async fanOut(webhook: WebhookRecord, owner: string, events: { seq: number; type: string }[], nextCursor: number, now = new Date()): Promise<void> {
    if (events.length) {
      await this.deliveries.bulkWrite(
        events.map((event) => ({
          updateOne: {
            filter: { webhook_id: webhook._id, event_seq: event.seq },
            update: {
              $setOnInsert: { webhook_id: webhook._id, event_seq: event.seq, event_type: event.type, status: DeliveryStatus.Pending, attempts: 0, next_attempt_at: now, created_at: now, updated_at: now },
            },
            upsert: true,
            // The stamps are set by hand: Mongoose's would $set updated_at beside our $setOnInsert (a conflict).
            timestamps: false,
          },
        })),
        { ordered: true },
      );
    }
    await this.webhooks.updateOne({ _id: webhook._id, lease_owner: owner }, { $max: { cursor: nextCursor } }, { timestamps: false });
  }

  /** The endpoint's oldest unfinished delivery: nothing later is sent before it (in order per endpoint). */
  head(webhookId: Types.ObjectId): Promise<WebhookDeliveryRecord | null> {
    return this.deliveries.findOne({ webhook_id: webhookId, status: DeliveryStatus.Pending }).sort({ event_seq: 1 }).lean<WebhookDeliveryRecord>().exec();
  }

  async recordSuccess(delivery: WebhookDeliveryRecord, outcome: AttemptOutcome, now = new Date()): Promise<void> {
    await this.deliveries.updateOne(
      { _id: delivery._id, status: DeliveryStatus.Pending },
      { $set: { status: DeliveryStatus.Succeeded, response_code: outcome.status, latency_ms: outcome.latency_ms, last_error: null, delivered_at: now }, $inc: { attempts: 1 } },
    );
    await this.webhooks.updateOne({ _id: delivery.webhook_id }, { $set: { consecutive_failures: 0 } }, { timestamps: false });
  }

  /** Counts the failure on the delivery and on the endpoint; returns the endpoint's failures in a row. */
  async recordFailure(delivery: WebhookDeliveryRecord, outcome: AttemptOutcome, retryAt: Date | null): Promise<number> {
    await this.deliveries.updateOne(
      { _id: delivery._id, status: DeliveryStatus.Pending },
      {
        $set: {
          status: retryAt ? DeliveryStatus.Pending : DeliveryStatus.Failed,
          next_attempt_at: retryAt ?? delivery.next_attempt_at,
          response_code: outcome.status,
          latency_ms: outcome.latency_ms,
          last_error: outcome.error,
        },
        $inc: { attempts: 1 },
      },
    );
    const webhook = await this.webhooks
      .findOneAndUpdate({ _id: delivery.webhook_id }, { $inc: { consecutive_failures: 1 } }, { new: true, timestamps: false, projection: { consecutive_failures: 1 } })
      .lean<Pick<WebhookRecord, 'consecutive_failures'>>();
    return webhook?.consecutive_failures ?? 0;
  }

  /** Disables the endpoint once (true only for the call that switched it off). */
  async disable(id: Types.ObjectId, reason: string): Promise<boolean> {
    const result = await this.webhooks.updateOne({ _id: id, active: true }, { $set: { active: false, disabled_reason: reason, lease_owner: null, lease_until: null } });
    return result.modifiedCount > 0;
  }

  listDeliveries(webhookId: string, limit: number, status?: DeliveryStatus): Promise<WebhookDeliveryRecord[]> {
    return this.deliveries
      .find({ webhook_id: new Types.ObjectId(webhookId), ...(status ? { status } : {}) })
      .sort({ event_seq: -1 })
      .limit(limit)
      .lean<WebhookDeliveryRecord[]>()
      .exec();
  }

  /** Sends it again (and, in order, before anything after it): back to pending, due now, attempts kept. */
  redeliver(webhookId: string, deliveryId: string, now = new Date()): Promise<WebhookDeliveryRecord | null> {
    return this.deliveries
      .findOneAndUpdate(
        { _id: deliveryId, webhook_id: new Types.ObjectId(webhookId) },
        { $set: { status: DeliveryStatus.Pending, next_attempt_at: now, last_error: null } },
        { new: true },
      )
      .lean<WebhookDeliveryRecord>()
      .exec();
  }

  /** Every event after `afterSeq` is delivered again: existing deliveries back to pending, the cursor rewound for the rest. */
  async replay(webhookId: string, afterSeq: number, now = new Date()): Promise<number> {
    const id = new Types.ObjectId(webhookId);
    const reset = await this.deliveries.updateMany({ webhook_id: id, event_seq: { $gt: afterSeq } }, { $set: { status: DeliveryStatus.Pending, attempts: 0, next_attempt_at: now, last_error: null } });
    await this.webhooks.updateOne({ _id: id }, { $set: { cursor: afterSeq } });
    return reset.modifiedCount;
  }
}
