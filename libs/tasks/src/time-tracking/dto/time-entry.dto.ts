import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsDateLike } from '@app/common';

export class CreateTimeEntryDto {
  @Type(() => Date) @IsDateLike()
  started_at: Date;

  /** After started_at, not in the future, at most 24 hours later; must not overlap the caller's other entries on any task. */
  @Type(() => Date) @IsDateLike()
  ended_at: Date;

  @IsOptional() @IsString() @MaxLength(500)
  note?: string;
}

export class StartTimerDto {
  /** Kept on the time entry when the timer stops. */
  @IsOptional() @IsString() @MaxLength(500)
  note?: string;
}
