import { AsyncLocalStorage } from 'async_hooks';
import type { Query, Schema } from 'mongoose';
import { Types } from 'mongoose';

type Plain = Record<string, unknown>;

/** What a request wrote to one document, taken from the writes themselves. */
export interface CapturedStates {
  /** The document just before the first captured write (atomic with it). */
  before: Plain | null;
  /** The document just after the last captured write: the prior state plus the applied update. */
  after: Plain | null;
}

interface CaptureScope {
  modelName: string;
  id: string;
  captured: number;
  /** Writes to the document this plugin could not capture (updateOne, an operator it cannot replay). */
  uncaptured: number;
  first?: Plain | null;
  last?: Plain | null;
}

const storage = new AsyncLocalStorage<CaptureScope>();
const CAPTURE = Symbol('writeCapture');

/**
 * Records the before/after state of one document as the writes of a unit of work (a request)
 * change it, from the writes themselves: a `findOneAndUpdate` on that document is made to return
 * the prior document (atomic with the write), the update is replayed on a copy to get the state it
 * produced, and the caller still receives the updated document it asked for. Two concurrent
 * requests each see exactly their own change — unlike reads before and after, which see the other
 * request's fields too. The audit trail is the consumer.
 */
export const writeCapture = {
  /** Runs `work` with writes to `modelName` `id` captured; `result()` is read inside the same scope. */
  scope<T>(modelName: string, id: string, work: () => T): T {
    return storage.run({ modelName, id, captured: 0, uncaptured: 0 }, work);
  },

  /**
   * The captured states, `unchanged` when the unit of work wrote nothing to the document, or
   * `uncaptured` when some write could not be captured (the caller falls back to reading).
   */
  result(): CapturedStates | 'unchanged' | 'uncaptured' {
    const scope = storage.getStore();
    if (!scope || scope.uncaptured > 0) return 'uncaptured';
    if (scope.captured === 0) return 'unchanged';
    return { before: scope.first ?? null, after: scope.last ?? null };
  },
};

interface PendingCapture {
  scope: CaptureScope;
  callerWantsAfter: boolean;
}

type CapturingQuery = Query<unknown, unknown> & { [CAPTURE]?: PendingCapture };

/** Registered on the connection: every model takes part, only scoped writes pay anything. */
export function writeCapturePlugin(schema: Schema): void {
  schema.pre('findOneAndUpdate', function (this: CapturingQuery) {
    const scope = storage.getStore();
    if (!scope || this.model.modelName !== scope.modelName || !targetsId(this.getFilter(), scope.id)) return;
    const options = this.getOptions();
    if (options.upsert || options.projection || options.includeResultMetadata || options.rawResult || !replayable(this.getUpdate())) {
      scope.uncaptured++;
      return;
    }
    this[CAPTURE] = { scope, callerWantsAfter: options.new === true || options.returnDocument === 'after' };
    this.setOptions({ new: false, returnDocument: 'before' });
  });

  schema.post('findOneAndUpdate', function (this: CapturingQuery, result: unknown) {
    const pending = this[CAPTURE];
    if (!pending) return;
    const { scope } = pending;
    if (result === null || result === undefined) return; // the filter matched nothing: nothing written
    if (!isPlain(result)) {
      // A hydrated document cannot be turned into the updated one in place: count it as uncaptured.
      scope.uncaptured++;
      return;
    }
    const before = cloneState(result);
    const after = applyUpdate(cloneState(result), this.getUpdate() as Plain);
    scope.captured++;
    if (scope.first === undefined) scope.first = before;
    scope.last = after;
    if (pending.callerWantsAfter) {
      for (const key of Object.keys(result)) delete result[key];
      Object.assign(result, cloneState(after));
    }
  });

  // Writes this plugin does not capture: the caller must not trust an "unchanged" verdict.
  for (const hook of ['updateOne', 'updateMany', 'replaceOne', 'findOneAndReplace', 'findOneAndDelete', 'deleteOne', 'deleteMany'] as const) {
    schema.pre(hook, function (this: Query<unknown, unknown>) {
      const scope = storage.getStore();
      if (scope && this.model.modelName === scope.modelName) scope.uncaptured++;
    });
  }
  schema.pre('save', function () {
    const scope = storage.getStore();
    if (scope && (this.constructor as { modelName?: string }).modelName === scope.modelName && String(this._id) === scope.id) scope.uncaptured++;
  });
}

function targetsId(filter: Plain, id: string): boolean {
  const value = filter._id;
  return value !== undefined && value !== null && typeof value !== 'object' ? String(value) === id : value instanceof Types.ObjectId && value.toHexString() === id;
}

const REPLAYABLE_OPERATORS = new Set(['$set', '$unset', '$inc', '$setOnInsert']);

/** Only operators whose effect is a pure function of the prior document and plain paths (no positional `$`). */
function replayable(update: unknown): boolean {
  if (!isPlain(update)) return false;
  return Object.entries(update).every(
    ([operator, fields]) => REPLAYABLE_OPERATORS.has(operator) && isPlain(fields) && Object.keys(fields).every((path) => !path.includes('$')),
  );
}

function applyUpdate(document: Plain, update: Plain): Plain {
  for (const [path, value] of Object.entries((update.$set as Plain) ?? {})) setPath(document, path, cloneValue(value));
  for (const path of Object.keys((update.$unset as Plain) ?? {})) unsetPath(document, path);
  for (const [path, value] of Object.entries((update.$inc as Plain) ?? {})) setPath(document, path, Number(getPath(document, path) ?? 0) + Number(value));
  return document;
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
