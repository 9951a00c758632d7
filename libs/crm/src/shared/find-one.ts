import type { FilterQuery, Model } from 'mongoose';
import { Types } from 'mongoose';
import { findPage, ListSpec, notFound } from '@app/common';

type Row = Record<string, unknown> & { _id: Types.ObjectId };

/**
 * One document by id through the list helper, so `?populate=` on a detail route follows the same
 * whitelist (and the same batched population) as the list. 404 names the entity.
 */
export async function findOneById<T>(
  model: Model<T>,
  id: string,
  spec: ListSpec,
  entity: string,
  options: { populate?: string; filter?: FilterQuery<T> } = {},
): Promise<Row> {
  const page = await findPage(model, { limit: 1, sort: '_id', populate: options.populate }, { ...spec, sortable: ['_id'], filters: {} }, {
    ...(options.filter ?? {}),
    _id: new Types.ObjectId(id),
  } as FilterQuery<T>);
  const row = page.data[0];
  if (!row) throw notFound(entity);
  return row;
}
