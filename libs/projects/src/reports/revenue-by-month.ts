import { roundMoney } from '../projects/project-rules';
import type { RevenueByMonthReportResponse, RevenueCurrencyTotals, RevenueMonthRow } from './dto/revenue-by-month.response';

/** One aggregation group: a calendar month (UTC) in one currency. */
export interface MonthCurrencyGroup {
  _id: { year: number; month: number; currency: string };
  amount: number;
  count: number;
}

const monthKey = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/** Joins recurring billing and paid upsells per month and currency; never adds currencies together. */
export function mergeRevenue(billing: MonthCurrencyGroup[], upsells: MonthCurrencyGroup[]): Pick<RevenueByMonthReportResponse, 'months' | 'totals'> {
  const rows = new Map<string, RevenueMonthRow>();
  const rowFor = (group: MonthCurrencyGroup) => {
    const month = monthKey(group._id.year, group._id.month);
    const key = `${month}|${group._id.currency}`;
    if (!rows.has(key)) rows.set(key, { month, currency: group._id.currency, recurring_billing: 0, billed_periods: 0, upsells: 0, paid_upsells: 0, total: 0 });
    return rows.get(key)!;
  };
  for (const group of billing) Object.assign(rowFor(group), { recurring_billing: roundMoney(group.amount), billed_periods: group.count });
  for (const group of upsells) Object.assign(rowFor(group), { upsells: roundMoney(group.amount), paid_upsells: group.count });

  const months = [...rows.values()]
    .map((row) => ({ ...row, total: roundMoney(row.recurring_billing + row.upsells) }))
    .sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency));
  const totals = new Map<string, RevenueCurrencyTotals>();
  for (const row of months) {
    const total = totals.get(row.currency) ?? { currency: row.currency, recurring_billing: 0, upsells: 0, total: 0 };
    total.recurring_billing = roundMoney(total.recurring_billing + row.recurring_billing);
    total.upsells = roundMoney(total.upsells + row.upsells);
    total.total = roundMoney(total.recurring_billing + total.upsells);
    totals.set(row.currency, total);
  }
  return { months, totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)) };
}
