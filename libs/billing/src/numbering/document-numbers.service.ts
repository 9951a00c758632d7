import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { conflict } from '@app/common';
import { isDuplicateKeyError } from '@app/database';
import { BillingSequence } from './sequence.schema';

export type NumberSeries = 'INV' | 'CN';

/** INV-2026-000123. */
export const formatDocumentNumber = (series: NumberSeries, year: number, seq: number): string => `${series}-${year}-${String(seq).padStart(6, '0')}`;

/** Enough for every request of a burst to win one round; each round one of them takes the number. */
const MAX_ATTEMPTS = 200;

/**
 * Gapless numbers per series and year. A number is taken by the very write that gives it to its
 * document — the invoice's conditional draft → issued update, the credit note's insert — under a
 * unique index on `number`: two callers proposing the same number cannot both win, and a caller
 * whose transition is refused (the invoice was issued meanwhile) takes nothing, so no number is
 * burned. The next number to propose is the counter + 1; the counter moves ($max) only to a
 * number a document holds, so a crash between the two leaves it behind, never ahead: the next
 * proposal collides, steps the counter up and tries again.
 */
@Injectable()
export class DocumentNumbersService {
  constructor(@InjectModel(BillingSequence.name) private readonly sequences: Model<BillingSequence>) {}

  /**
   * Runs `take(number)` with the next free number until it takes it (returns a value), refuses
   * (returns null: nothing was taken) or fails otherwise. `take` must throw the unique index's
   * duplicate-key error when the number is held.
   */
  async assign<T>(series: NumberSeries, year: number, take: (number: string, seq: number) => Promise<T | null>): Promise<T | null> {
    const key = `${series}-${year}`;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const counter = await this.sequences.findById(key, { seq: 1 }).lean<BillingSequence>();
      const seq = (counter?.seq ?? 0) + 1;
      try {
        const taken = await take(formatDocumentNumber(series, year, seq), seq);
        if (taken !== null) await this.advance(key, seq);
        return taken;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Someone holds `seq` (its holder may have crashed before moving the counter): move it for them.
        await this.advance(key, seq);
      }
    }
    throw conflict(`Too many ${series} numbers are being taken at once; retry in a moment`, [{ field: 'number', message: 'busy' }]);
  }

  private async advance(key: string, seq: number): Promise<void> {
    try {
      await this.sequences.updateOne({ _id: key }, { $max: { seq } }, { upsert: true });
    } catch (error) {
      // Two first-of-the-year upserts raced on the _id: the document exists now.
      if (!isDuplicateKeyError(error)) throw error;
      await this.sequences.updateOne({ _id: key }, { $max: { seq } });
    }
  }
}
