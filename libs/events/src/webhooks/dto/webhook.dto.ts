import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEnum, IsInt, IsOptional, IsString, MaxLength, Min, Max } from 'class-validator';
import { DeliveryStatus } from '../webhook.schema';

export class CreateWebhookDto {
  /** Where events are POSTed: https (in development and test also http to a loopback address). */
  @IsString() @MaxLength(2048)
  url: string;

  /** Event types (`lead.created`), entity wildcards (`lead.*`) or `*`. */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(100, { each: true })
  event_types: string[];

  @IsOptional() @IsString() @MaxLength(500)
  description?: string | null;

  /** Default true. */
  @IsOptional() @IsBoolean()
  active?: boolean;
}

export class UpdateWebhookDto {
  @IsOptional() @IsString() @MaxLength(2048)
  url?: string;

  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(100, { each: true })
  event_types?: string[];

  @IsOptional() @IsString() @MaxLength(500)
  description?: string | null;

  /** true re-enables a disabled endpoint (its failure count starts again at 0). */
  @IsOptional() @IsBoolean()
  active?: boolean;
}

export class ReplayWebhookDto {
  /** Deliver again every matching event after this event id (exclusive). */
  @Type(() => Number) @IsInt() @Min(0)
  after_event_id: number;
}

export class DeliveryQueryDto {
  @IsOptional() @IsEnum(DeliveryStatus)
  status?: DeliveryStatus;

  /** Newest first; default 50. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;
}
