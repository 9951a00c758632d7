import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AccessPolicy, ModelAccessLoader } from '@app/auth';
import { Customer } from './customer.schema';

declare module '@app/auth' {
  interface AccessRecords {
    customer: Customer;
  }
}

/** Customers' rows for the access policy: a customer belongs to its owner (`owner_id`). */
@Injectable()
export class CustomerAccessLoader extends ModelAccessLoader<Customer> {
  readonly resource = 'customer';
  readonly entity = 'Customer';
  readonly fields = { owner: 'owner_id' };

  constructor(@InjectModel(Customer.name) customers: Model<Customer>, policy: AccessPolicy) {
    super(customers, policy);
  }
}
