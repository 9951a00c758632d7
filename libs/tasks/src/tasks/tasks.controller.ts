import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, PageResponse, ParseObjectIdPipe, toResponse, toResponseList, ApiErrors } from '@app/common';
import { AnyRole, AuthUser, CurrentUser, Role, Roles, ApiKeyArea } from '@app/auth';
import { Audited } from '@app/audit';
import { CreateTaskDto } from './dto/create-task.dto';
import { TaskQueryDto, TASK_LIST_SPEC } from './dto/task-query.dto';
import { TaskDetailResponse, TaskResponse } from './dto/task.response';
import { UpdateTaskDto } from './dto/update-task.dto';
import { TasksService } from './tasks.service';

const asPage = (page: PageResponse): PageResponse<TaskResponse> => ({ ...page, data: toResponseList(TaskResponse, page.data as Record<string, unknown>[]) });

/** Tasks are read by everyone who sees the project; tech users change only the tasks assigned to them. */
@ApiTags('tasks')
@Audited('task', 'Task')
@ApiKeyArea('tasks')
@Controller()
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Post('projects/:projectId/tasks')
  @Roles(Role.Admin, Role.Manager, Role.Support, Role.Tech)
  async create(@Param('projectId', ParseObjectIdPipe) projectId: string, @Body() dto: CreateTaskDto, @CurrentUser() user: AuthUser): Promise<TaskDetailResponse> {
    return toResponse(TaskDetailResponse, await this.tasks.create(projectId, dto, user));
  }

  @Get('projects/:projectId/tasks')
  @AnyRole()
  @ApiPageResponse(TaskResponse, TASK_LIST_SPEC)
  async listForProject(
    @Param('projectId', ParseObjectIdPipe) projectId: string,
    @Query() query: TaskQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PageResponse<TaskResponse>> {
    return asPage(await this.tasks.listForProject(projectId, query, user));
  }

  /** Tasks of every project the caller may see. */
  @Get('tasks')
  @AnyRole()
  @ApiPageResponse(TaskResponse, TASK_LIST_SPEC)
  async list(@Query() query: TaskQueryDto, @CurrentUser() user: AuthUser): Promise<PageResponse<TaskResponse>> {
    return asPage(await this.tasks.list(query, user));
  }

  /** Tasks assigned to the caller. */
  @Get('tasks/mine')
  @AnyRole()
  @ApiPageResponse(TaskResponse, TASK_LIST_SPEC)
  async mine(@Query() query: TaskQueryDto, @CurrentUser() user: AuthUser): Promise<PageResponse<TaskResponse>> {
    return asPage(await this.tasks.mine(query, user));
  }

  @Get('tasks/:id')
  @AnyRole()
  async get(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<TaskDetailResponse> {
    return toResponse(TaskDetailResponse, await this.tasks.findOne(id, user));
  }

  @Patch('tasks/:id')
  @ApiErrors({ 409: 'The task\'s status changed meanwhile' })
  @Roles(Role.Admin, Role.Manager, Role.Support, Role.Tech)
  async update(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: UpdateTaskDto, @CurrentUser() user: AuthUser): Promise<TaskResponse> {
    return toResponse(TaskResponse, await this.tasks.update(id, dto, user));
  }

  @Delete('tasks/:id')
  @Roles(Role.Admin, Role.Manager, Role.Support)
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.tasks.remove(id, user);
  }
}
