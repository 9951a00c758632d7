import { HttpStatus } from '@nestjs/common';
import { ApiException, badRequest, conflict, fieldError } from '@app/common';
import { Role } from '@app/auth';
import { BillingType, ProjectStatus, RecurringPlan } from './project.schema';

/** Who creates projects (POST /projects) and so may commit money on one, whatever the path. */
export const PROJECT_CREATOR_ROLES: readonly Role[] = [Role.Admin, Role.Manager];

/** Fields that commit money or billing: only PROJECT_CREATOR_ROLES set them (a lead conversion by a sales user may not). */
export const PROJECT_MONEY_FIELDS = ['budget', 'amount_paid', 'currency', 'billing_type', 'recurring_plan', 'hourly_rate', 'rate_overrides'] as const;

/**
 * The role rule of POST /projects applied field by field: a caller outside PROJECT_CREATOR_ROLES
 * (a sales user converting a lead) gets the roles guard's 403, naming each money field it sent.
 */
export function assertProjectFieldsPermitted(dto: Partial<Record<(typeof PROJECT_MONEY_FIELDS)[number], unknown>>, role: Role): void {
  if (PROJECT_CREATOR_ROLES.includes(role)) return;
  const sent = PROJECT_MONEY_FIELDS.filter((field) => dto[field] !== undefined);
  if (!sent.length) return;
  const roles = PROJECT_CREATOR_ROLES.join(', ');
  // Worded as the roles guard words the refusal of POST /projects itself, so both paths say the same.
  throw new ApiException(
    HttpStatus.FORBIDDEN,
    `This action requires one of the roles: ${roles}`,
    sent.map((field) => ({ field, message: `only ${roles} may set it; leave it out and a manager sets it with PATCH /projects/:id` })),
  );
}

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
  throw conflict(`A ${from} project cannot become ${to} (${options})`, [{ field: 'status', message: options, allowed: [...allowed] }]);
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

/**
 * A recurring plan's first period may not start before today (UTC): a past start would be
 * back-billed. `changed` is false when an update leaves next_billing_date as stored.
 */
export function assertBillingStart(plan: Pick<RecurringPlan, 'next_billing_date'> | null | undefined, options: { changed: boolean; now: Date }): void {
  if (!plan || !options.changed) return;
  const today = new Date(Date.UTC(options.now.getUTCFullYear(), options.now.getUTCMonth(), options.now.getUTCDate()));
  if (plan.next_billing_date.getTime() < today.getTime()) {
    throw fieldError('recurring_plan.next_billing_date', `must not be in the past (got ${day(plan.next_billing_date)}, today is ${day(options.now)}); back-billing is an admin catch-up`);
  }
}

/** budget − amount_paid, never negative, rounded to cents. */
export function balanceDue(project: { budget?: number | null; amount_paid?: number | null }): number {
  return Math.max(0, roundMoney((project.budget ?? 0) - (project.amount_paid ?? 0)));
}

export function roundMoney(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Each rate override names whom or what it prices, and no two name the same user and service. */
export function assertRateOverrides(overrides: { user_id?: string | null; service_id?: string | null }[] | undefined): void {
  if (!overrides) return;
  const seen = new Set<string>();
  overrides.forEach((override, index) => {
    if (!override.user_id && !override.service_id) throw fieldError(`rate_overrides.${index}`, 'must name user_id, service_id or both');
    const key = `${override.user_id ?? '*'}:${override.service_id ?? '*'}`;
    if (seen.has(key)) throw fieldError(`rate_overrides.${index}`, 'repeats another override for the same user_id and service_id');
    seen.add(key);
  });
}
