import { Type } from 'class-transformer';
import { IsOptional } from 'class-validator';
import { IsDateLike } from '@app/common';

export class AgingQueryDto {
  /** The day aging is measured at (ISO 8601; default now). */
  @IsOptional() @Type(() => Date) @IsDateLike()
  as_of?: Date;
}

export class InvoiceRevenueQueryDto {
  /** First month (any instant in it, UTC). */
  @Type(() => Date) @IsDateLike()
  from: Date;

  /** Last month, inclusive (any instant in it, UTC). */
  @Type(() => Date) @IsDateLike()
  to: Date;
}
