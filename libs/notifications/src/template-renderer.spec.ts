import { invalidPlaceholders, MissingPlaceholderError, renderTemplate, templatePlaceholders } from './template-renderer';

describe('notification template renderer', () => {
  it('substitutes every placeholder, repeated ones too', () => {
    expect(renderTemplate('{{sender_name}} mentioned you in {{project_name}}: "{{excerpt}}" — {{sender_name}}', {
      sender_name: 'Ann Lee',
      project_name: 'Website',
      excerpt: 'can you check?',
    })).toBe('Ann Lee mentioned you in Website: "can you check?" — Ann Lee');
  });

  it('accepts spaces inside the braces and numbers as values', () => {
    expect(renderTemplate('{{ amount }} {{currency}} paid', { amount: 1500, currency: 'USD' })).toBe('1500 USD paid');
  });

  it('ignores extra data', () => {
    expect(renderTemplate('Hello {{name}}', { name: 'Ann', unused: 'x' })).toBe('Hello Ann');
  });

  it('throws naming a missing placeholder instead of rendering an empty string', () => {
    expect(() => renderTemplate('Lead {{lead_name}} assigned by {{assigned_by}}', { lead_name: 'Acme' })).toThrow(MissingPlaceholderError);
    expect(() => renderTemplate('Lead {{lead_name}} assigned by {{assigned_by}}', { lead_name: 'Acme' })).toThrow(/\{\{assigned_by\}\}/);
    expect(() => renderTemplate('{{lead_name}}', { lead_name: null })).toThrow(/lead_name/);
    expect(() => renderTemplate('{{lead_name}}', { lead_name: '  ' })).toThrow(/lead_name/);
  });

  it('does not read inherited properties as data', () => {
    expect(() => renderTemplate('{{constructor}}', {})).toThrow(/constructor/);
  });

  it('leaves text without placeholders as it is', () => {
    expect(renderTemplate('Nothing to fill {not a placeholder}', {})).toBe('Nothing to fill {not a placeholder}');
  });

  it('lists the placeholders a template uses', () => {
    expect(templatePlaceholders('{{a}} {{ b_c }} {{a}}')).toEqual(['a', 'b_c']);
  });

  it('finds malformed placeholders', () => {
    expect(invalidPlaceholders('Hi {{name}}, {{ok_name}}')).toEqual([]);
    expect(invalidPlaceholders('Hi {{Lead-Name}} and {{x1}}')).toEqual(['{{Lead-Name}}', '{{x1}}']);
    expect(invalidPlaceholders('Hi {{}}')).toEqual(['{{}}']);
    expect(invalidPlaceholders('Hi {{name} there')).toEqual(['{{name']);
    expect(invalidPlaceholders('oops }} here')).toEqual(['}}']);
  });
});
