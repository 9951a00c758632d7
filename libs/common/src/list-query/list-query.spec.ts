import { combineFilters, escapeRegExp } from './list-query';

describe('combineFilters', () => {
  it('merges disjoint filters into one flat query (index-friendly)', () => {
    expect(combineFilters({ deleted_at: null }, { status: 'new' })).toEqual({ deleted_at: null, status: 'new' });
  });

  it("never lets a requested filter replace the base filter's rule on the same field", () => {
    const base = { agent_id: 'me' };
    expect(combineFilters(base, { agent_id: 'someone-else' })).toEqual({ $and: [{ agent_id: 'me' }, { agent_id: 'someone-else' }] });
  });

  it('keeps both $and lists when both sides have one', () => {
    expect(combineFilters({ $and: [{ a: 1 }] }, { $and: [{ b: 2 }] })).toEqual({ $and: [{ $and: [{ a: 1 }] }, { $and: [{ b: 2 }] }] });
  });
});

describe('escapeRegExp', () => {
  it('makes every regex metacharacter literal', () => {
    const text = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o';
    expect(new RegExp(`^${escapeRegExp(text)}$`).test(text)).toBe(true);
  });

  it('writes a NUL byte as the \\x00 escape (a BSON regex cannot carry one) and still matches it', () => {
    const source = escapeRegExp('a\0b');
    expect(source).toBe('a\\x00b');
    expect(source.includes('\0')).toBe(false);
    expect(new RegExp(source).test('xa\0by')).toBe(true);
  });
});
