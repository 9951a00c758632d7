import { ApiProperty } from '@nestjs/swagger';
import { BillingType, ProjectStatus } from '../../projects/project.schema';

export class FinancialTotals {
  currency: string;
  budget: number;
  amount_paid: number;
  /** budget − amount_paid, never negative. */
  balance_due: number;
  /** Sum of billed recurring periods (billing_history). */
  billed_recurring: number;
  /** Sum of paid upsells on the project. */
  upsell_revenue: number;
}

export class ProjectFinancialsRow extends FinancialTotals {
  project_id: string;
  name: string;
  status: ProjectStatus;
  billing_type: BillingType;
  /** Number of billed recurring periods. */
  @ApiProperty({ type: 'integer' })
  billed_periods: number;
  /** Number of paid upsells. */
  @ApiProperty({ type: 'integer' })
  paid_upsells: number;
}

export class ProjectFinancialsReportResponse {
  /** One row per project, by name. */
  data: ProjectFinancialsRow[];
  /** Sums per currency (amounts in different currencies are never added together). */
  totals: FinancialTotals[];
}
