import { ApiException } from '@app/common';
import { LeadStatus } from './lead.schema';
import { allowedNextStatuses, assertConvertible, assertLeadTransition, assertLostReason, canTransition, OPEN_LEAD_STATUSES } from './lead-status';

const S = LeadStatus;

describe('lead status pipeline', () => {
  it('moves one stage forward at a time: new → contacted → qualified → proposal → negotiation → won', () => {
    const path = [S.New, S.Contacted, S.Qualified, S.Proposal, S.Negotiation, S.Won];
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1], path[i])).toBe(true);
  });

  it('reaches lost from every open state', () => {
    expect(OPEN_LEAD_STATUSES).toEqual([S.New, S.Contacted, S.Qualified, S.Proposal, S.Negotiation]);
    for (const status of OPEN_LEAD_STATUSES) expect(canTransition(status, S.Lost)).toBe(true);
  });

  it('treats won and lost as final', () => {
    expect(allowedNextStatuses(S.Won)).toEqual([]);
    expect(allowedNextStatuses(S.Lost)).toEqual([]);
    expect(canTransition(S.Lost, S.New)).toBe(false);
  });

  it('refuses skipping a stage or going back with 409 listing the allowed next states', () => {
    const attempt = () => assertLeadTransition(S.New, S.Proposal);
    expect(attempt).toThrow(ApiException);
    try {
      attempt();
    } catch (error) {
      const exception = error as ApiException;
      expect(exception.getStatus()).toBe(409);
      expect(exception.message).toBe('Lead status cannot change from new to proposal; allowed next states: contacted, lost');
      expect(exception.details).toEqual([{ field: 'status', message: 'allowed next states: contacted, lost', allowed: ['contacted', 'lost'] }]);
    }
    expect(() => assertLeadTransition(S.Qualified, S.Contacted)).toThrow('allowed next states: proposal, lost');
    expect(() => assertLeadTransition(S.Won, S.Lost)).toThrow('won is final');
    expect(() => assertLeadTransition(S.Proposal, S.Proposal)).not.toThrow();
  });

  it('requires a lost reason exactly when the lead is lost', () => {
    expect(() => assertLostReason(S.Lost, null)).toThrow('lost_reason is required when status is lost');
    expect(() => assertLostReason(S.Lost, '   ')).toThrow('lost_reason is required');
    expect(() => assertLostReason(S.Lost, 'Chose a competitor')).not.toThrow();
    expect(() => assertLostReason(S.Qualified, 'Chose a competitor')).toThrow('can only be set on a lost lead');
    expect(() => assertLostReason(S.Qualified, null)).not.toThrow();
  });

  it('converts only a lead in negotiation or won, naming the way forward otherwise', () => {
    expect(() => assertConvertible(S.Negotiation)).not.toThrow();
    expect(() => assertConvertible(S.Won)).not.toThrow();
    expect(() => assertConvertible(S.Qualified)).toThrow('Only a lead in negotiation or won can be converted; this lead is qualified: move it along the pipeline first (allowed next states: proposal, lost)');
    expect(() => assertConvertible(S.Lost)).toThrow('lost is final');
    try {
      assertConvertible(S.New);
    } catch (error) {
      expect((error as ApiException).getStatus()).toBe(409);
    }
  });
});
