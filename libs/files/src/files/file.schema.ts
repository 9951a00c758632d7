import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';
import { ALL_ROLES, Role } from '@app/auth';

/** Registered model name (other domains reference project files as `ref: 'File'`). */
export const FILE_MODEL = 'File';

@Schema({ collection: 'files', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class ProjectFile {
  _id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Project', required: true })
  project_id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', required: true })
  uploaded_by: Types.ObjectId;

  /** The client's name, sanitised for display; never used as a path. */
  @Prop({ required: true, maxlength: 255 })
  original_name: string;

  /** Detected from the content's magic bytes, never taken from the client. */
  @Prop({ required: true, maxlength: 255 })
  mime_type: string;

  @Prop({ required: true, min: 0 })
  size: number;

  /** SHA-256 of the content, hex: clients verify downloads with it. */
  @Prop({ required: true, match: /^[0-9a-f]{64}$/ })
  sha256: string;

  /** `<aa>/<64 hex>` in FileStorage; internal, never returned. */
  @Prop({ required: true, match: /^[0-9a-f]{2}\/[0-9a-f]{64}$/ })
  storage_key: string;

  /** Roles that may see the file (on top of seeing the project). Admins and the uploader always may. */
  @Prop({ type: [{ type: String, enum: Role }], default: () => [...ALL_ROLES] })
  allowed_roles: Role[];

  created_at: Date;
  updated_at: Date;
}

export type ProjectFileDocument = HydratedDocument<ProjectFile>;
export const ProjectFileSchema = SchemaFactory.createForClass(ProjectFile);
ProjectFileSchema.index({ project_id: 1 });
ProjectFileSchema.index({ uploaded_by: 1 });
// Every sort the list whitelists (within its project) is index-backed: test/list-sort-indexes.e2e-spec.ts.
ProjectFileSchema.index({ project_id: 1, created_at: -1 });
ProjectFileSchema.index({ project_id: 1, original_name: 1 });
ProjectFileSchema.index({ project_id: 1, size: -1 });
// One document per blob: deleting a document may always delete its blob; the orphan sweep looks keys up here.
ProjectFileSchema.index({ storage_key: 1 }, { unique: true });
