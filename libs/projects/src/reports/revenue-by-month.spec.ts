import { mergeRevenue } from './revenue-by-month';

const group = (year: number, month: number, currency: string, amount: number, count: number) => ({ _id: { year, month, currency }, amount, count });

describe('mergeRevenue', () => {
  it('joins billing and upsells per month and currency, oldest month first, never mixing currencies', () => {
    const report = mergeRevenue(
      [group(2026, 3, 'USD', 499, 1), group(2026, 2, 'USD', 998, 2), group(2026, 3, 'EUR', 100, 1)],
      [group(2026, 3, 'USD', 250.1, 1), group(2026, 4, 'EUR', 0.2, 1)],
    );
    expect(report.months).toEqual([
      { month: '2026-02', currency: 'USD', recurring_billing: 998, billed_periods: 2, upsells: 0, paid_upsells: 0, total: 998 },
      { month: '2026-03', currency: 'EUR', recurring_billing: 100, billed_periods: 1, upsells: 0, paid_upsells: 0, total: 100 },
      { month: '2026-03', currency: 'USD', recurring_billing: 499, billed_periods: 1, upsells: 250.1, paid_upsells: 1, total: 749.1 },
      { month: '2026-04', currency: 'EUR', recurring_billing: 0, billed_periods: 0, upsells: 0.2, paid_upsells: 1, total: 0.2 },
    ]);
    expect(report.totals).toEqual([
      { currency: 'EUR', recurring_billing: 100, upsells: 0.2, total: 100.2 },
      { currency: 'USD', recurring_billing: 1497, upsells: 250.1, total: 1747.1 },
    ]);
  });

  it('is empty without revenue', () => {
    expect(mergeRevenue([], [])).toEqual({ months: [], totals: [] });
  });
});
