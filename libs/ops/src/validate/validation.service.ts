import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Error as MongooseError, Model } from 'mongoose';
import { BATCH_SIZE, inBatches } from '../support/batches';
import { databaseCollections, registeredModels } from '../support/models';
import { NO_PROGRESS, ProgressReporter } from '../support/progress';
import { ENTITY_COLLECTIONS, MODEL_COLLECTIONS, SPEC_COLLECTIONS, SPEC_REFERENCES, SpecCollection } from '../support/spec-collections';
import { referencePaths, valuesAt } from './reference-paths';

export interface ValidationIssue {
  _id: string;
  problem: string;
}

export interface CollectionValidation {
  collection: string;
  /** The registered model, or null when the domain has not registered one (references are still checked). */
  model: string | null;
  documents: number;
  invalid: number;
  broken_references: number;
  /** References that could not be checked, with why. */
  unchecked: string[];
  /** The first MAX_ISSUES problems (counts above are complete). */
  issues: ValidationIssue[];
}

export interface ValidationReport {
  ok: boolean;
  collections: CollectionValidation[];
}

/** A reference to check: a dotted path and its target collection (fixed, or by an entity_type field). */
export interface ReferenceCheck {
  path: string;
  target?: string;
  /** Polymorphic: the field naming the entity type, mapped through ENTITY_COLLECTIONS. */
  typeField?: string;
}

const MAX_ISSUES = 50;

/** Polymorphic references worth checking. Audit records are left out: the trail outlives what it describes. */
const POLYMORPHIC: Record<string, { typeField: string; idField: string }> = {
  notifications: { typeField: 'entity_type', idField: 'entity_id' },
};

/**
 * Checks stored data against today's schemas: every document of every model through
 * `validateSync`, and every ObjectId reference against its target collection (one `$in` query
 * per target per batch of documents, not one per reference). SPEC collections whose model is
 * not registered yet are still read and their references checked (SPEC_REFERENCES).
 */
@Injectable()
export class ValidationService {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async validateAll(progress: ProgressReporter = NO_PROGRESS): Promise<ValidationReport> {
    const models = registeredModels(this.connection);
    const modelCollections = new Set(models.map((m) => m.collection));
    const stored = new Set(await databaseCollections(this.connection));
    const schemaless = SPEC_COLLECTIONS.filter((name) => !modelCollections.has(name) && stored.has(name));
    const targets: { collection: string; model?: Model<any>; name: string | null }[] = [
      ...models.map((m) => ({ collection: m.collection, model: m.model, name: m.name })),
      ...schemaless.map((collection) => ({ collection, name: null })),
    ].sort((a, b) => a.collection.localeCompare(b.collection));

    let total = 0;
    for (const { collection } of targets) total += await this.connection.db!.collection(collection).estimatedDocumentCount();
    progress.start('validate', total);
    const collections: CollectionValidation[] = [];
    try {
      for (const target of targets) collections.push(await this.validateCollection(target.collection, target.name, target.model, progress));
    } finally {
      progress.stop();
    }
    return { ok: collections.every((c) => c.invalid === 0 && c.broken_references === 0), collections };
  }

  /** The references of a collection: from its schema when registered, else from the SPEC table. */
  referenceChecks(collection: string, model?: Model<any>): { checks: ReferenceCheck[]; unchecked: string[] } {
    const checks: ReferenceCheck[] = [];
    const unchecked: string[] = [];
    const collectionOfModel = new Map(registeredModels(this.connection).map((m) => [m.name, m.collection]));
    if (model) {
      for (const path of referencePaths(model.schema)) {
        if (path.refPath) {
          unchecked.push(`${path.path} (refPath ${path.refPath})`);
          continue;
        }
        const target = collectionOfModel.get(path.ref!) ?? MODEL_COLLECTIONS[path.ref!];
        if (target) checks.push({ path: path.path, target });
        else unchecked.push(`${path.path} → ${path.ref} (unknown model)`);
      }
    } else {
      for (const [path, target] of Object.entries(SPEC_REFERENCES[collection as SpecCollection] ?? {})) checks.push({ path, target });
    }
    const polymorphic = POLYMORPHIC[collection];
    if (polymorphic) checks.push({ path: polymorphic.idField, typeField: polymorphic.typeField });
    else if (collection === 'activity_logs') unchecked.push('entity_id (audit records outlive their entity)');
    return { checks, unchecked };
  }

  private async validateCollection(collection: string, name: string | null, model: Model<any> | undefined, progress: ProgressReporter): Promise<CollectionValidation> {
    const report: CollectionValidation = { collection, model: name, documents: 0, invalid: 0, broken_references: 0, unchecked: [], issues: [] };
    const note = (id: unknown, problem: string) => {
      if (report.issues.length < MAX_ISSUES) report.issues.push({ _id: String(id), problem });
    };
    const { checks, unchecked } = this.referenceChecks(collection, model);
    report.unchecked.push(...unchecked);
    if (!model) report.unchecked.push('schema (no model registered)');

    const cursor = this.connection.db!.collection(collection).find({}, { batchSize: BATCH_SIZE });
    for await (const docs of inBatches(cursor as AsyncIterable<Record<string, unknown>>, BATCH_SIZE)) {
      if (model) {
        for (const doc of docs) {
          const error = new model(doc).validateSync() as MongooseError.ValidationError | null;
          if (error) {
            report.invalid += 1;
            note(doc._id, Object.values(error.errors).map((e) => `${e.path}: ${e.message}`).join('; '));
          }
        }
      }
      for (const broken of await this.brokenReferences(docs, checks)) {
        report.broken_references += 1;
        note(broken.id, `${broken.path} references missing ${broken.target} ${broken.value}`);
      }
      report.documents += docs.length;
      progress.increment(docs.length);
    }
    return report;
  }

  private async brokenReferences(docs: Record<string, unknown>[], checks: ReferenceCheck[]) {
    const wanted = new Map<string, { id: unknown; path: string; value: unknown }[]>();
    for (const doc of docs) {
      for (const check of checks) {
        const target = check.target ?? ENTITY_COLLECTIONS[String(valuesAt(doc, check.typeField!)[0] ?? '')];
        if (!target) continue;
        for (const value of valuesAt(doc, check.path)) {
          if (!wanted.has(target)) wanted.set(target, []);
          wanted.get(target)!.push({ id: doc._id, path: check.path, value });
        }
      }
    }
    const broken: { id: unknown; path: string; target: string; value: string }[] = [];
    for (const [target, refs] of wanted) {
      const ids = [...new Map(refs.map((ref) => [String(ref.value), ref.value])).values()];
      const found = await this.connection.db!.collection(target).find({ _id: { $in: ids as never[] } }, { projection: { _id: 1 } }).toArray();
      const existing = new Set(found.map((row) => String(row._id)));
      for (const ref of refs) if (!existing.has(String(ref.value))) broken.push({ id: ref.id, path: ref.path, target, value: String(ref.value) });
    }
    return broken;
  }
}
