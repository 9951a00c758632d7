import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsDateLike } from '@app/common';

export class CreateTimeEntryDto {
  @Type(() => Date) @IsDateLike()
  started_at: Date;

  /** After started_at, not in the future, at most 24 hours later; must not overlap the caller's other entries on any task. */
  @Type(() => Date) @IsDateLike()
  ended_at: Date;

  @IsOptional() @IsString() @MaxLength(500)
  note?: string;

  /** Invoiced at the project's rate (default true). */
  @IsOptional() @IsBoolean()
  billable?: boolean;
}

export class StartTimerDto {
  /** Kept on the time entry when the timer stops. */
  @IsOptional() @IsString() @MaxLength(500)
  note?: string;

  /** The entry the timer becomes is invoiced (default true). */
  @IsOptional() @IsBoolean()
  billable?: boolean;
}
