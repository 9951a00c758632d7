import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, PageResponse, ParseObjectIdPipe, toResponse, toResponseList, ApiListQuery, ApiErrors } from '@app/common';
import { AnyRole, AuthUser, CurrentUser, Role, Roles, ApiKeyArea } from '@app/auth';
import { Audited } from '@app/audit';
import { CreateProjectDto } from './dto/create-project.dto';
import { ProjectDetailResponse, ProjectResponse } from './dto/project.response';
import { ProjectPopulateQueryDto, ProjectQueryDto, PROJECT_LIST_SPEC } from './dto/project-query.dto';
import { AddTeamMemberDto } from './dto/team-member.dto';
import { UpdateProjectDto } from './dto/update-project.dto';
import { PROJECT_CREATOR_ROLES } from './project-rules';
import { ProjectsService } from './projects.service';

/** Projects are visible to their manager and team, and to every manager and admin (others get 404). */
@ApiTags('projects')
@Audited('project', 'Project')
@ApiKeyArea('projects')
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  @Roles(...PROJECT_CREATOR_ROLES)
  async create(@Body() dto: CreateProjectDto, @CurrentUser() user: AuthUser): Promise<ProjectDetailResponse> {
    return toResponse(ProjectDetailResponse, await this.projects.create(dto, user));
  }

  /** Filters: status, priority, customer_id, user_id, team_member_id, billing_type; `?populate=customer,manager,team`. */
  @Get()
  @AnyRole()
  @ApiPageResponse(ProjectResponse, PROJECT_LIST_SPEC)
  async list(@Query() query: ProjectQueryDto, @CurrentUser() user: AuthUser): Promise<PageResponse<ProjectResponse>> {
    const page = await this.projects.list(query, user);
    return { ...page, data: toResponseList(ProjectResponse, page.data) };
  }

  @Get(':id')
  @AnyRole()
  @ApiListQuery(PROJECT_LIST_SPEC)
  async get(
    @Param('id', ParseObjectIdPipe) id: string,
    @Query() query: ProjectPopulateQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<ProjectDetailResponse> {
    return toResponse(ProjectDetailResponse, await this.projects.findOne(id, user, query.populate));
  }

  /** Status changes follow the project lifecycle and notify the team. */
  @Patch(':id')
  @ApiErrors({ 409: 'An illegal status transition (`details[0].allowed` lists the allowed next statuses), or the status changed meanwhile' })
  @Roles(Role.Admin, Role.Manager)
  async update(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: UpdateProjectDto, @CurrentUser() user: AuthUser): Promise<ProjectDetailResponse> {
    return toResponse(ProjectDetailResponse, await this.projects.update(id, dto, user));
  }

  /** Also deletes the project's goals, tasks and services; 409 when it has billed periods or upsells. */
  @Delete(':id')
  @ApiErrors({ 409: 'The project has billed periods or upsells: cancel it instead' })
  @Roles(Role.Admin, Role.Manager)
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.projects.remove(id, user);
  }

  @Post(':id/team')
  @Roles(Role.Admin, Role.Manager)
  @HttpCode(HttpStatus.OK)
  async addTeamMember(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: AddTeamMemberDto, @CurrentUser() user: AuthUser): Promise<ProjectDetailResponse> {
    return toResponse(ProjectDetailResponse, await this.projects.addTeamMember(id, dto.user_id, user));
  }

  /** 409 while the member has open tasks or goals in the project. */
  @Delete(':id/team/:userId')
  @ApiErrors({ 409: 'The member has open tasks or goals in the project' })
  @Roles(Role.Admin, Role.Manager)
  async removeTeamMember(
    @Param('id', ParseObjectIdPipe) id: string,
    @Param('userId', ParseObjectIdPipe) userId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<ProjectDetailResponse> {
    return toResponse(ProjectDetailResponse, await this.projects.removeTeamMember(id, userId, user));
  }
}
