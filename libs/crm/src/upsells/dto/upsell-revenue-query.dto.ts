import { Transform, Type } from 'class-transformer';
import { IsMongoId, IsOptional, IsString, Matches } from 'class-validator';
import { IsDateLike } from '@app/common';
import { upperTrim } from '../../shared/transforms';

export class UpsellRevenueQueryDto {
  /** Upsells sold (created) at or after this instant, ISO 8601. */
  @IsOptional() @Type(() => Date) @IsDateLike()
  from?: Date;

  /** Upsells sold (created) before this instant, ISO 8601. */
  @IsOptional() @Type(() => Date) @IsDateLike()
  to?: Date;

  /** @example '665f1c2e8b3a4d0012345678' */
  @IsOptional() @IsMongoId()
  project_id?: string;

  /**
   * Seller.
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsOptional() @IsMongoId()
  sold_by?: string;

  /** @example 'USD' */
  @IsOptional() @Transform(upperTrim) @IsString() @Matches(/^[A-Z]{3}$/, { message: 'currency must be a three-letter ISO 4217 code, e.g. USD' })
  currency?: string;
}
