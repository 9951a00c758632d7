import { ApiProperty } from '@nestjs/swagger';
export class RevenueMonthRow {
  /** Calendar month (UTC), `YYYY-MM`. */
  month: string;
  currency: string;
  /** Recurring billing periods billed in the month. */
  recurring_billing: number;
  @ApiProperty({ type: 'integer' })
  billed_periods: number;
  /** Upsells paid in the month (refunded ones excluded). */
  upsells: number;
  @ApiProperty({ type: 'integer' })
  paid_upsells: number;
  /** recurring_billing + upsells. */
  total: number;
}

export class RevenueCurrencyTotals {
  currency: string;
  recurring_billing: number;
  upsells: number;
  total: number;
}

export class RevenueByMonthReportResponse {
  from: Date | null;
  to: Date | null;
  /** Oldest month first, then by currency; amounts are never summed across currencies. */
  months: RevenueMonthRow[];
  totals: RevenueCurrencyTotals[];
}
