import { oneOf, parseNonNegativeInt } from './ops-command';

describe('option parsers', () => {
  it('accepts whole numbers and names the rule otherwise', () => {
    expect(parseNonNegativeInt('0')).toBe(0);
    expect(parseNonNegativeInt('42')).toBe(42);
    for (const bad of ['-1', '1.5', 'abc', '', '99999999999']) {
      expect(() => parseNonNegativeInt(bad)).toThrow(/whole number/);
    }
  });

  it('raises errors commander reports as invalid arguments', () => {
    try {
      oneOf('huge', ['small', 'large']);
      fail('expected an error');
    } catch (error) {
      expect((error as { code: string }).code).toBe('commander.invalidArgument');
      expect((error as Error).message).toBe('must be one of small, large');
    }
    expect(oneOf('small', ['small', 'large'])).toBe('small');
  });
});
