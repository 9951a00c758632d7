import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';
import { E164 } from '../shared/transforms';

export enum DirectoryStatus {
  New = 'new',
  Contacted = 'contacted',
  Converted = 'converted',
  NotInterested = 'not_interested',
}

/** The person to talk to at a prospect business. */
@Schema({ _id: false })
export class DirectoryContact {
  @Prop({ type: String, trim: true, maxlength: 200, default: null })
  name: string | null;

  @Prop({ type: String, lowercase: true, trim: true, maxlength: 254, default: null })
  email: string | null;

  /** E.164. */
  @Prop({ type: String, default: null, match: E164 })
  phone: string | null;

  @Prop({ type: String, trim: true, maxlength: 100, default: null })
  job_title: string | null;
}
export const DirectoryContactSchema = SchemaFactory.createForClass(DirectoryContact);

/**
 * A prospect business. Not soft-deleted: `$text` must be the first stage of a search pipeline, and
 * a converted entry (the origin of a lead) cannot be deleted anyway.
 */
@Schema({ collection: 'business_directories', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class BusinessDirectory {
  _id: Types.ObjectId;

  @Prop({ required: true, trim: true, maxlength: 200 })
  name: string;

  /** Lower-case, e.g. `restaurants`. */
  @Prop({ type: String, lowercase: true, trim: true, maxlength: 100, default: null })
  industry: string | null;

  /** ISO 3166-1 alpha-2, upper case. */
  @Prop({ type: String, default: null, match: /^[A-Z]{2}$/ })
  country: string | null;

  @Prop({ type: String, trim: true, maxlength: 100, default: null })
  city: string | null;

  @Prop({ type: String, trim: true, maxlength: 2048, default: null })
  website: string | null;

  @Prop({ type: DirectoryContactSchema, default: null })
  contact: DirectoryContact | null;

  @Prop({ type: String, trim: true, maxlength: 5000, default: null })
  description: string | null;

  @Prop({ required: true, enum: DirectoryStatus, type: String, default: DirectoryStatus.New })
  status: DirectoryStatus;

  /** The sales user working this prospect; null while unassigned. */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', default: null })
  agent_id: Types.ObjectId | null;

  /** When the prospect first left `new` (the agent reached out). */
  @Prop({ type: Date, default: null })
  contacted_at: Date | null;

  /** The lead made from this entry (POST /business-directory/:id/convert-to-lead). */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Lead', default: null })
  converted_lead_id: Types.ObjectId | null;

  @Prop({ type: Date, default: null })
  converted_at: Date | null;

  created_at: Date;
  updated_at: Date;
}

export type BusinessDirectoryDocument = HydratedDocument<BusinessDirectory>;
export const BusinessDirectorySchema = SchemaFactory.createForClass(BusinessDirectory);
// Weights rank a name match above an industry match above a description match.
BusinessDirectorySchema.index(
  { name: 'text', description: 'text', industry: 'text' },
  { name: 'directory_text', weights: { name: 10, industry: 4, description: 1 }, default_language: 'english' },
);
BusinessDirectorySchema.index({ industry: 1 });
BusinessDirectorySchema.index({ country: 1 });
BusinessDirectorySchema.index({ status: 1 });
BusinessDirectorySchema.index({ agent_id: 1, status: 1 });
// Every sort the list whitelists (default and `?sort=`) is index-backed: test/list-sort-indexes.e2e-spec.ts.
BusinessDirectorySchema.index({ created_at: -1 });
BusinessDirectorySchema.index({ updated_at: -1 });
BusinessDirectorySchema.index({ name: 1 });
