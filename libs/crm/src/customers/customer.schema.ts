import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';
import { softDeletePlugin } from '@app/database';
import { Address, AddressSchema } from '../shared/address.schema';
import { E164 } from '../shared/transforms';

export enum CustomerStatus {
  Active = 'active',
  Inactive = 'inactive',
  Prospect = 'prospect',
  Churned = 'churned',
}

@Schema({ collection: 'customers', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class Customer {
  _id: Types.ObjectId;

  /** The person or company we sell to. */
  @Prop({ required: true, trim: true, maxlength: 200 })
  name: string;

  @Prop({ type: String, lowercase: true, trim: true, maxlength: 254, default: null })
  email: string | null;

  /** E.164. */
  @Prop({ type: String, default: null, match: E164 })
  phone: string | null;

  @Prop({ type: String, trim: true, maxlength: 200, default: null })
  company_name: string | null;

  @Prop({ type: String, trim: true, maxlength: 2048, default: null })
  website: string | null;

  @Prop({ type: AddressSchema, default: null })
  address: Address | null;

  @Prop({ required: true, enum: CustomerStatus, type: String, default: CustomerStatus.Active })
  status: CustomerStatus;

  /** The sales user (or manager) who owns the relationship; sales users edit only customers they own. */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', default: null })
  owner_id: Types.ObjectId | null;

  @Prop({ type: [String], default: [] })
  tags: string[];

  /**
   * The lead this customer was converted from. Absent (never null) on customers created directly:
   * the unique sparse index makes lead conversion idempotent and sparse skips only absent fields.
   */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Lead' })
  lead_id?: Types.ObjectId;

  created_at: Date;
  updated_at: Date;
  deleted_at?: Date | null;
  deleted_by?: Types.ObjectId | null;
}

export type CustomerDocument = HydratedDocument<Customer>;
export const CustomerSchema = SchemaFactory.createForClass(Customer);
CustomerSchema.plugin(softDeletePlugin);
CustomerSchema.index({ email: 1 });
CustomerSchema.index({ company_name: 1 });
CustomerSchema.index({ status: 1 });
CustomerSchema.index({ owner_id: 1 });
CustomerSchema.index({ tags: 1 });
CustomerSchema.index({ lead_id: 1 }, { unique: true, sparse: true });
// Every sort the list whitelists (default and `?sort=`) is index-backed: test/list-sort-indexes.e2e-spec.ts.
CustomerSchema.index({ created_at: -1 });
CustomerSchema.index({ updated_at: -1 });
CustomerSchema.index({ name: 1 });
