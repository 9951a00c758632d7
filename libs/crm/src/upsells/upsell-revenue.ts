import { roundMoney } from '../shared/transforms';
import { UpsellRevenueByAgentRow, UpsellRevenueByMonthRow, UpsellRevenueByStatusRow, UpsellRevenueTotals } from './dto/upsell-revenue.response';
import { UpsellPaymentStatus } from './upsell.schema';

/** Groups as the aggregation returns them: every key carries the currency, so sums never mix currencies. */
export interface MonthGroup {
  _id: { year: number; month: number; currency: string };
  revenue: number;
  count: number;
}
export interface AgentGroup {
  _id: { sold_by: { toHexString(): string }; currency: string };
  count: number;
  paid_count: number;
  revenue: number;
}
export interface StatusGroup {
  _id: { payment_status: UpsellPaymentStatus; currency: string };
  count: number;
  amount: number;
}
export interface TotalsGroup {
  _id: string;
  count: number;
  paid_count: number;
  revenue: number;
  refunded: number;
}

const STATUS_ORDER = Object.values(UpsellPaymentStatus);

export const monthKey = (year: number, month: number): string => `${year}-${String(month).padStart(2, '0')}`;

export function monthRows(groups: MonthGroup[]): UpsellRevenueByMonthRow[] {
  return groups
    .map((g) => ({ month: monthKey(g._id.year, g._id.month), currency: g._id.currency, revenue: roundMoney(g.revenue), count: g.count }))
    .sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency));
}

export function agentRows(groups: AgentGroup[], names: Map<string, string>): UpsellRevenueByAgentRow[] {
  return groups
    .map((g) => {
      const soldBy = g._id.sold_by.toHexString();
      return { sold_by: soldBy, name: names.get(soldBy) ?? null, currency: g._id.currency, count: g.count, paid_count: g.paid_count, revenue: roundMoney(g.revenue) };
    })
    .sort((a, b) => b.revenue - a.revenue || a.currency.localeCompare(b.currency) || a.sold_by.localeCompare(b.sold_by));
}

export function statusRows(groups: StatusGroup[]): UpsellRevenueByStatusRow[] {
  return groups
    .map((g) => ({ payment_status: g._id.payment_status, currency: g._id.currency, count: g.count, amount: roundMoney(g.amount) }))
    .sort((a, b) => STATUS_ORDER.indexOf(a.payment_status) - STATUS_ORDER.indexOf(b.payment_status) || a.currency.localeCompare(b.currency));
}

export function totalsRows(groups: TotalsGroup[]): UpsellRevenueTotals[] {
  return groups
    .map((g) => ({ currency: g._id, count: g.count, paid_count: g.paid_count, revenue: roundMoney(g.revenue), refunded: roundMoney(g.refunded) }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}
