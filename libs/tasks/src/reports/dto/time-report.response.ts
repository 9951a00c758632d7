import { ApiProperty } from '@nestjs/swagger';
import { TIME_REPORT_GROUPS, TimeReportGroup } from './time-report-query.dto';

export class TimeReportRow {
  /** The user's or the project's id. */
  id: string;
  /** The user's full name or the project's name. */
  name: string | null;
  @ApiProperty({ type: 'integer' })
  minutes: number;
  /** minutes / 60, two decimals. */
  hours: number;
  @ApiProperty({ type: 'integer' })
  entries: number;
  /** Distinct tasks worked on. */
  @ApiProperty({ type: 'integer' })
  tasks: number;
  /** Distinct projects worked on. */
  @ApiProperty({ type: 'integer' })
  projects: number;
  /** Distinct users who tracked the time. */
  @ApiProperty({ type: 'integer' })
  users: number;
}

export class TimeReportResponse {
  from: Date;
  to: Date;
  @ApiProperty({ enum: TIME_REPORT_GROUPS })
  group: TimeReportGroup;
  /** Most minutes first. */
  rows: TimeReportRow[];
  @ApiProperty({ type: 'integer' })
  total_minutes: number;
  @ApiProperty({ type: 'integer' })
  total_entries: number;
}
