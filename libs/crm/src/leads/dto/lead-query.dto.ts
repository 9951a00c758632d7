import { Type } from 'class-transformer';
import { IsEnum, IsMongoId, IsOptional, IsString, Length } from 'class-validator';
import { CreatedRangeQueryDto, IsDateLike, ListSpec } from '@app/common';
import { USER_SUMMARY_FIELDS } from '@app/auth';
import { CUSTOMER_SUMMARY_FIELDS } from '../../customers/dto/customer-query.dto';
import { LeadPriority, LeadSource, LeadStatus } from '../lead.schema';

export class LeadQueryDto extends CreatedRangeQueryDto {
  @IsOptional() @IsEnum(LeadStatus)
  status?: LeadStatus;

  @IsOptional() @IsEnum(LeadPriority)
  priority?: LeadPriority;

  @IsOptional() @IsEnum(LeadSource)
  source?: LeadSource;

  /**
   * Managers and admins: one agent's leads (sales users only ever see their own).
   */
  @IsOptional() @IsMongoId()
  agent_id?: string;

  /** Follow-ups due at or before this instant. */
  @IsOptional() @Type(() => Date) @IsDateLike()
  follow_up_before?: Date;

  /** Case-insensitive match on first name, last name, email or company name. */
  @IsOptional() @IsString() @Length(1, 100)
  search?: string;
}

export const LEAD_LIST_SPEC: ListSpec = {
  filters: {
    status: { field: 'status' },
    priority: { field: 'priority' },
    source: { field: 'source' },
    agent_id: { field: 'agent_id', type: 'objectId' },
    follow_up_before: { field: 'next_follow_up_at', type: 'lte' },
    created_from: { field: 'created_at', type: 'gte' },
    created_to: { field: 'created_at', type: 'lte' },
    search: { type: 'search', fields: ['first_name', 'last_name', 'email', 'company_name'] },
  },
  sortable: ['created_at', 'updated_at', 'next_follow_up_at', 'estimated_value', 'last_name', 'company_name', 'status'],
  defaultSort: '-created_at',
  populate: {
    agent: { from: 'agent_id', model: 'User', select: USER_SUMMARY_FIELDS },
    customer: { from: 'converted_customer_id', model: 'Customer', select: CUSTOMER_SUMMARY_FIELDS },
    directory: { from: 'directory_id', model: 'BusinessDirectory', select: ['name', 'industry', 'country', 'status'] },
  },
  projection: { pending_project_id: 0 },
};
