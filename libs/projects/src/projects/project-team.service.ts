import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { Connection, Model, Types } from 'mongoose';
import { conflict, fieldError, notFound } from '@app/common';
import { User } from '@app/auth';
import { Project } from './project.schema';

/** Collections of @app/tasks read (never written) to keep a member with open work on the team. */
const OPEN_WORK = [
  { collection: 'tasks', field: 'tech_employee_id', open: { status: { $ne: 'done' } }, noun: 'open task' },
  { collection: 'goals', field: 'support_employee_id', open: { status: { $in: ['open', 'in_progress'] } }, noun: 'open goal' },
];

/** Who is on a project: validating members, adding and removing them. */
@Injectable()
export class ProjectTeamService {
  constructor(
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  /** Throws 400 naming the ids that are not active users. */
  async assertActiveUsers(ids: string[], field: string): Promise<void> {
    const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
    if (!unique.length) return;
    const found = await this.connection
      .model<User>(User.name)
      .find({ _id: { $in: unique }, is_active: true }, { _id: 1 })
      .lean<{ _id: Types.ObjectId }[]>();
    const known = new Set(found.map((user) => user._id.toHexString()));
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
    for (const work of OPEN_WORK) {
      const count = await this.connection.collection(work.collection).countDocuments({ project_id: project._id, [work.field]: member, ...work.open });
      if (count) throw conflict(`The user has ${count} ${work.noun}${count > 1 ? 's' : ''} in this project; reassign ${count > 1 ? 'them' : 'it'} first`);
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
