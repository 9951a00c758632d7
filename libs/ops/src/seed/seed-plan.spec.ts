import { isValidPhoneNumber } from 'libphonenumber-js';
import { Faker, en, base } from '@faker-js/faker';
import { SeedContext } from './seed-context';
import { deriveSeed, SEED_PLAN, SEED_SIZES, seededIdHex } from './seed-plan';
import { SEED_GENERATORS } from './generators';

describe('seed plan', () => {
  it('sizes are about 500, 10k and 100k documents', () => {
    const total = (size: (typeof SEED_SIZES)[number]) => Object.values(SEED_PLAN).reduce((sum, counts) => sum + counts[size], 0);
    expect(total('small')).toBeGreaterThanOrEqual(450);
    expect(total('small')).toBeLessThanOrEqual(600);
    expect(Math.abs(total('medium') - 10_000)).toBeLessThan(1_000);
    expect(Math.abs(total('large') - 100_000)).toBeLessThan(10_000);
  });

  it('every collection in the plan has exactly one generator, and every generator is planned', () => {
    expect(SEED_GENERATORS.map((g) => g.collection).sort()).toEqual(Object.keys(SEED_PLAN).sort());
  });

  it('a generator only requires collections generated before it', () => {
    SEED_GENERATORS.forEach((generator, position) => {
      const earlier = SEED_GENERATORS.slice(0, position).map((g) => g.collection);
      for (const required of generator.requires) expect(earlier).toContain(required);
    });
  });

  it('seeded ids are 24 hex digits, the same for the same seed, distinct across collections, positions and seeds', () => {
    const a = seededIdHex(42, 'leads', 7);
    expect(a).toMatch(/^[0-9a-f]{24}$/);
    expect(seededIdHex(42, 'leads', 7)).toBe(a);
    expect(new Set([a, seededIdHex(42, 'leads', 8), seededIdHex(42, 'users', 7), seededIdHex(43, 'leads', 7)]).size).toBe(4);
    expect(() => seededIdHex(1, 'nope', 0)).toThrow(/no seed id space/);
  });

  it('derives a different faker seed per collection', () => {
    expect(deriveSeed(1, 'users')).not.toBe(deriveSeed(1, 'leads'));
    expect(deriveSeed(1, 'users')).toBe(deriveSeed(1, 'users'));
  });

  it('generates phone numbers that pass E.164 validation', () => {
    const ctx = new SeedContext(1, 'small', new Date('2026-01-01'), 'hash', {} as never);
    ctx.faker = new Faker({ locale: [en, base], seed: 5 });
    for (let i = 0; i < 300; i += 1) {
      const phone = ctx.phone();
      expect(phone).toMatch(/^\+1\d{10}$/);
      expect(isValidPhoneNumber(phone)).toBe(true);
    }
  });
});
