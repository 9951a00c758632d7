import { ApiProperty } from '@nestjs/swagger';
import { TIME_REPORT_GROUPS, TimeReportGroup } from './time-report-query.dto';

export class TimeReportRow {
  /** The user's or the project's id. */
  id: string;
  /** The user's full name or the project's name. */
  name: string | null;
  minutes: number;
  /** minutes / 60, two decimals. */
  hours: number;
  entries: number;
  /** Distinct tasks worked on. */
  tasks: number;
  /** Distinct projects worked on. */
  projects: number;
  /** Distinct users who tracked the time. */
  users: number;
}

export class TimeReportResponse {
  from: Date;
  to: Date;
  @ApiProperty({ enum: TIME_REPORT_GROUPS })
  group: TimeReportGroup;
  /** Most minutes first. */
  rows: TimeReportRow[];
  total_minutes: number;
  total_entries: number;
}
