import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema, Types } from 'mongoose';

/** The one company-wide channel; every other conversation belongs to a project. */
export const GENERAL_CHANNEL = 'general';
export const MESSAGE_MODEL = 'Message';
export const MAX_MESSAGE_LENGTH = 10000;

/**
 * A message in a project conversation (`project_id`) or the general channel (`channel`), never
 * both. Threads are one level deep: a reply's `reply_to_id` is always the thread's root. Deleting
 * is soft and keeps the document so its thread stays whole; the API then hides the content.
 */
@Schema({ collection: 'messages', timestamps: { createdAt: 'created_at', updatedAt: 'updated_at' } })
export class Message {
  _id: Types.ObjectId;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', required: true })
  sender_id: Types.ObjectId;

  @Prop({ required: true, maxlength: MAX_MESSAGE_LENGTH })
  content: string;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Project', default: null })
  project_id: Types.ObjectId | null;

  @Prop({ type: String, enum: [GENERAL_CHANNEL], default: null })
  channel: string | null;

  /** The thread's root message; null for a root. */
  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'Message', default: null })
  reply_to_id: Types.ObjectId | null;

  /** Replies in this message's thread (roots only), deleted ones included. */
  @Prop({ default: 0, min: 0 })
  reply_count: number;

  @Prop({ type: Date, default: null })
  last_reply_at: Date | null;

  /** Users mentioned with `@local-part` or `@full@email`, resolved at write time. */
  @Prop({ type: [{ type: MongooseSchema.Types.ObjectId, ref: 'User' }], default: [] })
  mention_ids: Types.ObjectId[];

  @Prop({ default: false })
  is_pinned: boolean;

  @Prop({ type: Date, default: null })
  pinned_at: Date | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', default: null })
  pinned_by: Types.ObjectId | null;

  @Prop({ type: Date, default: null })
  edited_at: Date | null;

  @Prop({ type: Date, default: null })
  deleted_at: Date | null;

  @Prop({ type: MongooseSchema.Types.ObjectId, ref: 'User', default: null })
  deleted_by: Types.ObjectId | null;

  created_at: Date;
  updated_at: Date;
}

export type MessageDocument = HydratedDocument<Message>;
export const MessageSchema = SchemaFactory.createForClass(Message);
MessageSchema.index({ sender_id: 1 });
MessageSchema.index({ reply_to_id: 1, created_at: 1 });
MessageSchema.index({ mention_ids: 1 });
MessageSchema.index({ project_id: 1, created_at: -1 });
MessageSchema.index({ channel: 1, created_at: -1 });
// The other whitelisted sorts of a conversation's roots and pins: test/list-sort-indexes.e2e-spec.ts.
MessageSchema.index({ project_id: 1, channel: 1, last_reply_at: -1 });
MessageSchema.index({ project_id: 1, channel: 1, is_pinned: 1, pinned_at: -1 });
MessageSchema.pre('validate', function (this: Message) {
  if ((this.project_id === null) === (this.channel === null)) {
    throw new Error('a message belongs to exactly one conversation: a project_id or a channel');
  }
});
