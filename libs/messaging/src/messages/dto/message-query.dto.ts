import { IsMongoId, IsOptional } from 'class-validator';
import { CreatedRangeQueryDto, ListSpec } from '@app/common';
import { USER_SUMMARY_FIELDS } from '@app/auth';

export class MessageQueryDto extends CreatedRangeQueryDto {
  @IsOptional() @IsMongoId()
  sender_id?: string;

  /** Messages mentioning this user. */
  @IsOptional() @IsMongoId()
  mentions?: string;
}

const SENDER_POPULATE = { sender: { from: 'sender_id', model: 'User', select: USER_SUMMARY_FIELDS } };

/** Conversation lists: thread roots, newest first. */
export const MESSAGE_LIST_SPEC: ListSpec = {
  filters: {
    sender_id: { field: 'sender_id', type: 'objectId' },
    mentions: { field: 'mention_ids', type: 'objectId' },
    created_from: { field: 'created_at', type: 'gte' },
    created_to: { field: 'created_at', type: 'lte' },
  },
  sortable: ['created_at', 'last_reply_at'],
  defaultSort: '-created_at',
  populate: SENDER_POPULATE,
};

/** A thread's replies, oldest first. */
export const THREAD_SPEC: ListSpec = { sortable: ['created_at'], defaultSort: 'created_at', populate: SENDER_POPULATE };

/** Pinned messages, most recently pinned first. */
export const PINNED_SPEC: ListSpec = { sortable: ['pinned_at', 'created_at'], defaultSort: '-pinned_at', populate: SENDER_POPULATE };
