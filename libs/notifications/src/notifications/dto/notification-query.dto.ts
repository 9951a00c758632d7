import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';
import { CreatedRangeQueryDto, ListSpec } from '@app/common';
import { toBoolean } from '../../notification-types/dto/notification-type-query.dto';

export class NotificationQueryDto extends CreatedRangeQueryDto {
  /** `false` for the unread ones. */
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  is_read?: boolean;

  /** A notification type key, e.g. `mention`. */
  @IsOptional() @IsString() @Matches(/^[a-z][a-z0-9_]{1,63}$/, { message: 'type must be a notification type key, e.g. mention' })
  type?: string;
}

export const NOTIFICATION_LIST_SPEC: ListSpec = {
  filters: {
    is_read: { field: 'is_read', type: 'boolean' },
    type: { field: 'type' },
    created_from: { field: 'created_at', type: 'gte' },
    created_to: { field: 'created_at', type: 'lte' },
  },
  sortable: ['created_at'],
  defaultSort: '-created_at',
};
