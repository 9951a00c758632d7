import { ApiProperty } from '@nestjs/swagger';
import { LeadStatus } from '../../leads/lead.schema';

export class PipelineStatusRow {
  status: LeadStatus;
  @ApiProperty({ type: 'integer' })
  count: number;
  /** Sum of estimated_value (missing values count as 0). */
  estimated_value: number;
}

export class PipelineAgentRow {
  /** Null for unassigned leads. */
  agent_id: string | null;
  /** "First Last"; null for unassigned leads. */
  agent_name: string | null;
  @ApiProperty({ type: 'integer' })
  count: number;
  estimated_value: number;
  /** Every status in pipeline order. */
  by_status: PipelineStatusRow[];
}

export class PipelineTotals {
  @ApiProperty({ type: 'integer' })
  count: number;
  estimated_value: number;
}

export class SalesPipelineReportResponse {
  /** Every status in pipeline order (new → won, lost), zeros included. */
  by_status: PipelineStatusRow[];
  /** Highest estimated value first; unassigned leads last. */
  by_agent: PipelineAgentRow[];
  totals: PipelineTotals;
}
