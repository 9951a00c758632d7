import { combineFilters } from './list-query';

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
