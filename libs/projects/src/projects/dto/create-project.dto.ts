import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsMongoId,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsDateLike, IsMoney, MAX_MONEY } from '@app/common';
import { BillingInterval, BillingType, ProjectPriority, ProjectStatus } from '../project.schema';
import { INITIAL_PROJECT_STATUSES } from '../project-rules';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

export class RecurringPlanDto {
  @IsEnum(BillingInterval)
  interval: BillingInterval;

  /** Billed every period, in the project's currency. */
  @IsMoney() @Min(0) @Max(MAX_MONEY)
  amount: number;

  /** Start of the first period to bill (ISO 8601); later periods follow the interval. */
  @Type(() => Date) @IsDateLike()
  next_billing_date: Date;
}

export class RateOverrideDto {
  /**
   * Time tracked by this user; with service_id, only that user's time on that service.
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsOptional() @IsMongoId()
  user_id?: string | null;

  /**
   * Time on tasks of this project service.
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsOptional() @IsMongoId()
  service_id?: string | null;

  /** Integer minor units of the project's currency per hour (e.g. 12000 = 120.00). */
  @IsInt() @Min(0) @Max(100_000_000)
  hourly_rate: number;
}

export class CreateProjectDto {
  @Transform(trim) @IsString() @Length(1, 200)
  name: string;

  /** `null` clears it. */
  @IsOptional() @IsString() @MaxLength(5000)
  description?: string | null;

  /** @example '665f1c2e8b3a4d0012345678' */
  @IsMongoId()
  customer_id: string;

  /**
   * Project manager: an active manager or admin. Defaults to the caller.
   * @example '665f1c2e8b3a4d0012345678'
   */
  @IsOptional() @IsMongoId()
  user_id?: string;

  /**
   * Active users on the team (any role).
   * @example ["665f1c2e8b3a4d0012345678"]
   */
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ArrayUnique() @IsMongoId({ each: true })
  team_member_ids?: string[];

  /** A new project starts as planning (default) or active. */
  @IsOptional() @IsIn(INITIAL_PROJECT_STATUSES)
  status?: ProjectStatus;

  @IsOptional() @IsEnum(ProjectPriority)
  priority?: ProjectPriority;

  @IsOptional() @Type(() => Date) @IsDateLike()
  start_date?: Date | null;

  /** In the future, and after start_date. */
  @IsOptional() @Type(() => Date) @IsDateLike()
  end_date?: Date | null;

  @IsOptional() @IsMoney() @Min(0) @Max(MAX_MONEY)
  budget?: number;

  @IsOptional() @IsMoney() @Min(0) @Max(MAX_MONEY)
  amount_paid?: number;

  /**
   * ISO 4217 code, e.g. USD.
   * @example 'USD'
   */
  @IsOptional() @Transform(upper) @Matches(/^[A-Z]{3}$/, { message: 'currency must be a 3-letter ISO 4217 code, e.g. USD' })
  currency?: string;

  @IsOptional() @IsEnum(BillingType)
  billing_type?: BillingType;

  /** Default hourly rate for invoices, integer minor units of the currency per hour (e.g. 9000 = 90.00). */
  @IsOptional() @IsInt() @Min(0) @Max(100_000_000)
  hourly_rate?: number | null;

  /** Rates for a user, a service or both; each names user_id or service_id. */
  @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => RateOverrideDto)
  rate_overrides?: RateOverrideDto[];

  /** Required when billing_type is recurring, refused otherwise. */
  @IsOptional() @ValidateNested() @Type(() => RecurringPlanDto)
  recurring_plan?: RecurringPlanDto | null;
}
