import { DatabaseCapabilities } from '@app/database';
import { DirectorySearch, regexSearchPlan, textSearchPlan } from './directory-search';

const capabilities = (textSearch: boolean) => Object.assign(new DatabaseCapabilities(), { textSearch });

describe('directory search plan', () => {
  it('uses $text and the text score when the engine supports it', () => {
    expect(new DirectorySearch(capabilities(true)).plan('bakery')).toEqual(textSearchPlan('bakery'));
    expect(textSearchPlan('bakery')).toEqual({ match: { $text: { $search: 'bakery' } }, relevance: { $meta: 'textScore' } });
  });

  it('falls back to an escaped case-insensitive regex over name, description and industry', () => {
    const plan = new DirectorySearch(capabilities(false)).plan('a+b (c)');
    const pattern = (plan.match.$or as Record<string, RegExp>[])[0].name;
    expect(Object.keys(plan.match)).toEqual(['$or']);
    expect((plan.match.$or as object[]).map((clause) => Object.keys(clause)[0])).toEqual(['name', 'description', 'industry']);
    expect(pattern.flags).toBe('i');
    expect(pattern.test('Shop A+B (C) Ltd')).toBe(true);
    expect(pattern.test('aab c')).toBe(false);
  });

  it('ranks name matches above matches elsewhere in the fallback', () => {
    expect(regexSearchPlan('Bakery').relevance).toEqual({
      $cond: [{ $gte: [{ $indexOfCP: [{ $toLower: { $ifNull: ['$name', ''] } }, 'bakery'] }, 0] }, 2, 1],
    });
  });
});
