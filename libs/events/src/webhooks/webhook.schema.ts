import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';

/** A webhook subscription (`webhooks`). The signing secret is stored encrypted (it must be recovered to sign). */
@Schema({ collection: 'webhooks', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class Webhook {
  _id: Types.ObjectId;

  @Prop({ required: true, maxlength: 2048 })
  url: string;

  /** As given: exact types (`lead.created`) and entity wildcards (`lead.*`). */
  @Prop({ type: [String], required: true })
  event_types: string[];

  @Prop({ type: String, default: null, maxlength: 500 })
  description: string | null;

  /** `whsec_…`, encrypted with the field-encryption keyring (libs/crypto). */
  @Prop({ required: true })
  secret_encrypted: string;

  @Prop({ default: true })
  active: boolean;

  /** Failed attempts in a row; WEBHOOK_MAX_FAILURES disables the endpoint. A success resets it. */
  @Prop({ default: 0 })
  consecutive_failures: number;

  @Prop({ type: String, default: null })
  disabled_reason: string | null;

  /** The last outbox position turned into this endpoint's deliveries. */
  @Prop({ required: true, default: 0 })
  cursor: number;

  /** The worker lease: only its holder fans out and sends this endpoint's deliveries (one at a time, in order). */
  @Prop({ type: String, default: null })
  lease_owner: string | null;

  @Prop({ type: Date, default: null })
  lease_until: Date | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', default: null })
  created_by: Types.ObjectId | null;

  created_at: Date;
  updated_at: Date;
}

export type WebhookRecord = { [K in keyof Webhook]: Webhook[K] };
export const WebhookSchema = SchemaFactory.createForClass(Webhook);
WebhookSchema.index({ active: 1 });
WebhookSchema.index({ created_at: -1 });

export enum DeliveryStatus {
  Pending = 'pending',
  Succeeded = 'succeeded',
  /** Given up after WEBHOOK_MAX_ATTEMPTS (or the endpoint was disabled); redeliver to try again. */
  Failed = 'failed',
}

/** One event for one endpoint (`webhook_deliveries`), with every attempt's outcome. */
@Schema({ collection: 'webhook_deliveries', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class WebhookDelivery {
  _id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Webhook', required: true })
  webhook_id: Types.ObjectId;

  /** The outbox event's position; with `webhook_id` the natural key (one delivery per event and endpoint). */
  @Prop({ required: true })
  event_seq: number;

  @Prop({ required: true })
  event_type: string;

  @Prop({ type: String, enum: Object.values(DeliveryStatus), required: true })
  status: DeliveryStatus;

  @Prop({ default: 0 })
  attempts: number;

  @Prop({ type: Date, required: true })
  next_attempt_at: Date;

  @Prop({ type: Number, default: null })
  response_code: number | null;

  @Prop({ type: Number, default: null })
  latency_ms: number | null;

  @Prop({ type: String, default: null })
  last_error: string | null;

  @Prop({ type: Date, default: null })
  delivered_at: Date | null;

  created_at: Date;
  updated_at: Date;
}

export type WebhookDeliveryRecord = { [K in keyof WebhookDelivery]: WebhookDelivery[K] };
export const WebhookDeliverySchema = SchemaFactory.createForClass(WebhookDelivery);
WebhookDeliverySchema.index({ webhook_id: 1, event_seq: 1 }, { unique: true });
WebhookDeliverySchema.index({ webhook_id: 1, status: 1, event_seq: 1 });
