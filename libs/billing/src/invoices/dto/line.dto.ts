import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A typed-in line of an invoice or quote. */
export class ManualLineDto {
  @Transform(trim) @IsString() @Length(1, 500)
  description: string;

  /** Units (hours, pieces); at most 3 decimals. */
  @IsNumber({ maxDecimalPlaces: 3, allowNaN: false, allowInfinity: false }) @Min(0.001) @Max(1_000_000)
  quantity: number;

  /** Integer minor units of the currency (1999 = 19.99). */
  @ApiProperty({ type: 'integer' }) @IsInt() @Min(0) @Max(10_000_000_000)
  unit_price: number;

  /** Basis points: 2000 = 20.00 %; default 0. */
  @ApiProperty({ type: 'integer', required: false }) @IsOptional() @IsInt() @Min(0) @Max(10_000)
  tax_rate?: number;
}
