import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { AddressDto } from '../../shared/address.dto';
import { trim } from '../../shared/transforms';
import { IsCardNumber, IsCvvForCard, IsNotPastExpiry, toCardDigits } from './card.validators';

export class CreateChargeDetailDto {
  /** Name as printed on the card. */
  @Transform(trim) @IsString() @Length(1, 200)
  card_holder: string;

  /**
   * 12-19 digits, spaces and dashes allowed; must pass the Luhn check and be a supported brand. Never returned.
   * @example '4242 4242 4242 4242'
   */
  @Transform(toCardDigits) @IsCardNumber()
  card_number: string;

  /**
   * 3 or 4 digits as a string (4 for American Express). Stored encrypted, never returned, erased after CVV_RETENTION_HOURS.
   * @example '123'
   */
  @IsOptional() @IsCvvForCard()
  cvv?: string;

  /** 1-12. */
  @ApiProperty({ type: 'integer' })
  @IsInt() @Min(1) @Max(12) @IsNotPastExpiry('expiry_month')
  expiry_month: number;

  /**
   * Four digits, e.g. 2029; with expiry_month not before the current month.
   * @example 2030
   */
  @ApiProperty({ type: 'integer' })
  @IsInt() @Min(2000, { message: 'expiry_year must be a four-digit year, e.g. 2029' }) @Max(2099) @IsNotPastExpiry('expiry_year')
  expiry_year: number;

  @IsOptional() @ValidateNested() @Type(() => AddressDto)
  billing_address?: AddressDto | null;

  /** Make this the customer's default card (the others stop being default). A customer's first card is the default anyway. */
  @IsOptional() @IsBoolean()
  is_default?: boolean;
}
