import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsDateLike } from '@app/common';
import { PaymentMethod } from '../payment.schema';

export class RecordPaymentDto {
  /** Integer minor units of the invoice's currency, at most what is due (more is a 409). */
  @ApiProperty({ type: 'integer' }) @IsInt() @Min(1) @Max(10_000_000_000)
  amount: number;

  /** When the money was received (ISO 8601); not in the future. */
  @Type(() => Date) @IsDateLike()
  date: Date;

  @IsEnum(PaymentMethod)
  method: PaymentMethod;

  /** Bank reference, cheque number… */
  @IsOptional() @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)) @IsString() @MaxLength(200)
  reference?: string;
}
