import { LeadStatus } from '../leads/lead.schema';
import { roundMoney } from '../shared/transforms';

export interface PipelineGroup {
  agent_id: string | null;
  status: LeadStatus;
  count: number;
  estimated_value: number;
}

export interface PipelineCell {
  status: LeadStatus;
  count: number;
  estimated_value: number;
}

export interface PipelineAgent {
  agent_id: string | null;
  agent_name: string | null;
  count: number;
  estimated_value: number;
  by_status: PipelineCell[];
}

export interface PipelineSummary {
  by_status: PipelineCell[];
  by_agent: PipelineAgent[];
  totals: { count: number; estimated_value: number };
}

const PIPELINE_ORDER = Object.values(LeadStatus);

/** Every status in pipeline order, zeros included, from (status, count, value) groups. */
function byStatus(groups: PipelineGroup[]): PipelineCell[] {
  return PIPELINE_ORDER.map((status) => {
    const rows = groups.filter((group) => group.status === status);
    return { status, count: sum(rows, 'count'), estimated_value: roundMoney(sum(rows, 'estimated_value')) };
  });
}

const sum = <K extends 'count' | 'estimated_value'>(rows: Pick<PipelineGroup, K>[], key: K): number => rows.reduce((total, row) => total + row[key], 0);

/**
 * The sales pipeline from (agent, status) groups: by status, by agent (highest estimated value
 * first, unassigned last) and totals. Money is rounded to cents after summing.
 */
export function summarizePipeline(groups: PipelineGroup[], names: Map<string, string>): PipelineSummary {
  const agents = [...new Set(groups.map((group) => group.agent_id))];
  const byAgent = agents.map((agentId) => {
    const rows = groups.filter((group) => group.agent_id === agentId);
    return {
      agent_id: agentId,
      agent_name: agentId ? (names.get(agentId) ?? null) : null,
      count: sum(rows, 'count'),
      estimated_value: roundMoney(sum(rows, 'estimated_value')),
      by_status: byStatus(rows),
    };
  });
  byAgent.sort(
    (a, b) =>
      Number(a.agent_id === null) - Number(b.agent_id === null) ||
      b.estimated_value - a.estimated_value ||
      (a.agent_name ?? '').localeCompare(b.agent_name ?? '') ||
      String(a.agent_id).localeCompare(String(b.agent_id)),
  );
  return { by_status: byStatus(groups), by_agent: byAgent, totals: { count: sum(groups, 'count'), estimated_value: roundMoney(sum(groups, 'estimated_value')) } };
}

/** Converted ÷ contacted, as a fraction with four decimals; 0 when nobody was contacted. */
export function conversionRate(converted: number, contacted: number): number {
  return contacted > 0 ? Math.round((converted / contacted) * 10000) / 10000 : 0;
}
