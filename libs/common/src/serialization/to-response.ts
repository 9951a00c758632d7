import type { Type } from '@nestjs/common';
import { Types } from 'mongoose';

const SWAGGER_PROPERTIES = 'swagger/apiModelPropertiesArray';
const whitelistCache = new WeakMap<Type<unknown>, Set<string>>();

/**
 * Field names a response DTO documents: from `@ApiProperty` and from the swagger CLI plugin's
 * generated metadata, walking up the class chain.
 */
export function documentedFields(responseClass: Type<unknown>): Set<string> {
  const cached = whitelistCache.get(responseClass);
  if (cached) return cached;
  const fields = new Set<string>();
  for (let cls: any = responseClass; cls?.prototype; cls = Object.getPrototypeOf(cls)) {
    const decorated: string[] = Reflect.getMetadata(SWAGGER_PROPERTIES, cls.prototype) ?? [];
    decorated.forEach((name) => fields.add(name.replace(/^:/, '')));
    if (Object.prototype.hasOwnProperty.call(cls, '_OPENAPI_METADATA_FACTORY')) {
      Object.keys(cls._OPENAPI_METADATA_FACTORY() ?? {}).forEach((name) => fields.add(name));
    }
  }
  whitelistCache.set(responseClass, fields);
  return fields;
}

/**
 * Turns a lean document into what leaves the server: `_id` becomes `id`, ObjectIds become hex
 * strings, and only the fields the response DTO documents are kept. Whitelisting (not
 * blacklisting) is what keeps hashes and ciphertexts from leaking when a schema grows a field.
 */
export function toResponse<T>(responseClass: Type<T>, document: Record<string, unknown>): T {
  const allowed = documentedFields(responseClass);
  const normalized = normalizeValue(document) as Record<string, unknown>;
  const output: Record<string, unknown> = {};
  for (const field of allowed) {
    if (normalized[field] !== undefined) output[field] = normalized[field];
  }
  return output as T;
}

export function toResponseList<T>(responseClass: Type<T>, documents: Record<string, unknown>[]): T[] {
  return documents.map((document) => toResponse(responseClass, document));
}

/** Recursively: ObjectId → hex, `_id` → `id`, drops `__v`; Dates stay Dates (JSON makes them ISO). */
export function normalizeValue(value: unknown): unknown {
  if (value instanceof Types.ObjectId) return value.toHexString();
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(normalizeValue);
  if (typeof (value as { toObject?: unknown }).toObject === 'function' && !(value instanceof Buffer)) {
    return normalizeValue((value as { toObject: (o: object) => unknown }).toObject({ virtuals: true }));
  }
  const output: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '__v') continue;
    output[key === '_id' ? 'id' : key] = normalizeValue(child);
  }
  return output;
}
