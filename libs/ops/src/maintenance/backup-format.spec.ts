import { BSON } from 'mongodb';
import { CollectionDigest, documentLine, parseDocumentLine, portableIndex } from './backup-format';

describe('backup format', () => {
  it('a document line splits back into its collection and canonical EJSON without re-serialising', () => {
    const doc = { _id: new BSON.ObjectId(), at: new Date('2026-01-02T03:04:05Z'), n: new BSON.Int32(3), text: 'quote " and\nnewline' };
    const ejson = BSON.EJSON.stringify(doc, { relaxed: false });
    const line = documentLine('we"ird', ejson);
    expect(line.endsWith('\n')).toBe(true);
    const parsed = parseDocumentLine(line.slice(0, -1));
    expect(parsed).toEqual({ collection: 'we"ird', docEjson: ejson });
    const back = BSON.EJSON.parse(parsed!.docEjson, { relaxed: false }) as typeof doc;
    expect(back._id.equals(doc._id)).toBe(true);
    expect(back.at.toISOString()).toBe(doc.at.toISOString());
    expect(back.n).toBeInstanceOf(BSON.Int32);
  });

  it('does not take the manifest for a document', () => {
    expect(parseDocumentLine('{"manifest":{"collections":{}}}')).toBeNull();
  });

  it('the digest depends on every line and their order', () => {
    const digest = (lines: string[]) => {
      const d = new CollectionDigest();
      lines.forEach((l) => d.add(l));
      return d.digest();
    };
    expect(digest(['a\n', 'b\n'])).toBe(digest(['a\n', 'b\n']));
    expect(digest(['a\n', 'b\n'])).not.toBe(digest(['b\n', 'a\n']));
  });

  it('keeps index options that matter and drops engine bookkeeping', () => {
    expect(portableIndex({ v: 2, key: { email: 1 }, name: 'email_1', unique: true, background: true, ns: 'x.users' })).toEqual({
      name: 'email_1',
      key: { email: 1 },
      options: { unique: true },
    });
  });
});
