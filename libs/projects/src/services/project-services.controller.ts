import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, PageResponse, ParseObjectIdPipe, toResponse, toResponseList } from '@app/common';
import { AnyRole, AuthUser, CurrentUser, Role, Roles, ApiKeyArea } from '@app/auth';
import { Audited } from '@app/audit';
import { CreateProjectServiceDto } from './dto/create-project-service.dto';
import { ProjectServiceQueryDto, PROJECT_SERVICE_LIST_SPEC } from './dto/project-service-query.dto';
import { ProjectServiceResponse } from './dto/project-service.response';
import { UpdateProjectServiceDto } from './dto/update-project-service.dto';
import { ProjectServicesService } from './project-services.service';

/** Services of a project: everyone who sees the project reads them; admins and managers change them. */
@ApiTags('project services')
@Audited('project_service', 'ProjectService')
@ApiKeyArea('projects')
@Controller('projects/:projectId/services')
export class ProjectServicesController {
  constructor(private readonly services: ProjectServicesService) {}

  @Post()
  @Roles(Role.Admin, Role.Manager)
  async create(
    @Param('projectId', ParseObjectIdPipe) projectId: string,
    @Body() dto: CreateProjectServiceDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ProjectServiceResponse> {
    return toResponse(ProjectServiceResponse, await this.services.create(projectId, dto, user));
  }

  @Get()
  @AnyRole()
  @ApiPageResponse(ProjectServiceResponse, PROJECT_SERVICE_LIST_SPEC)
  async list(
    @Param('projectId', ParseObjectIdPipe) projectId: string,
    @Query() query: ProjectServiceQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PageResponse<ProjectServiceResponse>> {
    const page = await this.services.list(projectId, query, user);
    return { ...page, data: toResponseList(ProjectServiceResponse, page.data as Record<string, unknown>[]) };
  }

  @Get(':id')
  @AnyRole()
  async get(
    @Param('projectId', ParseObjectIdPipe) projectId: string,
    @Param('id', ParseObjectIdPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<ProjectServiceResponse> {
    return toResponse(ProjectServiceResponse, await this.services.findOne(projectId, id, user));
  }

  @Patch(':id')
  @Roles(Role.Admin, Role.Manager)
  async update(
    @Param('projectId', ParseObjectIdPipe) projectId: string,
    @Param('id', ParseObjectIdPipe) id: string,
    @Body() dto: UpdateProjectServiceDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ProjectServiceResponse> {
    return toResponse(ProjectServiceResponse, await this.services.update(projectId, id, dto, user));
  }

  @Delete(':id')
  @Roles(Role.Admin, Role.Manager)
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(
    @Param('projectId', ParseObjectIdPipe) projectId: string,
    @Param('id', ParseObjectIdPipe) id: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.services.remove(projectId, id, user);
  }
}
