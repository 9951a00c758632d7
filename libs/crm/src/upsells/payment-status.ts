import { conflict, forbidden } from '@app/common';
import { AuthUser } from '@app/auth';
import { isSupervisor } from '../shared/crm-roles';
import { UpsellPaymentStatus } from './upsell.schema';

/** pending → paid | failed, paid → refunded; failed and refunded are final (a retry is a new upsell). */
export const PAYMENT_TRANSITIONS: Readonly<Record<UpsellPaymentStatus, readonly UpsellPaymentStatus[]>> = {
  [UpsellPaymentStatus.Pending]: [UpsellPaymentStatus.Paid, UpsellPaymentStatus.Failed],
  [UpsellPaymentStatus.Paid]: [UpsellPaymentStatus.Refunded],
  [UpsellPaymentStatus.Failed]: [],
  [UpsellPaymentStatus.Refunded]: [],
};

export function allowedNextPaymentStatuses(from: UpsellPaymentStatus): readonly UpsellPaymentStatus[] {
  return PAYMENT_TRANSITIONS[from] ?? [];
}

/** 409 naming the allowed next states; staying in the same state is not a transition. */
export function assertPaymentTransition(from: UpsellPaymentStatus, to: UpsellPaymentStatus): void {
  if (from === to || allowedNextPaymentStatuses(from).includes(to)) return;
  const allowed = allowedNextPaymentStatuses(from);
  const hint = allowed.length ? `allowed next states: ${allowed.join(', ')}` : `${from} is final`;
  throw conflict(`Upsell payment_status cannot change from ${from} to ${to}; ${hint}`, [{ field: 'payment_status', message: hint, allowed: [...allowed] }]);
}

/** Timestamps a status change sets: paid stamps paid_at, refunded stamps refunded_at. */
export function paymentStamps(to: UpsellPaymentStatus, now: Date): { paid_at?: Date; refunded_at?: Date } {
  if (to === UpsellPaymentStatus.Paid) return { paid_at: now };
  if (to === UpsellPaymentStatus.Refunded) return { refunded_at: now };
  return {};
}

/** Money that was received stays on record: only pending or failed upsells change amount or go away. */
export function assertMoneyEditable(status: UpsellPaymentStatus, what: string): void {
  if (status === UpsellPaymentStatus.Paid || status === UpsellPaymentStatus.Refunded) {
    throw conflict(`A ${status} upsell's ${what} cannot change; ${status === UpsellPaymentStatus.Paid ? 'refund it and record a new upsell' : 'record a new upsell'}`);
  }
}

/** Refunds are for managers and admins (which upsells a sales user changes at all is Permission.UpsellUpdate). */
export function assertMayRefund(next: UpsellPaymentStatus | undefined, user: Pick<AuthUser, 'role'>): void {
  if (next === UpsellPaymentStatus.Refunded && !isSupervisor(user)) throw forbidden('Only managers and admins refund an upsell');
}
