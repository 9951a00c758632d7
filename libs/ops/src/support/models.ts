import type { Connection, Model } from 'mongoose';

export interface RegisteredModel {
  name: string;
  collection: string;
  model: Model<any>;
}

/**
 * Every model the domains registered on this connection (one per collection; discriminators
 * share their base model's collection and are left out), sorted by collection name. Ops code
 * works from this list, so a new domain schema is covered without touching ops.
 */
export function registeredModels(connection: Connection): RegisteredModel[] {
  return connection
    .modelNames()
    .map((name) => connection.model(name))
    .filter((model) => !(model as Model<any> & { baseModelName?: string }).baseModelName)
    .map((model) => ({ name: model.modelName, collection: model.collection.collectionName, model }))
    .sort((a, b) => a.collection.localeCompare(b.collection));
}

export function modelForCollection(connection: Connection, collection: string): Model<any> | undefined {
  return registeredModels(connection).find((entry) => entry.collection === collection)?.model;
}

/** Every collection in the database (registered or not), system collections excluded. */
export async function databaseCollections(connection: Connection): Promise<string[]> {
  const collections = await connection.db!.listCollections({}, { nameOnly: true }).toArray();
  return collections
    .map((c) => c.name)
    .filter((name) => !name.startsWith('system.'))
    .sort();
}
