import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { randomBytes } from 'crypto';
import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from './duplicate-key';

export const ENTITY_LOCKS_COLLECTION = 'entity_locks';

interface EntityLockDocument {
  /** `<rule>:<entity id>`, e.g. `time-entries:<user id>`. */
  _id: string;
  owner: string;
  locked_until: Date;
}

export interface EntityLockOptions {
  /** The error to throw when the lock stays busy longer than `waitMs` (a 409 naming the rule). */
  busy: () => Error;
  /** How long to wait for a busy lock (default 10 s). */
  waitMs?: number;
  /** Longest a holder keeps the lock: a crashed holder's lock frees itself after this (default 10 s). */
  leaseMs?: number;
}

/** Per key, the end of the queue of this process's requests for it (shared by every module's instance). */
const localQueues = new Map<string, Promise<void>>();

const timeout = (ms: number) => new Promise<'timeout'>((resolve) => setTimeout(resolve, Math.max(0, ms), 'timeout').unref());

/**
 * A per-entity lock document, for rules that read several documents before writing (an overlap
 * across a user's tasks, one default card per customer) and so cannot be one conditional update:
 * without transactions, the check and the write run while holding the lock, one request per entity
 * at a time. Taking the lock is an insert on `_id` (atomic on every engine); releasing deletes our
 * own document; a lease bounds how long a crashed holder can block anyone. Requests of one process
 * for the same key queue in memory first (in order, and without polling the database in a crowd);
 * the document then excludes the other processes.
 */
@Injectable()
export class EntityLocks {
  private readonly logger = new Logger(EntityLocks.name);

  constructor(@InjectConnection() private readonly connection: Connection) {}

  private get locks() {
    return this.connection.db!.collection<EntityLockDocument>(ENTITY_LOCKS_COLLECTION);
  }

  /** Runs `work` holding the lock `key`; waits while another request holds it. */
  async withLock<T>(key: string, work: () => Promise<T>, options: EntityLockOptions): Promise<T> {
    const deadline = Date.now() + (options.waitMs ?? 10_000);
    const ahead = localQueues.get(key) ?? Promise.resolve();
    let leave!: () => void;
    const mine = new Promise<void>((resolve) => (leave = resolve));
    const tail = ahead.then(() => mine);
    localQueues.set(key, tail);
    try {
      if ((await Promise.race([ahead, timeout(deadline - Date.now())])) === 'timeout') throw options.busy();
      const owner = randomBytes(12).toString('hex');
      await this.acquire(key, owner, deadline, options);
      try {
        return await work();
      } finally {
        // A failed release only delays the next holder until the lease ends.
        await this.locks.deleteOne({ _id: key, owner }).catch((error: Error) => this.logger.warn({ key, err: error.message }, 'entity lock not released'));
      }
    } finally {
      leave();
      if (localQueues.get(key) === tail) localQueues.delete(key);
    }
  }

  private async acquire(key: string, owner: string, deadline: number, { busy, leaseMs = 10_000 }: EntityLockOptions): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const now = new Date();
      try {
        await this.locks.insertOne({ _id: key, owner, locked_until: new Date(now.getTime() + leaseMs) });
        return;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      // Held. An expired lease (its holder crashed) is removed, conditionally, and taken over.
      const expired = await this.locks.deleteOne({ _id: key, locked_until: { $lt: now } });
      if (expired.deletedCount > 0) continue;
      if (Date.now() >= deadline) throw busy();
      // Jittered, growing pause so a burst of waiters does not poll in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.min(50, 2 + attempt * 3) * (0.5 + Math.random())));
    }
  }
}
