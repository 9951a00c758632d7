import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { AddressDto } from '../../shared/address.dto';
import { trim } from '../../shared/transforms';

/**
 * What may change on a stored card. The number and CVV cannot: a different card is a new card.
 * `is_default: true` makes it the default; the default cannot be unset directly (make another card default).
 */
export class UpdateChargeDetailDto {
  @IsOptional() @Transform(trim) @IsString() @Length(1, 200)
  card_holder?: string;

  /** 1-12; with expiry_year, not before the current month. */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional() @IsInt() @Min(1) @Max(12)
  expiry_month?: number;

  /**
   * Four digits.
   * @example 2030
   */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional() @IsInt() @Min(2000, { message: 'expiry_year must be a four-digit year, e.g. 2029' }) @Max(2099)
  expiry_year?: number;

  /** `null` removes the billing address. */
  @IsOptional() @ValidateNested() @Type(() => AddressDto)
  billing_address?: AddressDto | null;

  @IsOptional() @IsBoolean()
  is_default?: boolean;
}
