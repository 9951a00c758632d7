import { Transform } from 'class-transformer';
import { IsEnum, IsISO31661Alpha2, IsMongoId, IsOptional, IsString, Length } from 'class-validator';
import { CreatedRangeQueryDto, ListSpec } from '@app/common';
import { USER_SUMMARY_FIELDS } from '@app/auth';
import { lowerTrim, trim, upperTrim } from '../../shared/transforms';
import { DirectoryStatus } from '../business-directory.schema';

export class DirectoryQueryDto extends CreatedRangeQueryDto {
  /**
   * Full-text search over name, description and industry; results are ranked by relevance (name
   * matches first), then by `sort`. Combine with `page`, not `cursor`.
   */
  @IsOptional() @Transform(trim) @IsString() @Length(1, 200)
  q?: string;

  @IsOptional() @Transform(lowerTrim) @IsString() @Length(1, 100)
  industry?: string;

  /**
   * ISO 3166-1 alpha-2 code.
   */
  @IsOptional() @Transform(upperTrim) @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code, e.g. US' })
  country?: string;

  @IsOptional() @IsEnum(DirectoryStatus)
  status?: DirectoryStatus;

  @IsOptional() @IsMongoId()
  agent_id?: string;
}

export const DIRECTORY_LIST_SPEC: ListSpec = {
  filters: {
    industry: { field: 'industry' },
    country: { field: 'country' },
    status: { field: 'status' },
    agent_id: { field: 'agent_id', type: 'objectId' },
    created_from: { field: 'created_at', type: 'gte' },
    created_to: { field: 'created_at', type: 'lte' },
  },
  sortable: ['created_at', 'updated_at', 'name', 'industry', 'country', 'status'],
  defaultSort: '-created_at',
  populate: {
    agent: { from: 'agent_id', model: 'User', select: USER_SUMMARY_FIELDS },
    lead: { from: 'converted_lead_id', model: 'Lead', select: ['first_name', 'last_name', 'company_name', 'status'] },
  },
};
