import { Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { conflict, DomainEvent, DomainEvents, notFound } from '@app/common';
import { AppConfig } from '@app/config';
import { BillingRecord, BillingType, Project, ProjectStatus } from '../projects/project.schema';
import { billingPeriodStartingAt, describePeriod } from './billing-period';

export type BillPeriodResult =
  | { billed: true; record: BillingRecord }
  | { billed: false; reason: 'not_recurring' | 'not_active' | 'not_due' | 'already_billed' };

/** What an admin catch-up billed for one project. */
export type BillingCatchUpResult = {
  periods_billed: number;
  billed: BillingRecord[];
  next_billing_date: Date | null;
  /** More periods are due than one catch-up bills (BILLING_CATCH_UP_MAX_PERIODS): call it again. */
  still_due: boolean;
};

export interface BillDueProjectsResult {
  projects: number;
  periods_billed: number;
  failed: { project_id: string; error: string }[];
}

/** Only active projects are billed; a paused (on_hold) retainer is not. */
const BILLABLE_STATUS = ProjectStatus.Active;

/**
 * Recurring billing. Billing a period is one conditional update keyed by the period's start, so
 * calling it twice (a retried job, two instances) bills once — no transactions needed.
 */
@Injectable()
export class ProjectBillingService {
  private readonly logger = new Logger(ProjectBillingService.name);

  constructor(
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
  ) {}

  /**
   * Bills the period starting at the plan's next_billing_date if it is due at `now`: appends a
   * billing_history record, advances next_billing_date by the interval and notifies the manager.
   */
  async billPeriod(projectId: string | Types.ObjectId, now: Date = new Date()): Promise<BillPeriodResult> {
    const project = await this.projects
      .findById(projectId, { name: 1, user_id: 1, status: 1, currency: 1, billing_type: 1, recurring_plan: 1 })
      .lean();
    if (!project) throw notFound('Project');
    const plan = project.recurring_plan;
    if (project.billing_type !== BillingType.Recurring || !plan) return { billed: false, reason: 'not_recurring' };
    if (project.status !== BILLABLE_STATUS) return { billed: false, reason: 'not_active' };
    if (plan.next_billing_date.getTime() > now.getTime()) return { billed: false, reason: 'not_due' };

    const period = billingPeriodStartingAt(plan.next_billing_date, plan.interval, plan.anchor_day);
    const record: BillingRecord = { period_start: period.start, period_end: period.end, amount: plan.amount, currency: project.currency, billed_at: now };
    const billedProjectId = String(project._id);
    const billed = await this.events.record(
      [
        {
          name: DomainEvent.ProjectBilled,
          // One period is billed once: its start is the natural key.
          key: `project.billed:${billedProjectId}:${period.start.toISOString()}`,
          payload: {
            recipient_ids: [String(project.user_id)],
            entity_type: 'project',
            entity_id: billedProjectId,
            data: { project_name: project.name, amount: plan.amount, currency: project.currency, period: describePeriod(period) },
          },
          changes: { billing_record: record },
          scope: { project_id: billedProjectId },
          confirm: { collection: 'projects', filter: { _id: project._id, 'billing_history.period_start': period.start } },
        },
      ],
      () =>
        this.projects.updateOne(
          {
            _id: project._id,
            billing_type: BillingType.Recurring,
            'recurring_plan.next_billing_date': period.start,
            'billing_history.period_start': { $ne: period.start },
          },
          { $push: { billing_history: record }, $set: { 'recurring_plan.next_billing_date': period.end } },
        ),
      (outcome) => outcome.modifiedCount > 0,
    );
    if (billed.modifiedCount === 0) {
      // Billed already, but next_billing_date was moved back onto that period: step past it.
      await this.projects.updateOne(
        { _id: project._id, 'recurring_plan.next_billing_date': period.start, 'billing_history.period_start': period.start },
        { $set: { 'recurring_plan.next_billing_date': period.end } },
      );
      return { billed: false, reason: 'already_billed' };
    }
    return { billed: true, record };
  }

  /**
   * For the scheduler: bills at most ONE due period per active recurring project per run, so a
   * plan far behind (a start date in the past, downtime) moves forward one interval a run instead
   * of being back-billed at once; back-filling is the admin's explicit `catchUp`. One project's
   * failure is logged and reported, and does not stop the others.
   */
  async billDueProjects(now: Date = new Date()): Promise<BillDueProjectsResult> {
    const result: BillDueProjectsResult = { projects: 0, periods_billed: 0, failed: [] };
    const due = this.projects
      .find(
        { billing_type: BillingType.Recurring, status: BILLABLE_STATUS, 'recurring_plan.next_billing_date': { $lte: now } },
        { _id: 1 },
      )
      .lean<{ _id: Types.ObjectId }[]>()
      .cursor();
    for await (const { _id } of due) {
      result.projects++;
      try {
        if ((await this.billNextDue(_id, now, 1)).length) result.periods_billed++;
      } catch (error) {
        const message = (error as Error).message;
        this.logger.error({ project_id: String(_id), err: message }, 'recurring billing failed for a project');
        result.failed.push({ project_id: String(_id), error: message });
      }
    }
    return result;
  }

  /**
   * The admin's explicit back-fill (POST /projects/:id/billing/catch-up): bills every period due
   * at `now`, at most BILLING_CATCH_UP_MAX_PERIODS per call. 409 unless the project is an active
   * recurring one.
   */
  async catchUp(projectId: string, now: Date = new Date()): Promise<BillingCatchUpResult> {
    const project = await this.projects.findById(projectId, { status: 1, billing_type: 1, recurring_plan: 1 }).lean();
    if (!project) throw notFound('Project');
    if (project.billing_type !== BillingType.Recurring || !project.recurring_plan) {
      throw conflict(`The project is not billed on a recurring plan (billing_type is ${project.billing_type})`, [{ field: 'billing_type', message: 'must be recurring' }]);
    }
    if (project.status !== BILLABLE_STATUS) {
      throw conflict(`Only ${BILLABLE_STATUS} projects are billed (this one is ${project.status})`, [{ field: 'status', message: `must be ${BILLABLE_STATUS}` }]);
    }
    const billed = await this.billNextDue(project._id, now, this.config.billing.catchUpMaxPeriods);
    const after = await this.projects.findById(projectId, { 'recurring_plan.next_billing_date': 1 }).lean();
    const next = after?.recurring_plan?.next_billing_date ?? null;
    return { periods_billed: billed.length, billed, next_billing_date: next, still_due: next !== null && next.getTime() <= now.getTime() };
  }

  /** Bills up to `limit` due periods in order; a period billed before (and stepped past) does not count. */
  private async billNextDue(projectId: Types.ObjectId, now: Date, limit: number): Promise<BillingRecord[]> {
    const billed: BillingRecord[] = [];
    for (let step = 0; step < limit * 2 && billed.length < limit; step++) {
      const outcome = await this.billPeriod(projectId, now);
      if (outcome.billed) billed.push(outcome.record);
      else if (outcome.reason !== 'already_billed') break;
    }
    return billed;
  }
}
