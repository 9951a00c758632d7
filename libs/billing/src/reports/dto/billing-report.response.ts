/** Amounts due in one currency by days past the due date (integer minor units). */
export class AgingBucketsResponse {
  currency: string;
  /** Not yet due (or due today). */
  current: number;
  days_1_30: number;
  days_31_60: number;
  days_61_90: number;
  days_over_90: number;
  total: number;
  invoices: number;
}

export class AgingReportResponse {
  as_of: Date;
  currencies: AgingBucketsResponse[];
}

/** One month (UTC) in one currency, from issued invoices by issue date and credit notes by their date. */
export class InvoiceRevenueMonthResponse {
  /** YYYY-MM. */
  month: string;
  currency: string;
  invoices: number;
  /** Sum of subtotals (before tax). */
  net: number;
  tax: number;
  gross: number;
  /** Credit notes issued in the month. */
  credited: number;
  /** net − credited. */
  revenue: number;
}

export class InvoiceRevenueReportResponse {
  months: InvoiceRevenueMonthResponse[];
}
