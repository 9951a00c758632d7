import type { Collection } from 'mongodb';
import type { Model } from 'mongoose';

export interface BatchResult {
  inserted: number;
  /** Rejected by a unique index: already there (re-seeding with the same seed is a no-op). */
  existing: number;
  /** Rejected by schema validation or another write error. */
  invalid: number;
  firstError?: string;
}

interface BulkFailure {
  writeErrors?: { code?: number; err?: { code?: number; errmsg?: string }; errmsg?: string }[];
  insertedDocs?: unknown[];
  results?: unknown[];
}

/** `insertMany` through the model (so the schema validates), unordered: one bad document never stops the batch. */
export async function insertBatch(model: Model<any>, docs: Record<string, unknown>[]): Promise<BatchResult> {
  try {
    const result = (await model.insertMany(docs, { ordered: false, rawResult: true })) as unknown as {
      insertedCount: number;
      mongoose?: { validationErrors?: Error[] };
    };
    const validationErrors = result.mongoose?.validationErrors ?? [];
    return { inserted: result.insertedCount, existing: 0, invalid: validationErrors.length, firstError: validationErrors[0]?.message };
  } catch (error) {
    const failure = error as BulkFailure;
    if (!failure.writeErrors) throw error;
    const codeOf = (w: NonNullable<BulkFailure['writeErrors']>[number]) => w.err?.code ?? w.code;
    const duplicates = failure.writeErrors.filter((w) => codeOf(w) === 11000).length;
    const inserted = failure.insertedDocs?.length ?? 0;
    const otherWrite = failure.writeErrors.find((w) => codeOf(w) !== 11000);
    const validation = (failure.results ?? []).find((r): r is Error => r instanceof Error && r.name === 'ValidationError');
    return {
      inserted,
      existing: duplicates,
      invalid: docs.length - inserted - duplicates,
      firstError: validation?.message ?? otherWrite?.err?.errmsg ?? otherWrite?.errmsg,
    };
  }
}

/** The same for a collection without a registered model: straight to the driver, unordered. */
export async function insertRawBatch(collection: Collection, docs: Record<string, unknown>[]): Promise<BatchResult> {
  try {
    const result = await collection.insertMany(docs, { ordered: false });
    return { inserted: result.insertedCount, existing: 0, invalid: 0 };
  } catch (error) {
    const failure = error as { writeErrors?: { code?: number; errmsg?: string }[] | { code?: number; errmsg?: string }; insertedCount?: number; result?: { insertedCount?: number } };
    if (!failure.writeErrors) throw error;
    const writeErrors = Array.isArray(failure.writeErrors) ? failure.writeErrors : [failure.writeErrors];
    const duplicates = writeErrors.filter((w) => w.code === 11000).length;
    const other = writeErrors.find((w) => w.code !== 11000);
    return { inserted: failure.insertedCount ?? failure.result?.insertedCount ?? docs.length - writeErrors.length, existing: duplicates, invalid: writeErrors.length - duplicates, firstError: other?.errmsg };
  }
}
