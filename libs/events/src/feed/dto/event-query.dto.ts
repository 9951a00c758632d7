import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export class EventFeedQueryDto {
  /** Serve events after this id (exclusive); 0 or omitted: from the oldest kept. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(0)
  after?: number;

  /** Comma-separated event types (`lead.created,lead.assigned`), an entity wildcard (`lead.*`) or `*`; default all. */
  @IsOptional() @IsString()
  types?: string;

  /** Events per page (default 100). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;
}
