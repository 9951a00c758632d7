import { Transform } from 'class-transformer';
import { IsISO31661Alpha2, IsOptional, IsString, Length } from 'class-validator';
import { trim, upperTrim } from './transforms';

export class AddressDto {
  @Transform(trim) @IsString() @Length(1, 200)
  line1: string;

  @IsOptional() @Transform(trim) @IsString() @Length(1, 200)
  line2?: string | null;

  @Transform(trim) @IsString() @Length(1, 100)
  city: string;

  /** State, province or region. */
  @IsOptional() @Transform(trim) @IsString() @Length(1, 100)
  state?: string | null;

  @IsOptional() @Transform(trim) @IsString() @Length(1, 20)
  postal_code?: string | null;

  /**
   * ISO 3166-1 alpha-2 country code, e.g. US, DE.
   * @example 'US'
   */
  @Transform(upperTrim) @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code, e.g. US' })
  country: string;
}
