import { Transform, Type } from 'class-transformer';
import { IsEnum, IsISO31661Alpha2, IsMongoId, IsOptional, IsString, Length } from 'class-validator';
import { IsDateLike } from '@app/common';
import { LeadPriority, LeadSource } from '../../leads/lead.schema';
import { lowerTrim, upperTrim } from '../../shared/transforms';

export class SalesPipelineQueryDto {
  /** Leads created at or after this instant (ISO 8601). */
  @IsOptional() @Type(() => Date) @IsDateLike()
  created_from?: Date;

  /** Leads created at or before this instant (ISO 8601). */
  @IsOptional() @Type(() => Date) @IsDateLike()
  created_to?: Date;

  @IsOptional() @IsMongoId()
  agent_id?: string;

  @IsOptional() @IsEnum(LeadSource)
  source?: LeadSource;

  @IsOptional() @IsEnum(LeadPriority)
  priority?: LeadPriority;
}

export class DirectoryConversionsQueryDto {
  /** Prospects created at or after this instant (ISO 8601). */
  @IsOptional() @Type(() => Date) @IsDateLike()
  created_from?: Date;

  /** Prospects created at or before this instant (ISO 8601). */
  @IsOptional() @Type(() => Date) @IsDateLike()
  created_to?: Date;

  @IsOptional() @Transform(lowerTrim) @IsString() @Length(1, 100)
  industry?: string;

  /**
   * ISO 3166-1 alpha-2 code.
   */
  @IsOptional() @Transform(upperTrim) @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code, e.g. US' })
  country?: string;
}
