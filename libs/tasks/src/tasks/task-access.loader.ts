import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { AccessLoader, AccessPolicy, ModelAccessLoader } from '@app/auth';
import { Task, TimeEntry } from './task.schema';

declare module '@app/auth' {
  interface AccessRecords {
    task: Task;
    time_entry: TimeEntry;
  }
}

/** Tasks' rows for the access policy: a task is its assignee's (`tech_employee_id`). */
@Injectable()
export class TaskAccessLoader extends ModelAccessLoader<Task> {
  readonly resource = 'task';
  readonly entity = 'Task';
  readonly fields = { owner: 'tech_employee_id' };

  // A task's time entries can be many; the rules read none of them.
  protected override readonly projection = { time_entries: 0 };

  constructor(@InjectModel(Task.name) tasks: Model<Task>, policy: AccessPolicy) {
    super(tasks, policy);
  }
}

/** Time entries (embedded in their task) for the access policy: an entry is its tracker's (`user_id`). */
@Injectable()
export class TimeEntryAccessLoader implements AccessLoader<TimeEntry>, OnModuleInit {
  readonly resource = 'time_entry';
  readonly entity = 'Time entry';
  readonly fields = { owner: 'user_id' };

  constructor(
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    private readonly policy: AccessPolicy,
  ) {}

  onModuleInit(): void {
    this.policy.register(this);
  }

  /** The scope applies to the entry itself, inside its task's array. */
  async findOne(id: Types.ObjectId, scope: FilterQuery<TimeEntry>): Promise<TimeEntry | null> {
    const task = await this.tasks.findOne({ time_entries: { $elemMatch: { _id: id, ...scope } } }, { time_entries: 1 }).lean<Pick<Task, 'time_entries'>>();
    return task?.time_entries.find((entry) => entry._id.equals(id)) ?? null;
  }

  async findIds(scope: FilterQuery<TimeEntry>): Promise<Types.ObjectId[]> {
    const tasks = await this.tasks.find({ time_entries: { $elemMatch: scope } }, { 'time_entries._id': 1, 'time_entries.user_id': 1 }).lean<Pick<Task, 'time_entries'>[]>();
    const userId = (scope as { user_id?: Types.ObjectId }).user_id;
    return tasks.flatMap((task) => task.time_entries.filter((entry) => !userId || entry.user_id.equals(userId)).map((entry) => entry._id));
  }
}
