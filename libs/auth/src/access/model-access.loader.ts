import type { OnModuleInit } from '@nestjs/common';
import type { FilterQuery, Model, ProjectionType, Types } from 'mongoose';
import type { AccessFields, AccessLoader, AccessLoadOptions } from './access-loader';
import type { AccessPolicy } from './access-policy';
import type { AccessResource } from './permission';

/**
 * The loader of a resource that is one collection of its owning domain: the row by id within the
 * user's scope, the ids within it, soft-deleted rows on request, registered with the policy at
 * start-up. The domain subclasses it with its model (and, where rows embed heavy data, the
 * projection that leaves it out); resources stored differently implement `AccessLoader` themselves.
 */
export abstract class ModelAccessLoader<R> implements AccessLoader<R>, OnModuleInit {
  abstract readonly resource: AccessResource;
  abstract readonly entity: string;
  abstract readonly fields: AccessFields;
  protected readonly projection?: ProjectionType<R>;

  protected constructor(
    private readonly model: Model<R>,
    private readonly policy: AccessPolicy,
  ) {}

  onModuleInit(): void {
    this.policy.register(this);
  }

  findOne(id: Types.ObjectId, scope: FilterQuery<R>, options: AccessLoadOptions): Promise<R | null> {
    return this.model
      .findOne({ _id: id, ...scope } as FilterQuery<R>, this.projection)
      .setOptions({ withDeleted: options.withDeleted === true })
      .lean<R>()
      .exec();
  }

  async findIds(scope: FilterQuery<R>, options: AccessLoadOptions): Promise<Types.ObjectId[]> {
    const rows = await this.model
      .find(scope, { _id: 1 })
      .setOptions({ withDeleted: options.withDeleted === true })
      .lean<{ _id: Types.ObjectId }[]>()
      .exec();
    return rows.map((row) => row._id);
  }
}
