import { fieldError } from '@app/common';

/** A due date being set must lie in the future; an unchanged past one stays valid. */
export function assertFutureDueDate(value: Date | null | undefined, current: Date | null | undefined, now: Date, field = 'due_date'): void {
  if (!value || value.getTime() === current?.getTime()) return;
  if (value.getTime() <= now.getTime()) {
    throw fieldError(field, `must be in the future (got ${value.toISOString().slice(0, 10)}, today is ${now.toISOString().slice(0, 10)})`);
  }
}
