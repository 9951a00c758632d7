import { Types } from 'mongoose';

/** Bookkeeping fields nobody "changes": they move on every write. */
export const IGNORED_CHANGE_FIELDS = ['_id', '__v', 'created_at', 'updated_at'] as const;

type Plain = Record<string, unknown>;

/**
 * Paths whose value differs between two states, sorted. Nested objects are compared field by
 * field (`address.city`); arrays, dates and ObjectIds as whole values. A missing side counts as
 * empty, so a create lists every field it set. `null` and a missing field are the same thing.
 */
export function changedFields(before: Plain | null | undefined, after: Plain | null | undefined): string[] {
  const changes: string[] = [];
  collectChanges(before ?? {}, after ?? {}, '', changes);
  return changes.sort();
}

function collectChanges(before: Plain, after: Plain, prefix: string, changes: string[]): void {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (!prefix && (IGNORED_CHANGE_FIELDS as readonly string[]).includes(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const left = before[key];
    const right = after[key];
    if (isPlainObject(left) && isPlainObject(right)) collectChanges(left, right, path, changes);
    else if (!deepEqual(left, right)) changes.push(path);
  }
}

export function deepEqual(left: unknown, right: unknown): boolean {
  const a = comparable(left);
  const b = comparable(right);
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => deepEqual((a as Plain)[key], (b as Plain)[key]));
}

/** Reduces values that compare by content (ids, dates, undefined) to primitives. */
function comparable(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Types.ObjectId) return value.toHexString();
  if (value instanceof Date) return `date:${value.getTime()}`;
  if (Buffer.isBuffer(value)) return `binary:${value.toString('base64')}`;
  return value;
}

function isPlainObject(value: unknown): value is Plain {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
