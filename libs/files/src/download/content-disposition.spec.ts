import { asciiFallback, contentDisposition, encodeRfc5987, sanitizeFileName } from './content-disposition';

describe('sanitizeFileName', () => {
  it('keeps only the last path segment', () => {
    expect(sanitizeFileName('../../evil.txt')).toBe('evil.txt');
    expect(sanitizeFileName('C:\\Users\\me\\report.pdf')).toBe('report.pdf');
  });

  it('removes control and bidi-override characters and collapses whitespace', () => {
    expect(sanitizeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(sanitizeFileName('a\u0000b\r\nc   d.txt')).toBe('abc d.txt');
  });

  it('falls back to "file" for empty or dot-only names', () => {
    expect(sanitizeFileName('')).toBe('file');
    expect(sanitizeFileName(undefined)).toBe('file');
    expect(sanitizeFileName('..')).toBe('file');
    expect(sanitizeFileName('dir/')).toBe('file');
  });

  it('shortens long names to 200 characters keeping the extension', () => {
    const name = sanitizeFileName(`${'a'.repeat(300)}.pdf`);
    expect([...name]).toHaveLength(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });

  it('normalises to NFC', () => {
    expect(sanitizeFileName('e\u0301te\u0301.txt')).toBe('\u00e9t\u00e9.txt');
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name per RFC 5987', () => {
    expect(contentDisposition('Rapport été.pdf')).toBe(`attachment; filename="Rapport ete.pdf"; filename*=UTF-8''Rapport%20%C3%A9t%C3%A9.pdf`);
  });

  it('never lets quotes, backslashes or percent signs break the ASCII parameter', () => {
    expect(asciiFallback('a"b\\c%d.txt')).toBe('a_b_c_d.txt');
    expect(contentDisposition('say "hi".txt')).toBe(`attachment; filename="say _hi_.txt"; filename*=UTF-8''say%20%22hi%22.txt`);
  });

  it('encodes characters encodeURIComponent leaves alone but RFC 5987 does not allow', () => {
    expect(encodeRfc5987("it's (1)*.txt")).toBe('it%27s%20%281%29%2A.txt');
  });

  it('replaces a name with no ASCII at all', () => {
    expect(contentDisposition('日本語.pdf')).toBe(`attachment; filename="___.pdf"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.pdf`);
    expect(asciiFallback('日本語')).toBe('file');
  });

  it('supports inline', () => {
    expect(contentDisposition('a.png', 'inline')).toBe(`inline; filename="a.png"; filename*=UTF-8''a.png`);
  });
});
