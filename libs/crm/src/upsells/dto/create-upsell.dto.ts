import { Transform } from 'class-transformer';
import { IsMongoId, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsMoney, MAX_MONEY } from '@app/common';
import { trim, upperTrim } from '../../shared/transforms';

export class CreateUpsellDto {
  /** What was sold, e.g. "SEO audit". */
  @Transform(trim) @IsString() @Length(1, 2000)
  description: string;

  /** Positive, at most two decimals. */
  @IsMoney() @Min(0.01) @Max(MAX_MONEY)
  amount: number;

  /**
   * ISO 4217 code; defaults to the project's currency.
   * @example 'USD'
   */
  @IsOptional() @Transform(upperTrim) @IsString() @Matches(/^[A-Z]{3}$/, { message: 'currency must be a three-letter ISO 4217 code, e.g. USD' })
  currency?: string;

  /**
   * An active sales, manager or admin user; defaults to the caller. Sales users can only name themselves.
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsOptional() @IsMongoId()
  sold_by?: string;
}
