import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, registerDecorator, ValidationOptions } from 'class-validator';

/** A transformed Date that is not Invalid Date. */
export function IsDateLike(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isDateLike',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be an ISO 8601 date`, ...options },
      validator: { validate: (value: unknown) => value instanceof Date && !Number.isNaN(value.getTime()) },
    });
}

/**
 * `?populate=a,b` and `?populate=a&populate=b` alike: the document declares populate as a
 * comma-separated array (form, explode: false), and clients that repeat the name mean the same.
 */
export const JoinRepeated = () => Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.join(',') : value));

export const MAX_PAGE_LIMIT = 100;
export const DEFAULT_PAGE_LIMIT = 20;

/**
 * Pagination, sorting and population every list endpoint accepts. Resource query DTOs extend this
 * with their own whitelisted filters; unknown parameters are rejected by the validation pipe.
 */
export class ListQueryDto {
  /** 1-based page number (ignored when `cursor` is given). */
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000)
  page?: number;

  /** Page size, at most 100. */
  @ApiPropertyOptional({ type: 'integer', default: DEFAULT_PAGE_LIMIT })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_LIMIT)
  limit?: number;

  /** Opaque cursor from a previous page's `next_cursor`, for stable deep pagination. */
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9_-]{1,512}$/, { message: 'cursor must be a value returned as next_cursor' })
  cursor?: string;

  /** A sortable field, `-` prefix for descending, e.g. `-created_at`. */
  @IsOptional() @IsString() @Matches(/^-?[a-z_]{1,64}$/, { message: 'sort must be a field name, optionally prefixed with -' })
  sort?: string;

  /** Comma-separated references to embed, e.g. `customer,manager`. */
  @IsOptional() @JoinRepeated() @IsString() @Matches(/^[a-z_]+(,[a-z_]+)*$/, { message: 'populate must be a comma-separated list of names' })
  populate?: string;
}

/** Filter on creation time; add to a resource's query DTO when it supports date ranges. */
export class CreatedRangeQueryDto extends ListQueryDto {
  /** Created at or after this instant (ISO 8601). */
  @IsOptional() @Type(() => Date) @IsDateLike()
  created_from?: Date;

  /** Created at or before this instant (ISO 8601). */
  @IsOptional() @Type(() => Date) @IsDateLike()
  created_to?: Date;
}

