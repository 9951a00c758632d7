import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';
import { softDeletePlugin } from '@app/database';
import { E164 } from '../shared/transforms';

export enum LeadSource {
  Website = 'website',
  Referral = 'referral',
  ColdCall = 'cold_call',
  EmailCampaign = 'email_campaign',
  SocialMedia = 'social_media',
  BusinessDirectory = 'business_directory',
  Other = 'other',
}

export enum LeadStatus {
  New = 'new',
  Contacted = 'contacted',
  Qualified = 'qualified',
  Proposal = 'proposal',
  Negotiation = 'negotiation',
  Won = 'won',
  Lost = 'lost',
}

export enum LeadPriority {
  Low = 'low',
  Medium = 'medium',
  High = 'high',
  Urgent = 'urgent',
}

@Schema({ collection: 'leads', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class Lead {
  _id: Types.ObjectId;

  @Prop({ required: true, trim: true, maxlength: 100 })
  first_name: string;

  @Prop({ type: String, trim: true, maxlength: 100, default: null })
  last_name: string | null;

  @Prop({ type: String, lowercase: true, trim: true, maxlength: 254, default: null })
  email: string | null;

  /** E.164. */
  @Prop({ type: String, default: null, match: E164 })
  phone: string | null;

  @Prop({ type: String, trim: true, maxlength: 200, default: null })
  company_name: string | null;

  @Prop({ type: String, trim: true, maxlength: 100, default: null })
  job_title: string | null;

  @Prop({ type: String, trim: true, maxlength: 2048, default: null })
  website: string | null;

  @Prop({ required: true, enum: LeadSource, type: String, default: LeadSource.Other })
  source: LeadSource;

  @Prop({ required: true, enum: LeadStatus, type: String, default: LeadStatus.New })
  status: LeadStatus;

  @Prop({ required: true, enum: LeadPriority, type: String, default: LeadPriority.Medium })
  priority: LeadPriority;

  /** An active sales user; null while unassigned. */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', default: null })
  agent_id: Types.ObjectId | null;

  /** Expected deal size in the agency's reporting currency. */
  @Prop({ type: Number, min: 0, default: null })
  estimated_value: number | null;

  @Prop({ type: Date, default: null })
  next_follow_up_at: Date | null;

  /** Required once the lead is lost. */
  @Prop({ type: String, trim: true, maxlength: 1000, default: null })
  lost_reason: string | null;

  @Prop({ type: String, trim: true, maxlength: 5000, default: null })
  notes: string | null;

  /** The business-directory entry this lead came from; absent otherwise (unique sparse: one lead per entry). */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'BusinessDirectory' })
  directory_id?: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Customer', default: null })
  converted_customer_id: Types.ObjectId | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Project', default: null })
  converted_project_id: Types.ObjectId | null;

  @Prop({ type: Date, default: null })
  converted_at: Date | null;

  /** Conversion bookkeeping: the id the first project gets, reserved before it is created so a retry reuses it. */
  @Prop({ type: MongooseSchema.Types.ObjectId })
  pending_project_id?: Types.ObjectId;

  created_at: Date;
  updated_at: Date;
  deleted_at?: Date | null;
}

export type LeadDocument = HydratedDocument<Lead>;
export const LeadSchema = SchemaFactory.createForClass(Lead);
LeadSchema.plugin(softDeletePlugin);
LeadSchema.index({ agent_id: 1 });
LeadSchema.index({ status: 1 });
LeadSchema.index({ priority: 1 });
LeadSchema.index({ agent_id: 1, status: 1 });
LeadSchema.index({ status: 1, priority: 1, created_at: -1 });
LeadSchema.index({ directory_id: 1 }, { unique: true, sparse: true });
// Every sort the list whitelists (default and `?sort=`) is index-backed: test/list-sort-indexes.e2e-spec.ts.
LeadSchema.index({ created_at: -1 });
LeadSchema.index({ updated_at: -1 });
LeadSchema.index({ next_follow_up_at: 1 });
LeadSchema.index({ estimated_value: -1 });
LeadSchema.index({ last_name: 1 });
LeadSchema.index({ company_name: 1 });

export const leadName = (lead: Pick<Lead, 'first_name' | 'last_name'>): string => [lead.first_name, lead.last_name].filter(Boolean).join(' ');
