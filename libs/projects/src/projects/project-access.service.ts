import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { notFound } from '@app/common';
import { AuthUser, Role } from '@app/auth';
import { Project } from './project.schema';

/** Roles that see every project. */
const SEES_ALL_PROJECTS: Role[] = [Role.Admin, Role.Manager];

export type ProjectAccessView = Pick<Project, '_id' | 'name' | 'user_id' | 'team_member_ids' | 'customer_id' | 'status' | 'currency'>;

/**
 * The one rule for project-scoped data (the project, its goals, tasks, files, messages):
 * admins and managers see every project; anyone else only projects they manage or are on the
 * team of. Others get 404, so a project's existence is not disclosed.
 */
@Injectable()
export class ProjectAccessService {
  constructor(@InjectModel(Project.name) private readonly projects: Model<Project>) {}

  /** Mongo filter on the projects collection limiting it to what `user` may see. */
  visibilityFilter(user: AuthUser): FilterQuery<Project> {
    if (SEES_ALL_PROJECTS.includes(user.role)) return {};
    const me = new Types.ObjectId(user.id);
    return { $or: [{ user_id: me }, { team_member_ids: me }] };
  }

  canView(project: Pick<Project, 'user_id' | 'team_member_ids'>, user: AuthUser): boolean {
    return (
      SEES_ALL_PROJECTS.includes(user.role) ||
      String(project.user_id) === user.id ||
      project.team_member_ids.some((member) => String(member) === user.id)
    );
  }

  /** The project if `user` may see it; 404 otherwise (missing or not theirs). */
  async findVisible(projectId: string | Types.ObjectId, user: AuthUser): Promise<ProjectAccessView> {
    const project = Types.ObjectId.isValid(String(projectId))
      ? await this.projects
          .findById(projectId, { name: 1, user_id: 1, team_member_ids: 1, customer_id: 1, status: 1, currency: 1 })
          .lean<ProjectAccessView>()
      : null;
    if (!project || !this.canView(project, user)) throw notFound('Project');
    return project;
  }

  /** Ids of the projects `user` may see, for filtering project-scoped lists. */
  async visibleProjectIds(user: AuthUser): Promise<Types.ObjectId[] | 'all'> {
    if (SEES_ALL_PROJECTS.includes(user.role)) return 'all';
    const rows = await this.projects.find(this.visibilityFilter(user), { _id: 1 }).lean<{ _id: Types.ObjectId }[]>();
    return rows.map((row) => row._id);
  }

  /** Everyone who follows the project: manager and team, for notifications. */
  members(project: Pick<Project, 'user_id' | 'team_member_ids'>): string[] {
    return [...new Set([String(project.user_id), ...project.team_member_ids.map(String)])];
  }
}
