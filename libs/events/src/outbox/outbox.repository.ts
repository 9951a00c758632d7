import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { OutboxEventType } from '@app/common';
import { isDuplicateKeyError } from '@app/database';
import { EventSequence, OutboxEvent, OutboxEventRecord, OutboxEventStatus } from './outbox-event.schema';

const SEQUENCE_ID = 'events';
/** How many positions past the cursor one horizon scan looks at. */
const HORIZON_SCAN = 1000;

/** A committed event as readers see it. */
export type CommittedEvent = OutboxEventRecord & { seq: number; committed_at: Date };

export interface EventPage {
  events: CommittedEvent[];
  /** Pass as `after` for the next page: the last event served, or the horizon when the page is short. */
  next_after: number;
}

/** The only code that touches `events` and `event_sequence`. */
@Injectable()
export class OutboxRepository {
  constructor(
    @InjectModel(OutboxEvent.name) private readonly events: Model<OutboxEvent>,
    @InjectModel(EventSequence.name) private readonly sequence: Model<EventSequence>,
  ) {}

  /**
   * Inserts pending events; returns the keys this call inserted. A key already present is a
   * change already recorded (an idempotent re-run): it is left as it is and not returned.
   */
  async insertPending(events: OutboxEventRecord[]): Promise<string[]> {
    try {
      await this.events.collection.insertMany(events as never[], { ordered: false });
      return events.map((event) => event._id);
    } catch (error) {
      const failures = (error as { writeErrors?: { index: number; code?: number }[] }).writeErrors;
      if (!failures || failures.some((failure) => !isDuplicateKeyError(failure))) throw error;
      const existing = new Set(failures.map((failure) => failure.index));
      return events.filter((_, index) => !existing.has(index)).map((event) => event._id);
    }
  }

  /** Assigns the next sequence numbers (in key order) and makes the events visible. */
  async commit(keys: string[], now = new Date()): Promise<void> {
    if (keys.length === 0) return;
    const counter = await this.sequence.collection.findOneAndUpdate({ _id: SEQUENCE_ID as never }, { $inc: { seq: keys.length } }, { upsert: true, returnDocument: 'after' });
    const last = Number(counter?.seq);
    const first = last - keys.length + 1;
    await this.events.collection.bulkWrite(
      keys.map((key, index) => ({
        updateOne: {
          filter: { _id: key as never, status: OutboxEventStatus.Pending },
          update: { $set: { seq: first + index, status: OutboxEventStatus.Committed, committed_at: now }, $unset: { confirm: '' } },
        },
      })),
      { ordered: true },
    );
  }

  async discard(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.events.collection.deleteMany({ _id: { $in: keys as never[] }, status: OutboxEventStatus.Pending });
  }

  pendingBefore(cutoff: Date, limit = 500): Promise<OutboxEventRecord[]> {
    return this.events.find({ status: OutboxEventStatus.Pending, occurred_at: { $lt: cutoff } }).sort({ occurred_at: 1 }).limit(limit).lean<OutboxEventRecord[]>().exec();
  }

  /**
   * The highest position up to which every event is readable: positions are handed out before the
   * event carrying them is written, so a reader must not pass a hole a writer may still fill. A
   * hole is given up once an event after it committed more than `holeGraceMs` ago (its writer
   * crashed between taking the number and writing it, or retention removed it).
   */
  async horizon(after: number, holeGraceMs: number, now = Date.now()): Promise<number> {
    const positions = await this.events
      .find({ seq: { $gt: after } }, { _id: 0, seq: 1, committed_at: 1 })
      .sort({ seq: 1 })
      .limit(HORIZON_SCAN)
      .lean<{ seq: number; committed_at: Date }[]>()
      .exec();
    let horizon = after;
    for (const { seq, committed_at } of positions) {
      if (seq !== horizon + 1 && now - committed_at.getTime() < holeGraceMs) break;
      horizon = seq;
    }
    return horizon;
  }

  /** Committed events after `after` (up to the horizon), in order, optionally of some types only. */
  async readAfter(after: number, limit: number, options: { types?: readonly OutboxEventType[]; holeGraceMs: number }): Promise<EventPage> {
    const horizon = await this.horizon(after, options.holeGraceMs);
    if (horizon === after) return { events: [], next_after: after };
    const events = await this.events
      .find({ seq: { $gt: after, $lte: horizon }, ...(options.types ? { type: { $in: options.types } } : {}) })
      .sort({ seq: 1 })
      .limit(limit)
      .lean<CommittedEvent[]>()
      .exec();
    return { events, next_after: events.length === limit ? events[events.length - 1].seq : horizon };
  }

  findCommitted(seq: number): Promise<CommittedEvent | null> {
    return this.events.findOne({ seq, status: OutboxEventStatus.Committed }).lean<CommittedEvent>().exec();
  }

  /** The position just before the oldest event a reader may still need (0 when the outbox is empty). */
  async latestSeqBefore(): Promise<number> {
    const latest = await this.latestSeq();
    // Start a little back, so the horizon scan sees a still-open hole near the top instead of jumping it.
    return Math.max(0, latest - HORIZON_SCAN / 2);
  }

  /** The newest committed position. */
  async latestSeq(): Promise<number> {
    const latest = await this.events.findOne({ seq: { $exists: true } }, { _id: 0, seq: 1 }).sort({ seq: -1 }).lean<{ seq: number }>();
    return latest?.seq ?? 0;
  }

  async purgeCommittedBefore(cutoff: Date): Promise<number> {
    const result = await this.events.deleteMany({ status: OutboxEventStatus.Committed, committed_at: { $lt: cutoff } });
    return result.deletedCount;
  }
}
