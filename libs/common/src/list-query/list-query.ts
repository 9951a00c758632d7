import type { FilterQuery, Model, PipelineStage } from 'mongoose';
import { Types } from 'mongoose';
import { badRequest } from '../errors/api-exception';
import { DEFAULT_PAGE_LIMIT, ListQueryDto } from './list-query.dto';
import type { PageResponse } from './page.response';

export type FilterRule =
  | { field: string; type?: 'eq' | 'objectId' | 'boolean' }
  | { field: string; type: 'gte' | 'lte' }
  | { type: 'search'; fields: string[] };

export interface PopulateRule {
  /** Local field holding an ObjectId (or array of them). */
  from: string;
  /** Registered Mongoose model name of the target. */
  model: string;
  /** Fields of the target to embed; never secrets. */
  select: string[];
}

/** What one resource allows: which DTO keys filter which fields, what sorts, what populates. */
export interface ListSpec {
  filters?: Record<string, FilterRule>;
  sortable: string[];
  defaultSort: string;
  populate?: Record<string, PopulateRule>;
  /** Projection applied to every row (e.g. `{ password_hash: 0 }`). */
  projection?: Record<string, 0 | 1>;
}

type Row = Record<string, unknown> & { _id: Types.ObjectId };

/**
 * The one list helper: whitelisted filters and sort, page or cursor pagination, batched
 * population (one `$in` query per populated path, never one per row), lean reads and a total.
 */
export async function findPage<T, R extends Row = Row>(
  model: Model<T>,
  query: ListQueryDto & Record<string, unknown>,
  spec: ListSpec,
  baseFilter: FilterQuery<T> = {},
): Promise<PageResponse<R>> {
  const limit = query.limit ?? DEFAULT_PAGE_LIMIT;
  const sort = parseSort(query.sort ?? spec.defaultSort, spec);
  const populate = parsePopulate(query.populate, spec);
  const filter = combineFilters(baseFilter as Record<string, unknown>, buildFilter(query, spec)) as FilterQuery<T>;

  const pageFilter = query.cursor ? { $and: [filter, cursorCondition(decodeCursor(query.cursor), sort)] } : filter;
  const page = query.cursor ? null : (query.page ?? 1);
  const find = model
    .find(pageFilter as FilterQuery<T>, spec.projection ?? {})
    .sort({ [sort.field]: sort.direction, _id: sort.direction })
    .limit(limit + 1)
    .lean<R[]>();
  if (page !== null) find.skip((page - 1) * limit);

  const [rows, total] = await Promise.all([find.exec(), model.countDocuments(filter).exec()]);
  const hasMore = rows.length > limit;
  const data = rows.slice(0, limit);
  await populateRows(model, data, populate);
  const last = data[data.length - 1];
  return {
    data,
    page,
    limit,
    total,
    next_cursor: hasMore && last ? encodeCursor(readPath(last, sort.field), last._id) : null,
  };
}

/**
 * Documents already chosen (a detail route's one id, a ranked search's page of ids) with the
 * resource's projection and the same whitelisted, batched `?populate=` as its list — no sort,
 * skip or total: one `find`, plus one per populated path.
 */
export async function findRows<T>(model: Model<T>, filter: FilterQuery<T>, spec: ListSpec, populate?: string, limit = 0): Promise<Row[]> {
  const rules = parsePopulate(populate, spec);
  const rows = await model.find(filter, spec.projection ?? {}).limit(limit).lean<Row[]>().exec();
  await populateRows(model, rows, rules);
  return rows;
}

export async function findOneRow<T>(model: Model<T>, filter: FilterQuery<T>, spec: ListSpec, populate?: string): Promise<Row | null> {
  const [row] = await findRows(model, filter, spec, populate, 1);
  return row ?? null;
}

export interface Sort {
  field: string;
  direction: 1 | -1;
}

/** `field` or `-field`, checked against the resource's sortable whitelist (400 otherwise). */
export function parseSort(value: string, spec: ListSpec): Sort {
  const field = value.replace(/^-/, '');
  if (!spec.sortable.includes(field)) {
    throw badRequest(`sort must be one of: ${spec.sortable.join(', ')}`, [{ field: 'sort', message: `must be one of: ${spec.sortable.join(', ')}` }]);
  }
  return { field, direction: value.startsWith('-') ? -1 : 1 };
}

function parsePopulate(value: string | undefined, spec: ListSpec): [string, PopulateRule][] {
  if (!value) return [];
  const allowed = spec.populate ?? {};
  return [...new Set(value.split(','))].map((name) => {
    // Own keys only: `__proto__` or `constructor` must not find Object.prototype's members.
    const rule = Object.hasOwn(allowed, name) ? allowed[name] : undefined;
    if (!rule) {
      const names = Object.keys(allowed);
      const message = names.length ? `must be a comma-separated list of: ${names.join(', ')}` : 'is not supported on this resource';
      throw badRequest(`populate ${message}`, [{ field: 'populate', message }]);
    }
    return [name, rule];
  });
}

/**
 * The caller's filter narrows the base filter, never replaces it: the base carries access rules
 * (a sales user's own leads), so a requested `?agent_id=` on the same field must not widen them.
 */
export function combineFilters(base: Record<string, unknown>, requested: Record<string, unknown>): Record<string, unknown> {
  const overlaps = Object.keys(requested).some((key) => Object.hasOwn(base, key));
  if (!overlaps) return { ...base, ...requested };
  return { $and: [base, requested] };
}

/** The whitelisted `?populate=` of `spec` on rows a search pipeline already loaded with the spec's projection. */
export async function populateListRows<T>(model: Model<T>, rows: Row[], spec: ListSpec, populate?: string): Promise<void> {
  await populateRows(model, rows, parsePopulate(populate, spec));
}

/** The whitelisted query filters of `spec`, as a MongoDB filter (exported for search pipelines). */
export function buildFilter(query: Record<string, unknown>, spec: ListSpec): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  const and: Record<string, unknown>[] = [];
  for (const [key, rule] of Object.entries(spec.filters ?? {})) {
    const value = query[key];
    if (value === undefined || value === null || value === '') continue;
    if (rule.type === 'search') {
      const pattern = new RegExp(escapeRegExp(String(value)), 'i');
      and.push({ $or: rule.fields.map((field) => ({ [field]: pattern })) });
    } else if (rule.type === 'gte' || rule.type === 'lte') {
      const range = (filter[rule.field] as Record<string, unknown>) ?? {};
      range[rule.type === 'gte' ? '$gte' : '$lte'] = value;
      filter[rule.field] = range;
    } else if (rule.type === 'objectId') {
      filter[rule.field] = new Types.ObjectId(String(value));
    } else if (rule.type === 'boolean') {
      filter[rule.field] = value === true || value === 'true';
    } else {
      filter[rule.field] = value;
    }
  }
  if (and.length) filter.$and = and;
  return filter;
}

async function populateRows<T>(model: Model<T>, rows: Row[], populate: [string, PopulateRule][]): Promise<void> {
  for (const [name, rule] of populate) {
    const ids = new Map<string, Types.ObjectId>();
    for (const row of rows) for (const id of asIdList(row[rule.from])) ids.set(id.toHexString(), id);
    const targets = ids.size
      ? await model.db.model(rule.model).find({ _id: { $in: [...ids.values()] } }, Object.fromEntries(rule.select.map((f) => [f, 1]))).lean<Row[]>().exec()
      : [];
    const byId = new Map(targets.map((t) => [t._id.toHexString(), t]));
    for (const row of rows) {
      const value = row[rule.from];
      row[name] = Array.isArray(value)
        ? asIdList(value).map((id) => byId.get(id.toHexString())).filter(Boolean)
        : (value ? byId.get(String(value)) : undefined) ?? null;
    }
  }
}

function asIdList(value: unknown): Types.ObjectId[] {
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is Types.ObjectId => v instanceof Types.ObjectId);
}

function readPath(row: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], row);
}

interface Cursor {
  value: unknown;
  id: Types.ObjectId;
}

function encodeCursor(value: unknown, id: Types.ObjectId): string {
  const encoded =
    value instanceof Date ? { d: value.toISOString() } : value instanceof Types.ObjectId ? { o: value.toHexString() } : { v: value ?? null };
  return Buffer.from(JSON.stringify({ ...encoded, i: id.toHexString() })).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { d?: string; o?: string; v?: unknown; i: string };
    const value = parsed.d !== undefined ? new Date(parsed.d) : parsed.o !== undefined ? new Types.ObjectId(parsed.o) : parsed.v;
    if (value !== null && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Types.ObjectId)) throw new Error('bad value');
    return { value, id: new Types.ObjectId(parsed.i) };
  } catch {
    throw badRequest('cursor is not valid; use the next_cursor of a previous page', [{ field: 'cursor', message: 'is not a valid cursor' }]);
  }
}

/** Rows strictly after the cursor in (sort field, _id) order. */
function cursorCondition(cursor: Cursor, sort: Sort): Record<string, unknown> {
  const op = sort.direction === 1 ? '$gt' : '$lt';
  if (sort.field === '_id') return { _id: { [op]: cursor.id } };
  return { $or: [{ [sort.field]: { [op]: cursor.value } }, { [sort.field]: cursor.value, _id: { [op]: cursor.id } }] };
}

/**
 * `text` as a regex source matching itself literally. A NUL byte is written as the escape `\x00`:
 * a BSON regex is a C string, so a raw NUL cannot be sent to the database (the driver throws).
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\0/g, '\\x00');
}

export type { PipelineStage };
