import { ApiException } from '@app/common';
import { BillingInterval, BillingType, ProjectStatus } from './project.schema';
import { Role } from '@app/auth';
import { assertBillingStart, assertProjectDates, assertProjectFieldsPermitted, assertProjectTransition, assertRecurringPlan, balanceDue } from './project-rules';

const statusOf = (fn: () => void): number | null => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as ApiException).getStatus();
  }
};
const messageOf = (fn: () => void): string => {
  try {
    fn();
    return '';
  } catch (error) {
    return (error as ApiException).message;
  }
};

describe('project status transitions', () => {
  it.each([
    [ProjectStatus.Planning, ProjectStatus.Active],
    [ProjectStatus.Planning, ProjectStatus.Cancelled],
    [ProjectStatus.Active, ProjectStatus.OnHold],
    [ProjectStatus.Active, ProjectStatus.Completed],
    [ProjectStatus.Active, ProjectStatus.Cancelled],
    [ProjectStatus.OnHold, ProjectStatus.Active],
    [ProjectStatus.OnHold, ProjectStatus.Cancelled],
  ])('%s → %s is allowed', (from, to) => {
    expect(statusOf(() => assertProjectTransition(from, to))).toBeNull();
  });

  it.each([
    [ProjectStatus.Planning, ProjectStatus.Completed],
    [ProjectStatus.Planning, ProjectStatus.OnHold],
    [ProjectStatus.OnHold, ProjectStatus.Completed],
    [ProjectStatus.Completed, ProjectStatus.Active],
    [ProjectStatus.Cancelled, ProjectStatus.Planning],
  ])('%s → %s is a 409', (from, to) => {
    expect(statusOf(() => assertProjectTransition(from, to))).toBe(409);
  });

  it('the 409 lists the allowed statuses, or says the status is final', () => {
    expect(messageOf(() => assertProjectTransition(ProjectStatus.Planning, ProjectStatus.Completed))).toBe(
      'A planning project cannot become completed (allowed: active, cancelled)',
    );
    expect(messageOf(() => assertProjectTransition(ProjectStatus.Completed, ProjectStatus.Active))).toMatch(/completed is final/);
  });

  it('staying in the same status is not a transition', () => {
    expect(statusOf(() => assertProjectTransition(ProjectStatus.Completed, ProjectStatus.Completed))).toBeNull();
  });
});

describe('project dates', () => {
  const now = new Date('2026-06-01T12:00:00Z');

  it('an end date in the past is refused when it is set', () => {
    expect(messageOf(() => assertProjectDates({ start: null, end: new Date('2026-05-01'), endChanged: true, now }))).toMatch(/end_date must be in the future/);
  });

  it('an unchanged past end date stays valid', () => {
    expect(statusOf(() => assertProjectDates({ start: null, end: new Date('2026-05-01'), endChanged: false, now }))).toBeNull();
  });

  it('an end date before the start date names both dates', () => {
    expect(messageOf(() => assertProjectDates({ start: new Date('2026-09-01'), end: new Date('2026-08-01'), endChanged: true, now }))).toBe(
      'end_date (2026-08-01) must be after start_date (2026-09-01)',
    );
  });

  it('a future end date after the start date passes', () => {
    expect(statusOf(() => assertProjectDates({ start: new Date('2026-07-01'), end: new Date('2026-08-01'), endChanged: true, now }))).toBeNull();
  });
});

describe('recurring plan and balance', () => {
  const plan = { interval: BillingInterval.Monthly };

  it('is required iff billing_type is recurring', () => {
    expect(statusOf(() => assertRecurringPlan(BillingType.Recurring, null))).toBe(400);
    expect(statusOf(() => assertRecurringPlan(BillingType.Fixed, plan))).toBe(400);
    expect(statusOf(() => assertRecurringPlan(BillingType.Recurring, plan))).toBeNull();
    expect(statusOf(() => assertRecurringPlan(BillingType.Hourly, null))).toBeNull();
  });

  it('balance due is budget minus paid, never negative, in cents', () => {
    expect(balanceDue({ budget: 1000.1, amount_paid: 400.05 })).toBe(600.05);
    expect(balanceDue({ budget: 100, amount_paid: 150 })).toBe(0);
  });

  it('only the roles of POST /projects set money fields, with the roles guard wording and each field named', () => {
    const money = { name: 'P', amount_paid: 500000000, recurring_plan: { interval: BillingInterval.Monthly } };
    expect(statusOf(() => assertProjectFieldsPermitted(money, Role.Manager))).toBeNull();
    expect(statusOf(() => assertProjectFieldsPermitted(money, Role.Admin))).toBeNull();
    expect(statusOf(() => assertProjectFieldsPermitted({ name: 'P' } as never, Role.Sales))).toBeNull();
    let refusal: ApiException | undefined;
    try {
      assertProjectFieldsPermitted(money, Role.Sales);
    } catch (error) {
      refusal = error as ApiException;
    }
    expect(refusal?.getStatus()).toBe(403);
    expect(refusal?.getResponse()).toMatchObject({ message: 'This action requires one of the roles: admin, manager' });
    expect(refusal?.details.map((detail) => detail.field)).toEqual(['amount_paid', 'recurring_plan']);
    for (const field of ['budget', 'currency', 'billing_type']) expect(statusOf(() => assertProjectFieldsPermitted({ [field]: 0 }, Role.Sales))).toBe(403);
  });

  it('a recurring plan may start today but not before; an unchanged stored date is left alone', () => {
    const now = new Date('2026-12-01T15:00:00Z');
    expect(statusOf(() => assertBillingStart({ next_billing_date: new Date('2026-12-01T00:00:00Z') }, { changed: true, now }))).toBeNull();
    expect(statusOf(() => assertBillingStart({ next_billing_date: new Date('2026-11-30T23:59:59Z') }, { changed: false, now }))).toBeNull();
    expect(statusOf(() => assertBillingStart(null, { changed: true, now }))).toBeNull();
    expect(messageOf(() => assertBillingStart({ next_billing_date: new Date('2024-12-01T00:00:00Z') }, { changed: true, now }))).toBe(
      'recurring_plan.next_billing_date must not be in the past (got 2024-12-01, today is 2026-12-01); back-billing is an admin catch-up',
    );
  });
});
