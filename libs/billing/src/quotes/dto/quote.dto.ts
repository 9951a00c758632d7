import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsMongoId, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IsDateLike, ListQueryDto } from '@app/common';
import { ManualLineDto } from '../../invoices/dto/line.dto';
import { QuoteStatus } from '../quote.schema';

export class CreateQuoteDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)) @IsString() @Length(1, 200)
  title: string;

  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => ManualLineDto)
  lines: ManualLineDto[];

  /** Last day the customer may accept (ISO 8601 date); today or later. */
  @Type(() => Date) @IsDateLike()
  valid_until: Date;
}

export class QuoteQueryDto extends ListQueryDto {
  @IsOptional() @IsEnum(QuoteStatus)
  status?: QuoteStatus;

  @IsOptional() @IsMongoId()
  project_id?: string;

  @IsOptional() @IsMongoId()
  customer_id?: string;
}
