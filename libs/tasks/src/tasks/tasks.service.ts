import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { conflict, DomainEvent, DomainEvents, fieldError, findPage, notFound, OutboxEntry, PageResponse } from '@app/common';
import { AccessPolicy, AuthUser, Permission, Role, UsersService } from '@app/auth';
import { ProjectAccessView, ProjectInvoicingService, ProjectTeamService } from '@app/projects';
import { Goal } from '../goals/goal.schema';
import { assertFutureDueDate } from '../shared/due-date';
import { RunningTimer } from '../time-tracking/running-timer.schema';
import { CreateTaskDto } from './dto/create-task.dto';
import { TASK_LIST_SPEC, TaskQueryDto } from './dto/task-query.dto';
import { UpdateTaskDto } from './dto/update-task.dto';
import { assertMayAssign, initialStamps, statusStamps } from './task-rules';
import { Task, TaskStatus } from './task.schema';

/** A lean task (mapped type, so it serializes through `toResponse`). */
export type TaskRecord = Pick<Task, keyof Task>;

export interface LoadedTask {
  task: TaskRecord;
  project: ProjectAccessView;
}

/** Tasks of a project: visibility is the project's; tech users change only their own tasks. */
@Injectable()
export class TasksService {
  constructor(
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    @InjectModel(Goal.name) private readonly goals: Model<Goal>,
    @InjectModel(RunningTimer.name) private readonly timers: Model<RunningTimer>,
    private readonly access: AccessPolicy,
    private readonly team: ProjectTeamService,
    private readonly invoicing: ProjectInvoicingService,
    private readonly users: UsersService,
    private readonly events: DomainEvents,
  ) {}

  async create(projectId: string, dto: CreateTaskDto, user: AuthUser): Promise<TaskRecord> {
    const project = await this.access.requireAccess(user, Permission.ProjectRead, projectId);
    const assignee = dto.tech_employee_id !== undefined ? dto.tech_employee_id : user.role === Role.Tech ? user.id : null;
    assertMayAssign(assignee, user);
    const now = new Date();
    assertFutureDueDate(dto.due_date, null, now);
    if (dto.goal_id) await this.assertGoalOfProject(dto.goal_id, project._id);
    if (dto.service_id) await this.assertServiceOfProject(dto.service_id, project._id);
    if (assignee) await this.assertTechUser(assignee);
    // Assignment before the write: a crash leaves a team member, never an invisible task.
    if (assignee) await this.team.ensureMember(project._id, assignee);
    const status = dto.status ?? TaskStatus.Todo;
    const id = new Types.ObjectId();
    const entries = assignee ? [this.assignedEntry({ _id: id, title: dto.title, project_id: project._id }, assignee, project.name, user, 'new')] : [];
    const created = await this.events.record(entries, () =>
      this.tasks.create({
        _id: id,
        ...dto,
        project_id: project._id,
        tech_employee_id: assignee,
        status,
        ...initialStamps(status, now),
        created_by: new Types.ObjectId(user.id),
      }),
    );
    return created.toObject();
  }

  async listForProject(projectId: string, query: TaskQueryDto, user: AuthUser): Promise<PageResponse> {
    const project = await this.access.requireAccess(user, Permission.ProjectRead, projectId);
    return this.page({ ...query, project_id: undefined }, { project_id: project._id });
  }

  /** Tasks across every project the user may see. */
  async list(query: TaskQueryDto, user: AuthUser, base: FilterQuery<Task> = {}): Promise<PageResponse> {
    const visible = await this.access.accessibleIds(user, Permission.ProjectRead);
    return this.page(query, visible === 'all' ? base : { ...base, project_id: { $in: visible } });
  }

  /** Tasks assigned to the signed-in user. */
  mine(query: TaskQueryDto, user: AuthUser): Promise<PageResponse> {
    return this.list({ ...query, tech_employee_id: undefined }, user, { tech_employee_id: new Types.ObjectId(user.id) });
  }

  async findOne(id: string, user: AuthUser): Promise<TaskRecord> {
    return (await this.load(id, user)).task;
  }

  /** The task and its project; 404 unless the user may see the project. */
  async load(id: string | Types.ObjectId, user: AuthUser, projection?: Record<string, 0 | 1>): Promise<LoadedTask> {
    const task = await this.tasks.findById(id, projection).lean<TaskRecord>();
    if (!task) throw notFound('Task');
    const project = await this.access.requireAccess(user, Permission.ProjectRead, task.project_id);
    return { task, project };
  }

  /** As `load`, and 403 unless the user may change the task (tech users: only their own). */
  async loadForChange(id: string | Types.ObjectId, user: AuthUser, projection?: Record<string, 0 | 1>): Promise<LoadedTask> {
    const loaded = await this.load(id, user, projection);
    await this.access.requireRowAccess(user, Permission.TaskUpdate, loaded.task);
    return loaded;
  }

  async update(id: string, dto: UpdateTaskDto, user: AuthUser): Promise<TaskRecord> {
    const { task: current, project } = await this.loadForChange(id, user, { time_entries: 0 });
    const now = new Date();
    assertFutureDueDate(dto.due_date, current.due_date, now);
    const assignee = dto.tech_employee_id;
    const reassigned = assignee !== undefined && String(assignee) !== String(current.tech_employee_id);
    if (reassigned) assertMayAssign(assignee, user);
    if (dto.goal_id && dto.goal_id !== String(current.goal_id)) await this.assertGoalOfProject(dto.goal_id, current.project_id);
    if (dto.service_id && dto.service_id !== String(current.service_id)) await this.assertServiceOfProject(dto.service_id, current.project_id);
    if (reassigned && assignee) {
      await this.assertTechUser(assignee);
      await this.team.ensureMember(current.project_id, assignee);
    }
    const set: Record<string, unknown> = { ...dto };
    if (dto.status) Object.assign(set, statusStamps(current, dto.status, now));
    const since = String(current.updated_at?.getTime());
    const entries: OutboxEntry[] = [];
    if (dto.status && dto.status !== current.status) {
      entries.push({
        name: DomainEvent.TaskStatusChanged,
        key: `task.status_changed:${id}:${dto.status}:${since}`,
        payload: { entity_id: id, actor_id: user.id, from: current.status, to: dto.status, changes: set, scope: { project_id: String(current.project_id) } },
        confirm: { collection: 'tasks', filter: { _id: current._id, status: dto.status } },
      });
    }
    if (reassigned && assignee) entries.push(this.assignedEntry({ ...current, ...set } as TaskRecord, assignee, project.name, user, since));
    // Guarded by the status read above, so racing status changes cannot both stamp.
    const task = await this.events.record(entries, () =>
      this.tasks
        .findOneAndUpdate({ _id: id, status: current.status }, { $set: set }, { new: true, runValidators: true, projection: { time_entries: 0 } })
        .lean<TaskRecord>(),
    );
    if (!task) throw conflict(`The task's status changed meanwhile (it is no longer ${current.status}); reload and retry`);
    return task;
  }

  async remove(id: string, user: AuthUser): Promise<void> {
    const { task } = await this.load(id, user, { _id: 1, project_id: 1 });
    await this.tasks.deleteOne({ _id: task._id });
    // A timer left on a deleted task is discarded (also healed lazily by the time tracker).
    await this.timers.deleteMany({ task_id: task._id });
  }

  private page(query: TaskQueryDto, base: FilterQuery<Task>): Promise<PageResponse> {
    return findPage(this.tasks, query as TaskQueryDto & Record<string, unknown>, TASK_LIST_SPEC, base);
  }

  private async assertGoalOfProject(goalId: string, projectId: Types.ObjectId): Promise<void> {
    if (!(await this.goals.exists({ _id: goalId, project_id: projectId }))) {
      throw fieldError('goal_id', 'must reference a goal of the same project');
    }
  }

  private async assertServiceOfProject(serviceId: string, projectId: Types.ObjectId): Promise<void> {
    if (!(await this.invoicing.isServiceOfProject(projectId, serviceId))) throw fieldError('service_id', 'must reference a service of the same project');
  }

  private async assertTechUser(userId: string): Promise<void> {
    if (!(await this.users.findActiveWithRole(userId, [Role.Tech]))) {
      throw fieldError('tech_employee_id', 'must reference an active tech user');
    }
  }

  /** `task.assigned`, keyed by the state it changed from (`since`): a task assigned back and forth gets one event per move. */
  private assignedEntry(task: Pick<TaskRecord, '_id' | 'title' | 'project_id'>, assignee: string, projectName: string, actor: AuthUser, since: string): OutboxEntry {
    return {
      name: DomainEvent.TaskAssigned,
      key: `task.assigned:${String(task._id)}:${assignee}:${since}`,
      payload: {
        recipient_ids: [assignee],
        actor_id: actor.id,
        entity_type: 'task',
        entity_id: String(task._id),
        data: { task_title: task.title, project_name: projectName },
      },
      changes: { tech_employee_id: assignee },
      scope: { project_id: String(task.project_id) },
      confirm: { collection: 'tasks', filter: { _id: task._id, tech_employee_id: new Types.ObjectId(assignee) } },
    };
  }
}
