import type { FilterQuery, Model } from 'mongoose';
import { Types } from 'mongoose';
import { findOneRow, ListSpec, notFound } from '@app/common';

type Row = Record<string, unknown> & { _id: Types.ObjectId };

/**
 * One document by id with the list's projection and `?populate=` whitelist (same batched
 * population as the list). 404 names the entity.
 */
export async function findOneById<T>(
  model: Model<T>,
  id: string,
  spec: ListSpec,
  entity: string,
  options: { populate?: string; filter?: FilterQuery<T> } = {},
): Promise<Row> {
  const row = await findOneRow(model, { ...(options.filter ?? {}), _id: new Types.ObjectId(id) } as FilterQuery<T>, spec, options.populate);
  if (!row) throw notFound(entity);
  return row;
}
