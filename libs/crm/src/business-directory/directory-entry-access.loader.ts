import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { AccessLoader, AccessLoadOptions, AccessPolicy } from '@app/auth';
import { BusinessDirectory } from './business-directory.schema';

declare module '@app/auth' {
  interface AccessRecords {
    directory_entry: BusinessDirectory;
  }
}

/** Business-directory entries' rows for the access policy: an entry belongs to its agent (`agent_id`), or to nobody yet. */
@Injectable()
export class DirectoryEntryAccessLoader implements AccessLoader<BusinessDirectory>, OnModuleInit {
  readonly resource = 'directory_entry';
  readonly entity = 'Business directory entry';
  readonly fields = { owner: 'agent_id' };

  constructor(
    @InjectModel(BusinessDirectory.name) private readonly entries: Model<BusinessDirectory>,
    private readonly policy: AccessPolicy,
  ) {}

  onModuleInit(): void {
    this.policy.register(this);
  }

  findOne(id: Types.ObjectId, scope: FilterQuery<BusinessDirectory>, options: AccessLoadOptions): Promise<BusinessDirectory | null> {
    return this.entries
      .findOne({ _id: id, ...scope })
      .setOptions({ withDeleted: options.withDeleted === true })
      .lean<BusinessDirectory>();
  }

  async findIds(scope: FilterQuery<BusinessDirectory>, options: AccessLoadOptions): Promise<Types.ObjectId[]> {
    const rows = await this.entries
      .find(scope, { _id: 1 })
      .setOptions({ withDeleted: options.withDeleted === true })
      .lean<{ _id: Types.ObjectId }[]>();
    return rows.map((row) => row._id);
  }
}
