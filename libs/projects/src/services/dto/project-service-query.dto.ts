import { IsEnum, IsOptional } from 'class-validator';
import { ListQueryDto, ListSpec } from '@app/common';
import { ServiceBillingCycle, ServiceCategory, ServiceStatus } from '../project-service.schema';

export class ProjectServiceQueryDto extends ListQueryDto {
  @IsOptional() @IsEnum(ServiceCategory)
  category?: ServiceCategory;

  @IsOptional() @IsEnum(ServiceStatus)
  status?: ServiceStatus;

  @IsOptional() @IsEnum(ServiceBillingCycle)
  billing_cycle?: ServiceBillingCycle;
}

export const PROJECT_SERVICE_LIST_SPEC: ListSpec = {
  filters: {
    category: { field: 'category' },
    status: { field: 'status' },
    billing_cycle: { field: 'billing_cycle' },
  },
  sortable: ['created_at', 'updated_at', 'name', 'price', 'category', 'status'],
  defaultSort: 'created_at',
};
