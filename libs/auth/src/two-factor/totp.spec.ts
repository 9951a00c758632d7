import { generate } from 'otplib';
import { hashRecoveryCode, matchTotpCode, newRecoveryCodes, RECOVERY_CODE_COUNT } from './totp';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const now = () => Math.floor(Date.now() / 1000);

describe('TOTP codes', () => {
  it('accepts the current code and returns its time step; refuses it once that step is used', async () => {
    const code = await generate({ secret: SECRET, epoch: now() });
    const step = await matchTotpCode(SECRET, code, 0);
    expect(step).toBe(Math.floor(now() / 30));
    expect(await matchTotpCode(SECRET, code, step!)).toBeNull();
  });

  it('accepts one step either side (clock drift), not two', async () => {
    expect(await matchTotpCode(SECRET, await generate({ secret: SECRET, epoch: now() - 30 }), 0)).not.toBeNull();
    expect(await matchTotpCode(SECRET, await generate({ secret: SECRET, epoch: now() + 30 }), 0)).not.toBeNull();
    expect(await matchTotpCode(SECRET, await generate({ secret: SECRET, epoch: now() - 90 }), 0)).toBeNull();
  });

  it('refuses anything but six digits without computing', async () => {
    for (const code of ['', '12345', '1234567', 'abcdef', '12 345']) expect(await matchTotpCode(SECRET, code, 0)).toBeNull();
  });
});

describe('recovery codes', () => {
  it('are ten distinct XXXX-XXXX-XXXX-XXXX base32 codes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    codes.forEach((code) => expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/));
  });

  it('hash the same whatever the case, spaces or dashes', () => {
    expect(hashRecoveryCode('abcd-efgh-ijkl-mnop')).toBe(hashRecoveryCode('ABCD EFGH IJKL MNOP'));
    expect(hashRecoveryCode('ABCDEFGHIJKLMNOP')).toMatch(/^[0-9a-f]{64}$/);
  });
});
