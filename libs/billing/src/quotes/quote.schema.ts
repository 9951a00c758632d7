import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';
import { DocumentLine, DocumentLineSchema } from '../money/document-line';

/** draft → sent → accepted | declined | expired (past valid_until: by the job, or when read). */
export enum QuoteStatus {
  Draft = 'draft',
  Sent = 'sent',
  Accepted = 'accepted',
  Declined = 'declined',
  Expired = 'expired',
}

const integer = { validator: Number.isInteger, message: '{PATH} must be a whole number of minor units' };

@Schema({ collection: 'quotes', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class Quote {
  _id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Project', required: true })
  project_id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Customer', required: true })
  customer_id: Types.ObjectId;

  @Prop({ required: true, enum: QuoteStatus, type: String, default: QuoteStatus.Draft })
  status: QuoteStatus;

  @Prop({ required: true, match: /^[A-Z]{3}$/ })
  currency: string;

  @Prop({ required: true, trim: true, maxlength: 200 })
  title: string;

  @Prop({ type: [DocumentLineSchema], default: [] })
  lines: DocumentLine[];

  @Prop({ required: true, validate: integer })
  subtotal: number;

  @Prop({ required: true, validate: integer })
  tax_total: number;

  @Prop({ required: true, validate: integer })
  total: number;

  /** Last day the customer may accept (end of that day, UTC). */
  @Prop({ required: true })
  valid_until: Date;

  @Prop({ type: Date, default: null })
  sent_at: Date | null;

  /** When it was accepted, declined or expired. */
  @Prop({ type: Date, default: null })
  decided_at: Date | null;

  /** The invoice draft an accepted quote became. */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Invoice', default: null })
  invoice_id: Types.ObjectId | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', required: true })
  created_by: Types.ObjectId;

  created_at: Date;
  updated_at: Date;
}

export const QuoteSchema = SchemaFactory.createForClass(Quote);
QuoteSchema.index({ created_at: -1 });
QuoteSchema.index({ status: 1, created_at: -1 });
QuoteSchema.index({ project_id: 1, created_at: -1 });
QuoteSchema.index({ customer_id: 1, created_at: -1 });
QuoteSchema.index({ status: 1, valid_until: 1 });
