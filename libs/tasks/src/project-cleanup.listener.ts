import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { ProjectDeletingEvent, ProjectEvent } from '@app/projects';
import { Goal } from './goals/goal.schema';
import { Task } from './tasks/task.schema';
import { RunningTimer } from './time-tracking/running-timer.schema';

/** A deleted project takes its goals, tasks and running timers with it (idempotent; errors abort the delete). */
@Injectable()
export class ProjectCleanupListener {
  constructor(
    @InjectModel(Goal.name) private readonly goals: Model<Goal>,
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    @InjectModel(RunningTimer.name) private readonly timers: Model<RunningTimer>,
  ) {}

  @OnEvent(ProjectEvent.Deleting, { suppressErrors: false })
  async onProjectDeleting(event: ProjectDeletingEvent): Promise<void> {
    const projectId = new Types.ObjectId(event.project_id);
    await this.timers.deleteMany({ project_id: projectId });
    await this.tasks.deleteMany({ project_id: projectId });
    await this.goals.deleteMany({ project_id: projectId });
  }
}
