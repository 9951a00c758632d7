import { checkSignedLink, signAttachment, signedDownloadLink } from './signed-url';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const ID = '0123456789abcdef01234567';
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('signed attachment links', () => {
  it('signs attachment_id:expires with HMAC-SHA256 and puts both in the URL', () => {
    const link = signedDownloadLink(ID, SECRET, 300, NOW);
    const expires = NOW / 1000 + 300;
    expect(link.expires_at).toEqual(new Date(expires * 1000));
    expect(link.url).toBe(`/attachments/${ID}/download?expires=${expires}&signature=${signAttachment(ID, expires, SECRET)}`);
    expect(signAttachment(ID, expires, SECRET)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts the link until it expires, and not one second after', () => {
    const expires = NOW / 1000 + 300;
    const signature = signAttachment(ID, expires, SECRET);
    expect(checkSignedLink(ID, expires, signature, SECRET, NOW)).toBe('valid');
    expect(checkSignedLink(ID, expires, signature, SECRET, (expires) * 1000)).toBe('valid');
    expect(checkSignedLink(ID, expires, signature, SECRET, (expires + 1) * 1000)).toBe('expired');
  });

  it('rejects a changed signature, another attachment, a moved expiry or another secret', () => {
    const expires = NOW / 1000 + 300;
    const signature = signAttachment(ID, expires, SECRET);
    const flipped = (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1);
    expect(checkSignedLink(ID, expires, flipped, SECRET, NOW)).toBe('invalid');
    expect(checkSignedLink('0123456789abcdef01234568', expires, signature, SECRET, NOW)).toBe('invalid');
    expect(checkSignedLink(ID, expires + 3600, signature, SECRET, NOW)).toBe('invalid');
    expect(checkSignedLink(ID, expires, signAttachment(ID, expires, 'another-secret-that-is-long-enough-000000'), SECRET, NOW)).toBe('invalid');
    expect(checkSignedLink(ID, expires, 'not-hex', SECRET, NOW)).toBe('invalid');
    expect(checkSignedLink(ID, expires, signature.slice(0, 63), SECRET, NOW)).toBe('invalid');
  });

  it('accepts the signature in upper case (hex is case-insensitive)', () => {
    const expires = NOW / 1000 + 60;
    expect(checkSignedLink(ID, expires, signAttachment(ID, expires, SECRET).toUpperCase(), SECRET, NOW)).toBe('valid');
  });

  it('reports a forged expired link as invalid, not expired', () => {
    expect(checkSignedLink(ID, NOW / 1000 - 10, 'f'.repeat(64), SECRET, NOW)).toBe('invalid');
  });
});
