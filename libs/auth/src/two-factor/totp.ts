import { randomBytes } from 'crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { toDataURL } from 'qrcode';
import { sha256Hex } from '@app/crypto';

/** RFC 6238 defaults every authenticator app uses: SHA-1, 6 digits, 30-second steps. */
const PERIOD_SECONDS = 30;
/** One step either side of now: a phone clock a little off, or a code typed as it rolled over. */
const TOLERANCE_SECONDS = PERIOD_SECONDS;
export const RECOVERY_CODE_COUNT = 10;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export interface NewTotpSecret {
  secret: string;
  otpauthUrl: string;
  qrCodeDataUrl: string;
}

/** A fresh 160-bit secret with its `otpauth://` URI and that URI as a QR PNG (data URL). */
export async function newTotpSecret(issuer: string, label: string): Promise<NewTotpSecret> {
  const secret = generateSecret({ length: 20 });
  const otpauthUrl = generateURI({ issuer, label, secret, period: PERIOD_SECONDS });
  return { secret, otpauthUrl, qrCodeDataUrl: await toDataURL(otpauthUrl, { errorCorrectionLevel: 'M', type: 'image/png' }) };
}

/**
 * The time step a code matches, or null. `afterStep` refuses the step already used and every
 * earlier one, so a code accepted once is refused for the rest of its window.
 */
export async function matchTotpCode(secret: string, code: string, afterStep: number): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({ secret, token: code, period: PERIOD_SECONDS, epochTolerance: TOLERANCE_SECONDS, afterTimeStep: afterStep });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/**
 * Ten codes of 16 base32 characters (80 random bits each), grouped `XXXX-XXXX-XXXX-XXXX`.
 * Stored as SHA-256: with 80 bits of entropy an offline search of the hash is out of reach, so a
 * slow hash (argon2, built for low-entropy passwords) would add ~10 hashings per use for nothing.
 */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from(randomBytes(16), (byte) => BASE32[byte % 32]).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export function hashRecoveryCode(code: string): string {
  return sha256Hex(code.toUpperCase().replace(/[\s-]/g, ''));
}
