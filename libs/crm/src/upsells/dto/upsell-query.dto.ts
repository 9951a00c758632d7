import { Transform } from 'class-transformer';
import { IsEnum, IsMongoId, IsOptional, IsString, Matches } from 'class-validator';
import { CreatedRangeQueryDto, ListSpec } from '@app/common';
import { USER_SUMMARY_FIELDS } from '@app/auth';
import { upperTrim } from '../../shared/transforms';
import { UpsellPaymentStatus } from '../upsell.schema';

export class UpsellQueryDto extends CreatedRangeQueryDto {
  @IsOptional() @IsEnum(UpsellPaymentStatus)
  payment_status?: UpsellPaymentStatus;

  @IsOptional() @IsMongoId()
  sold_by?: string;

  @IsOptional() @IsMongoId()
  customer_id?: string;

  /**
   * Only on `GET /upsells`; the project route is already scoped.
   */
  @IsOptional() @IsMongoId()
  project_id?: string;

  @IsOptional() @Transform(upperTrim) @IsString() @Matches(/^[A-Z]{3}$/, { message: 'currency must be a three-letter ISO 4217 code, e.g. USD' })
  currency?: string;
}

export const UPSELL_LIST_SPEC: ListSpec = {
  filters: {
    payment_status: { field: 'payment_status' },
    sold_by: { field: 'sold_by', type: 'objectId' },
    customer_id: { field: 'customer_id', type: 'objectId' },
    project_id: { field: 'project_id', type: 'objectId' },
    currency: { field: 'currency' },
    created_from: { field: 'created_at', type: 'gte' },
    created_to: { field: 'created_at', type: 'lte' },
  },
  sortable: ['created_at', 'updated_at', 'amount', 'paid_at', 'payment_status'],
  defaultSort: '-created_at',
  populate: {
    seller: { from: 'sold_by', model: 'User', select: USER_SUMMARY_FIELDS },
    project: { from: 'project_id', model: 'Project', select: ['name', 'status', 'currency'] },
    customer: { from: 'customer_id', model: 'Customer', select: ['name', 'email', 'company_name', 'status'] },
  },
};
