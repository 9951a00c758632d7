import { Transform, Type } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import { IsDateLike } from '@app/common';

export class RevenueByMonthQueryDto {
  /** Revenue booked at or after this instant (billing `billed_at`, upsell `paid_at`). */
  @IsOptional() @Type(() => Date) @IsDateLike()
  from?: Date;

  /** Revenue booked before this instant. */
  @IsOptional() @Type(() => Date) @IsDateLike()
  to?: Date;

  /**
   * One currency only (ISO 4217, e.g. USD).
   */
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value)) @Matches(/^[A-Z]{3}$/, { message: 'currency must be a 3-letter ISO 4217 code, e.g. USD' })
  currency?: string;
}
