import { parseAllowedRoles } from './file-rules';

describe('parseAllowedRoles', () => {
  it('defaults to every role', () => {
    expect(parseAllowedRoles(undefined)).toEqual(['admin', 'manager', 'sales', 'support', 'tech']);
  });

  it('accepts repeated fields and comma-separated values, de-duplicated', () => {
    expect(parseAllowedRoles(['tech, Manager', 'tech'])).toEqual(['tech', 'manager']);
  });

  it('names unknown roles in the error', () => {
    expect(() => parseAllowedRoles(['tech,boss'])).toThrow('allowed_roles must be roles among admin, manager, sales, support, tech (got boss)');
    expect(() => parseAllowedRoles([' , '])).toThrow(/at least one role/);
  });
});
