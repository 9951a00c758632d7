import { createHmac } from 'crypto';

/** The access-token secret the journey's server runs with, so the test can stand in for the passing of time. */
export const JOURNEY_ACCESS_SECRET = 'journey-only-access-secret-0123456789abcdef';

/**
 * The same access token (same user, session and token version) with its `exp` 60 s in the past, signed
 * HS256 with the server's secret: what a client holds once 15 minutes have passed, without waiting them.
 */
export function expiredCopyOf(accessToken: string, secret = JOURNEY_ACCESS_SECRET): string {
  const [header, payload] = accessToken.split('.');
  const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  if (typeof claims !== 'object' || claims === null) throw new Error('not a JWT payload');
  const now = Math.floor(Date.now() / 1000);
  const body = Buffer.from(JSON.stringify({ ...claims, iat: now - 960, exp: now - 60 })).toString('base64url');
  const signature = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}
