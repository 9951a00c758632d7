import { Transform, Type } from 'class-transformer';
import { IsEmail, IsEnum, IsMongoId, IsOptional, IsString, IsUrl, Length, Max, MaxLength, Min } from 'class-validator';
import { IsDateLike, IsMoney, MAX_MONEY } from '@app/common';
import { IsE164, lowerTrim, trim, URL_MESSAGE, URL_OPTIONS } from '../../shared/transforms';
import { LeadPriority, LeadSource } from '../lead.schema';

/** A new lead always starts as `new`; the pipeline moves it on (PATCH status). */
export class CreateLeadDto {
  @Transform(trim) @IsString() @Length(1, 100)
  first_name: string;

  @IsOptional() @Transform(trim) @IsString() @Length(1, 100)
  last_name?: string | null;

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

  @IsOptional() @Transform(trim) @IsString() @Length(1, 100)
  job_title?: string | null;

  @IsOptional() @IsUrl(URL_OPTIONS, { message: URL_MESSAGE }) @MaxLength(2048)
  website?: string | null;

  /** Default `other`. `business_directory` leads are made by POST /business-directory/:id/convert-to-lead. */
  @IsOptional() @IsEnum(LeadSource)
  source?: LeadSource;

  /** Default `medium`. */
  @IsOptional() @IsEnum(LeadPriority)
  priority?: LeadPriority;

  /**
   * An active sales user. Sales users' leads are always their own; managers may leave a lead unassigned.
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsOptional() @IsMongoId()
  agent_id?: string | null;

  /** Expected deal size (reporting currency). */
  @IsOptional() @IsMoney() @Min(0) @Max(MAX_MONEY)
  estimated_value?: number | null;

  @IsOptional() @Type(() => Date) @IsDateLike()
  next_follow_up_at?: Date | null;

  @IsOptional() @IsString() @MaxLength(5000)
  notes?: string | null;
}
