import { Transform } from 'class-transformer';
import { IsEnum, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';
import { IsMoney, MAX_MONEY } from '@app/common';
import { ServiceBillingCycle, ServiceCategory, ServiceStatus } from '../project-service.schema';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateProjectServiceDto {
  @Transform(trim) @IsString() @Length(1, 200)
  name: string;

  /** `null` clears it. */
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string | null;

  @IsEnum(ServiceCategory)
  category: ServiceCategory;

  /** In the project's currency, per billing cycle. */
  @IsMoney() @Min(0) @Max(MAX_MONEY)
  price: number;

  @IsOptional() @IsEnum(ServiceBillingCycle)
  billing_cycle?: ServiceBillingCycle;

  @IsOptional() @IsEnum(ServiceStatus)
  status?: ServiceStatus;
}
