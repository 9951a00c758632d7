import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';
import { AuditAction } from '@app/common';

/**
 * One audit record. `entity_type` + `entity_id` point at any collection's document (polymorphic,
 * so no `ref`); `before` / `after` are sanitised snapshots, never raw documents.
 */
@Schema({ collection: 'activity_logs', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' }, minimize: false })
export class ActivityLog {
  _id: Types.ObjectId;

  /** The actor; null for anonymous attempts (unknown email at login) and system jobs. */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', default: null })
  user_id: Types.ObjectId | null;

  /** Who acted, also when no user did: `user:<id>`, `system` (a scheduled job), `cli:<command>`; null when anonymous. */
  @Prop({ type: String, default: null })
  actor: string | null;

  @Prop({ required: true, enum: AuditAction, type: String })
  action: AuditAction;

  @Prop({ required: true, trim: true, maxlength: 64 })
  entity_type: string;

  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  entity_id: Types.ObjectId | null;

  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  before: Record<string, unknown> | null;

  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  after: Record<string, unknown> | null;

  @Prop({ type: [String], default: [] })
  changed_fields: string[];

  @Prop({ type: String, default: null })
  ip: string | null;

  @Prop({ type: String, default: null, maxlength: 512 })
  user_agent: string | null;

  @Prop({ type: String, default: null })
  request_id: string | null;

  @Prop({ type: MongooseSchema.Types.Mixed, default: () => ({}) })
  metadata: Record<string, unknown>;

  created_at: Date;
  updated_at: Date;
}

export type ActivityLogDocument = HydratedDocument<ActivityLog>;
const BaseActivityLogSchema = SchemaFactory.createForClass(ActivityLog);
BaseActivityLogSchema.index({ entity_type: 1, entity_id: 1, created_at: 1 });
BaseActivityLogSchema.index({ user_id: 1, created_at: 1 });
BaseActivityLogSchema.index({ action: 1, created_at: 1 });

/**
 * The schema with its retention TTL, which comes from configuration (so it is built at start-up).
 * MongoDB deletes expired records itself; engines that ignore TTL rely on `purgeExpired`.
 */
export function activityLogSchema(retentionDays: number) {
  const schema = BaseActivityLogSchema.clone();
  schema.index({ created_at: 1 }, { expireAfterSeconds: retentionDays * 24 * 3600 });
  return schema;
}
