import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { findPage, notFound, PageResponse } from '@app/common';
import { AccessPolicy, AuthUser, Permission } from '@app/auth';
import { ProjectDeletingEvent, ProjectEvent } from '../projects/project-events';
import { CreateProjectServiceDto } from './dto/create-project-service.dto';
import { PROJECT_SERVICE_LIST_SPEC, ProjectServiceQueryDto } from './dto/project-service-query.dto';
import { UpdateProjectServiceDto } from './dto/update-project-service.dto';
import { ProjectService } from './project-service.schema';

/** A lean project service (a mapped type, so it serializes through `toResponse`). */
export type ProjectServiceRecord = Pick<ProjectService, keyof ProjectService>;

/** Services delivered on a project; every read and write goes through the project's access rule. */
@Injectable()
export class ProjectServicesService {
  constructor(
    @InjectModel(ProjectService.name) private readonly services: Model<ProjectService>,
    private readonly access: AccessPolicy,
  ) {}

  async create(projectId: string, dto: CreateProjectServiceDto, user: AuthUser): Promise<ProjectServiceRecord> {
    const project = await this.access.requireAccess(user, Permission.ProjectRead, projectId);
    const created = await this.services.create({ ...dto, project_id: project._id });
    return created.toObject();
  }

  async list(projectId: string, query: ProjectServiceQueryDto, user: AuthUser): Promise<PageResponse> {
    const project = await this.access.requireAccess(user, Permission.ProjectRead, projectId);
    return findPage(this.services, query as ProjectServiceQueryDto & Record<string, unknown>, PROJECT_SERVICE_LIST_SPEC, { project_id: project._id });
  }

  async findOne(projectId: string, id: string, user: AuthUser): Promise<ProjectServiceRecord> {
    const project = await this.access.requireAccess(user, Permission.ProjectRead, projectId);
    const service = await this.services.findOne({ _id: id, project_id: project._id }).lean();
    if (!service) throw notFound('Project service');
    return service;
  }

  async update(projectId: string, id: string, dto: UpdateProjectServiceDto, user: AuthUser): Promise<ProjectServiceRecord> {
    const project = await this.access.requireAccess(user, Permission.ProjectRead, projectId);
    const service = await this.services
      .findOneAndUpdate({ _id: id, project_id: project._id }, { $set: dto }, { new: true, runValidators: true })
      .lean();
    if (!service) throw notFound('Project service');
    return service;
  }

  async remove(projectId: string, id: string, user: AuthUser): Promise<void> {
    const project = await this.access.requireAccess(user, Permission.ProjectRead, projectId);
    const result = await this.services.deleteOne({ _id: id, project_id: project._id });
    if (result.deletedCount === 0) throw notFound('Project service');
  }

  @OnEvent(ProjectEvent.Deleting, { suppressErrors: false })
  async onProjectDeleting(event: ProjectDeletingEvent): Promise<void> {
    await this.services.deleteMany({ project_id: new Types.ObjectId(event.project_id) });
  }
}
