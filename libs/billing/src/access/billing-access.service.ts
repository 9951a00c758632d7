import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { notFound } from '@app/common';
import { AuthUser } from '@app/auth';
import { CustomersService } from '@app/crm';

type CustomerScoped = { customer_id: Types.ObjectId };

/**
 * Billing's one row-level rule: invoices, quotes, payments and credit notes are read under their
 * customer's ownership rule (crm's `ownsCustomer`): managers and admins read all, sales users those
 * of customers they own — anything else is a 404, so its existence is not disclosed. Who may
 * write is the roles decorator's (managers and admins only).
 */
@Injectable()
export class BillingAccess {
  constructor(private readonly customers: CustomersService) {}

  /** The filter a billing list starts from. */
  async readScope(user: AuthUser): Promise<{ customer_id?: { $in: Types.ObjectId[] } }> {
    const owned = await this.customers.ownedCustomerIds(user);
    return owned === 'all' ? {} : { customer_id: { $in: owned } };
  }

  /** The record, or the 404 its route answers to someone who may not read it. */
  async requireReadable<T extends CustomerScoped>(record: T | null, user: AuthUser, name: string): Promise<T> {
    if (!record || !(await this.customers.mayReadRecordsOf(record.customer_id, user))) throw notFound(name);
    return record;
  }
}
