import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { isDuplicateKeyError } from '../support/ops-error';

export interface JobLock {
  _id: string;
  locked_until: Date | null;
  owner: string | null;
  acquired_at?: Date;
  last_run_at?: Date;
  last_status?: string;
  last_summary?: string;
}

export const JOB_LOCKS_COLLECTION = 'job_locks';

/**
 * A lease in the database, so one instance runs a job at a time however many run the scheduler.
 * The lease expires on its own (`locked_until`), so a crashed holder never blocks a job for good.
 */
@Injectable()
export class JobLockService {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  private get locks() {
    return this.connection.db!.collection<JobLock>(JOB_LOCKS_COLLECTION);
  }

  /** True when `owner` now holds the lock; false when someone else holds an unexpired one. */
  async acquire(name: string, ttlMs: number, owner: string, now = new Date()): Promise<boolean> {
    try {
      const lock = await this.locks.findOneAndUpdate(
        { _id: name, $or: [{ locked_until: { $lt: now } }, { locked_until: null }] },
        { $set: { locked_until: new Date(now.getTime() + ttlMs), owner, acquired_at: now } },
        { upsert: true, returnDocument: 'after' },
      );
      return lock?.owner === owner;
    } catch (error) {
      // Two first-time upserts race: the loser's insert hits the _id index — the lock is held.
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Releases only our own lease, recording how the run ended. */
  async release(name: string, owner: string, outcome: { status: string; summary: string }): Promise<void> {
    await this.locks.updateOne(
      { _id: name, owner },
      { $set: { locked_until: null, owner: null, last_run_at: new Date(), last_status: outcome.status, last_summary: outcome.summary } },
    );
  }

  find(name: string): Promise<JobLock | null> {
    return this.locks.findOne({ _id: name });
  }
}
