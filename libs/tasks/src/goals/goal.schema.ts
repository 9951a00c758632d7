import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';

export enum GoalStatus {
  Open = 'open',
  InProgress = 'in_progress',
  Achieved = 'achieved',
  Cancelled = 'cancelled',
}

/** A project goal, owned by a support employee; tasks may hang under it. */
@Schema({ collection: 'goals', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class Goal {
  _id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Project', required: true })
  project_id: Types.ObjectId;

  @Prop({ required: true, trim: true, maxlength: 200 })
  title: string;

  @Prop({ type: String, trim: true, maxlength: 5000, default: null })
  description: string | null;

  /** An active support user. */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', default: null })
  support_employee_id: Types.ObjectId | null;

  @Prop({ required: true, enum: GoalStatus, type: String, default: GoalStatus.Open })
  status: GoalStatus;

  @Prop({ type: Date, default: null })
  due_date: Date | null;

  /** Set when the goal becomes achieved, cleared when it is reopened. */
  @Prop({ type: Date, default: null })
  achieved_at: Date | null;

  /** Files of the same project (collection files). */
  @Prop({ type: [{ type: MongooseSchema.Types.ObjectId, ref: 'File' }], default: [] })
  file_ids: Types.ObjectId[];

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', default: null })
  created_by: Types.ObjectId | null;

  created_at: Date;
  updated_at: Date;
}

export type GoalDocument = HydratedDocument<Goal>;
export const GoalSchema = SchemaFactory.createForClass(Goal);
GoalSchema.index({ project_id: 1 });
GoalSchema.index({ support_employee_id: 1 });
GoalSchema.index({ status: 1 });
// Every sort the list whitelists (within its project) is index-backed: test/list-sort-indexes.e2e-spec.ts.
GoalSchema.index({ project_id: 1, created_at: -1 });
GoalSchema.index({ project_id: 1, updated_at: -1 });
GoalSchema.index({ project_id: 1, due_date: 1 });
GoalSchema.index({ project_id: 1, title: 1 });
