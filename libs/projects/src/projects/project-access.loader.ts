import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { AccessLoader, AccessPolicy } from '@app/auth';
import { Project } from './project.schema';

/** What the policy loads of a project: enough for the rule, the scoped write and its notification. */
export type ProjectAccessView = Pick<Project, '_id' | 'name' | 'user_id' | 'team_member_ids' | 'customer_id' | 'status' | 'currency'>;

declare module '@app/auth' {
  interface AccessRecords {
    project: ProjectAccessView;
  }
}

const ACCESS_VIEW = { name: 1, user_id: 1, team_member_ids: 1, customer_id: 1, status: 1, currency: 1 };

/** Projects' rows for the access policy: a project belongs to its manager (`user_id`) and its team. */
@Injectable()
export class ProjectAccessLoader implements AccessLoader<ProjectAccessView>, OnModuleInit {
  readonly resource = 'project';
  readonly entity = 'Project';
  readonly fields = { owner: 'user_id', members: ['team_member_ids'] };

  constructor(
    @InjectModel(Project.name) private readonly projects: Model<Project>,
    private readonly policy: AccessPolicy,
  ) {}

  onModuleInit(): void {
    this.policy.register(this);
  }

  findOne(id: Types.ObjectId, scope: FilterQuery<Project>): Promise<ProjectAccessView | null> {
    return this.projects.findOne({ _id: id, ...scope }, ACCESS_VIEW).lean<ProjectAccessView>();
  }

  async findIds(scope: FilterQuery<Project>): Promise<Types.ObjectId[]> {
    const rows = await this.projects.find(scope, { _id: 1 }).lean<{ _id: Types.ObjectId }[]>();
    return rows.map((row) => row._id);
  }
}

/** Everyone who follows the project: manager and team, for notifications. */
export function projectMembers(project: Pick<Project, 'user_id' | 'team_member_ids'>): string[] {
  return [...new Set([String(project.user_id), ...project.team_member_ids.map(String)])];
}
