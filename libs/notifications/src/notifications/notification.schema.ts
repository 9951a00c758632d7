import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';

export const NOTIFICATION_TITLE_MAX = 300;
export const NOTIFICATION_BODY_MAX = 4000;

/** One user's notification, rendered when the event happened (later template edits do not rewrite it). */
@Schema({ collection: 'notifications', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class Notification {
  _id: Types.ObjectId;

  /** The recipient. */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', required: true })
  user_id: Types.ObjectId;

  /** The notification type's key, e.g. `lead_assigned`. */
  @Prop({ required: true })
  type: string;

  @Prop({ required: true, maxlength: NOTIFICATION_TITLE_MAX })
  title: string;

  @Prop({ required: true, maxlength: NOTIFICATION_BODY_MAX })
  body: string;

  /** What the notification is about (any collection, so no `ref`). */
  @Prop({ required: true })
  entity_type: string;

  @Prop({ type: MongooseSchema.Types.ObjectId, required: true })
  entity_id: Types.ObjectId;

  @Prop({ default: false })
  is_read: boolean;

  @Prop({ type: Date, default: null })
  read_at: Date | null;

  created_at: Date;
  updated_at: Date;
}

export type NotificationDocument = HydratedDocument<Notification>;
/** A lean notification as the service returns it (a plain object type, unlike the class). */
export type NotificationRecord = { [K in keyof Notification]: Notification[K] };
export const NotificationSchema = SchemaFactory.createForClass(Notification);
NotificationSchema.index({ user_id: 1 });
NotificationSchema.index({ is_read: 1 });
NotificationSchema.index({ user_id: 1, is_read: 1, created_at: -1 });
NotificationSchema.index({ entity_type: 1, entity_id: 1 });
