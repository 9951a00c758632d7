import { BillingInterval } from '../projects/project.schema';
import { billingPeriodStartingAt, describePeriod, nextBillingDate } from './billing-period';

const d = (iso: string) => new Date(iso);

describe('billing period arithmetic', () => {
  it('weekly adds seven days', () => {
    expect(nextBillingDate(d('2026-03-27T09:30:00Z'), BillingInterval.Weekly)).toEqual(d('2026-04-03T09:30:00Z'));
  });

  it('monthly keeps the day and the time of day', () => {
    expect(nextBillingDate(d('2026-01-15T08:00:00Z'), BillingInterval.Monthly)).toEqual(d('2026-02-15T08:00:00Z'));
  });

  it('monthly clamps to the end of a short month and returns to the anchor day afterwards', () => {
    const feb = nextBillingDate(d('2026-01-31T00:00:00Z'), BillingInterval.Monthly, 31);
    expect(feb).toEqual(d('2026-02-28T00:00:00Z'));
    expect(nextBillingDate(feb, BillingInterval.Monthly, 31)).toEqual(d('2026-03-31T00:00:00Z'));
  });

  it('monthly respects leap years', () => {
    expect(nextBillingDate(d('2028-01-30T00:00:00Z'), BillingInterval.Monthly)).toEqual(d('2028-02-29T00:00:00Z'));
  });

  it('quarterly adds three months across a year boundary', () => {
    expect(nextBillingDate(d('2026-11-30T00:00:00Z'), BillingInterval.Quarterly)).toEqual(d('2027-02-28T00:00:00Z'));
  });

  it('yearly from Feb 29 lands on Feb 28', () => {
    expect(nextBillingDate(d('2028-02-29T00:00:00Z'), BillingInterval.Yearly)).toEqual(d('2029-02-28T00:00:00Z'));
  });

  it('a period ends where the next starts and reads with its inclusive last day', () => {
    const period = billingPeriodStartingAt(d('2026-01-01T00:00:00Z'), BillingInterval.Monthly);
    expect(period.end).toEqual(d('2026-02-01T00:00:00Z'));
    expect(describePeriod(period)).toBe('2026-01-01 – 2026-01-31');
  });
});
