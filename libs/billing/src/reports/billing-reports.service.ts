import { Injectable } from '@nestjs/common';
import { fieldError } from '@app/common';
import { CreditNotesRepository } from '../credit-notes/credit-notes.repository';
import { InvoicesRepository } from '../invoices/invoices.repository';

const DAY_MS = 24 * 3600 * 1000;
const utcDay = (date: Date) => Math.floor(date.getTime() / DAY_MS);
const month = (date: Date) => date.toISOString().slice(0, 7);

type AgingBuckets = { currency: string; current: number; days_1_30: number; days_31_60: number; days_61_90: number; days_over_90: number; total: number; invoices: number };
type RevenueMonth = { month: string; currency: string; invoices: number; net: number; tax: number; gross: number; credited: number; revenue: number };

/** Which bucket an amount due `daysPastDue` days ago falls in. */
export function agingBucket(daysPastDue: number): keyof Omit<AgingBuckets, 'currency' | 'total' | 'invoices'> {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return 'days_1_30';
  if (daysPastDue <= 60) return 'days_31_60';
  if (daysPastDue <= 90) return 'days_61_90';
  return 'days_over_90';
}

/**
 * Receivables and invoiced revenue, always per currency (never summed across currencies), in
 * integer minor units. Days past due count whole UTC days from the due date to `as_of`.
 */
@Injectable()
export class BillingReportsService {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly creditNotes: CreditNotesRepository,
  ) {}

  async aging(asOf: Date = new Date()): Promise<{ as_of: Date; currencies: AgingBuckets[] }> {
    const byCurrency = new Map<string, AgingBuckets>();
    for (const invoice of await this.invoices.receivables(asOf)) {
      const row = byCurrency.get(invoice.currency) ?? { currency: invoice.currency, current: 0, days_1_30: 0, days_31_60: 0, days_61_90: 0, days_over_90: 0, total: 0, invoices: 0 };
      const days = invoice.due_date ? utcDay(asOf) - utcDay(invoice.due_date) : 0;
      row[agingBucket(days)] += invoice.amount_due;
      row.total += invoice.amount_due;
      row.invoices += 1;
      byCurrency.set(invoice.currency, row);
    }
    return { as_of: asOf, currencies: [...byCurrency.values()].sort((a, b) => a.currency.localeCompare(b.currency)) };
  }

  async revenueByMonth(from: Date, to: Date): Promise<{ months: RevenueMonth[] }> {
    const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
    const end = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() + 1, 1));
    if (end <= start) throw fieldError('to', `must not be before from (${from.toISOString()})`);
    const rows = new Map<string, RevenueMonth>();
    const row = (m: string, currency: string) => {
      const key = `${m}|${currency}`;
      const existing = rows.get(key) ?? { month: m, currency, invoices: 0, net: 0, tax: 0, gross: 0, credited: 0, revenue: 0 };
      rows.set(key, existing);
      return existing;
    };
    for await (const invoice of this.invoices.issuedBetween(start, end)) {
      const r = row(month(invoice.issued_at!), invoice.currency);
      r.invoices += 1;
      r.net += invoice.subtotal;
      r.tax += invoice.tax_total;
      r.gross += invoice.total;
    }
    for (const note of await this.creditNotes.issuedBetween(start, end)) row(month(note.issued_at), note.currency).credited += note.amount;
    const months = [...rows.values()].map((r) => ({ ...r, revenue: r.net - r.credited }));
    return { months: months.sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency)) };
  }
}
