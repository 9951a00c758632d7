import { Transform } from 'class-transformer';
import { IsEnum, IsMongoId, IsOptional, IsString, Length } from 'class-validator';
import { CreatedRangeQueryDto, ListSpec } from '@app/common';
import { USER_SUMMARY_FIELDS } from '@app/auth';
import { lowerTrim } from '../../shared/transforms';
import { CustomerStatus } from '../customer.schema';

export class CustomerQueryDto extends CreatedRangeQueryDto {
  @IsOptional() @IsEnum(CustomerStatus)
  status?: CustomerStatus;

  /** Exact company name. */
  @IsOptional() @IsString() @Length(1, 200)
  company_name?: string;

  @IsOptional() @IsMongoId()
  owner_id?: string;

  /** Customers carrying this tag. */
  @IsOptional() @Transform(lowerTrim) @IsString() @Length(1, 40)
  tag?: string;

  /** Case-insensitive match on name, email or company name. */
  @IsOptional() @IsString() @Length(1, 100)
  search?: string;
}

export const CUSTOMER_SUMMARY_FIELDS = ['name', 'email', 'company_name', 'status'];

export const CUSTOMER_LIST_SPEC: ListSpec = {
  filters: {
    status: { field: 'status' },
    company_name: { field: 'company_name' },
    owner_id: { field: 'owner_id', type: 'objectId' },
    tag: { field: 'tags' },
    created_from: { field: 'created_at', type: 'gte' },
    created_to: { field: 'created_at', type: 'lte' },
    search: { type: 'search', fields: ['name', 'email', 'company_name'] },
  },
  sortable: ['created_at', 'updated_at', 'name', 'company_name', 'status'],
  defaultSort: '-created_at',
  populate: {
    owner: { from: 'owner_id', model: 'User', select: USER_SUMMARY_FIELDS },
    lead: { from: 'lead_id', model: 'Lead', select: ['first_name', 'last_name', 'company_name', 'status'] },
  },
};
