import { HOT_QUERIES, indexServes } from './hot-queries';

const query = (over: Partial<(typeof HOT_QUERIES)[number]>) => ({ name: 'q', collection: 'c', equality: ['a', 'b'], ...over });

describe('indexServes', () => {
  it('accepts an index whose prefix is the equality fields in any order', () => {
    expect(indexServes({ b: 1, a: 1, z: 1 }, query({}))).toBe(true);
  });

  it('rejects an index that starts with another field or covers only part of the equality', () => {
    expect(indexServes({ z: 1, a: 1, b: 1 }, query({}))).toBe(false);
    expect(indexServes({ a: 1 }, query({}))).toBe(false);
  });

  it('needs the sort fields right after the equality fields, same or fully reversed direction', () => {
    const sorted = query({ sort: { created_at: -1 } });
    expect(indexServes({ a: 1, b: 1, created_at: -1 }, sorted)).toBe(true);
    expect(indexServes({ a: 1, b: 1, created_at: 1 }, sorted)).toBe(true);
    expect(indexServes({ a: 1, b: 1 }, sorted)).toBe(false);
    expect(indexServes({ a: 1, b: 1, x: 1, created_at: -1 }, sorted)).toBe(false);
  });

  it('uses the range field as the prefix when there is no equality', () => {
    expect(indexServes({ due: 1 }, query({ equality: [], range: 'due' }))).toBe(true);
    expect(indexServes({ other: 1 }, query({ equality: [], range: 'due' }))).toBe(false);
  });

  it('every hot query names its collection and at least one field', () => {
    for (const hot of HOT_QUERIES) {
      expect(hot.collection).toMatch(/^[a-z_]+$/);
      expect(hot.equality.length + (hot.range ? 1 : 0)).toBeGreaterThan(0);
    }
  });
});
