import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Types } from 'mongoose';

export const NOTIFICATION_TYPE_KEY_PATTERN = /^[a-z][a-z0-9_]{1,63}$/;
export const TITLE_TEMPLATE_MAX = 200;
export const BODY_TEMPLATE_MAX = 2000;

/** A kind of notification and its `{{placeholder}}` templates; admins may edit or deactivate it. */
@Schema({ collection: 'notification_types', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class NotificationType {
  _id: Types.ObjectId;

  /** Stable identifier the event listeners look up, e.g. `lead_assigned`. */
  @Prop({ required: true, trim: true, match: NOTIFICATION_TYPE_KEY_PATTERN })
  key: string;

  @Prop({ required: true, trim: true, maxlength: 100 })
  name: string;

  @Prop({ type: String, trim: true, maxlength: 500, default: null })
  description: string | null;

  @Prop({ required: true, maxlength: TITLE_TEMPLATE_MAX })
  title_template: string;

  @Prop({ required: true, maxlength: BODY_TEMPLATE_MAX })
  body_template: string;

  /** Inactive types notify nobody. */
  @Prop({ default: true })
  is_active: boolean;

  created_at: Date;
  updated_at: Date;
}

export type NotificationTypeDocument = HydratedDocument<NotificationType>;
export const NotificationTypeSchema = SchemaFactory.createForClass(NotificationType);
NotificationTypeSchema.index({ key: 1 }, { unique: true });
// Every sort the list whitelists (default and `?sort=`) is index-backed: test/list-sort-indexes.e2e-spec.ts.
NotificationTypeSchema.index({ name: 1 });
NotificationTypeSchema.index({ created_at: -1 });
NotificationTypeSchema.index({ updated_at: -1 });
