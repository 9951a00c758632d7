import { badRequest, fieldError } from '@app/common';

export interface TimeSpan {
  started_at: Date;
  ended_at: Date;
}

/** Longest manual entry; longer work is entered per day. */
export const MAX_MANUAL_ENTRY_MINUTES = 24 * 60;

/** Whole minutes elapsed, rounded down, never negative. */
export function wholeMinutes(startedAt: Date, endedAt: Date): number {
  return Math.max(0, Math.floor((endedAt.getTime() - startedAt.getTime()) / 60_000));
}

/** Spans overlap when each starts before the other ends; touching ends do not overlap. */
export function overlaps(a: TimeSpan, b: TimeSpan): boolean {
  return a.started_at.getTime() < b.ended_at.getTime() && b.started_at.getTime() < a.ended_at.getTime();
}

export function findOverlap<T extends TimeSpan>(candidate: TimeSpan, entries: T[]): T | undefined {
  return entries.find((entry) => overlaps(candidate, entry));
}

const iso = (date: Date) => date.toISOString();

/** A manual entry starts before it ends, is not in the future and lasts at most a day. */
export function assertManualSpan(span: TimeSpan, now: Date): void {
  if (span.started_at.getTime() >= span.ended_at.getTime()) {
    throw badRequest(`started_at (${iso(span.started_at)}) must be before ended_at (${iso(span.ended_at)})`, [
      { field: 'started_at', message: `must be before ended_at (${iso(span.ended_at)})` },
    ]);
  }
  if (span.ended_at.getTime() > now.getTime()) throw fieldError('ended_at', `must not be in the future (now is ${iso(now)})`);
  if (wholeMinutes(span.started_at, span.ended_at) > MAX_MANUAL_ENTRY_MINUTES) {
    throw fieldError('ended_at', `must be at most ${MAX_MANUAL_ENTRY_MINUTES / 60} hours after started_at; enter longer work per day`);
  }
}
