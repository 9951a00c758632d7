import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { conflict, fieldError, notFound } from '@app/common';
import { UserDirectory, UserSummary } from '@app/auth';
import { PROJECT_WORK_SOURCE, ProjectWorkSource } from '../sources/project-sources';
import { Project } from './project.schema';

/** Who is on a project: validating members, adding and removing them. */
@Injectable()
export class ProjectTeamService {
  constructor(
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    private readonly directory: UserDirectory,
    @Inject(PROJECT_WORK_SOURCE) private readonly work: ProjectWorkSource,
  ) {}

  /** Throws 400 naming the ids that are not active users. */
  async assertActiveUsers(ids: string[], field: string): Promise<void> {
    if (!ids.length) return;
    ProjectTeamService.assertAmongActive(await this.directory.findActive(ids), ids, field);
  }

  /** The same rule over users already read (`active`: UserDirectory.findActive of a superset of `ids`). */
  static assertAmongActive(active: readonly UserSummary[], ids: readonly string[], field: string): void {
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    const known = new Set(active.map((user) => user._id.toHexString()));
    const missing = unique.filter((id) => !known.has(id));
    if (missing.length) throw fieldError(field, `must reference active users (unknown or inactive: ${missing.join(', ')})`);
  }

  async add(projectId: string, userId: string): Promise<void> {
    await this.assertActiveUsers([userId], 'user_id');
    const result = await this.projects.updateOne({ _id: projectId }, { $addToSet: { team_member_ids: new Types.ObjectId(userId) } });
    if (result.matchedCount === 0) throw notFound('Project');
  }

  /** 409 while the member still has open tasks or goals in the project: reassign them first. */
  async remove(projectId: string, userId: string): Promise<void> {
    const project = await this.projects.findById(projectId, { team_member_ids: 1 }).lean();
    if (!project) throw notFound('Project');
    if (!project.team_member_ids.some((id) => id.toHexString() === userId)) throw notFound('Team member');
    const member = new Types.ObjectId(userId);
    const open = await this.work.openWorkOf(project._id, member);
    for (const [count, noun] of [[open.open_tasks, 'open task'], [open.open_goals, 'open goal']] as const) {
      if (count) throw conflict(`The user has ${count} ${noun}${count > 1 ? 's' : ''} in this project; reassign ${count > 1 ? 'them' : 'it'} first`);
    }
    await this.projects.updateOne({ _id: projectId }, { $pull: { team_member_ids: member } });
  }

  /**
   * For assignments (tasks, goals): being assigned work on a project puts the assignee on its
   * team, so they can see what they were given. Idempotent.
   */
  async ensureMember(projectId: string | Types.ObjectId, userId: string): Promise<void> {
    const member = new Types.ObjectId(userId);
    await this.projects.updateOne({ _id: projectId, user_id: { $ne: member } }, { $addToSet: { team_member_ids: member } });
  }
}
