import { isDeepStrictEqual } from 'util';
import mongoose, { Types } from 'mongoose';
import type { Connection, Document, Model, Query, Schema } from 'mongoose';

type Plain = Record<string, unknown>;

/** One document a write changed, with its state on either side of that write. */
export interface PersistedWrite {
  /** Mongoose model name (`Lead`). */
  model: string;
  collection: string;
  operation: 'insert' | 'update' | 'delete';
  id: Types.ObjectId | string;
  /** The document just before the write (atomic with it); null for an insert. */
  before: Plain | null;
  /** The document the write left; null for a (hard) delete. */
  after: Plain | null;
}

/** Where captured writes go: the audit trail (libs/audit) attaches itself to the connection. */
export interface WriteAuditSink {
  /** Whether writes to `collection` are recorded at all (so unaudited ones pay nothing). */
  audits(collection: string): boolean;
  /** Called before the write's promise resolves: a record that cannot be written fails the write's caller. */
  recordWrites(writes: PersistedWrite[]): Promise<void>;
}

const sinks = new WeakMap<Connection, WriteAuditSink>();

export const writeAudit = {
  attach(connection: Connection, sink: WriteAuditSink): void {
    sinks.set(connection, sink);
  },
  detach(connection: Connection): void {
    sinks.delete(connection);
  },
};

function sinkFor(model: Model<unknown> | undefined): WriteAuditSink | null {
  if (!model) return null;
  const sink = sinks.get(model.db);
  return sink && sink.audits(model.collection.collectionName) ? sink : null;
}

const CAPTURE = Symbol('writeAudit');
const INSERTING = 'writeAudit:inserting';
/** Plain `insertMany` inputs by the id given them, until the insert reports which went in. */
const pendingInserts = new Map<string, Plain>();

interface PendingUpdate {
  sink: WriteAuditSink;
  callerWantsAfter: boolean;
  callerProjection: Plain | null;
  /** The caller asked for `{ value, lastErrorObject }` (upserts that want to know whether they inserted). */
  withMetadata: boolean;
  /** An upsert without result metadata: what it returns cannot tell an insert from an update, so only the after-state is known. */
  afterOnly: boolean;
}

type CapturingQuery = Query<unknown, unknown> & { [CAPTURE]?: PendingUpdate | true };

/**
 * The one audit path for writes, at the persistence layer: registered on the connection before
 * any model compiles, it turns every write through a model into `PersistedWrite`s handed to the
 * attached sink, whoever made it (a controller, a secondary write, a job, a CLI command).
 * Before/after come from the write itself, so two racing requests each see exactly their own change:
 *  - create (`save` of a new document, `insertMany`): the inserted document;
 *  - `findOneAndUpdate`: made to return the prior document, the update replayed on a copy for the
 *    state it produced, and the caller handed the document (and projection) it asked for;
 *  - `updateOne` / `updateMany`: run as one `findOneAndUpdate` per matched document, answering
 *    the caller with the UpdateResult it expects;
 *  - `deleteOne` / `deleteMany`: run as `findOneAndDelete`, whose result is the deleted document.
 * An update whose operators cannot be replayed (`$pull` with a query, positional paths) takes its
 * after-state from a read of the document right after the write: the one inexact case.
 */
export function writeAuditPlugin(schema: Schema): void {
  schema.pre('save', function (this: Document) {
    this.$locals[INSERTING] = this.isNew;
  });
  schema.post('save', async function (this: Document) {
    const model = this.constructor as Model<unknown>;
    const sink = sinkFor(model);
    if (!sink) return;
    const after = this.toObject({ depopulate: true, virtuals: false, getters: false, transform: false }) as Plain;
    // A save of a loaded document has no pre-image to hand: recorded with its after-state only.
    await sink.recordWrites([write(model, this.$locals[INSERTING] === true ? 'insert' : 'update', after._id as Types.ObjectId, null, after)]);
  });

  schema.pre('insertMany', function (this: Model<unknown>, next: (error?: Error) => void, docs: unknown) {
    // A raw result carries only the inserted ids: plain inputs get theirs now, so the post hook can match them.
    if (sinkFor(this)) {
      for (const doc of Array.isArray(docs) ? docs : [docs]) {
        if (!isPlain(doc)) continue;
        doc._id ??= new Types.ObjectId();
        pendingInserts.set(String(doc._id), doc);
      }
    }
    next();
  });
  schema.post('insertMany', async function (this: Model<unknown>, result: unknown) {
    const sink = sinkFor(this);
    if (!sink) return;
    const states: Plain[] = [];
    if (Array.isArray(result)) {
      for (const doc of result) {
        const state = isPlain(doc) ? doc : ((doc as Document).toObject({ depopulate: true, virtuals: false, transform: false }) as Plain);
        pendingInserts.delete(String(state._id));
        states.push(cloneState(state));
      }
    } else {
      for (const id of Object.values((result as { insertedIds?: Record<string, unknown> }).insertedIds ?? {})) {
        const input = pendingInserts.get(String(id));
        pendingInserts.delete(String(id));
        if (input) states.push(cloneState(input));
      }
    }
    if (states.length) await sink.recordWrites(states.map((state) => write(this, 'insert', state._id as Types.ObjectId, null, state)));
  });

  schema.pre('findOneAndUpdate', function (this: CapturingQuery) {
    if (this[CAPTURE] === true) return; // issued by this plugin for an updateOne/updateMany
    const sink = sinkFor(this.model);
    if (!sink) return;
    const options = this.getOptions();
    const projection = this.projection() as Plain | undefined;
    const withMetadata = options.includeResultMetadata === true || (options as { rawResult?: boolean }).rawResult === true;
    const pending: PendingUpdate = {
      sink,
      callerWantsAfter: options.new === true || options.returnDocument === 'after',
      callerProjection: projection && Object.keys(projection).length ? { ...projection } : null,
      withMetadata,
      afterOnly: options.upsert === true && !withMetadata,
    };
    this[CAPTURE] = pending;
    if (pending.afterOnly) return;
    // The whole prior document, atomically with the write; the caller's projection is applied afterwards.
    this.setOptions({ new: false, returnDocument: 'before' });
    if (pending.callerProjection) this.projection({});
  });
  schema.post('findOneAndUpdate', async function (this: CapturingQuery, result: unknown) {
    const pending = this[CAPTURE];
    if (!pending || pending === true) return;
    if (pending.afterOnly) {
      if (isPlain(result) && pending.callerWantsAfter) await pending.sink.recordWrites([write(this.model, 'update', result._id as Types.ObjectId, null, cloneState(result))]);
      return;
    }
    const captured = await captureUpdate(this, pending.withMetadata ? (result as { value?: unknown })?.value : result, pending.withMetadata ? result : null);
    if (captured) await pending.sink.recordWrites([captured.write]);
    const answer = pending.callerWantsAfter ? captured?.write.after ?? null : captured?.write.before ?? null;
    const shaped = answer && pending.callerProjection ? project(answer, pending.callerProjection) : answer;
    if (pending.withMetadata) {
      if (typeof result === 'object' && result !== null) (result as Plain).value = shaped ? cloneState(shaped) : null;
    } else if (isPlain(result)) {
      replaceContents(result, shaped);
    }
  });

  // updateOne/updateMany → one exact findOneAndUpdate per document, answering with an UpdateResult.
  for (const operation of ['updateOne', 'updateMany'] as const) {
    schema.pre(operation, async function (this: Query<unknown, unknown>) {
      const sink = sinkFor(this.model);
      if (!sink) return;
      const options = this.getOptions();
      const filter = this.getFilter();
      const update = this.getUpdate() as Plain;
      const single = operation === 'updateOne';
      const ids = single ? [null] : ((await this.model.find(filter, { _id: 1 }).setOptions({ withDeleted: true }).lean<{ _id: unknown }[]>().exec()).map((row) => row._id));
      let matchedCount = 0;
      let modifiedCount = 0;
      let upsertedId: unknown = null;
      for (const id of ids) {
        const query = this.model
          .findOneAndUpdate(id === null ? filter : { $and: [filter, { _id: id }] }, update, { ...stripUpdateOnlyOptions(options), new: false, lean: true, includeResultMetadata: true, upsert: single && options.upsert === true })
          .setOptions({ withDeleted: true }) as CapturingQuery;
        query[CAPTURE] = true;
        const raw = (await query.exec()) as { value?: Plain | null; lastErrorObject?: { updatedExisting?: boolean; upserted?: unknown } };
        const captured = await captureUpdate(query, raw?.value ?? null, raw);
        if (!captured) continue;
        if (captured.write.operation === 'insert') upsertedId = captured.write.id;
        else matchedCount++;
        if (!isDeepStrictEqual(captured.write.before, captured.write.after)) modifiedCount++;
        await sink.recordWrites([captured.write]);
      }
      // Thrown, not returned: kareem skips the wrapped operation only for a rejection carrying this marker.
      throw mongoose.skipMiddlewareFunction({ acknowledged: true, matchedCount, modifiedCount, upsertedCount: upsertedId ? 1 : 0, upsertedId });
    });
  }

  // deleteOne/deleteMany → findOneAndDelete per document (recorded by its post hook): the deleted document is the exact before-state.
  for (const operation of ['deleteOne', 'deleteMany'] as const) {
    schema.pre(operation, { document: false, query: true }, async function (this: Query<unknown, unknown>) {
      if (!sinkFor(this.model)) return;
      const filter = this.getFilter();
      const ids = operation === 'deleteOne' ? [null] : (await this.model.find(filter, { _id: 1 }).setOptions({ withDeleted: true }).lean<{ _id: unknown }[]>().exec()).map((row) => row._id);
      let deletedCount = 0;
      for (const id of ids) {
        const deleted = await this.model.findOneAndDelete(id === null ? filter : { $and: [filter, { _id: id }] }).setOptions({ withDeleted: true }).lean().exec();
        if (deleted) deletedCount++;
      }
      // Thrown, not returned: kareem skips the wrapped operation only for a rejection carrying this marker.
      throw mongoose.skipMiddlewareFunction({ acknowledged: true, deletedCount });
    });
  }
  schema.post('findOneAndDelete', async function (this: Query<unknown, unknown>, result: unknown) {
    const sink = sinkFor(this.model);
    if (!sink || !isPlain(result)) return;
    await sink.recordWrites([write(this.model, 'delete', result._id as Types.ObjectId, cloneState(result), null)]);
  });
}

function write(model: Model<unknown>, operation: PersistedWrite['operation'], id: Types.ObjectId, before: Plain | null, after: Plain | null): PersistedWrite {
  const hidden = hiddenPaths(model.schema);
  const visible = (state: Plain | null) => {
    if (!state || !hidden.length) return state;
    for (const path of hidden) unsetPath(state, path);
    return state;
  };
  return { model: model.modelName, collection: model.collection.collectionName, operation, id, before: visible(before), after: visible(after) };
}

const hiddenPathsBySchema = new WeakMap<Schema, string[]>();

/** Paths the schema never selects (`select: false`, e.g. password_hash): left out of captured states as they are out of reads. */
function hiddenPaths(schema: Schema): string[] {
  let paths = hiddenPathsBySchema.get(schema);
  if (!paths) {
    paths = [];
    schema.eachPath((path, type) => {
      if ((type.options as { select?: unknown }).select === false) paths!.push(path);
    });
    hiddenPathsBySchema.set(schema, paths);
  }
  return paths;
}

function stripUpdateOnlyOptions(options: Plain): Plain {
  const { upsert: _upsert, multi: _multi, overwriteDiscriminatorKey: _overwrite, ...rest } = options;
  return rest;
}

/**
 * Before/after of one findOneAndUpdate that returned the prior document (`prior`). `metadata` is
 * the driver's `{ lastErrorObject }` when it was asked for: an upsert's insert shows there.
 */
async function captureUpdate(query: Query<unknown, unknown>, prior: unknown, metadata: unknown): Promise<{ write: PersistedWrite } | null> {
  const model = query.model;
  const update = (query.getUpdate() ?? {}) as Plain;
  const upserted = (metadata as { lastErrorObject?: { updatedExisting?: boolean; upserted?: unknown } } | null)?.lastErrorObject;
  // No prior document and an upsert: it inserted (some engines report neither `updatedExisting` nor the id).
  if ((prior === null || prior === undefined) && query.getOptions().upsert === true && upserted?.updatedExisting !== true) {
    // Some engines omit the upserted id: the upsert's filter then finds the document it inserted.
    const lookup = upserted?.upserted !== undefined ? model.findById(upserted.upserted) : model.findOne(query.getFilter());
    const inserted = await lookup.setOptions({ withDeleted: true }).lean<Plain>().exec();
    return inserted ? { write: write(model, 'insert', inserted._id as Types.ObjectId, null, inserted) } : null;
  }
  if (!isPlain(prior)) return null; // the filter matched nothing: nothing written
  const before = cloneState(prior);
  const after = replayable(update)
    ? applyUpdate(cloneState(prior), update)
    : ((await model.findById(before._id).setOptions({ withDeleted: true }).lean<Plain>().exec()) ?? null);
  return { write: write(model, 'update', before._id as Types.ObjectId, before, after) };
}

const REPLAYABLE_OPERATORS = new Set(['$set', '$unset', '$inc', '$setOnInsert', '$push', '$addToSet', '$pull', '$max', '$min']);

/** Only operators whose effect is a pure function of the prior document and plain paths (no positional `$`). */
function replayable(update: unknown): boolean {
  if (!isPlain(update)) return false;
  return Object.entries(update).every(
    ([operator, fields]) =>
      REPLAYABLE_OPERATORS.has(operator) &&
      isPlain(fields) &&
      Object.entries(fields).every(([path, value]) => !path.includes('$') && (operator !== '$pull' || !hasOperator(value))),
  );
}

function hasOperator(value: unknown): boolean {
  return isPlain(value) && Object.keys(value).some((key) => key.startsWith('$'));
}

function applyUpdate(document: Plain, update: Plain): Plain {
  const fields = (operator: string) => Object.entries((update[operator] as Plain) ?? {});
  for (const [path, value] of fields('$set')) setPath(document, path, cloneValue(value));
  for (const [path] of fields('$unset')) unsetPath(document, path);
  for (const [path, value] of fields('$inc')) setPath(document, path, Number(getPath(document, path) ?? 0) + Number(value));
  for (const [path, value] of fields('$max')) if (compare(getPath(document, path), value) < 0) setPath(document, path, cloneValue(value));
  for (const [path, value] of fields('$min')) if (compare(getPath(document, path), value) > 0) setPath(document, path, cloneValue(value));
  for (const [path, value] of fields('$push')) setPath(document, path, [...asArray(getPath(document, path)), ...each(value).map(cloneValue)]);
  for (const [path, value] of fields('$addToSet')) {
    const current = asArray(getPath(document, path));
    for (const item of each(value)) if (!current.some((existing) => sameValue(existing, item))) current.push(cloneValue(item));
    setPath(document, path, current);
  }
  for (const [path, condition] of fields('$pull')) {
    setPath(document, path, asArray(getPath(document, path)).filter((item) => !matchesPull(item, condition)));
  }
  return document;
}

function each(value: unknown): unknown[] {
  return isPlain(value) && Array.isArray(value.$each) ? value.$each : [value];
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? [...value] : [];
}

function matchesPull(item: unknown, condition: unknown): boolean {
  if (isPlain(condition) && isPlain(item)) return Object.entries(condition).every(([key, value]) => sameValue(item[key], value));
  return sameValue(item, condition);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Types.ObjectId || b instanceof Types.ObjectId) return String(a) === String(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return isDeepStrictEqual(a, b);
}

function compare(a: unknown, b: unknown): number {
  if (a === undefined || a === null) return -1;
  const left = a instanceof Date ? a.getTime() : (a as number);
  const right = b instanceof Date ? b.getTime() : (b as number);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** A flat inclusion (`{ a: 1 }`) or exclusion (`{ a: 0 }`) projection applied to a captured state. */
function project(state: Plain, projection: Plain): Plain {
  const entries = Object.entries(projection);
  const including = entries.some(([key, value]) => key !== '_id' && (value === 1 || value === true));
  if (!including) {
    const copy = cloneState(state);
    for (const [path, value] of entries) if (value === 0 || value === false) unsetPath(copy, path);
    return copy;
  }
  const copy: Plain = {};
  if (projection._id !== 0 && projection._id !== false) copy._id = state._id;
  for (const [path, value] of entries) {
    if (path === '_id' || !(value === 1 || value === true)) continue;
    const found = getPath(state, path);
    if (found !== undefined) setPath(copy, path, cloneValue(found));
  }
  return copy;
}

function replaceContents(target: Plain, source: Plain | null): void {
  for (const key of Object.keys(target)) delete target[key];
  if (source) Object.assign(target, cloneState(source));
}

function getPath(document: Plain, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (isPlain(node) ? node[key] : undefined), document);
}

function setPath(document: Plain, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = document;
  for (const key of keys.slice(0, -1)) {
    if (!isPlain(node[key])) node[key] = {};
    node = node[key] as Plain;
  }
  node[keys[keys.length - 1]] = value;
}

function unsetPath(document: Plain, path: string): void {
  const keys = path.split('.');
  const parent = keys.length === 1 ? document : getPath(document, keys.slice(0, -1).join('.'));
  if (isPlain(parent)) delete parent[keys[keys.length - 1]];
}

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** A deep copy that keeps BSON values (ObjectId, Date, Decimal128, Buffer) as they are. */
function cloneValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (value instanceof Date) return new Date(value.getTime());
  if (isPlain(value)) return cloneState(value);
  return value;
}

function cloneState(state: Plain): Plain {
  return Object.fromEntries(Object.entries(state).map(([key, value]) => [key, cloneValue(value)]));
}
