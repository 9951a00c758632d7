import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';

export enum ProjectStatus {
  Planning = 'planning',
  Active = 'active',
  OnHold = 'on_hold',
  Completed = 'completed',
  Cancelled = 'cancelled',
}

export enum ProjectPriority {
  Low = 'low',
  Medium = 'medium',
  High = 'high',
  Urgent = 'urgent',
}

export enum BillingType {
  Fixed = 'fixed',
  Hourly = 'hourly',
  Recurring = 'recurring',
}

export enum BillingInterval {
  Weekly = 'weekly',
  Monthly = 'monthly',
  Quarterly = 'quarterly',
  Yearly = 'yearly',
}

@Schema({ _id: false })
export class RecurringPlan {
  @Prop({ required: true, enum: BillingInterval, type: String })
  interval: BillingInterval;

  @Prop({ required: true, min: 0 })
  amount: number;

  @Prop({ required: true })
  next_billing_date: Date;

  /** Day of month monthly-type intervals return to after a short month (set from the first next_billing_date). */
  @Prop({ type: Number, min: 1, max: 31, default: null })
  anchor_day?: number | null;
}
export const RecurringPlanSchema = SchemaFactory.createForClass(RecurringPlan);

/** An hourly rate that replaces the project's for one user's time, one service's, or one user's time on one service. */
@Schema({ _id: false })
export class RateOverride {
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', default: null })
  user_id: Types.ObjectId | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'ProjectService', default: null })
  service_id: Types.ObjectId | null;

  /** Integer minor units of the project's currency per hour. */
  @Prop({ required: true, min: 0, validate: { validator: Number.isInteger, message: 'hourly_rate must be a whole number of minor units' } })
  hourly_rate: number;
}
export const RateOverrideSchema = SchemaFactory.createForClass(RateOverride);

/** One billed period; `period_start` is the idempotency key of recurring billing. */
@Schema({ _id: false })
export class BillingRecord {
  @Prop({ required: true })
  period_start: Date;

  @Prop({ required: true })
  period_end: Date;

  @Prop({ required: true, min: 0 })
  amount: number;

  @Prop({ required: true })
  currency: string;

  @Prop({ required: true })
  billed_at: Date;

  /** The invoice (libs/billing) this period is billed on; set by one conditional claim (absent until then), so a period is invoiced once. */
  @Prop({ type: MongooseSchema.Types.ObjectId })
  invoice_id?: Types.ObjectId | null;
}
export const BillingRecordSchema = SchemaFactory.createForClass(BillingRecord);

@Schema({ collection: 'projects', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' }, toJSON: { virtuals: true }, toObject: { virtuals: true } })
export class Project {
  _id: Types.ObjectId;

  @Prop({ required: true, trim: true, maxlength: 200 })
  name: string;

  @Prop({ trim: true, maxlength: 5000, default: null, type: String })
  description: string | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Customer', required: true })
  customer_id: Types.ObjectId;

  /** The project manager. */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', required: true })
  user_id: Types.ObjectId;

  @Prop({ type: [{ type: MongooseSchema.Types.ObjectId, ref: 'User' }], default: [] })
  team_member_ids: Types.ObjectId[];

  @Prop({ required: true, enum: ProjectStatus, type: String, default: ProjectStatus.Planning })
  status: ProjectStatus;

  @Prop({ required: true, enum: ProjectPriority, type: String, default: ProjectPriority.Medium })
  priority: ProjectPriority;

  @Prop({ type: Date, default: null })
  start_date: Date | null;

  @Prop({ type: Date, default: null })
  end_date: Date | null;

  @Prop({ min: 0, default: 0 })
  budget: number;

  @Prop({ min: 0, default: 0 })
  amount_paid: number;

  /** ISO 4217, upper case. */
  @Prop({ required: true, default: 'USD', match: /^[A-Z]{3}$/ })
  currency: string;

  @Prop({ required: true, enum: BillingType, type: String, default: BillingType.Fixed })
  billing_type: BillingType;

  @Prop({ type: RecurringPlanSchema, default: null })
  recurring_plan: RecurringPlan | null;

  @Prop({ type: [BillingRecordSchema], default: [] })
  billing_history: BillingRecord[];

  /** Default hourly rate for invoiced time, integer minor units of `currency` (null: time is not invoiceable until set). */
  @Prop({ type: Number, min: 0, default: null, validate: { validator: (v: number | null) => v === null || Number.isInteger(v), message: 'hourly_rate must be a whole number of minor units' } })
  hourly_rate: number | null;

  /** Most specific wins: user + service, then user, then service, then hourly_rate. */
  @Prop({ type: [RateOverrideSchema], default: [] })
  rate_overrides: RateOverride[];

  /** Invoice payments (libs/billing) already added to amount_paid: the $inc and this $push are one conditional update, so a payment counts once. */
  @Prop({ type: [{ type: MongooseSchema.Types.ObjectId }], default: [], select: false })
  invoice_payment_ids: Types.ObjectId[];

  created_at: Date;
  updated_at: Date;
  /** Virtual: budget − amount_paid, never negative. */
  balance_due: number;
}

export type ProjectDocument = HydratedDocument<Project>;
export const ProjectSchema = SchemaFactory.createForClass(Project);
ProjectSchema.index({ customer_id: 1 });
ProjectSchema.index({ user_id: 1 });
ProjectSchema.index({ status: 1 });
ProjectSchema.index({ priority: 1 });
ProjectSchema.index({ team_member_ids: 1 });
ProjectSchema.index({ billing_type: 1, 'recurring_plan.next_billing_date': 1 });
ProjectSchema.index({ 'billing_history.invoice_id': 1 });
// Every sort the list whitelists (default and `?sort=`) is index-backed: test/list-sort-indexes.e2e-spec.ts.
ProjectSchema.index({ created_at: -1 });
ProjectSchema.index({ updated_at: -1 });
ProjectSchema.index({ name: 1 });
ProjectSchema.index({ start_date: 1 });
ProjectSchema.index({ end_date: 1 });
ProjectSchema.index({ budget: -1 });
ProjectSchema.virtual('balance_due').get(function (this: Project) {
  return Math.max(0, Math.round(((this.budget ?? 0) - (this.amount_paid ?? 0)) * 100) / 100);
});
// In update validators `this` is not the document; ProjectsService checks both dates on updates.
ProjectSchema.path('end_date').validate(function (this: Project | undefined, value: Date | null) {
  const start = this instanceof Object && 'start_date' in this ? this.start_date : null;
  return !value || !start || value > start;
}, 'end_date must be after start_date');
