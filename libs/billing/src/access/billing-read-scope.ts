import { Types } from 'mongoose';
import { AccessPolicy, AuthUser, Permission } from '@app/auth';

/**
 * The filter a billing list (invoices, quotes) starts from: records of the customers the caller
 * may read them for (Permission.BillingRecordRead; deleted customers included, their invoices stay readable).
 */
export async function billingReadScope(access: AccessPolicy, user: AuthUser): Promise<{ customer_id?: { $in: Types.ObjectId[] } }> {
  const customers = await access.accessibleIds(user, Permission.BillingRecordRead, { withDeleted: true });
  return customers === 'all' ? {} : { customer_id: { $in: customers } };
}
