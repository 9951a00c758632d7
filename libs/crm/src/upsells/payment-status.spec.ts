import { ApiException } from '@app/common';
import { AuthUser, Role } from '@app/auth';
import { allowedNextPaymentStatuses, assertMayRefund, assertMoneyEditable, assertPaymentTransition, paymentStamps } from './payment-status';
import { UpsellPaymentStatus as S } from './upsell.schema';

const user = (role: Role, id = 'u1'): AuthUser => ({ id, role, email: 'x@example.com', department: null }) as unknown as AuthUser;
const statusOf = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (error) {
    return (error as ApiException).getStatus();
  }
};

describe('upsell payment status', () => {
  it('moves pending to paid or failed, paid to refunded, and nothing else', () => {
    expect(allowedNextPaymentStatuses(S.Pending)).toEqual([S.Paid, S.Failed]);
    expect(allowedNextPaymentStatuses(S.Paid)).toEqual([S.Refunded]);
    expect(allowedNextPaymentStatuses(S.Failed)).toEqual([]);
    expect(allowedNextPaymentStatuses(S.Refunded)).toEqual([]);
    expect(() => assertPaymentTransition(S.Pending, S.Paid)).not.toThrow();
    expect(() => assertPaymentTransition(S.Paid, S.Paid)).not.toThrow();
  });

  it('refuses an illegal jump with 409 naming the allowed next states', () => {
    expect(() => assertPaymentTransition(S.Pending, S.Refunded)).toThrow('Upsell payment_status cannot change from pending to refunded; allowed next states: paid, failed');
    expect(statusOf(() => assertPaymentTransition(S.Paid, S.Pending))).toBe(409);
    expect(() => assertPaymentTransition(S.Failed, S.Paid)).toThrow(/failed is final/);
  });

  it('stamps paid_at on paid and refunded_at on refunded', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    expect(paymentStamps(S.Paid, now)).toEqual({ paid_at: now });
    expect(paymentStamps(S.Refunded, now)).toEqual({ refunded_at: now });
    expect(paymentStamps(S.Failed, now)).toEqual({});
  });

  it('keeps the amount of paid and refunded upsells', () => {
    expect(statusOf(() => assertMoneyEditable(S.Paid, 'amount'))).toBe(409);
    expect(statusOf(() => assertMoneyEditable(S.Refunded, 'amount'))).toBe(409);
    expect(statusOf(() => assertMoneyEditable(S.Pending, 'amount'))).toBeNull();
  });

  // Which upsells a sales user changes at all is Permission.UpsellUpdate (libs/auth/src/access/access-policy.spec.ts).
  it('lets only managers and admins refund', () => {
    expect(statusOf(() => assertMayRefund(S.Paid, user(Role.Sales)))).toBeNull();
    expect(statusOf(() => assertMayRefund(S.Refunded, user(Role.Sales)))).toBe(403);
    expect(statusOf(() => assertMayRefund(S.Refunded, user(Role.Manager)))).toBeNull();
  });
});
