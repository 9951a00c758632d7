import { Schema as MongooseSchema, type Query, type Schema } from 'mongoose';

/**
 * Soft delete: `deleted_at` / `deleted_by` fields, and every find, count and update skips
 * deleted documents unless the query sets the `withDeleted` option or names `deleted_at` itself
 * (which is how restore and the trash view reach them).
 */
export function softDeletePlugin(schema: Schema): void {
  schema.add({
    deleted_at: { type: Date, default: null },
    deleted_by: { type: MongooseSchema.Types.ObjectId, ref: 'User', default: null },
  });
  schema.index({ deleted_at: 1 });

  const excludeDeleted = function (this: Query<unknown, unknown>) {
    const filter = this.getFilter();
    if (this.getOptions().withDeleted || 'deleted_at' in filter) return;
    this.where({ deleted_at: null });
  };
  for (const operation of ['find', 'findOne', 'countDocuments', 'findOneAndUpdate', 'updateOne', 'updateMany', 'distinct'] as const) {
    schema.pre(operation, excludeDeleted);
  }
  schema.pre('aggregate', function () {
    const pipeline = this.pipeline();
    const first = pipeline[0] as unknown as Record<string, unknown> | undefined;
    if ((this.options as { withDeleted?: boolean }).withDeleted) return;
    if (first && '$geoNear' in first) return;
    pipeline.unshift({ $match: { deleted_at: null } });
  });
}

declare module 'mongoose' {
  interface QueryOptions {
    /** Include soft-deleted documents. */
    withDeleted?: boolean;
  }
  interface AggregateOptions {
    withDeleted?: boolean;
  }
}
