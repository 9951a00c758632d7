import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';

export enum TaskStatus {
  Todo = 'todo',
  InProgress = 'in_progress',
  Review = 'review',
  Done = 'done',
  Blocked = 'blocked',
}

export enum TaskPriority {
  Low = 'low',
  Medium = 'medium',
  High = 'high',
  Urgent = 'urgent',
}

export enum TimeEntrySource {
  Timer = 'timer',
  Manual = 'manual',
}

/** A finished stretch of work; running timers live in `running_timers` until stopped. */
@Schema({ _id: true, timestamps: { createdAt: 'created_at', updatedAt: false } })
export class TimeEntry {
  _id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', required: true })
  user_id: Types.ObjectId;

  @Prop({ required: true })
  started_at: Date;

  @Prop({ required: true })
  ended_at: Date;

  /** Whole minutes between started_at and ended_at, rounded down. */
  @Prop({ required: true, min: 0 })
  minutes: number;

  @Prop({ type: String, trim: true, maxlength: 500, default: null })
  note: string | null;

  @Prop({ required: true, enum: TimeEntrySource, type: String })
  source: TimeEntrySource;

  /** Invoiced at the project's rate (default). Entries stored before the field existed count as billable. */
  @Prop({ type: Boolean, default: true })
  billable?: boolean;

  /** The invoice (libs/billing) this entry is billed on; set by one conditional claim, so an entry is invoiced once. */
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  invoice_id?: Types.ObjectId | null;

  created_at: Date;
}
export const TimeEntrySchema = SchemaFactory.createForClass(TimeEntry);

@Schema({ collection: 'tasks', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class Task {
  _id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Project', required: true })
  project_id: Types.ObjectId;

  /** A goal of the same project. */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Goal', default: null })
  goal_id: Types.ObjectId | null;

  /** An active tech user. */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', default: null })
  tech_employee_id: Types.ObjectId | null;

  @Prop({ required: true, trim: true, maxlength: 200 })
  title: string;

  @Prop({ type: String, trim: true, maxlength: 10000, default: null })
  description: string | null;

  @Prop({ required: true, enum: TaskStatus, type: String, default: TaskStatus.Todo })
  status: TaskStatus;

  @Prop({ required: true, enum: TaskPriority, type: String, default: TaskPriority.Medium })
  priority: TaskPriority;

  @Prop({ type: Number, min: 0, default: null })
  estimate_minutes: number | null;

  @Prop({ type: Date, default: null })
  due_date: Date | null;

  /** First move to in_progress. */
  @Prop({ type: Date, default: null })
  started_at: Date | null;

  /** Move to done; cleared when the task is reopened. */
  @Prop({ type: Date, default: null })
  completed_at: Date | null;

  /** The project service this work delivers (prices time at the service's rate override; groups invoice lines). */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'ProjectService', default: null })
  service_id?: Types.ObjectId | null;

  @Prop({ type: [TimeEntrySchema], default: [] })
  time_entries: TimeEntry[];

  /** Sum of time_entries.minutes, kept with $inc in the same update that changes the entries. */
  @Prop({ required: true, min: 0, default: 0 })
  total_minutes: number;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', default: null })
  created_by: Types.ObjectId | null;

  created_at: Date;
  updated_at: Date;
}

export type TaskDocument = HydratedDocument<Task>;
export const TaskSchema = SchemaFactory.createForClass(Task);
TaskSchema.index({ project_id: 1, status: 1 });
TaskSchema.index({ goal_id: 1 });
TaskSchema.index({ tech_employee_id: 1 });
TaskSchema.index({ status: 1 });
// Overlap checks and the time report look entries up by user and by start.
TaskSchema.index({ 'time_entries.user_id': 1 });
TaskSchema.index({ 'time_entries.started_at': 1 });
// Invoicing claims and releases entries by invoice.
TaskSchema.index({ project_id: 1, 'time_entries.invoice_id': 1 });
// Every sort the list whitelists (within its project) is index-backed: test/list-sort-indexes.e2e-spec.ts.
TaskSchema.index({ project_id: 1, created_at: -1 });
TaskSchema.index({ project_id: 1, updated_at: -1 });
TaskSchema.index({ project_id: 1, due_date: 1 });
TaskSchema.index({ project_id: 1, title: 1 });
TaskSchema.index({ project_id: 1, priority: 1 });
TaskSchema.index({ project_id: 1, total_minutes: -1 });
