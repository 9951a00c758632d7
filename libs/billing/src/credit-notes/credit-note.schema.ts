import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';

/** A credit against an issued invoice (collection credit_notes), numbered CN-YYYY-NNNNNN. */
@Schema({ collection: 'credit_notes', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class CreditNote {
  _id: Types.ObjectId;

  /** Gapless per year, unique (the index), taken when the note is written. */
  @Prop({ required: true })
  number: string;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Invoice', required: true })
  invoice_id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Project', required: true })
  project_id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Customer', required: true })
  customer_id: Types.ObjectId;

  /** Integer minor units, at most what was still due on the invoice. */
  @Prop({ required: true, min: 1, validate: { validator: Number.isInteger, message: 'amount must be a whole number of minor units' } })
  amount: number;

  @Prop({ required: true, match: /^[A-Z]{3}$/ })
  currency: string;

  @Prop({ required: true, trim: true, maxlength: 500 })
  reason: string;

  @Prop({ required: true })
  issued_at: Date;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', required: true })
  created_by: Types.ObjectId;

  created_at: Date;
  updated_at: Date;
}

export const CreditNoteSchema = SchemaFactory.createForClass(CreditNote);
CreditNoteSchema.index({ number: 1 }, { unique: true });
CreditNoteSchema.index({ invoice_id: 1, created_at: 1 });
CreditNoteSchema.index({ issued_at: 1 });
