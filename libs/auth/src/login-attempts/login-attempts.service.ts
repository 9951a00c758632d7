import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { randomToken } from '@app/crypto';
import { isDuplicateKeyError } from '@app/database';
import { LoginAttempt } from './login-attempt.schema';

/** First delay step once an account is past its free failures; each further failure doubles it. */
const ACCOUNT_DELAY_BASE_MS = 250;

export interface AttemptLimits {
  /** Attempts one client may make on one subject within the window. */
  maxPerClient: number;
  windowMs: number;
  /** Cap of the per-account delay (0: none). */
  accountDelayMaxMs: number;
}

export interface Reservation {
  clientKey: string;
  accountKey: string;
  /** Marks the client counter while this is its latest attempt. */
  slot: string;
  /** How long to wait before checking the password: the account's progressive delay. */
  delayMs: number;
}

/**
 * The only owner of `login_attempts`. Every password check (sign-in, change-password) reserves a
 * slot here BEFORE the hash is verified, with one atomic update, so parallel guesses cannot all
 * be checked: once a client's counter reaches the limit, the conditional update matches nothing
 * and the upsert collides with the existing key.
 */
@Injectable()
export class LoginAttemptsService {
  constructor(@InjectModel(LoginAttempt.name) private readonly attempts: Model<LoginAttempt>) {}

  /** A slot for one password check, or null while this client is locked out of this subject. */
  async reserve(scope: string, subject: string, client: string, limits: AttemptLimits): Promise<Reservation | null> {
    const clientKey = `${scope}:${subject}:${client}`;
    const accountKey = `${scope}:${subject}`;
    const slot = randomToken(12);
    if (!(await this.take(clientKey, slot, limits.maxPerClient, limits.windowMs))) return null;
    const accountCount = await this.count(accountKey, limits.windowMs);
    return { clientKey, accountKey, slot, delayMs: accountDelay(accountCount - 1, limits) };
  }

  /**
   * The password was right: this client's earlier failures start over, but only if no attempt of
   * this client came after this one (counted or refused). A concurrent failure, or a guess refused
   * by the lock, keeps the counter: a success never clears a lock another attempt set or met.
   * Its own slot leaves the account count.
   */
  async succeeded(reservation: Reservation): Promise<void> {
    await this.attempts.deleteOne({ _id: reservation.clientKey, last_slot: reservation.slot });
    await this.attempts.updateOne({ _id: reservation.accountKey, count: { $gt: 0 } }, { $inc: { count: -1 } });
  }

  /** Deletes counters whose window has ended; returns how many (the TTL index does this on MongoDB). */
  async purgeExpired(now: Date = new Date()): Promise<number> {
    return (await this.attempts.deleteMany({ expires_at: { $lte: now } })).deletedCount;
  }

  /** Counts one attempt if fewer than `limit` were counted in the window; false once the limit is reached. */
  private async take(key: string, slot: string, limit: number, windowMs: number): Promise<boolean> {
    const now = new Date();
    await this.attempts.deleteOne({ _id: key, expires_at: { $lte: now } });
    // Two tries: the first insert of a key can collide with a concurrent one (then the retry counts
    // on the document it created); a second collision means the counter is at the limit.
    for (let tries = 0; tries < 2; tries++) {
      try {
        await this.attempts.updateOne(
          { _id: key, count: { $lt: limit } },
          { $inc: { count: 1 }, $set: { expires_at: new Date(now.getTime() + windowMs), last_slot: slot } },
          { upsert: true },
        );
        return true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    // Refused: leave the count and the window alone, but mark that an attempt came after any in flight.
    await this.attempts.updateOne({ _id: key }, { $set: { last_slot: slot } });
    return false;
  }

  /** Counts one attempt without a limit; returns the count including it. */
  private async count(key: string, windowMs: number): Promise<number> {
    const now = new Date();
    await this.attempts.deleteOne({ _id: key, expires_at: { $lte: now } });
    for (let tries = 0; ; tries++) {
      try {
        const counter = await this.attempts
          .findOneAndUpdate({ _id: key }, { $inc: { count: 1 }, $set: { expires_at: new Date(now.getTime() + windowMs) } }, { upsert: true, new: true, projection: { count: 1 } })
          .lean();
        return counter?.count ?? 1;
      } catch (error) {
        if (tries > 0 || !isDuplicateKeyError(error)) throw error;
      }
    }
  }
}

/** 0 for the first `maxPerClient` failures on the account, then 250 ms doubling, up to the cap. */
export function accountDelay(earlierAttempts: number, limits: AttemptLimits): number {
  const excess = earlierAttempts - limits.maxPerClient;
  if (excess < 0 || limits.accountDelayMaxMs === 0) return 0;
  return Math.min(ACCOUNT_DELAY_BASE_MS * 2 ** Math.min(excess, 20), limits.accountDelayMaxMs);
}
