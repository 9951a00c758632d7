import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { isNamespaceMissing } from '../support/ops-error';
import { registeredModels } from '../support/models';

export interface IndexChange {
  collection: string;
  index: string;
  action: 'created' | 'kept' | 'dropped';
}

/** The name MongoDB gives an index when none is set: `field_1_other_-1`. */
export function defaultIndexName(key: Record<string, unknown>): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${direction}`)
    .join('_');
}

export function declaredIndexes(model: Model<any>): { name: string; key: Record<string, unknown>; options: Record<string, unknown> }[] {
  return model.schema.indexes().map(([key, options]) => ({
    key: key as Record<string, unknown>,
    options: options as Record<string, unknown>,
    name: String((options as { name?: string }).name ?? defaultIndexName(key as Record<string, unknown>)),
  }));
}

export async function existingIndexNames(model: Model<any>): Promise<string[]> {
  try {
    return (await model.collection.indexes()).map((index) => String(index.name));
  } catch (error) {
    if (isNamespaceMissing(error)) return [];
    throw error;
  }
}

/**
 * Makes every collection's indexes exactly what its schema declares (Mongoose `syncIndexes`:
 * creates the missing, drops the undeclared, rebuilds the changed) and says what it did.
 */
@Injectable()
export class IndexSyncService {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async syncAll(): Promise<IndexChange[]> {
    const changes: IndexChange[] = [];
    for (const { collection, model } of registeredModels(this.connection)) {
      await model.createCollection();
      const diff = await model.diffIndexes();
      const dropped = new Set(await model.syncIndexes());
      for (const name of dropped) changes.push({ collection, index: name, action: 'dropped' });
      const rebuilt = new Set(diff.toCreate.map((key) => defaultIndexNameOrDeclared(model, key as Record<string, unknown>)));
      for (const { name } of declaredIndexes(model)) {
        changes.push({ collection, index: name, action: rebuilt.has(name) ? 'created' : 'kept' });
      }
    }
    return changes;
  }
}

function defaultIndexNameOrDeclared(model: Model<any>, key: Record<string, unknown>): string {
  const declared = declaredIndexes(model).find((index) => JSON.stringify(index.key) === JSON.stringify(key));
  return declared?.name ?? defaultIndexName(key);
}
