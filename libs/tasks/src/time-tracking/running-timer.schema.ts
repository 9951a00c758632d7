import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';

/**
 * A user's running timer. `_id` IS the user id, so the engine's own `_id` uniqueness enforces
 * "one running timer per user across all tasks" — no transaction or partial index needed.
 */
@Schema({ collection: 'running_timers', timestamps: { createdAt: 'created_at', updatedAt: false } })
export class RunningTimer {
  /** The user running the timer. */
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  _id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Task', required: true })
  task_id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Project', required: true })
  project_id: Types.ObjectId;

  /** The time entry this timer becomes when stopped; makes a retried stop idempotent. */
  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  entry_id: Types.ObjectId;

  @Prop({ required: true })
  started_at: Date;

  @Prop({ type: String, trim: true, maxlength: 500, default: null })
  note: string | null;

  /** Carried onto the time entry when stopped. */
  @Prop({ type: Boolean, default: true })
  billable?: boolean;

  created_at: Date;
}

export const RunningTimerSchema = SchemaFactory.createForClass(RunningTimer);
RunningTimerSchema.index({ task_id: 1 });
