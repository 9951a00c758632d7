import { Types } from 'mongoose';
import { agentRows, monthKey, monthRows, statusRows, totalsRows } from './upsell-revenue';
import { UpsellPaymentStatus } from './upsell.schema';

describe('upsell revenue shaping', () => {
  it('formats months as YYYY-MM and sorts them oldest first, then by currency', () => {
    expect(monthKey(2026, 3)).toBe('2026-03');
    const rows = monthRows([
      { _id: { year: 2026, month: 11, currency: 'USD' }, revenue: 100.005, count: 1 },
      { _id: { year: 2026, month: 2, currency: 'USD' }, revenue: 0.1 + 0.2, count: 2 },
      { _id: { year: 2026, month: 2, currency: 'EUR' }, revenue: 50, count: 1 },
    ]);
    expect(rows).toEqual([
      { month: '2026-02', currency: 'EUR', revenue: 50, count: 1 },
      { month: '2026-02', currency: 'USD', revenue: 0.3, count: 2 },
      { month: '2026-11', currency: 'USD', revenue: 100.01, count: 1 },
    ]);
  });

  it('names agents and ranks them by revenue; an unknown agent has a null name', () => {
    const a = new Types.ObjectId();
    const b = new Types.ObjectId();
    const rows = agentRows(
      [
        { _id: { sold_by: a, currency: 'USD' }, count: 2, paid_count: 1, revenue: 100 },
        { _id: { sold_by: b, currency: 'EUR' }, count: 1, paid_count: 1, revenue: 300 },
      ],
      new Map([[b.toHexString(), 'Bea Seller']]),
    );
    expect(rows).toEqual([
      { sold_by: b.toHexString(), name: 'Bea Seller', currency: 'EUR', count: 1, paid_count: 1, revenue: 300 },
      { sold_by: a.toHexString(), name: null, currency: 'USD', count: 2, paid_count: 1, revenue: 100 },
    ]);
  });

  it('orders payment statuses along the lifecycle, and totals by currency', () => {
    const rows = statusRows([
      { _id: { payment_status: UpsellPaymentStatus.Refunded, currency: 'USD' }, count: 1, amount: 5 },
      { _id: { payment_status: UpsellPaymentStatus.Pending, currency: 'USD' }, count: 1, amount: 7 },
      { _id: { payment_status: UpsellPaymentStatus.Paid, currency: 'EUR' }, count: 1, amount: 9 },
    ]);
    expect(rows.map((r) => r.payment_status)).toEqual(['pending', 'paid', 'refunded']);
    expect(totalsRows([{ _id: 'USD', count: 1, paid_count: 0, revenue: 0, refunded: 0 }, { _id: 'EUR', count: 2, paid_count: 1, revenue: 3, refunded: 0 }]).map((r) => r.currency)).toEqual(['EUR', 'USD']);
  });
});
