import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { AccessLoader, AccessLoadOptions, AccessPolicy } from '@app/auth';
import { Lead } from './lead.schema';

declare module '@app/auth' {
  interface AccessRecords {
    lead: Lead;
  }
}

/** Leads' rows for the access policy: a lead belongs to its agent (`agent_id`). */
@Injectable()
export class LeadAccessLoader implements AccessLoader<Lead>, OnModuleInit {
  readonly resource = 'lead';
  readonly entity = 'Lead';
  readonly fields = { owner: 'agent_id' };

  constructor(
    @InjectModel(Lead.name) private readonly leads: Model<Lead>,
    private readonly policy: AccessPolicy,
  ) {}

  onModuleInit(): void {
    this.policy.register(this);
  }

  findOne(id: Types.ObjectId, scope: FilterQuery<Lead>, options: AccessLoadOptions): Promise<Lead | null> {
    return this.leads
      .findOne({ _id: id, ...scope })
      .setOptions({ withDeleted: options.withDeleted === true })
      .lean<Lead>();
  }

  async findIds(scope: FilterQuery<Lead>, options: AccessLoadOptions): Promise<Types.ObjectId[]> {
    const rows = await this.leads
      .find(scope, { _id: 1 })
      .setOptions({ withDeleted: options.withDeleted === true })
      .lean<{ _id: Types.ObjectId }[]>();
    return rows.map((row) => row._id);
  }
}
