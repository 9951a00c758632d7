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

  @IsOptional() @IsMongoId()
  project_id?: string;

  /**
   * Seller.
   */
  @IsOptional() @IsMongoId()
  sold_by?: string;

  @IsOptional() @Transform(upperTrim) @IsString() @Matches(/^[A-Z]{3}$/, { message: 'currency must be a three-letter ISO 4217 code, e.g. USD' })
  currency?: string;
}
