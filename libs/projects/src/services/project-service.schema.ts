import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';

export enum ServiceCategory {
  WebDevelopment = 'web_development',
  Seo = 'seo',
  Design = 'design',
  Hosting = 'hosting',
  Maintenance = 'maintenance',
  Marketing = 'marketing',
  Consulting = 'consulting',
  Other = 'other',
}

export enum ServiceBillingCycle {
  OneTime = 'one_time',
  Monthly = 'monthly',
  Quarterly = 'quarterly',
  Yearly = 'yearly',
}

export enum ServiceStatus {
  Active = 'active',
  Paused = 'paused',
  Cancelled = 'cancelled',
}

/** A service delivered on a project (collection project_services). Prices are in the project's currency. */
@Schema({ collection: 'project_services', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class ProjectService {
  _id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Project', required: true })
  project_id: Types.ObjectId;

  @Prop({ required: true, trim: true, maxlength: 200 })
  name: string;

  @Prop({ type: String, trim: true, maxlength: 2000, default: null })
  description: string | null;

  @Prop({ required: true, enum: ServiceCategory, type: String })
  category: ServiceCategory;

  @Prop({ required: true, min: 0 })
  price: number;

  @Prop({ required: true, enum: ServiceBillingCycle, type: String, default: ServiceBillingCycle.OneTime })
  billing_cycle: ServiceBillingCycle;

  @Prop({ required: true, enum: ServiceStatus, type: String, default: ServiceStatus.Active })
  status: ServiceStatus;

  created_at: Date;
  updated_at: Date;
}

export type ProjectServiceDocument = HydratedDocument<ProjectService>;
export const ProjectServiceSchema = SchemaFactory.createForClass(ProjectService);
ProjectServiceSchema.index({ project_id: 1 });
ProjectServiceSchema.index({ category: 1 });
// Every sort the list whitelists (within its project) is index-backed: test/list-sort-indexes.e2e-spec.ts.
ProjectServiceSchema.index({ project_id: 1, created_at: 1 });
ProjectServiceSchema.index({ project_id: 1, updated_at: -1 });
ProjectServiceSchema.index({ project_id: 1, name: 1 });
ProjectServiceSchema.index({ project_id: 1, price: -1 });
ProjectServiceSchema.index({ project_id: 1, status: 1 });
