import type { Schema } from 'mongoose';

export interface ReferencePath {
  /** Dotted path; arrays along the way are walked. */
  path: string;
  /** Fixed target model… */
  ref?: string;
  /** …or the root-level path holding the target model name (polymorphic references). */
  refPath?: string;
}

interface SchemaTypeLike {
  options?: { ref?: unknown; refPath?: unknown };
  caster?: { options?: { ref?: unknown; refPath?: unknown } };
  schema?: Schema;
}

/** Every ObjectId reference a schema declares (`ref` or `refPath`), nested subdocuments included. */
export function referencePaths(schema: Schema, prefix = ''): ReferencePath[] {
  const found: ReferencePath[] = [];
  schema.eachPath((path, type) => {
    const schemaType = type as unknown as SchemaTypeLike;
    const options = { ...schemaType.caster?.options, ...schemaType.options };
    const full = `${prefix}${path}`;
    if (typeof options.ref === 'string') found.push({ path: full, ref: options.ref });
    else if (typeof options.refPath === 'string') found.push({ path: full, refPath: options.refPath });
    if (schemaType.schema) found.push(...referencePaths(schemaType.schema, `${full}.`));
  });
  return found;
}

/** All values at a dotted path, flattening arrays met on the way; null/undefined left out. */
export function valuesAt(doc: unknown, path: string): unknown[] {
  let values: unknown[] = [doc];
  for (const segment of path.split('.')) {
    values = values
      .flatMap((value) => (Array.isArray(value) ? value : [value]))
      .map((value) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment] : undefined))
      .filter((value) => value !== undefined && value !== null);
  }
  return values.flatMap((value) => (Array.isArray(value) ? value : [value])).filter((value) => value !== undefined && value !== null);
}
