import { badRequest, conflict, fieldError } from '@app/common';
import { BillingType, ProjectStatus, RecurringPlan } from './project.schema';

/** Which statuses a project may move to from each status; completed and cancelled are final. */
export const PROJECT_TRANSITIONS: Record<ProjectStatus, ProjectStatus[]> = {
  [ProjectStatus.Planning]: [ProjectStatus.Active, ProjectStatus.Cancelled],
  [ProjectStatus.Active]: [ProjectStatus.OnHold, ProjectStatus.Completed, ProjectStatus.Cancelled],
  [ProjectStatus.OnHold]: [ProjectStatus.Active, ProjectStatus.Cancelled],
  [ProjectStatus.Completed]: [],
  [ProjectStatus.Cancelled]: [],
};

/** Statuses a new project may start in. */
export const INITIAL_PROJECT_STATUSES = [ProjectStatus.Planning, ProjectStatus.Active];

/** Throws 409 listing the allowed next statuses unless `from → to` is a legal move. */
export function assertProjectTransition(from: ProjectStatus, to: ProjectStatus): void {
  if (from === to) return;
  const allowed = PROJECT_TRANSITIONS[from];
  if (allowed.includes(to)) return;
  const options = allowed.length ? `allowed: ${allowed.join(', ')}` : `${from} is final`;
  throw conflict(`A ${from} project cannot become ${to} (${options})`, [{ field: 'status', message: options }]);
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/**
 * end_date must be in the future when it is set or changed, and after start_date whenever both
 * are set. `endChanged` is false when an update leaves end_date alone (a past end date stays valid).
 */
export function assertProjectDates(dates: { start: Date | null; end: Date | null; endChanged: boolean; now: Date }): void {
  const { start, end, endChanged, now } = dates;
  if (!end) return;
  if (endChanged && end.getTime() <= now.getTime()) {
    throw fieldError('end_date', `must be in the future (got ${day(end)}, today is ${day(now)})`);
  }
  if (start && end.getTime() <= start.getTime()) {
    throw badRequest(`end_date (${day(end)}) must be after start_date (${day(start)})`, [
      { field: 'end_date', message: `must be after start_date (${day(start)})` },
      { field: 'start_date', message: `must be before end_date (${day(end)})` },
    ]);
  }
}

/** A recurring plan is required with billing_type recurring and refused with any other type. */
export function assertRecurringPlan(billingType: BillingType, plan: Pick<RecurringPlan, 'interval'> | null | undefined): void {
  if (billingType === BillingType.Recurring && !plan) {
    throw fieldError('recurring_plan', 'is required when billing_type is recurring (interval, amount, next_billing_date)');
  }
  if (billingType !== BillingType.Recurring && plan) {
    throw fieldError('recurring_plan', `must be omitted unless billing_type is recurring (billing_type is ${billingType})`);
  }
}

/** budget − amount_paid, never negative, rounded to cents. */
export function balanceDue(project: { budget?: number | null; amount_paid?: number | null }): number {
  return Math.max(0, roundMoney((project.budget ?? 0) - (project.amount_paid ?? 0)));
}

export function roundMoney(value: number): number {
  return Math.round(value * 100) / 100;
}
