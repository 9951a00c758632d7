import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ParseObjectIdPipe, toResponse, ApiErrors } from '@app/common';
import { AuthUser, CurrentUser, Role, Roles, ApiKeyArea } from '@app/auth';
import { Audited } from '@app/audit';
import { CreateTimeEntryDto, StartTimerDto } from './dto/time-entry.dto';
import { TimeEntryResponse } from '../tasks/dto/task.response';
import { CurrentTimerResponse, RunningTimerResponse, TaskTimeResponse } from './dto/time-tracking.response';
import { TimeTrackingService, TrackedTime } from './time-tracking.service';

const TRACKERS = [Role.Admin, Role.Manager, Role.Support, Role.Tech];
const asTaskTime = (tracked: TrackedTime): TaskTimeResponse =>
  toResponse(TaskTimeResponse, { ...tracked, entry: toResponse(TimeEntryResponse, tracked.entry as unknown as Record<string, unknown>) });

/** Start/stop timers (one running per user across all tasks) and manual time entries. */
@ApiTags('time tracking')
@Audited('task', 'Task')
@ApiKeyArea('tasks')
@Controller('tasks')
export class TimeTrackingController {
  constructor(private readonly time: TimeTrackingService) {}

  /** The caller's running timer, if any. */
  @Get('timer')
  @Roles(...TRACKERS)
  async current(@CurrentUser() user: AuthUser): Promise<CurrentTimerResponse> {
    const timer = await this.time.current(user);
    return { timer: timer && toResponse(RunningTimerResponse, timer as unknown as Record<string, unknown>) };
  }

  /** 409 naming the task when the caller already has a timer running. */
  @Post(':id/timer/start')
  @ApiErrors({ 409: 'A timer already runs, or the task is done' })
  @Roles(...TRACKERS)
  async start(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: StartTimerDto, @CurrentUser() user: AuthUser): Promise<RunningTimerResponse> {
    return toResponse(RunningTimerResponse, (await this.time.start(id, user, dto.note, dto.billable)) as unknown as Record<string, unknown>);
  }

  /** Adds the elapsed whole minutes (rounded down) to the task. */
  @Post(':id/timer/stop')
  @ApiErrors({ 409: 'No timer runs, or it runs on another task' })
  @Roles(...TRACKERS)
  @HttpCode(HttpStatus.OK)
  async stop(@Param('id', ParseObjectIdPipe) id: string, @CurrentUser() user: AuthUser): Promise<TaskTimeResponse> {
    return asTaskTime(await this.time.stop(id, user));
  }

  /** A manual entry: not in the future, no overlap with the caller's other entries on any task (409). */
  @Post(':id/time-entries')
  @ApiErrors({ 409: 'The entry overlaps tracked time or the running timer, or the task is done' })
  @Roles(...TRACKERS)
  async addEntry(@Param('id', ParseObjectIdPipe) id: string, @Body() dto: CreateTimeEntryDto, @CurrentUser() user: AuthUser): Promise<TaskTimeResponse> {
    return asTaskTime(await this.time.addManual(id, dto, user));
  }

  @Delete(':id/time-entries/:entryId')
  @Roles(...TRACKERS)
  @HttpCode(HttpStatus.NO_CONTENT)
  async removeEntry(
    @Param('id', ParseObjectIdPipe) id: string,
    @Param('entryId', ParseObjectIdPipe) entryId: string,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    await this.time.removeEntry(id, entryId, user);
  }
}
