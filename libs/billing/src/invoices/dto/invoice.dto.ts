import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsInt, IsMongoId, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsDateLike, ListQueryDto } from '@app/common';
import { InvoiceStatus } from '../invoice.schema';
import { ManualLineDto } from './line.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class DraftInvoiceDto {
  /** Start of the period (inclusive): unbilled time that started, periods that began and upsells paid from here. */
  @Type(() => Date) @IsDateLike()
  from: Date;

  /** End of the period (exclusive), after `from`. */
  @Type(() => Date) @IsDateLike()
  to: Date;

  /** Typed-in lines added after the claimed items. */
  @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => ManualLineDto)
  lines?: ManualLineDto[];

  /** Basis points applied to the time, recurring and upsell lines (default 0). */
  @ApiProperty({ type: 'integer', required: false }) @IsOptional() @IsInt() @Min(0) @Max(10_000)
  tax_rate?: number;

  @IsOptional() @IsString() @MaxLength(2000)
  notes?: string;
}

export class IssueInvoiceDto {
  /** Default: BILLING_PAYMENT_TERMS_DAYS after issue; not before the issue date. */
  @IsOptional() @Type(() => Date) @IsDateLike()
  due_date?: Date;
}

export class VoidInvoiceDto {
  @Transform(trim) @IsString() @Length(1, 500)
  reason: string;
}

export class InvoiceQueryDto extends ListQueryDto {
  @IsOptional() @IsEnum(InvoiceStatus)
  status?: InvoiceStatus;

  @IsOptional() @IsMongoId()
  project_id?: string;

  @IsOptional() @IsMongoId()
  customer_id?: string;
}

export class InvoicePeriodQueryDto {
  /** Issued at or after (ISO 8601). */
  @Type(() => Date) @IsDateLike()
  from: Date;

  /** Issued before (ISO 8601). */
  @Type(() => Date) @IsDateLike()
  to: Date;
}
