import { IsEnum, IsMongoId, IsOptional, IsString, Matches } from 'class-validator';
import { CreatedRangeQueryDto, ListQueryDto, ListSpec } from '@app/common';
import { USER_SUMMARY_FIELDS } from '@app/auth';
import { AuditAction } from '@app/common';

export const ENTITY_TYPE_PATTERN = /^[a-z][a-z_]{0,63}$/;
const ENTITY_TYPE_MESSAGE = 'entity_type must be a lower-case snake_case name, e.g. user or project_service';

export class ActivityLogQueryDto extends CreatedRangeQueryDto {
  /** e.g. `user`, `lead`, `project`. */
  @IsOptional() @IsString() @Matches(ENTITY_TYPE_PATTERN, { message: ENTITY_TYPE_MESSAGE })
  entity_type?: string;

  @IsOptional() @IsMongoId({ message: 'entity_id must be a 24-character hex ObjectId' })
  entity_id?: string;

  /**
   * The actor.
   */
  @IsOptional() @IsMongoId({ message: 'user_id must be a 24-character hex ObjectId' })
  user_id?: string;

  @IsOptional() @IsEnum(AuditAction)
  action?: AuditAction;
}

/** Page or cursor through one entity's history; oldest first unless `sort=-created_at`. */
export class EntityTimelineQueryDto extends ListQueryDto {}

const ACTOR_POPULATE = { user: { from: 'user_id', model: 'User', select: USER_SUMMARY_FIELDS } };

export const ACTIVITY_LOG_LIST_SPEC: ListSpec = {
  filters: {
    entity_type: { field: 'entity_type' },
    entity_id: { field: 'entity_id', type: 'objectId' },
    user_id: { field: 'user_id', type: 'objectId' },
    action: { field: 'action' },
    created_from: { field: 'created_at', type: 'gte' },
    created_to: { field: 'created_at', type: 'lte' },
  },
  sortable: ['created_at'],
  defaultSort: '-created_at',
  populate: ACTOR_POPULATE,
};

export const ENTITY_TIMELINE_SPEC: ListSpec = {
  sortable: ['created_at'],
  defaultSort: 'created_at',
  populate: ACTOR_POPULATE,
};
