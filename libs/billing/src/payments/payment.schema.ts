import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';

export enum PaymentMethod {
  BankTransfer = 'bank_transfer',
  Card = 'card',
  Cash = 'cash',
  Cheque = 'cheque',
  DirectDebit = 'direct_debit',
  Other = 'other',
}

/** `pending`: written, not yet applied to the invoice (the repair job settles one a crash left). */
export enum PaymentState {
  Pending = 'pending',
  Recorded = 'recorded',
}

@Schema({ collection: 'payments', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class Payment {
  _id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Invoice', required: true })
  invoice_id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Project', required: true })
  project_id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Customer', required: true })
  customer_id: Types.ObjectId;

  /** Integer minor units of the invoice's currency. */
  @Prop({ required: true, min: 1, validate: { validator: Number.isInteger, message: 'amount must be a whole number of minor units' } })
  amount: number;

  @Prop({ required: true, match: /^[A-Z]{3}$/ })
  currency: string;

  /** When the money was received. */
  @Prop({ required: true })
  paid_on: Date;

  @Prop({ required: true, enum: PaymentMethod, type: String })
  method: PaymentMethod;

  @Prop({ type: String, trim: true, maxlength: 200, default: null })
  reference: string | null;

  @Prop({ required: true, enum: PaymentState, type: String })
  state: PaymentState;

  /** Added to the project's amount_paid (ProjectInvoicingService, keyed by this id). */
  @Prop({ type: Boolean, default: false })
  project_applied: boolean;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', required: true })
  recorded_by: Types.ObjectId;

  created_at: Date;
  updated_at: Date;
}

export const PaymentSchema = SchemaFactory.createForClass(Payment);
PaymentSchema.index({ invoice_id: 1, created_at: 1 });
PaymentSchema.index({ state: 1, created_at: 1 });
PaymentSchema.index({ project_applied: 1, state: 1 });
