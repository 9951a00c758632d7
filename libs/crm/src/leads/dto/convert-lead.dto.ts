import { OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { CreateProjectDto } from '@app/projects';

/** The first project: the fields of POST /projects without customer_id (it is the new customer). */
export class ConvertLeadProjectDto extends OmitType(CreateProjectDto, ['customer_id'] as const) {}

export class ConvertLeadDto {
  /**
   * Also create the customer's first project, under the rules of POST /projects. A sales user must
   * name its manager (`user_id`) and may not set money fields (budget, amount_paid, currency, billing_type, recurring_plan: 403).
   */
  @IsOptional() @ValidateNested() @Type(() => ConvertLeadProjectDto)
  project?: ConvertLeadProjectDto;
}
