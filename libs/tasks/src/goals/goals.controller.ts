import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, PageResponse, ParseObjectIdPipe, toResponse, toResponseList } from '@app/common';
import { AnyRole, AuthUser, CurrentUser, Role, Roles, ApiKeyArea } from '@app/auth';
import { Audited } from '@app/audit';
import { CreateGoalDto } from './dto/create-goal.dto';
import { GoalQueryDto, GOAL_LIST_SPEC } from './dto/goal-query.dto';
import { GoalResponse } from './dto/goal.response';
import { UpdateGoalDto } from './dto/update-goal.dto';
import { GoalsService } from './goals.service';

/** Goals are read by everyone who sees the project; support, managers and admins change them. */
@ApiTags('goals')
@Audited('goal', 'Goal')
@ApiKeyArea('tasks')
@Controller()
export class GoalsController {
  constructor(private readonly goals: GoalsService) {}

  @Post('projects/:projectId/goals')
  @Roles(Role.Admin, Role.Manager, Role.Support)
  async create(@Param('projectId', ParseObjectIdPipe) projectId: string, @Body() dto: CreateGoalDto, @CurrentUser() user: AuthUser): Promise<GoalResponse> {
    return toResponse(GoalResponse, await this.goals.create(projectId, dto, user));
  }

  @Get('projects/:projectId/goals')
  @AnyRole()
  @ApiPageResponse(GoalResponse, GOAL_LIST_SPEC)
  async listForProject(
    @Param('projectId', ParseObjectIdPipe) projectId: string,
    @Query() query: GoalQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PageResponse<GoalResponse>> {
    const page = await this.goals.listForProject(projectId, query, user);
    return { ...page, data: toResponseList(GoalResponse, page.data as Record<string, unknown>[]) };
  }

  /** Goals of every project the caller may see. */
  @Get('goals')
  @AnyRole()
  @ApiPageResponse(GoalResponse, GOAL_LIST_SPEC)
  async list(@Query() query: GoalQueryDto, @CurrentUser() user: AuthUser): Promise<PageResponse<GoalResponse>> {
    const page = await this.goals.list(query, user);
    return { ...page, data: toResponseList(GoalResponse, page.data as Record<string, unknown>[]) };
  }

  @Get('goals/:id')
  @AnyRole()
  async get(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<GoalResponse> {
    return toResponse(GoalResponse, await this.goals.findOne(id, user));
  }

  @Patch('goals/:id')
  @Roles(Role.Admin, Role.Manager, Role.Support)
  async update(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: UpdateGoalDto, @CurrentUser() user: AuthUser): Promise<GoalResponse> {
    return toResponse(GoalResponse, await this.goals.update(id, dto, user));
  }

  /** Tasks under the goal are kept and detached from it. */
  @Delete('goals/:id')
  @Roles(Role.Admin, Role.Manager, Role.Support)
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.goals.remove(id, user);
  }
}
