import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';
import { DetectedType } from './detected-type';

export const ATTACHMENT_MODEL = 'MessageAttachment';
/** Most files one message may carry. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;

@Schema({ collection: 'message_attachments', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class MessageAttachment {
  _id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Message', required: true })
  message_id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', required: true })
  uploaded_by: Types.ObjectId;

  /** The client's file name, sanitised for display; never a path. */
  @Prop({ required: true, maxlength: 255 })
  name: string;

  /** Sniffed from the content. */
  @Prop({ required: true, maxlength: 255 })
  mime_type: string;

  @Prop({ required: true, enum: DetectedType, type: String })
  detected_type: DetectedType;

  @Prop({ required: true, min: 0 })
  size: number;

  @Prop({ required: true, match: /^[0-9a-f]{64}$/ })
  sha256: string;

  /** FileStorage key; internal, never returned. */
  @Prop({ required: true, match: /^[0-9a-f]{2}\/[0-9a-f]{64}$/ })
  storage_key: string;

  created_at: Date;
  updated_at: Date;
}

export type MessageAttachmentDocument = HydratedDocument<MessageAttachment>;
export const MessageAttachmentSchema = SchemaFactory.createForClass(MessageAttachment);
MessageAttachmentSchema.index({ message_id: 1 });
// One document per blob; the storage sweep looks keys up here.
MessageAttachmentSchema.index({ storage_key: 1 }, { unique: true });
