import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A postal address, shared by customers and card billing addresses. */
@Schema({ _id: false })
export class Address {
  @Prop({ required: true, trim: true, maxlength: 200 })
  line1: string;

  @Prop({ type: String, trim: true, maxlength: 200, default: null })
  line2: string | null;

  @Prop({ required: true, trim: true, maxlength: 100 })
  city: string;

  @Prop({ type: String, trim: true, maxlength: 100, default: null })
  state: string | null;

  @Prop({ type: String, trim: true, maxlength: 20, default: null })
  postal_code: string | null;

  /** ISO 3166-1 alpha-2, upper case. */
  @Prop({ required: true, match: /^[A-Z]{2}$/ })
  country: string;
}
export const AddressSchema = SchemaFactory.createForClass(Address);
