import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '@app/database';

export const RATE_LIMIT_COLLECTION = 'rate_limits';

/** One client's counts in one window: `_id` is `<client>|<window start ms>`, so the key is unique by construction. */
interface RateLimitCounter {
  _id: string;
  counts: Record<string, number>;
  expires_at: Date;
}

/** The only code that touches `rate_limits`. */
@Injectable()
export class RateLimitStore implements OnModuleInit {
  private collection: Collection<RateLimitCounter>;

  constructor(@InjectConnection() private readonly connection: Connection) {}

  async onModuleInit(): Promise<void> {
    this.collection = this.connection.db!.collection<RateLimitCounter>(RATE_LIMIT_COLLECTION);
    // MongoDB drops expired windows itself; the embedded engine accepts the index but ignores it (see purgeExpired).
    await this.collection.createIndex({ expires_at: 1 }, { expireAfterSeconds: 0 });
  }

  /**
   * Adds `hits[bucket]` to each bucket of `key` and returns the counts after it, in one atomic
   * round trip shared by every API instance on the database.
   */
  async hit(key: string, hits: Record<string, number>, expiresAt: Date): Promise<Record<string, number>> {
    const update = { $inc: Object.fromEntries(Object.entries(hits).map(([bucket, count]) => [`counts.${bucket}`, count])), $setOnInsert: { expires_at: expiresAt } };
    try {
      return await this.increment(key, update);
    } catch (error) {
      // Two first hits of a window raced on the upsert; the loser's retry finds the winner's document.
      if (!isDuplicateKeyError(error)) throw error;
      return this.increment(key, update);
    }
  }

  private async increment(key: string, update: object): Promise<Record<string, number>> {
    const counter = await this.collection.findOneAndUpdate({ _id: key }, update, { upsert: true, returnDocument: 'after', projection: { counts: 1 } });
    return counter?.counts ?? {};
  }

  /** Deletes windows that have ended; returns how many. */
  async purgeExpired(now = new Date()): Promise<number> {
    const { deletedCount } = await this.collection.deleteMany({ expires_at: { $lte: now } });
    return deletedCount;
  }
}
