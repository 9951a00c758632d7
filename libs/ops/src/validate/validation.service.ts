import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection, Error as MongooseError, Model } from 'mongoose';
import { BATCH_SIZE, inBatches } from '../support/batches';
import { registeredModels } from '../support/models';
import { NO_PROGRESS, ProgressReporter } from '../support/progress';
import { ReferencePath, referencePaths, valuesAt } from './reference-paths';

export interface ValidationIssue {
  _id: string;
  problem: string;
}

export interface CollectionValidation {
  collection: string;
  model: string;
  documents: number;
  invalid: number;
  broken_references: number;
  /** References that could not be checked because their target model is not registered. */
  unchecked: string[];
  /** The first MAX_ISSUES problems (counts above are complete). */
  issues: ValidationIssue[];
}

export interface ValidationReport {
  ok: boolean;
  collections: CollectionValidation[];
}

const MAX_ISSUES = 50;

/**
 * Checks stored data against today's schemas: every document of every model through
 * `validateSync`, and every ObjectId reference against its target collection (one `$in` query
 * per target per batch of documents, not one per reference).
 */
@Injectable()
export class ValidationService {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async validateAll(progress: ProgressReporter = NO_PROGRESS): Promise<ValidationReport> {
    const models = registeredModels(this.connection);
    let total = 0;
    for (const { model } of models) total += await model.collection.estimatedDocumentCount();
    progress.start('validate', total);
    const collections: CollectionValidation[] = [];
    try {
      for (const { name, collection, model } of models) collections.push(await this.validateModel(name, collection, model, progress));
    } finally {
      progress.stop();
    }
    return { ok: collections.every((c) => c.invalid === 0 && c.broken_references === 0), collections };
  }

  private async validateModel(name: string, collection: string, model: Model<any>, progress: ProgressReporter): Promise<CollectionValidation> {
    const report: CollectionValidation = { collection, model: name, documents: 0, invalid: 0, broken_references: 0, unchecked: [], issues: [] };
    const note = (id: unknown, problem: string) => {
      if (report.issues.length < MAX_ISSUES) report.issues.push({ _id: String(id), problem });
    };
    const known = new Set(this.connection.modelNames());
    const paths = referencePaths(model.schema);
    for (const path of paths) if (path.ref && !known.has(path.ref)) report.unchecked.push(`${path.path} → ${path.ref}`);
    const checkable = paths.filter((path) => !path.ref || known.has(path.ref));

    const cursor = model.collection.find({}, { batchSize: BATCH_SIZE });
    for await (const docs of inBatches(cursor as AsyncIterable<Record<string, unknown>>, BATCH_SIZE)) {
      for (const doc of docs) {
        const error = new model(doc).validateSync() as MongooseError.ValidationError | null;
        if (error) {
          report.invalid += 1;
          note(doc._id, Object.values(error.errors).map((e) => `${e.path}: ${e.message}`).join('; '));
        }
      }
      for (const broken of await this.brokenReferences(docs, checkable, known)) {
        report.broken_references += 1;
        note(broken.id, `${broken.path} references missing ${broken.target} ${broken.value}`);
      }
      report.documents += docs.length;
      progress.increment(docs.length);
    }
    return report;
  }

  private async brokenReferences(docs: Record<string, unknown>[], paths: ReferencePath[], known: Set<string>) {
    const wanted = new Map<string, { id: unknown; path: string; value: unknown }[]>();
    for (const doc of docs) {
      for (const path of paths) {
        const target = path.ref ?? (path.refPath ? String(valuesAt(doc, path.refPath)[0] ?? '') : '');
        if (!known.has(target)) continue;
        for (const value of valuesAt(doc, path.path)) {
          if (!wanted.has(target)) wanted.set(target, []);
          wanted.get(target)!.push({ id: doc._id, path: path.path, value });
        }
      }
    }
    const broken: { id: unknown; path: string; target: string; value: string }[] = [];
    for (const [target, refs] of wanted) {
      const ids = [...new Map(refs.map((ref) => [String(ref.value), ref.value])).values()];
      const found = await this.connection.model(target).collection.find({ _id: { $in: ids as never[] } }, { projection: { _id: 1 } }).toArray();
      const existing = new Set(found.map((row) => String(row._id)));
      for (const ref of refs) if (!existing.has(String(ref.value))) broken.push({ id: ref.id, path: ref.path, target, value: String(ref.value) });
    }
    return broken;
  }
}
