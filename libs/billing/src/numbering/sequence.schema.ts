import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * The last number handed out per series and year (`_id` `INV-2026`, `CN-2026`). A hint, never
 * the truth: a number belongs to the document whose unique index holds it, and the counter only
 * moves up to a number some document already holds — which is what keeps the series gapless.
 */
@Schema({ collection: 'billing_sequences', timestamps: false, versionKey: false })
export class BillingSequence {
  @Prop({ type: String, required: true })
  _id: string;

  @Prop({ required: true, min: 0 })
  seq: number;
}

export const BillingSequenceSchema = SchemaFactory.createForClass(BillingSequence);
