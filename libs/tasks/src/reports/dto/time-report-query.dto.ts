import { Type } from 'class-transformer';
import { IsIn, IsMongoId, IsOptional } from 'class-validator';
import { IsDateLike } from '@app/common';

export const TIME_REPORT_GROUPS = ['user', 'project'] as const;
export type TimeReportGroup = (typeof TIME_REPORT_GROUPS)[number];

export class TimeReportQueryDto {
  /** Entries starting at or after this instant; default 30 days before `to`. */
  @IsOptional() @Type(() => Date) @IsDateLike()
  from?: Date;

  /** Entries starting before this instant; default now. */
  @IsOptional() @Type(() => Date) @IsDateLike()
  to?: Date;

  /** Group by user (default) or by project. */
  @IsOptional() @IsIn(TIME_REPORT_GROUPS)
  group?: TimeReportGroup;

  @IsOptional() @IsMongoId()
  project_id?: string;

  /**
   * Managers and admins only; everyone else always sees their own time.
   */
  @IsOptional() @IsMongoId()
  user_id?: string;
}
