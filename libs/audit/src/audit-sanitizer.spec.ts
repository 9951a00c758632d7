import { Types } from 'mongoose';
import { createAuditSanitizer, isOmittedPath, maskEmail, maskPhone, REDACTED } from './audit-sanitizer';

describe('audit sanitiser', () => {
  const sanitize = createAuditSanitizer(['date_of_birth']);

  it('redacts secrets at any depth, whatever the key case', () => {
    const result = sanitize({
      Password: 'hunter2',
      password_hash: '$argon2id$v=19$abc',
      profile: { access_token: 'a', Refresh_Token: 'r', nested: [{ cvv: '123', card_number: '4242424242424242' }] },
      sessions: [{ token_hash: 'deadbeef' }],
      secret: 's',
      token: 't',
      token_hash: 'h',
    });
    expect(result).toEqual({
      Password: REDACTED,
      password_hash: REDACTED,
      profile: { access_token: REDACTED, Refresh_Token: REDACTED, nested: [{ cvv: REDACTED, card_number: REDACTED }] },
      sessions: REDACTED,
      secret: REDACTED,
      token: REDACTED,
      token_hash: REDACTED,
    });
    expect(JSON.stringify(result)).not.toMatch(/hunter2|argon2|4242|deadbeef/);
  });

  it('redacts the configured PII fields and ciphertext columns', () => {
    expect(sanitize({ date_of_birth: '1990-01-01', DATE_OF_BIRTH: 'x', card_number_encrypted: 'v1:abc', name: 'Ann' })).toEqual({
      date_of_birth: REDACTED,
      DATE_OF_BIRTH: REDACTED,
      card_number_encrypted: REDACTED,
      name: 'Ann',
    });
  });

  it('partially masks emails and phone numbers', () => {
    expect(sanitize({ email: 'john.doe@example.com', contact_email: 'ann@x.io', phone: '+14155550123', contact: { mobile_phone: '+442071234567' } })).toEqual({
      email: 'j***@example.com',
      contact_email: 'a***@x.io',
      phone: '+1******0123',
      contact: { mobile_phone: '+4*******4567' },
    });
  });

  it('turns ObjectIds into hex strings, keeps dates, drops __v and marks binary data', () => {
    const id = new Types.ObjectId();
    const at = new Date('2026-01-02T03:04:05Z');
    expect(sanitize({ _id: id, __v: 3, owner_ids: [id], created_at: at, blob: Buffer.from('x'), nothing: null })).toEqual({
      _id: id.toHexString(),
      owner_ids: [id.toHexString()],
      created_at: at,
      blob: '[binary]',
      nothing: null,
    });
  });

  it('returns null for a missing state and never mutates the input', () => {
    expect(sanitize(null)).toBeNull();
    expect(sanitize(undefined)).toBeNull();
    const input = { password: 'p', nested: { token: 't' } };
    sanitize(input);
    expect(input).toEqual({ password: 'p', nested: { token: 't' } });
  });

  it('leaves storage_key out at any depth, whatever the key case, and out of changed paths', () => {
    const file = { original_name: 'a.pdf', storage_key: 'ab/abcdef', sha256: 'ff' };
    const output = sanitize({ ...file, attachments: [{ Storage_Key: 'cd/123', name: 'x' }], nested: { storage_key: 'ef/456' } });
    expect(output).toEqual({ original_name: 'a.pdf', sha256: 'ff', attachments: [{ name: 'x' }], nested: {} });
    expect(JSON.stringify(output)).not.toMatch(/storage_key/i);
    expect([isOmittedPath('storage_key'), isOmittedPath('attachments.storage_key'), isOmittedPath('original_name')]).toEqual([true, true, false]);
  });

  it('masks short or malformed values without revealing them', () => {
    expect(maskEmail('not-an-email')).toBe('***');
    expect(maskPhone('12345')).toBe('***');
  });
});
