import { ApiProperty } from '@nestjs/swagger';
export class DirectoryConversionTotals {
  /** Prospects in the directory (assigned to the agent). */
  @ApiProperty({ type: 'integer' })
  prospects: number;
  /** Prospects reached: status contacted, converted or not_interested. */
  @ApiProperty({ type: 'integer' })
  contacted: number;
  /** Prospects converted to a lead. */
  @ApiProperty({ type: 'integer' })
  converted: number;
  @ApiProperty({ type: 'integer' })
  not_interested: number;
  /** converted ÷ contacted (0–1, four decimals); 0 when nobody was contacted. */
  conversion_rate: number;
}

export class DirectoryConversionAgentRow extends DirectoryConversionTotals {
  /** Null for unassigned prospects. */
  agent_id: string | null;
  /** "First Last"; null for unassigned prospects. */
  agent_name: string | null;
}

export class DirectoryConversionsReportResponse {
  /** Most conversions first, then highest rate; unassigned last. */
  by_agent: DirectoryConversionAgentRow[];
  totals: DirectoryConversionTotals;
}
