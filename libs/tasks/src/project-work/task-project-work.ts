import { Global, Injectable, Module } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { MemberOpenWork, PROJECT_WORK_SOURCE, ProjectTaskCounts, ProjectWorkSource } from '@app/projects';
import { Goal, GoalSchema, GoalStatus } from '../goals/goal.schema';
import { Task, TaskSchema, TaskStatus } from '../tasks/task.schema';

const OPEN_GOAL_STATUSES = [GoalStatus.Open, GoalStatus.InProgress];

/** What @app/projects reads of tasks and goals (progress, a leaving member's open work), answered by their owner. */
@Injectable()
export class TaskProjectWork implements ProjectWorkSource {
  constructor(
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    @InjectModel(Goal.name) private readonly goals: Model<Goal>,
  ) {}

  async taskCountsFor(projectIds: readonly Types.ObjectId[]): Promise<Map<string, ProjectTaskCounts>> {
    const rows = await this.tasks.aggregate<{ _id: Types.ObjectId; total: number; done: number }>([
      { $match: { project_id: { $in: projectIds } } },
      { $group: { _id: '$project_id', total: { $sum: 1 }, done: { $sum: { $cond: [{ $eq: ['$status', TaskStatus.Done] }, 1, 0] } } } },
    ]);
    return new Map(rows.map((row) => [String(row._id), { total: row.total, done: row.done }]));
  }

  async openWorkOf(projectId: Types.ObjectId, memberId: Types.ObjectId): Promise<MemberOpenWork> {
    const [openTasks, openGoals] = await Promise.all([
      this.tasks.countDocuments({ project_id: projectId, tech_employee_id: memberId, status: { $ne: TaskStatus.Done } }),
      this.goals.countDocuments({ project_id: projectId, support_employee_id: memberId, status: { $in: OPEN_GOAL_STATUSES } }),
    ]);
    return { open_tasks: openTasks, open_goals: openGoals };
  }
}

/**
 * Binds ProjectWorkSource for ProjectsModule. Global because projects sits below tasks: ProjectsModule
 * cannot import TasksModule (tasks imports projects), so the token is resolved from here.
 */
@Global()
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: Goal.name, schema: GoalSchema },
      { name: Task.name, schema: TaskSchema },
    ]),
  ],
  providers: [TaskProjectWork, { provide: PROJECT_WORK_SOURCE, useExisting: TaskProjectWork }],
  exports: [PROJECT_WORK_SOURCE],
})
export class TaskProjectWorkModule {}
