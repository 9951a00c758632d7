import { Inject, Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { PROJECT_WORK_SOURCE, ProjectWorkSource } from '../sources/project-sources';

export interface ProjectProgress {
  /** Whole percent of tasks done, 0 when the project has no tasks. */
  progress: number;
  tasks_total: number;
  tasks_done: number;
}

export function progressOf(total: number, done: number): ProjectProgress {
  return { progress: total ? Math.floor((done / total) * 100) : 0, tasks_total: total, tasks_done: done };
}

/**
 * Progress from tasks (counted by @app/tasks through ProjectWorkSource) for a page of projects:
 * one query for the whole page, never one per project.
 */
@Injectable()
export class ProjectProgressService {
  constructor(@Inject(PROJECT_WORK_SOURCE) private readonly work: ProjectWorkSource) {}

  async forProjects(projectIds: Types.ObjectId[]): Promise<Map<string, ProjectProgress>> {
    const result = new Map<string, ProjectProgress>();
    if (!projectIds.length) return result;
    for (const [id, counts] of await this.work.taskCountsFor(projectIds)) result.set(id, progressOf(counts.total, counts.done));
    return result;
  }

  /** Adds progress, tasks_total and tasks_done to each row, in place. */
  async decorate<T extends { _id: Types.ObjectId }>(rows: T[]): Promise<(T & ProjectProgress)[]> {
    const progress = await this.forProjects(rows.map((row) => row._id));
    return rows.map((row) => Object.assign(row, progress.get(String(row._id)) ?? progressOf(0, 0)));
  }

  /** A project just created has no tasks yet: no query. */
  static none(): ProjectProgress {
    return progressOf(0, 0);
  }
}
