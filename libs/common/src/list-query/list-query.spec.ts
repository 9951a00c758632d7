import type { Model } from 'mongoose';
import { ApiException } from '../errors/api-exception';
import { combineFilters, escapeRegExp, findRows, ListSpec } from './list-query';

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

describe('populate whitelist', () => {
  const SPEC: ListSpec = { sortable: ['created_at'], defaultSort: '-created_at', populate: { owner: { from: 'owner_id', model: 'User', select: ['email'] } } };
  // Never reached: the whitelist refuses before any query.
  const model = {} as Model<unknown>;

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'owner,__proto__'])('refuses populate=%s with a 400 naming the allowed names, before any query', async (populate) => {
    const refused = await findRows(model, {}, SPEC, populate).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiException);
    expect((refused as ApiException).getStatus()).toBe(400);
    expect((refused as ApiException).getResponse()).toMatchObject({ details: [{ field: 'populate', message: 'must be a comma-separated list of: owner' }] });
  });

  it('treats a base filter field named like an Object.prototype member as absent', () => {
    expect(combineFilters({}, { constructor: 'x' })).toEqual({ constructor: 'x' });
  });
});
