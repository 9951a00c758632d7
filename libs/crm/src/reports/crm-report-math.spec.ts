import { LeadStatus } from '../leads/lead.schema';
import { conversionRate, summarizePipeline } from './crm-report-math';

describe('sales pipeline summary', () => {
  const names = new Map([
    ['a1', 'Ann Agent'],
    ['b2', 'Bob Broker'],
  ]);
  const summary = summarizePipeline(
    [
      { agent_id: 'a1', status: LeadStatus.New, count: 2, estimated_value: 100.1 },
      { agent_id: 'a1', status: LeadStatus.Won, count: 1, estimated_value: 0.2 },
      { agent_id: 'b2', status: LeadStatus.New, count: 1, estimated_value: 500 },
      { agent_id: null, status: LeadStatus.Lost, count: 3, estimated_value: 1000 },
    ],
    names,
  );

  it('lists every status in pipeline order with zeros', () => {
    expect(summary.by_status.map((row) => row.status)).toEqual(['new', 'contacted', 'qualified', 'proposal', 'negotiation', 'won', 'lost']);
    expect(summary.by_status[0]).toEqual({ status: 'new', count: 3, estimated_value: 600.1 });
    expect(summary.by_status[1]).toEqual({ status: 'contacted', count: 0, estimated_value: 0 });
    expect(summary.by_status[6]).toEqual({ status: 'lost', count: 3, estimated_value: 1000 });
  });

  it('groups by agent, highest value first, unassigned last, money rounded to cents', () => {
    expect(summary.by_agent.map((row) => [row.agent_id, row.agent_name, row.count, row.estimated_value])).toEqual([
      ['b2', 'Bob Broker', 1, 500],
      ['a1', 'Ann Agent', 3, 100.3],
      [null, null, 3, 1000],
    ]);
    expect(summary.by_agent[1].by_status.find((row) => row.status === 'won')).toEqual({ status: 'won', count: 1, estimated_value: 0.2 });
    expect(summary.totals).toEqual({ count: 7, estimated_value: 1600.3 });
  });

  it('is all zeros for no leads', () => {
    expect(summarizePipeline([], names)).toMatchObject({ by_agent: [], totals: { count: 0, estimated_value: 0 } });
  });
});

describe('conversion rate', () => {
  it('is converted over contacted with four decimals, 0 without contacts', () => {
    expect(conversionRate(1, 3)).toBe(0.3333);
    expect(conversionRate(2, 2)).toBe(1);
    expect(conversionRate(0, 0)).toBe(0);
  });
});
