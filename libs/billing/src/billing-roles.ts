import { Role } from '@app/auth';

/** Draft, issue, void, record payments and credit notes, quote: managers and admins. */
export const BILLING_WRITERS: Role[] = [Role.Admin, Role.Manager];
/** Read invoices and quotes: also sales users, for the customers they own (Permission.BillingRecordRead). */
export const BILLING_READERS: Role[] = [Role.Admin, Role.Manager, Role.Sales];
