import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';

export class CreateCreditNoteDto {
  /** Integer minor units, at most what is still due on the invoice (more is a 409). */
  @ApiProperty({ type: 'integer' }) @IsInt() @Min(1) @Max(10_000_000_000)
  amount: number;

  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)) @IsString() @Length(1, 500)
  reason: string;
}
