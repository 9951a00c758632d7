import { ApiProperty } from '@nestjs/swagger';
import { ServiceCategory } from '../../services/project-service.schema';

export class ServiceUsageTotals {
  /** Distinct projects using the services. */
  @ApiProperty({ type: 'integer' })
  projects: number;
  /** Services delivered. */
  @ApiProperty({ type: 'integer' })
  count: number;
  /** Sum of prices (each in its project's currency). */
  revenue: number;
}

export class ServiceUsageByNameRow extends ServiceUsageTotals {
  name: string;
  categories: ServiceCategory[];
}

export class ServiceUsageByCategoryRow extends ServiceUsageTotals {
  category: ServiceCategory;
}

export class ServiceUsageReportResponse {
  /** Highest revenue first. */
  by_service: ServiceUsageByNameRow[];
  /** Highest revenue first. */
  by_category: ServiceUsageByCategoryRow[];
  totals: ServiceUsageTotals;
}
