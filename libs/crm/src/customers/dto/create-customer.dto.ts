import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsEnum, IsMongoId, IsOptional, IsString, IsUrl, Length, MaxLength, ValidateNested } from 'class-validator';
import { AddressDto } from '../../shared/address.dto';
import { IsE164, lowerTrim, normalizeTags, trim, URL_MESSAGE, URL_OPTIONS } from '../../shared/transforms';
import { CustomerStatus } from '../customer.schema';

export class CreateCustomerDto {
  @Transform(trim) @IsString() @Length(1, 200)
  name: string;

  @IsOptional() @Transform(lowerTrim) @IsEmail({ require_tld: true }) @MaxLength(254)
  email?: string | null;

  /**
   * E.164, e.g. +14155550123.
   * @example '+14155550123'
   */
  @IsOptional() @IsE164()
  phone?: string | null;

  @IsOptional() @Transform(trim) @IsString() @Length(1, 200)
  company_name?: string | null;

  /** http(s) URL with a domain, e.g. https://acme.example. */
  @IsOptional() @IsUrl(URL_OPTIONS, { message: URL_MESSAGE }) @MaxLength(2048)
  website?: string | null;

  @IsOptional() @ValidateNested() @Type(() => AddressDto)
  address?: AddressDto | null;

  /** Default active. */
  @IsOptional() @IsEnum(CustomerStatus)
  status?: CustomerStatus;

  /**
   * An active sales, manager or admin user. Defaults to the caller when they are a sales user.
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsOptional() @IsMongoId()
  owner_id?: string | null;

  /** Free labels, compared case-insensitively (stored lower-case). */
  @IsOptional() @Transform(normalizeTags) @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 40, { each: true })
  tags?: string[];
}
