import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { conflict, DomainEvent, DomainEvents, fieldError, findOneRow, findPage, notFound, OutboxEntry, PageResponse } from '@app/common';
import { AccessPolicy, AuthUser, Permission, Role, UserDirectory } from '@app/auth';
import { CreateProjectDto, RecurringPlanDto } from './dto/create-project.dto';
import { PROJECT_DETAIL_SPEC, PROJECT_LIST_SPEC, ProjectQueryDto } from './dto/project-query.dto';
import { UpdateProjectDto } from './dto/update-project.dto';
import { projectMembers } from './project-access.loader';
import { ProjectDeletingEvent, ProjectEvent } from './project-events';
import { ProjectProgress, ProjectProgressService } from './project-progress.service';
import { PROJECT_CUSTOMER_SOURCE, PROJECT_UPSELL_SOURCE, ProjectCustomerSource, ProjectUpsellSource } from '../sources/project-sources';
import { assertBillingStart, assertProjectDates, assertProjectFieldsPermitted, assertProjectTransition, assertRateOverrides, assertRecurringPlan, balanceDue, PROJECT_CREATOR_ROLES } from './project-rules';
import { BillingType, Project, ProjectStatus, RecurringPlan } from './project.schema';
import { ProjectTeamService } from './project-team.service';

/** A lean project with its computed financials and progress. */
export type ProjectRecord = Omit<Project, 'balance_due'> & { balance_due: number; progress: number; tasks_total: number; tasks_done: number };
type Row = Record<string, unknown> & { _id: Types.ObjectId };

/** What another domain shows of a project it links to (lead conversion's first project). */
export type ProjectSummary = Pick<Project, '_id' | 'name' | 'status' | 'user_id' | 'currency'>;
const SUMMARY_PROJECTION = { name: 1, status: 1, user_id: 1, currency: 1 } as const;

/** The validated fields of a new project (from assertCreatable), ready to insert. */
export type ProjectDraft = Omit<CreateProjectDto, 'customer_id' | 'recurring_plan' | 'user_id' | 'billing_type' | 'status'> & {
  customer_id?: string;
  user_id: string;
  billing_type: BillingType;
  recurring_plan: RecurringPlan | null;
  status: ProjectStatus;
};

const MANAGER_ROLES = [Role.Manager, Role.Admin];

const sameInstant = (a: Date | null | undefined, b: Date | null | undefined) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

@Injectable()
export class ProjectsService {
  constructor(
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    private readonly access: AccessPolicy,
    private readonly team: ProjectTeamService,
    private readonly progress: ProjectProgressService,
    private readonly directory: UserDirectory,
    @Inject(PROJECT_UPSELL_SOURCE) private readonly upsells: ProjectUpsellSource,
    @Inject(PROJECT_CUSTOMER_SOURCE) private readonly customers: ProjectCustomerSource,
    private readonly events: EventEmitter2,
    private readonly domainEvents: DomainEvents,
  ) {}

  /**
   * Every rule a new project must pass, before anything is written: the role rule of POST /projects
   * on money fields, the billing plan (never starting in the past), the dates, the manager (defaults
   * to the actor) and the team; the customer when given. POST /projects and lead conversion both run it,
   * once, and pass the draft it returns to `createFromDraft`. The manager and the team are one read.
   */
  async assertCreatable(dto: Omit<CreateProjectDto, 'customer_id'> & { customer_id?: string }, actor: Pick<AuthUser, 'id' | 'role'>): Promise<ProjectDraft> {
    const now = new Date();
    assertProjectFieldsPermitted(dto, actor.role);
    assertRecurringPlan(dto.billing_type ?? BillingType.Fixed, dto.recurring_plan);
    assertBillingStart(dto.recurring_plan, { changed: true, now });
    assertRateOverrides(dto.rate_overrides);
    assertProjectDates({ start: dto.start_date ?? null, end: dto.end_date ?? null, endChanged: true, now });
    if (dto.customer_id !== undefined) await this.assertCustomer(dto.customer_id);
    if (dto.user_id === undefined && !PROJECT_CREATOR_ROLES.includes(actor.role)) {
      throw fieldError('user_id', `is required: a ${actor.role} user must name the project manager (an active manager or admin)`);
    }
    const managerId = dto.user_id ?? actor.id;
    const team = dto.team_member_ids ?? [];
    const people = await this.directory.findActive([managerId, ...team]);
    if (!UserDirectory.hasRole(people.find((person) => person._id.toHexString() === managerId.toLowerCase()), MANAGER_ROLES)) throw managerError();
    ProjectTeamService.assertAmongActive(people, team, 'team_member_ids');
    return {
      ...dto,
      user_id: managerId,
      billing_type: dto.billing_type ?? BillingType.Fixed,
      recurring_plan: planWithAnchor(dto.recurring_plan),
      status: dto.status ?? ProjectStatus.Planning,
    };
  }

  /**
   * Creates a project for `actor` (who becomes its manager unless `user_id` is given). Other
   * domains may call this (e.g. lead conversion): pass `options.id` to make the call idempotent —
   * a second call with the same id returns the project created by the first.
   */
  async create(dto: CreateProjectDto, actor: Pick<AuthUser, 'id' | 'role'>, options: { id?: Types.ObjectId } = {}): Promise<ProjectRecord> {
    if (options.id) {
      const existing = await this.projects.findById(options.id).lean<Project>();
      if (existing) return this.present(existing);
    }
    return this.createFromDraft(await this.assertCreatable(dto, actor), actor, options);
  }

  /**
   * Inserts a draft `assertCreatable` returned (no second validation). With `options.id` the call
   * is idempotent: when that id exists already (a re-run, or a concurrent call that won the
   * insert), the existing project is returned. `options.customer_id` links a customer the caller
   * just wrote (lead conversion), which needs no existence check.
   */
  async createFromDraft(draft: ProjectDraft, actor: Pick<AuthUser, 'id' | 'role'>, options: { id?: Types.ObjectId; customer_id?: Types.ObjectId } = {}): Promise<ProjectRecord> {
    const id = options.id ?? new Types.ObjectId();
    const fields = options.customer_id ? { ...draft, customer_id: options.customer_id } : draft;
    const created: OutboxEntry = {
      name: DomainEvent.ProjectCreated,
      payload: { entity_id: id.toHexString(), actor_id: actor.id, changes: fields, scope: { project_id: id.toHexString() } },
      confirm: { collection: 'projects', filter: { _id: id } },
    };
    try {
      const project = await this.domainEvents.record([created], () => this.projects.create({ _id: id, ...fields }));
      // Just inserted under a new id: it has no tasks yet, so its progress needs no query.
      return this.shape({ ...project.toObject<Project>(), ...ProjectProgressService.none() });
    } catch (error) {
      // The id exists: an earlier run (or a concurrent call) created it; return that project.
      if (options.id && (error as { code?: number }).code === 11000) {
        const existing = await this.projects.findById(options.id).lean<Project>();
        if (existing) return this.present(existing);
      }
      throw error;
    }
  }

  /** The project's summary, or null when it does not exist (for domains that link to one). */
  findSummary(id: Types.ObjectId | string): Promise<ProjectSummary | null> {
    return this.projects.findById(id, SUMMARY_PROJECTION).lean<ProjectSummary>().exec();
  }

  /** Project names by id (deleted projects are absent), one query. */
  async namesOf(ids: readonly Types.ObjectId[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.projects.find({ _id: { $in: ids } }, { name: 1 }).lean<Pick<Project, '_id' | 'name'>[]>().exec();
    return new Map(rows.map((row) => [row._id.toHexString(), row.name]));
  }

  async list(query: ProjectQueryDto, user: AuthUser): Promise<PageResponse<Row>> {
    const page = await findPage(this.projects, query as ProjectQueryDto & Record<string, unknown>, PROJECT_LIST_SPEC, await this.access.scopeFilter(user, Permission.ProjectRead));
    await this.progress.decorate(page.data);
    page.data.forEach((row) => this.shapeRow(row));
    return page;
  }

  /** One project the user may see (404 otherwise), with billing history and optional population. */
  async findOne(id: string, user: AuthUser, populate?: string): Promise<ProjectRecord> {
    const row = await findOneRow(this.projects, { _id: new Types.ObjectId(id), ...(await this.access.scopeFilter(user, Permission.ProjectRead)) }, PROJECT_DETAIL_SPEC, populate);
    if (!row) throw notFound('Project');
    return this.present(row as Row & Project);
  }

  async update(id: string, dto: UpdateProjectDto, actor: AuthUser): Promise<ProjectRecord> {
    const current = await this.projects.findById(id).lean();
    if (!current) throw notFound('Project');
    const { recurring_plan, start_date, end_date, status, ...fields } = dto;
    assertRateOverrides(dto.rate_overrides);
    const set: Record<string, unknown> = { ...fields };

    if (dto.customer_id && dto.customer_id !== String(current.customer_id)) {
      await this.assertCustomer(dto.customer_id);
    }
    if (dto.user_id && dto.user_id !== String(current.user_id)) await this.assertManager(dto.user_id);

    const start = start_date !== undefined ? start_date : current.start_date;
    const end = end_date !== undefined ? end_date : current.end_date;
    assertProjectDates({ start, end, endChanged: end_date !== undefined && !sameInstant(end_date, current.end_date), now: new Date() });
    if (start_date !== undefined) set.start_date = start_date;
    if (end_date !== undefined) set.end_date = end_date;

    const billingType = dto.billing_type ?? current.billing_type;
    // Leaving recurring billing drops the plan unless the caller (wrongly) sends one.
    const plan = recurring_plan !== undefined ? recurring_plan : billingType === BillingType.Recurring ? current.recurring_plan : null;
    assertRecurringPlan(billingType, plan);
    assertBillingStart(recurring_plan, { changed: !sameInstant(recurring_plan?.next_billing_date, current.recurring_plan?.next_billing_date), now: new Date() });
    if (recurring_plan !== undefined) set.recurring_plan = planWithAnchor(recurring_plan);
    else if (billingType !== current.billing_type) set.recurring_plan = plan;

    const statusChanged = status !== undefined && status !== current.status;
    if (statusChanged) {
      assertProjectTransition(current.status, status);
      set.status = status;
    }
    const entries: OutboxEntry[] = [];
    if (statusChanged) {
      const after = { ...current, ...set } as Project;
      entries.push({
        name: DomainEvent.ProjectStatusChanged,
        // Keyed by the version it changed from: a project may return to a status it had before.
        key: `project.status_changed:${id}:${status}:${current.updated_at?.getTime()}`,
        payload: {
          recipient_ids: projectMembers(after),
          actor_id: actor.id,
          entity_type: 'project',
          entity_id: id,
          data: { project_name: after.name, old_status: current.status, new_status: status },
        },
        changes: set,
        scope: { project_id: id },
        confirm: { collection: 'projects', filter: { _id: current._id, status, updated_at: { $gt: current.updated_at } } },
      });
    }
    // The status guard makes concurrent transitions safe: only one of two racing edits applies.
    const updated = await this.domainEvents.record(entries, () =>
      this.projects.findOneAndUpdate({ _id: id, status: current.status }, { $set: set }, { new: true, runValidators: true }).lean(),
    );
    if (!updated) throw conflict(`The project's status changed meanwhile (it is no longer ${current.status}); reload and retry`);
    return this.present(updated);
  }

  /**
   * Deletes a project and, through `project.deleting` listeners, its goals, tasks and services.
   * Money is never deleted: a project with billed periods or upsells must be cancelled instead.
   */
  async remove(id: string, actor: AuthUser): Promise<void> {
    const project = await this.projects.findById(id, { billing_history: 1 }).lean();
    if (!project) throw notFound('Project');
    if (project.billing_history.length) {
      throw conflict(`The project has ${project.billing_history.length} billed period(s); set its status to cancelled instead of deleting it`);
    }
    const upsells = await this.upsells.countForProject(project._id);
    if (upsells) throw conflict(`The project has ${upsells} upsell(s); set its status to cancelled instead of deleting it`);
    await this.events.emitAsync(ProjectEvent.Deleting, { project_id: id, actor_id: actor.id } satisfies ProjectDeletingEvent);
    await this.projects.deleteOne({ _id: id });
  }

  async addTeamMember(id: string, userId: string, user: AuthUser): Promise<ProjectRecord> {
    await this.team.add(id, userId);
    return this.findOne(id, user);
  }

  async removeTeamMember(id: string, userId: string, user: AuthUser): Promise<ProjectRecord> {
    await this.team.remove(id, userId);
    return this.findOne(id, user);
  }

  private async assertCustomer(customerId: string): Promise<void> {
    if (!(await this.customers.exists(customerId))) throw fieldError('customer_id', 'must reference an existing customer');
  }

  private async assertManager(userId: string): Promise<void> {
    const [manager] = await this.directory.findActive([userId]);
    if (!UserDirectory.hasRole(manager, MANAGER_ROLES)) throw managerError();
  }

  private async present(project: Project): Promise<ProjectRecord> {
    const [row] = await this.progress.decorate([project]);
    return this.shape(row);
  }

  /** Computed financials, and the plan without its internal anchor. */
  private shape(row: Project & ProjectProgress): ProjectRecord {
    const plan = row.recurring_plan;
    return {
      ...row,
      balance_due: balanceDue(row),
      // Projects stored before invoicing existed carry no rates.
      hourly_rate: row.hourly_rate ?? null,
      rate_overrides: row.rate_overrides ?? [],
      recurring_plan: plan ? { interval: plan.interval, amount: plan.amount, next_billing_date: plan.next_billing_date } : plan,
    };
  }

  /** The list's rows: the same computed fields, in place. */
  private shapeRow(row: Row): Row {
    row.balance_due = balanceDue(row as { budget?: number; amount_paid?: number });
    row.hourly_rate ??= null;
    row.rate_overrides ??= [];
    const plan = row.recurring_plan as (RecurringPlan & { anchor_day?: unknown }) | null | undefined;
    if (plan) row.recurring_plan = { interval: plan.interval, amount: plan.amount, next_billing_date: plan.next_billing_date };
    return row;
  }
}

function managerError() {
  return fieldError('user_id', 'must reference an active manager or admin (the project manager)');
}

function planWithAnchor(plan: RecurringPlanDto | null | undefined): RecurringPlan | null {
  return plan ? { ...plan, anchor_day: plan.next_billing_date.getUTCDate() } : null;
}
