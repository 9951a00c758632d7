import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { EventScope, OutboxEventType } from '@app/common';

export enum OutboxEventStatus {
  /** Written before its change; invisible to readers until committed (or settled by the repair job). */
  Pending = 'pending',
  Committed = 'committed',
}

/**
 * One change worth telling (`events`). `_id` is the natural idempotency key
 * (`lead.status_changed:<lead id>:qualified`), so the same change never yields two events;
 * `seq` is its place in the feed, assigned at commit from `event_sequence` (absent while pending).
 */
@Schema({ collection: 'events', versionKey: false })
export class OutboxEvent {
  @Prop({ type: String, required: true })
  _id: string;

  /** Commit order, 1, 2, 3 … (sparse: pending events have none). The public event id. */
  @Prop({ type: Number })
  seq?: number;

  @Prop({ type: String, enum: Object.values(OutboxEventStatus), required: true })
  status: OutboxEventStatus;

  @Prop({ type: String, required: true })
  type: OutboxEventType;

  @Prop({ required: true })
  entity_type: string;

  @Prop({ required: true })
  entity_id: string;

  @Prop({ type: String, default: null })
  actor_id: string | null;

  /** When the change happened (the pending write). */
  @Prop({ type: Date, required: true })
  occurred_at: Date;

  /** When it became visible; holes in `seq` older than the grace period are given up by readers. */
  @Prop({ type: Date })
  committed_at?: Date;

  /** The changed fields and event facts, redacted by the audit sanitiser. */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  data: Record<string, unknown>;

  /** Ids the live stream checks row-level rules against (never content). */
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  scope: EventScope;

  /** While pending: EJSON `{ collection, filter }` the repair job evaluates to learn whether the change happened. */
  @Prop({ type: String })
  confirm?: string;
}

export type OutboxEventRecord = { [K in keyof OutboxEvent]: OutboxEvent[K] };
export const OutboxEventSchema = SchemaFactory.createForClass(OutboxEvent);
OutboxEventSchema.index({ seq: 1 }, { unique: true, sparse: true });
OutboxEventSchema.index({ status: 1, occurred_at: 1 });
OutboxEventSchema.index({ committed_at: 1 });

/** The one counter `event_sequence` `{ _id: 'events', seq }`: `$inc` hands out commit positions. */
@Schema({ collection: 'event_sequence', versionKey: false })
export class EventSequence {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ type: Number, required: true })
  seq: number;
}

export const EventSequenceSchema = SchemaFactory.createForClass(EventSequence);
