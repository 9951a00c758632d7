import { conflict, fieldError } from '@app/common';
import { LeadStatus } from './lead.schema';

/**
 * The sales pipeline: each stage moves one step forward, `lost` is reachable from every open
 * stage, and `won` / `lost` are final (a revived deal is a new lead).
 */
export const LEAD_TRANSITIONS: Readonly<Record<LeadStatus, readonly LeadStatus[]>> = {
  [LeadStatus.New]: [LeadStatus.Contacted, LeadStatus.Lost],
  [LeadStatus.Contacted]: [LeadStatus.Qualified, LeadStatus.Lost],
  [LeadStatus.Qualified]: [LeadStatus.Proposal, LeadStatus.Lost],
  [LeadStatus.Proposal]: [LeadStatus.Negotiation, LeadStatus.Lost],
  [LeadStatus.Negotiation]: [LeadStatus.Won, LeadStatus.Lost],
  [LeadStatus.Won]: [],
  [LeadStatus.Lost]: [],
};

export const OPEN_LEAD_STATUSES: readonly LeadStatus[] = Object.values(LeadStatus).filter((status) => LEAD_TRANSITIONS[status].length > 0);

export function allowedNextStatuses(from: LeadStatus): readonly LeadStatus[] {
  return LEAD_TRANSITIONS[from] ?? [];
}

export function canTransition(from: LeadStatus, to: LeadStatus): boolean {
  return from === to || allowedNextStatuses(from).includes(to);
}

/** 409 naming the allowed next states; staying in the same state is not a transition. */
export function assertLeadTransition(from: LeadStatus, to: LeadStatus): void {
  if (canTransition(from, to)) return;
  const allowed = allowedNextStatuses(from);
  const hint = allowed.length ? `allowed next states: ${allowed.join(', ')}` : `${from} is final`;
  throw conflict(`Lead status cannot change from ${from} to ${to}; ${hint}`, [{ field: 'status', message: hint, allowed: [...allowed] }]);
}

/** A lost lead says why; a lead that is not lost has no lost reason. */
export function assertLostReason(status: LeadStatus, lostReason: string | null | undefined): void {
  const hasReason = typeof lostReason === 'string' && lostReason.trim().length > 0;
  if (status === LeadStatus.Lost && !hasReason) throw fieldError('lost_reason', 'is required when status is lost (say why the deal was lost)');
  if (status !== LeadStatus.Lost && hasReason) throw fieldError('lost_reason', `can only be set on a lost lead (status is ${status})`);
}

/** Conversion closes the deal: only a lead in negotiation (it becomes won) or already won converts. */
export const CONVERTIBLE_LEAD_STATUSES: readonly LeadStatus[] = [LeadStatus.Negotiation, LeadStatus.Won];

export function assertConvertible(status: LeadStatus): void {
  if (CONVERTIBLE_LEAD_STATUSES.includes(status)) return;
  const allowed = allowedNextStatuses(status);
  const hint = allowed.length ? `move it along the pipeline first (allowed next states: ${allowed.join(', ')})` : `${status} is final`;
  throw conflict(`Only a lead in negotiation or won can be converted; this lead is ${status}: ${hint}`, [{ field: 'status', message: hint, allowed: [...allowed] }]);
}
