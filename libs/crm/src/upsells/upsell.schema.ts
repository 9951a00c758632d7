import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';
import { softDeletePlugin } from '@app/database';

export enum UpsellPaymentStatus {
  Pending = 'pending',
  Paid = 'paid',
  Failed = 'failed',
  Refunded = 'refunded',
}

/**
 * An additional sale on a project (collection upsells). The projects lib's financial report reads
 * `project_id` (ObjectId), `payment_status: 'paid'`, `deleted_at: null` and `amount`: keep them.
 */
@Schema({ collection: 'upsells', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class Upsell {
  _id: Types.ObjectId;

  /** The project's customer, copied when the upsell is created. */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Customer', required: true })
  customer_id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Project', required: true })
  project_id: Types.ObjectId;

  /** The sales user (or manager/admin) credited with the sale. */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', required: true })
  sold_by: Types.ObjectId;

  @Prop({ required: true, trim: true, maxlength: 2000 })
  description: string;

  @Prop({ required: true, min: 0.01 })
  amount: number;

  /** ISO 4217, upper case. */
  @Prop({ required: true, match: /^[A-Z]{3}$/ })
  currency: string;

  @Prop({ required: true, enum: UpsellPaymentStatus, type: String, default: UpsellPaymentStatus.Pending })
  payment_status: UpsellPaymentStatus;

  /** Set when the upsell is paid; kept after a refund. */
  @Prop({ type: Date, default: null })
  paid_at: Date | null;

  @Prop({ type: Date, default: null })
  refunded_at: Date | null;

  /** The invoice (libs/billing) a paid upsell is billed on; set by one conditional claim, so it is invoiced once. */
  @Prop({ type: MongooseSchema.Types.ObjectId, default: null })
  invoice_id?: Types.ObjectId | null;

  created_at: Date;
  updated_at: Date;
  deleted_at?: Date | null;
  deleted_by?: Types.ObjectId | null;
}

export type UpsellDocument = HydratedDocument<Upsell>;
export const UpsellSchema = SchemaFactory.createForClass(Upsell);
UpsellSchema.plugin(softDeletePlugin);
UpsellSchema.index({ project_id: 1 });
UpsellSchema.index({ customer_id: 1 });
UpsellSchema.index({ payment_status: 1 });
UpsellSchema.index({ sold_by: 1 });
UpsellSchema.index({ project_id: 1, invoice_id: 1 });
// Every sort the list whitelists (default and `?sort=`) is index-backed: test/list-sort-indexes.e2e-spec.ts.
UpsellSchema.index({ created_at: -1 });
UpsellSchema.index({ updated_at: -1 });
UpsellSchema.index({ amount: -1 });
UpsellSchema.index({ paid_at: -1 });
