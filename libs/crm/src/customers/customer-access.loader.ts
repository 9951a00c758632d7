import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { AccessLoader, AccessLoadOptions, AccessPolicy } from '@app/auth';
import { Customer } from './customer.schema';

declare module '@app/auth' {
  interface AccessRecords {
    customer: Customer;
  }
}

/** Customers' rows for the access policy: a customer belongs to its owner (`owner_id`). */
@Injectable()
export class CustomerAccessLoader implements AccessLoader<Customer>, OnModuleInit {
  readonly resource = 'customer';
  readonly entity = 'Customer';
  readonly fields = { owner: 'owner_id' };

  constructor(
    @InjectModel(Customer.name) private readonly customers: Model<Customer>,
    private readonly policy: AccessPolicy,
  ) {}

  onModuleInit(): void {
    this.policy.register(this);
  }

  findOne(id: Types.ObjectId, scope: FilterQuery<Customer>, options: AccessLoadOptions): Promise<Customer | null> {
    return this.customers
      .findOne({ _id: id, ...scope })
      .setOptions({ withDeleted: options.withDeleted === true })
      .lean<Customer>();
  }

  async findIds(scope: FilterQuery<Customer>, options: AccessLoadOptions): Promise<Types.ObjectId[]> {
    const rows = await this.customers
      .find(scope, { _id: 1 })
      .setOptions({ withDeleted: options.withDeleted === true })
      .lean<{ _id: Types.ObjectId }[]>();
    return rows.map((row) => row._id);
  }
}
