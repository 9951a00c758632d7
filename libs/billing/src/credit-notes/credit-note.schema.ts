import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema, Types } from 'mongoose';

/** `pending`: written, its amount not yet taken off the invoice or not yet numbered (the repair job finishes or removes it). */
export enum CreditNoteState {
  Pending = 'pending',
  Issued = 'issued',
}

/** A credit against an issued invoice (collection credit_notes), numbered CN-YYYY-NNNNNN. */
@Schema({ collection: 'credit_notes', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class CreditNote {
  _id: Types.ObjectId;

  /** Gapless per year, unique (the index), taken by the write that issues the note; absent while pending. */
  @Prop({ type: String })
  number?: string;

  @Prop({ required: true, enum: CreditNoteState, type: String })
  state: CreditNoteState;

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

  @Prop({ type: Date, default: null })
  issued_at: Date | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', required: true })
  created_by: Types.ObjectId;

  created_at: Date;
  updated_at: Date;
}

export const CreditNoteSchema = SchemaFactory.createForClass(CreditNote);
CreditNoteSchema.index({ number: 1 }, { unique: true, sparse: true });
CreditNoteSchema.index({ state: 1, created_at: 1 });
CreditNoteSchema.index({ invoice_id: 1, created_at: 1 });
CreditNoteSchema.index({ issued_at: 1 });
