import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { AccessLoader, AccessLoadOptions, AccessPolicy } from '@app/auth';
import { Upsell } from './upsell.schema';

declare module '@app/auth' {
  interface AccessRecords {
    upsell: Upsell;
  }
}

/** Upsells' rows for the access policy: an upsell belongs to its seller (`sold_by`). */
@Injectable()
export class UpsellAccessLoader implements AccessLoader<Upsell>, OnModuleInit {
  readonly resource = 'upsell';
  readonly entity = 'Upsell';
  readonly fields = { owner: 'sold_by' };

  constructor(
    @InjectModel(Upsell.name) private readonly upsells: Model<Upsell>,
    private readonly policy: AccessPolicy,
  ) {}

  onModuleInit(): void {
    this.policy.register(this);
  }

  findOne(id: Types.ObjectId, scope: FilterQuery<Upsell>, options: AccessLoadOptions): Promise<Upsell | null> {
    return this.upsells
      .findOne({ _id: id, ...scope })
      .setOptions({ withDeleted: options.withDeleted === true })
      .lean<Upsell>();
  }

  async findIds(scope: FilterQuery<Upsell>, options: AccessLoadOptions): Promise<Types.ObjectId[]> {
    const rows = await this.upsells
      .find(scope, { _id: 1 })
      .setOptions({ withDeleted: options.withDeleted === true })
      .lean<{ _id: Types.ObjectId }[]>();
    return rows.map((row) => row._id);
  }
}
