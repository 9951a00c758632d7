import { ApiProperty } from '@nestjs/swagger';
import { UserSummaryResponse } from '@app/auth';
import { BillingInterval, BillingType, ProjectPriority, ProjectStatus } from '../project.schema';

export class ProjectCustomerSummaryResponse {
  id: string;
  name: string;
  email: string | null;
  company_name?: string | null;
  status: string;
}

export class RecurringPlanResponse {
  interval: BillingInterval;
  amount: number;
  next_billing_date: Date;
}

export class BillingRecordResponse {
  period_start: Date;
  /** Exclusive: the next period's start. */
  period_end: Date;
  amount: number;
  currency: string;
  billed_at: Date;
  /** The invoice that bills the period, once one claimed it. */
  invoice_id?: string;
}

export class RateOverrideResponse {
  user_id: string | null;
  service_id: string | null;
  /** Integer minor units per hour. */
  hourly_rate: number;
}

export class ProjectResponse {
  id: string;
  name: string;
  description: string | null;
  customer_id: string;
  /** With `?populate=customer`. */
  customer?: ProjectCustomerSummaryResponse | null;
  /** Project manager. */
  user_id: string;
  /** With `?populate=manager`. */
  manager?: UserSummaryResponse | null;
  team_member_ids: string[];
  /** With `?populate=team`. */
  team?: UserSummaryResponse[];
  status: ProjectStatus;
  priority: ProjectPriority;
  start_date: Date | null;
  end_date: Date | null;
  budget: number;
  amount_paid: number;
  /** budget − amount_paid, never negative. */
  balance_due: number;
  currency: string;
  /** Percentage (0–100, whole number) of the project's tasks that are done; 0 without tasks. */
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 })
  progress: number;
  @ApiProperty({ type: 'integer' })
  tasks_total: number;
  @ApiProperty({ type: 'integer' })
  tasks_done: number;
  billing_type: BillingType;
  recurring_plan: RecurringPlanResponse | null;
  /** Default hourly rate for invoices, integer minor units of the currency; null when not set. */
  hourly_rate: number | null;
  rate_overrides: RateOverrideResponse[];
  created_at: Date;
  updated_at: Date;
}

export class ProjectDetailResponse extends ProjectResponse {
  /** Billed recurring periods, oldest first. */
  billing_history: BillingRecordResponse[];
}
