import { ApiProperty } from '@nestjs/swagger';
import { UpsellPaymentStatus } from '../upsell.schema';

export class UpsellRevenueByMonthRow {
  /** `YYYY-MM` of paid_at (UTC). */
  month: string;
  currency: string;
  /** Sum of upsells paid that month and not refunded since. */
  revenue: number;
  @ApiProperty({ type: 'integer' })
  count: number;
}

export class UpsellRevenueByAgentRow {
  sold_by: string;
  /** "First Last" of the seller; null if the user no longer exists. */
  name: string | null;
  currency: string;
  /** Upsells sold, any status. */
  @ApiProperty({ type: 'integer' })
  count: number;
  @ApiProperty({ type: 'integer' })
  paid_count: number;
  /** Sum of paid upsells. */
  revenue: number;
}

export class UpsellRevenueByStatusRow {
  payment_status: UpsellPaymentStatus;
  currency: string;
  @ApiProperty({ type: 'integer' })
  count: number;
  /** Sum of amounts in this status. */
  amount: number;
}

export class UpsellRevenueTotals {
  currency: string;
  @ApiProperty({ type: 'integer' })
  count: number;
  @ApiProperty({ type: 'integer' })
  paid_count: number;
  revenue: number;
  refunded: number;
}

/**
 * Upsell revenue. Amounts in different currencies are never added together: every row and total
 * is per currency. Revenue counts paid upsells (refunded ones are not revenue).
 */
export class UpsellRevenueReportResponse {
  from: Date | null;
  to: Date | null;
  /** Oldest month first, then by currency. */
  by_month: UpsellRevenueByMonthRow[];
  /** Highest revenue first. */
  by_agent: UpsellRevenueByAgentRow[];
  /** In pipeline order (pending, paid, failed, refunded), then by currency. */
  by_payment_status: UpsellRevenueByStatusRow[];
  /** One row per currency. */
  totals: UpsellRevenueTotals[];
}
