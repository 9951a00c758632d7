import type { Types } from 'mongoose';
import type { MonthCurrencyGroup } from '../reports/revenue-by-month';

/**
 * Data projects needs from domains above it (tasks and crm import @app/projects, so projects
 * cannot import them). Projects declares what it needs here; the owner implements it and binds
 * the token in a global module of its own (`{ provide: TOKEN, useExisting: Impl }`), so Nest
 * resolves it for ProjectsModule without an import back. Both are required: the product always
 * loads tasks and crm (`productModules()`), and a missing owner fails at boot, never silently.
 */

/** Tasks of one project: all of them and the done ones. */
export interface ProjectTaskCounts {
  total: number;
  done: number;
}

/** Open work a team member holds in a project (a member with open work stays on the team). */
export interface MemberOpenWork {
  open_tasks: number;
  open_goals: number;
}

/** Implemented by @app/tasks. */
export interface ProjectWorkSource {
  /** Task counts per project id (hex), one query for the whole page; projects without tasks are absent. */
  taskCountsFor(projectIds: readonly Types.ObjectId[]): Promise<Map<string, ProjectTaskCounts>>;
  openWorkOf(projectId: Types.ObjectId, memberId: Types.ObjectId): Promise<MemberOpenWork>;
}
export const PROJECT_WORK_SOURCE = Symbol('ProjectWorkSource');

/** Paid upsells of one project: their sum and count. */
export interface UpsellTotals {
  total: number;
  count: number;
}

/** A paid_at range: either bound, or any paid upsell. */
export interface PaidRange {
  from?: Date;
  to?: Date;
}

/** Implemented by @app/crm (it owns `upsells`). */
export interface ProjectUpsellSource {
  /** Paid, not deleted upsells per project id (hex); projects without any are absent. */
  paidTotalsFor(projectIds: readonly Types.ObjectId[]): Promise<Map<string, UpsellTotals>>;
  /** Paid upsells grouped by calendar month (UTC, by paid_at) and currency. */
  paidByMonth(range: PaidRange, currency?: string): Promise<MonthCurrencyGroup[]>;
  /** Upsells of the project that are not deleted, whatever their payment status. */
  countForProject(projectId: Types.ObjectId): Promise<number>;
}
export const PROJECT_UPSELL_SOURCE = Symbol('ProjectUpsellSource');

/** Implemented by @app/crm (it owns `customers`): the reference check of a project's customer_id. */
export interface ProjectCustomerSource {
  /** True when the id names a customer that is not deleted. */
  exists(customerId: string | Types.ObjectId): Promise<boolean>;
}
export const PROJECT_CUSTOMER_SOURCE = Symbol('ProjectCustomerSource');
