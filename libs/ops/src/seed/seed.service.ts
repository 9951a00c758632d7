import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import * as argon2 from 'argon2';
import type { Connection, Types } from 'mongoose';
import { Readable } from 'stream';
import { FieldEncryptionService } from '@app/crypto';
import { FILE_STORAGE, FileStorage } from '@app/files';
import { BATCH_SIZE } from '../support/batches';
import { modelForCollection } from '../support/models';
import { NO_PROGRESS, ProgressReporter } from '../support/progress';
import { SEED_GENERATORS } from './generators';
import { insertBatch, insertRawBatch } from './insert-batch';
import { SeedContext } from './seed-context';
import { deriveSeed, SeedSize } from './seed-plan';

/** Every seeded user signs in with this password (printed by the command; development data only). */
export const SEED_USER_PASSWORD = 'Sample-Passw0rd!';

export interface SeedOptions {
  size: SeedSize;
  seed: number;
  progress?: ProgressReporter;
}

export interface SeedRow {
  collection: string;
  planned: number;
  inserted: number;
  existing: number;
  invalid: number;
  /** Why the collection was not seeded. */
  skipped?: string;
  /** How it was seeded when not the usual way. */
  note?: string;
  firstError?: string;
}

export interface SeedReport {
  seed: number;
  size: SeedSize;
  rows: SeedRow[];
  /** One seeded account per role, for trying the app. */
  sampleLogins: { role: string; email: string }[];
  password: string;
  durationMs: number;
}

/**
 * Sample data for every collection: deterministic for a seed (ids included, so seeding twice
 * with the same seed inserts nothing new), references consistent across collections, inserted
 * in unordered batches of 1000 through the models so the schemas validate every document.
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly encryption: FieldEncryptionService,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  async seed({ size, seed, progress = NO_PROGRESS }: SeedOptions): Promise<SeedReport> {
    const started = Date.now();
    // Loaded on demand: faker is large and only the seeder needs it.
    const { Faker, en, base } = await import('@faker-js/faker');
    const refDate = new Date(new Date().toISOString().slice(0, 10));
    const passwordHash = await argon2.hash(SEED_USER_PASSWORD, { type: argon2.argon2id });
    const ctx = new SeedContext(seed, size, refDate, passwordHash, this.encryption);
    ctx.refs.notificationTypes = await this.connection
      .db!.collection<{ key: string; title_template: string; body_template: string }>('notification_types')
      .find({ is_active: { $ne: false } }, { projection: { key: 1, title_template: 1, body_template: 1 } })
      .toArray();

    const rows: SeedRow[] = [];
    const generated = new Set<string>();
    progress.start('seed', SEED_GENERATORS.reduce((sum, g) => sum + ctx.count(g.collection), 0));
    try {
      for (const generator of SEED_GENERATORS) {
        const planned = ctx.count(generator.collection);
        const row: SeedRow = { collection: generator.collection, planned, inserted: 0, existing: 0, invalid: 0 };
        rows.push(row);
        const model = modelForCollection(this.connection, generator.collection);
        const missing = generator.requires.filter((collection) => !generated.has(collection));
        if (missing.length > 0) {
          row.skipped = `needs ${missing.join(', ')}`;
          this.logger.warn(`skipped ${generator.collection}: ${row.skipped}`);
          progress.increment(planned);
          continue;
        }
        // A domain still being written has no model yet: its documents (fields per SPEC) go in
        // by collection name, unvalidated, so everything that references them can be seeded.
        if (!model) {
          row.note = 'no schema registered yet: inserted by collection name, not schema-validated';
          this.logger.warn(`${generator.collection}: ${row.note}`);
        }
        ctx.faker = new Faker({ locale: [en, base], seed: deriveSeed(seed, generator.collection) });
        ctx.faker.setDefaultRefDate(refDate);
        let batch: Record<string, unknown>[] = [];
        const flush = async () => {
          await this.storeContents(ctx, generator.collection, batch);
          const result = model ? await insertBatch(model, batch) : await insertRawBatch(this.connection.db!.collection(generator.collection), batch);
          row.inserted += result.inserted;
          row.existing += result.existing;
          row.invalid += result.invalid;
          row.firstError ??= result.firstError;
          progress.increment(batch.length);
          batch = [];
        };
        for (let i = 0; i < planned; i += 1) {
          batch.push(generator.build(ctx, i));
          if (batch.length >= BATCH_SIZE) await flush();
        }
        if (batch.length > 0) await flush();
        if (planned > 0) generated.add(generator.collection);
        if (row.invalid > 0) this.logger.warn(`${generator.collection}: ${row.invalid} document(s) rejected, first: ${row.firstError}`);
      }
    } finally {
      progress.stop();
    }
    const sampleLogins = ['admin', 'manager', 'sales', 'support', 'tech']
      .map((role) => ({ role, email: ctx.refs.users.find((user) => user.role === role && user.is_active)?.email ?? '' }))
      .filter((login) => login.email);
    return { seed, size, rows, sampleLogins, password: SEED_USER_PASSWORD, durationMs: Date.now() - started };
  }

  /**
   * Blob first, document second (as an upload does): each new document's bytes are stored and
   * its storage_key set to the blob's key. Documents already there (the same seed again) keep
   * their blob and get no second one.
   */
  private async storeContents(ctx: SeedContext, collection: string, batch: Record<string, unknown>[]): Promise<void> {
    const withContent = batch.filter((doc) => ctx.contents.has(doc));
    if (withContent.length === 0) return;
    const existing = await this.connection
      .db!.collection(collection)
      .find({ _id: { $in: withContent.map((doc) => doc._id as Types.ObjectId) } }, { projection: { _id: 1 } })
      .toArray();
    const present = new Set(existing.map((doc) => String(doc._id)));
    for (const doc of withContent) {
      if (present.has(String(doc._id))) continue;
      const blob = await this.storage.put(Readable.from([ctx.contents.get(doc)!]));
      if (blob.sha256 !== doc.sha256) throw new Error(`${collection} ${String(doc._id)}: stored bytes do not match the record's sha256`);
      doc.storage_key = blob.key;
    }
  }
}
