import { excerpt, matchMentions, MAX_MENTIONS, parseMentions } from './mentions';

describe('parseMentions', () => {
  it('reads @local-part and @full-email mentions, lower-cased and de-duplicated', () => {
    expect(parseMentions('Hi @Ana.Lopez and @bob@Logic.Camp, also @ana.lopez again')).toEqual({ emails: ['bob@logic.camp'], localParts: ['ana.lopez'] });
  });

  it('does not treat email addresses written in the text as mentions', () => {
    expect(parseMentions('write to ana@logic.camp or x.y@z.io')).toEqual({ emails: [], localParts: [] });
  });

  it('drops sentence punctuation after a mention', () => {
    expect(parseMentions('Thanks @bob. Ask @carol@logic.camp. (@dave) @erin, @frank!')).toEqual({
      emails: ['carol@logic.camp'],
      localParts: ['bob', 'dave', 'erin', 'frank'],
    });
  });

  it('accepts a mention at the start, after a newline and with + - _ %', () => {
    expect(parseMentions('@first\n@second-name\t@third_name+tag')).toEqual({ emails: [], localParts: ['first', 'second-name', 'third_name+tag'] });
  });

  it('ignores a bare @ and an @ not followed by a letter or digit', () => {
    expect(parseMentions('email me @ home, @.hidden, @@twice')).toEqual({ emails: [], localParts: [] });
  });

  it(`keeps at most ${MAX_MENTIONS} distinct mentions`, () => {
    const content = Array.from({ length: 80 }, (_, i) => `@user${i}`).join(' ');
    expect(parseMentions(content).localParts).toHaveLength(MAX_MENTIONS);
  });
});

describe('matchMentions', () => {
  const users = [
    { id: 'a', email: 'ana@logic.camp' },
    { id: 'j1', email: 'john@logic.camp' },
    { id: 'j2', email: 'john@partner.io' },
  ];

  it('maps a local part to the one user who has it', () => {
    expect(matchMentions({ emails: [], localParts: ['ana'] }, users)).toEqual(['a']);
  });

  it('maps nobody when a local part is shared: the full address is required', () => {
    expect(matchMentions({ emails: [], localParts: ['john'] }, users)).toEqual([]);
    expect(matchMentions({ emails: ['john@partner.io'], localParts: [] }, users)).toEqual(['j2']);
  });

  it('counts a person mentioned both ways once', () => {
    expect(matchMentions({ emails: ['ana@logic.camp'], localParts: ['ana'] }, users)).toEqual(['a']);
  });
});

describe('excerpt', () => {
  it('collapses whitespace and cuts long text with an ellipsis', () => {
    expect(excerpt('  hello\n\n  world ')).toBe('hello world');
    const cut = excerpt('x'.repeat(300), 20);
    expect(cut).toHaveLength(20);
    expect(cut.endsWith('…')).toBe(true);
  });
});
