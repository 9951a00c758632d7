import { IsEnum, IsMongoId, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CreatedRangeQueryDto, JoinRepeated, ListSpec } from '@app/common';
import { USER_SUMMARY_FIELDS } from '@app/auth';
import { BillingType, ProjectPriority, ProjectStatus } from '../project.schema';

export class ProjectQueryDto extends CreatedRangeQueryDto {
  @IsOptional() @IsEnum(ProjectStatus)
  status?: ProjectStatus;

  @IsOptional() @IsEnum(ProjectPriority)
  priority?: ProjectPriority;

  @IsOptional() @IsMongoId()
  customer_id?: string;

  /**
   * Project manager.
   */
  @IsOptional() @IsMongoId()
  user_id?: string;

  /**
   * Projects this user is on the team of.
   */
  @IsOptional() @IsMongoId()
  team_member_id?: string;

  @IsOptional() @IsEnum(BillingType)
  billing_type?: BillingType;

  /** Case-insensitive match on the name. */
  @IsOptional() @IsString() @Length(1, 100)
  search?: string;
}

export const PROJECT_CUSTOMER_FIELDS = ['name', 'email', 'company_name', 'status'];

export const PROJECT_LIST_SPEC: ListSpec = {
  filters: {
    status: { field: 'status' },
    priority: { field: 'priority' },
    customer_id: { field: 'customer_id', type: 'objectId' },
    user_id: { field: 'user_id', type: 'objectId' },
    team_member_id: { field: 'team_member_ids', type: 'objectId' },
    billing_type: { field: 'billing_type' },
    created_from: { field: 'created_at', type: 'gte' },
    created_to: { field: 'created_at', type: 'lte' },
    search: { type: 'search', fields: ['name'] },
  },
  sortable: ['created_at', 'updated_at', 'name', 'start_date', 'end_date', 'status', 'priority', 'budget'],
  defaultSort: '-created_at',
  populate: {
    customer: { from: 'customer_id', model: 'Customer', select: PROJECT_CUSTOMER_FIELDS },
    manager: { from: 'user_id', model: 'User', select: USER_SUMMARY_FIELDS },
    team: { from: 'team_member_ids', model: 'User', select: USER_SUMMARY_FIELDS },
  },
  // Billing history grows every period; it is served by GET /projects/:id only.
  projection: { billing_history: 0 },
};

/** The same rules for one project, with its billing history. */
export const PROJECT_DETAIL_SPEC: ListSpec = { ...PROJECT_LIST_SPEC, projection: undefined };

export class ProjectPopulateQueryDto {
  /** Comma-separated: customer, manager, team. */
  @IsOptional() @JoinRepeated() @IsString() @Matches(/^[a-z_]+(,[a-z_]+)*$/, { message: 'populate must be a comma-separated list of: customer, manager, team' })
  populate?: string;
}
