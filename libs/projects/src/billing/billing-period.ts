import { BillingInterval } from '../projects/project.schema';

const MONTHS_PER_INTERVAL: Record<Exclude<BillingInterval, BillingInterval.Weekly>, number> = {
  [BillingInterval.Monthly]: 1,
  [BillingInterval.Quarterly]: 3,
  [BillingInterval.Yearly]: 12,
};

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/**
 * The start of the period after the one starting at `from` (UTC). Monthly intervals keep the
 * plan's anchor day, clamped to short months, so Jan 31 → Feb 28 → Mar 31 instead of drifting.
 */
export function nextBillingDate(from: Date, interval: BillingInterval, anchorDay?: number | null): Date {
  if (interval === BillingInterval.Weekly) return new Date(from.getTime() + 7 * 24 * 3600 * 1000);
  const months = MONTHS_PER_INTERVAL[interval];
  const day = anchorDay ?? from.getUTCDate();
  const target = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months, 1));
  const year = target.getUTCFullYear();
  const month = target.getUTCMonth();
  return new Date(
    Date.UTC(year, month, Math.min(day, daysInMonth(year, month)), from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()),
  );
}

/** One billing period: `end` is exclusive (it is the next period's start). */
export interface BillingPeriod {
  start: Date;
  end: Date;
}

export function billingPeriodStartingAt(start: Date, interval: BillingInterval, anchorDay?: number | null): BillingPeriod {
  return { start, end: nextBillingDate(start, interval, anchorDay) };
}

/** How a period reads in a notification: first and last day, inclusive (`2026-01-01 – 2026-01-31`). */
export function describePeriod(period: BillingPeriod): string {
  const lastDay = new Date(period.end.getTime() - 1);
  return `${period.start.toISOString().slice(0, 10)} – ${lastDay.toISOString().slice(0, 10)}`;
}
