import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, PipelineStage, Types } from 'mongoose';
import { badRequest } from '@app/common';
import { AccessPolicy, AuthUser, Permission, UserDirectory } from '@app/auth';
import { ProjectsService } from '@app/projects';
import { Task } from '../tasks/task.schema';
import { TimeReportGroup, TimeReportQueryDto } from './dto/time-report-query.dto';
import { TimeReportResponse, TimeReportRow } from './dto/time-report.response';

const DEFAULT_RANGE_DAYS = 30;

interface Group {
  _id: Types.ObjectId;
  minutes: number;
  entries: number;
  tasks: Types.ObjectId[];
  projects: Types.ObjectId[];
  users: Types.ObjectId[];
}

/** Time tracked per user or per project over a period, by when each entry started. */
@Injectable()
export class TimeReportsService {
  constructor(
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    private readonly people: UserDirectory,
    private readonly projects: ProjectsService,
    private readonly access: AccessPolicy,
  ) {}

  async timeTracked(query: TimeReportQueryDto, user: AuthUser): Promise<TimeReportResponse> {
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * 24 * 3600 * 1000);
    if (from.getTime() >= to.getTime()) {
      throw badRequest(`from (${from.toISOString()}) must be before to (${to.toISOString()})`, [{ field: 'from', message: 'must be before to' }]);
    }
    const group: TimeReportGroup = query.group ?? 'user';
    const entryMatch: Record<string, unknown> = { started_at: { $gte: from, $lt: to } };
    if (query.user_id) entryMatch.user_id = new Types.ObjectId(query.user_id);
    // The rule's scope comes last: staff other than managers and admins see their own time only, whatever they ask.
    Object.assign(entryMatch, await this.access.scopeFilter(user, Permission.TimeReportRead));
    const taskMatch: Record<string, unknown> = { time_entries: { $elemMatch: entryMatch } };
    if (query.project_id) taskMatch.project_id = new Types.ObjectId(query.project_id);

    const pipeline: PipelineStage[] = [
      { $match: taskMatch },
      { $unwind: '$time_entries' },
      { $match: Object.fromEntries(Object.entries(entryMatch).map(([key, value]) => [`time_entries.${key}`, value])) },
      {
        $group: {
          _id: group === 'user' ? '$time_entries.user_id' : '$project_id',
          minutes: { $sum: '$time_entries.minutes' },
          entries: { $sum: 1 },
          tasks: { $addToSet: '$_id' },
          projects: { $addToSet: '$project_id' },
          users: { $addToSet: '$time_entries.user_id' },
        },
      },
    ];
    const groups = await this.tasks.aggregate<Group>(pipeline);
    const names = await this.namesOf(group, groups.map((g) => g._id));
    const rows: TimeReportRow[] = groups
      .map((g) => ({
        id: g._id.toHexString(),
        name: names.get(g._id.toHexString()) ?? null,
        minutes: g.minutes,
        hours: Math.round((g.minutes / 60) * 100) / 100,
        entries: g.entries,
        tasks: g.tasks.length,
        projects: g.projects.length,
        users: g.users.length,
      }))
      .sort((a, b) => b.minutes - a.minutes || a.id.localeCompare(b.id));
    return {
      from,
      to,
      group,
      rows,
      total_minutes: rows.reduce((sum, row) => sum + row.minutes, 0),
      total_entries: rows.reduce((sum, row) => sum + row.entries, 0),
    };
  }

  /** One batched read of the names of the grouped users or projects. */
  private namesOf(group: TimeReportGroup, ids: Types.ObjectId[]): Promise<Map<string, string>> {
    return group === 'user' ? this.people.namesOf(ids) : this.projects.namesOf(ids);
  }
}
