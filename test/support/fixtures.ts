import { ObjectId } from 'mongodb';

/** A recurring-billing project as stored (monthly, 499 USD), due on `nextBillingDate`: the jobs' and faults' fixture. */
export function recurringProjectDocument(nextBillingDate: Date, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const created = new Date('2026-01-01T00:00:00Z');
  return {
    _id: new ObjectId(),
    name: 'SEO retainer',
    customer_id: new ObjectId(),
    user_id: new ObjectId(),
    team_member_ids: [],
    status: 'active',
    priority: 'medium',
    start_date: created,
    currency: 'USD',
    budget: 10000,
    amount_paid: 0,
    billing_type: 'recurring',
    recurring_plan: { interval: 'monthly', amount: 499, next_billing_date: nextBillingDate, anchor_day: nextBillingDate.getUTCDate() },
    billing_history: [],
    created_at: created,
    updated_at: created,
    ...overrides,
  };
}
