import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { DomainEvent, DomainEvents, fieldError, findPage, notFound, PageResponse } from '@app/common';
import { AccessPolicy, AuthUser, Permission, Role, UsersService } from '@app/auth';
import { ProjectTeamService } from '@app/projects';
import { assertFutureDueDate } from '../shared/due-date';
import { Task } from '../tasks/task.schema';
import { CreateGoalDto } from './dto/create-goal.dto';
import { GOAL_LIST_SPEC, GoalQueryDto } from './dto/goal-query.dto';
import { UpdateGoalDto } from './dto/update-goal.dto';
import { assertProjectFiles, GOAL_FILE_SOURCE, GoalFileSource } from './goal-files';
import { Goal, GoalStatus } from './goal.schema';

/** A lean goal (mapped type, so it serializes through `toResponse`). */
export type GoalRecord = Pick<Goal, keyof Goal>;

/** Goals of a project; visibility is the project's (404 for outsiders). */
@Injectable()
export class GoalsService {
  constructor(
    @InjectModel(Goal.name) private readonly goals: Model<Goal>,
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    /** Optional: bound by @app/files; without it only the ids' format is checked. */
    @Optional() @Inject(GOAL_FILE_SOURCE) private readonly files: GoalFileSource | null,
    private readonly access: AccessPolicy,
    private readonly team: ProjectTeamService,
    private readonly users: UsersService,
    private readonly events: DomainEvents,
  ) {}

  async create(projectId: string, dto: CreateGoalDto, user: AuthUser): Promise<GoalRecord> {
    const project = await this.access.requireAccess(user, Permission.ProjectRead, projectId);
    const now = new Date();
    assertFutureDueDate(dto.due_date, null, now);
    if (dto.support_employee_id) await this.assertSupportUser(dto.support_employee_id);
    await assertProjectFiles(this.files, project._id, dto.file_ids);
    // Assignment before the write: a crash leaves a team member, never an invisible goal.
    if (dto.support_employee_id) await this.team.ensureMember(project._id, dto.support_employee_id);
    const created = await this.goals.create({
      ...dto,
      project_id: project._id,
      created_by: new Types.ObjectId(user.id),
      achieved_at: dto.status === GoalStatus.Achieved ? now : null,
    });
    const goal = created.toObject();
    if (goal.support_employee_id) await this.notifyAssigned(goal, project.name, user);
    return goal;
  }

  async listForProject(projectId: string, query: GoalQueryDto, user: AuthUser): Promise<PageResponse> {
    const project = await this.access.requireAccess(user, Permission.ProjectRead, projectId);
    return findPage(this.goals, { ...query, project_id: undefined } as GoalQueryDto & Record<string, unknown>, GOAL_LIST_SPEC, { project_id: project._id });
  }

  /** Goals across every project the user may see. */
  async list(query: GoalQueryDto, user: AuthUser): Promise<PageResponse> {
    const visible = await this.access.accessibleIds(user, Permission.ProjectRead);
    const base = visible === 'all' ? {} : { project_id: { $in: visible } };
    return findPage(this.goals, query as GoalQueryDto & Record<string, unknown>, GOAL_LIST_SPEC, base);
  }

  async findOne(id: string, user: AuthUser): Promise<GoalRecord> {
    return (await this.load(id, user)).goal;
  }

  async update(id: string, dto: UpdateGoalDto, user: AuthUser): Promise<GoalRecord> {
    const { goal: current, project } = await this.load(id, user);
    const now = new Date();
    assertFutureDueDate(dto.due_date, current.due_date, now);
    const assignee = dto.support_employee_id;
    const reassigned = assignee != null && assignee !== String(current.support_employee_id);
    if (reassigned) await this.assertSupportUser(assignee);
    await assertProjectFiles(this.files, current.project_id, dto.file_ids);
    if (reassigned) await this.team.ensureMember(current.project_id, assignee);

    const set: Record<string, unknown> = { ...dto };
    if (dto.status && dto.status !== current.status) set.achieved_at = dto.status === GoalStatus.Achieved ? now : null;
    const goal = await this.goals.findOneAndUpdate({ _id: id }, { $set: set }, { new: true, runValidators: true }).lean();
    if (!goal) throw notFound('Goal');
    if (reassigned) await this.notifyAssigned(goal, project.name, user);
    return goal;
  }

  /** Tasks under the goal stay, detached from it. */
  async remove(id: string, user: AuthUser): Promise<void> {
    const goal = await this.findOne(id, user);
    await this.tasks.updateMany({ goal_id: goal._id }, { $set: { goal_id: null } });
    await this.goals.deleteOne({ _id: goal._id });
  }

  /** The goal and its project, 404 unless the user may see the project. */
  private async load(id: string, user: AuthUser) {
    const goal = await this.goals.findById(id).lean();
    if (!goal) throw notFound('Goal');
    const project = await this.access.requireAccess(user, Permission.ProjectRead, goal.project_id);
    return { goal, project };
  }

  private async assertSupportUser(userId: string): Promise<void> {
    if (!(await this.users.findActiveWithRole(userId, [Role.Support]))) {
      throw fieldError('support_employee_id', 'must reference an active support user');
    }
  }

  private async notifyAssigned(goal: GoalRecord, projectName: string, actor: AuthUser): Promise<void> {
    await this.events.emit(DomainEvent.GoalAssigned, {
      recipient_ids: [String(goal.support_employee_id)],
      actor_id: actor.id,
      entity_type: 'goal',
      entity_id: String(goal._id),
      data: { goal_title: goal.title, project_name: projectName },
    });
  }
}
