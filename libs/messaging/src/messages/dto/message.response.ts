import { ApiProperty } from '@nestjs/swagger';
import { UserSummaryResponse } from '@app/auth';
import { AttachmentResponse } from '../../attachments/dto/attachment.response';
import { GENERAL_CHANNEL } from '../message.schema';

export class MessageResponse {
  id: string;
  sender_id: string;
  /** With `?populate=sender`. */
  sender?: UserSummaryResponse | null;
  /** Null once the message is deleted. */
  content: string | null;
  is_deleted: boolean;
  /** Set for project conversations. */
  project_id: string | null;
  /** `general` for the company-wide channel; null in a project conversation. */
  @ApiProperty({ enum: [GENERAL_CHANNEL], nullable: true })
  channel: string | null;
  /** The thread root this message replies to; null for a root. */
  reply_to_id: string | null;
  @ApiProperty({ type: 'integer' })
  reply_count: number;
  last_reply_at: Date | null;
  mention_ids: string[];
  is_pinned: boolean;
  pinned_at: Date | null;
  pinned_by: string | null;
  edited_at: Date | null;
  deleted_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A thread: its root and a page of replies, oldest first (`cursor` continues). */
export class ThreadResponse {
  root: MessageResponse;
  replies: MessageResponse[];
  @ApiProperty({ type: 'integer' })
  total_replies: number;
  next_cursor: string | null;
}

/** A message as posted: with `attachments` when it was posted as multipart/form-data with files. */
export class PostedMessageResponse extends MessageResponse {
  /** The files uploaded with the message, each with a short-lived signed `download_url`. */
  attachments?: AttachmentResponse[];
}
