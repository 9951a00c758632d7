import { assertManualSpan, findOverlap, overlaps, wholeMinutes } from './time-entry-rules';

const at = (hhmm: string) => new Date(`2026-04-10T${hhmm}:00Z`);
const span = (from: string, to: string) => ({ started_at: at(from), ended_at: at(to) });

describe('time entry rules', () => {
  it('counts whole minutes, rounding down, never negative', () => {
    expect(wholeMinutes(new Date('2026-04-10T10:00:00Z'), new Date('2026-04-10T10:37:59.999Z'))).toBe(37);
    expect(wholeMinutes(at('10:00'), at('10:00'))).toBe(0);
    expect(wholeMinutes(at('10:05'), at('10:00'))).toBe(0);
  });

  it('overlapping spans are detected in either order', () => {
    expect(overlaps(span('09:00', '10:00'), span('09:30', '11:00'))).toBe(true);
    expect(overlaps(span('09:30', '11:00'), span('09:00', '10:00'))).toBe(true);
    expect(overlaps(span('09:00', '12:00'), span('10:00', '11:00'))).toBe(true);
  });

  it('back-to-back spans do not overlap', () => {
    expect(overlaps(span('09:00', '10:00'), span('10:00', '11:00'))).toBe(false);
    expect(overlaps(span('11:00', '12:00'), span('09:00', '10:00'))).toBe(false);
  });

  it('finds the first entry a candidate overlaps', () => {
    const entries = [{ id: 'a', ...span('08:00', '09:00') }, { id: 'b', ...span('09:30', '10:30') }];
    expect(findOverlap(span('10:00', '11:00'), entries)?.id).toBe('b');
    expect(findOverlap(span('09:00', '09:30'), entries)).toBeUndefined();
  });

  it('a manual span must start before it ends, not end in the future and last at most a day', () => {
    const now = at('12:00');
    expect(() => assertManualSpan(span('10:00', '09:00'), now)).toThrow(/must be before ended_at/);
    expect(() => assertManualSpan(span('11:00', '13:00'), now)).toThrow(/must not be in the future/);
    expect(() => assertManualSpan({ started_at: new Date('2026-04-08T10:00:00Z'), ended_at: at('11:00') }, now)).toThrow(/at most 24 hours/);
    expect(() => assertManualSpan(span('10:00', '11:00'), now)).not.toThrow();
  });
});
