import { Transform, Type } from 'class-transformer';
import { IsEmail, IsIn, IsISO31661Alpha2, IsMongoId, IsOptional, IsString, IsUrl, Length, MaxLength, ValidateNested } from 'class-validator';
import { IsE164, lowerTrim, trim, upperTrim, URL_MESSAGE, URL_OPTIONS } from '../../shared/transforms';
import { DirectoryStatus } from '../business-directory.schema';

/** Statuses an agent sets by hand; `converted` is set by POST /business-directory/:id/convert-to-lead. */
export const MANUAL_DIRECTORY_STATUSES = [DirectoryStatus.New, DirectoryStatus.Contacted, DirectoryStatus.NotInterested] as const;

export class DirectoryContactDto {
  @IsOptional() @Transform(trim) @IsString() @Length(1, 200)
  name?: string | null;

  @IsOptional() @Transform(lowerTrim) @IsEmail({ require_tld: true }) @MaxLength(254)
  email?: string | null;

  /**
   * E.164, e.g. +14155550123.
   * @example '+14155550123'
   */
  @IsOptional() @IsE164()
  phone?: string | null;

  @IsOptional() @Transform(trim) @IsString() @Length(1, 100)
  job_title?: string | null;
}

export class CreateDirectoryEntryDto {
  @Transform(trim) @IsString() @Length(1, 200)
  name: string;

  /** Stored lower-case, e.g. `restaurants`. */
  @IsOptional() @Transform(lowerTrim) @IsString() @Length(1, 100)
  industry?: string | null;

  /**
   * ISO 3166-1 alpha-2 code, e.g. DE.
   * @example 'US'
   */
  @IsOptional() @Transform(upperTrim) @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code, e.g. US' })
  country?: string | null;

  @IsOptional() @Transform(trim) @IsString() @Length(1, 100)
  city?: string | null;

  /** http(s) URL with a domain, e.g. https://acme.example. */
  @IsOptional() @IsUrl(URL_OPTIONS, { message: URL_MESSAGE }) @MaxLength(2048)
  website?: string | null;

  @IsOptional() @ValidateNested() @Type(() => DirectoryContactDto)
  contact?: DirectoryContactDto | null;

  @IsOptional() @Transform(trim) @IsString() @MaxLength(5000)
  description?: string | null;

  /** Default new; `converted` only through conversion to a lead. */
  @IsOptional() @IsIn(MANUAL_DIRECTORY_STATUSES)
  status?: DirectoryStatus;

  /**
   * An active sales user. Defaults to the caller when they are a sales user (who may only name themselves).
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsOptional() @IsMongoId()
  agent_id?: string | null;
}
