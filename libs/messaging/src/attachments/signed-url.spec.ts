import { checkSignedLink, signAttachment, signedDownloadLink } from './signed-url';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const ID = '0123456789abcdef01234567';
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);
const POLICY = { secret: SECRET, ttlSeconds: 300 };

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
    expect(checkSignedLink(ID, expires, signature, POLICY, NOW)).toBe('valid');
    expect(checkSignedLink(ID, expires, signature, POLICY, (expires) * 1000)).toBe('valid');
    expect(checkSignedLink(ID, expires, signature, POLICY, (expires + 1) * 1000)).toBe('expired');
  });

  it('rejects a changed signature, another attachment, a moved expiry or another secret', () => {
    const expires = NOW / 1000 + 300;
    const signature = signAttachment(ID, expires, SECRET);
    const flipped = (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1);
    expect(checkSignedLink(ID, expires, flipped, POLICY, NOW)).toBe('invalid');
    expect(checkSignedLink('0123456789abcdef01234568', expires, signature, POLICY, NOW)).toBe('invalid');
    expect(checkSignedLink(ID, expires + 3600, signature, POLICY, NOW)).toBe('invalid');
    expect(checkSignedLink(ID, expires, signAttachment(ID, expires, 'another-secret-that-is-long-enough-000000'), POLICY, NOW)).toBe('invalid');
    expect(checkSignedLink(ID, expires, 'not-hex', POLICY, NOW)).toBe('invalid');
    expect(checkSignedLink(ID, expires, signature.slice(0, 63), POLICY, NOW)).toBe('invalid');
  });

  it('accepts the signature in upper case (hex is case-insensitive)', () => {
    const expires = NOW / 1000 + 60;
    expect(checkSignedLink(ID, expires, signAttachment(ID, expires, SECRET).toUpperCase(), POLICY, NOW)).toBe('valid');
  });

  it('reports a forged expired link as invalid, not expired', () => {
    expect(checkSignedLink(ID, NOW / 1000 - 10, 'f'.repeat(64), POLICY, NOW)).toBe('invalid');
  });

  it('refuses a correctly signed link that expires later than now + TTL (never issued as configured)', () => {
    const farFuture = NOW / 1000 + 10 * 365 * 24 * 3600;
    expect(checkSignedLink(ID, farFuture, signAttachment(ID, farFuture, SECRET), POLICY, NOW)).toBe('beyond_ttl');
    const justBeyond = NOW / 1000 + 301;
    expect(checkSignedLink(ID, justBeyond, signAttachment(ID, justBeyond, SECRET), POLICY, NOW)).toBe('beyond_ttl');
    const issued = signedDownloadLink(ID, SECRET, 300, NOW);
    const expires = Number(new URL(issued.url, 'http://x').searchParams.get('expires'));
    expect(checkSignedLink(ID, expires, signAttachment(ID, expires, SECRET), POLICY, NOW)).toBe('valid');
  });
});
