import { hmacSha256Hex, safeEqualHex } from '@app/crypto';

/**
 * Short-lived download links for attachments: `expires` (unix seconds) and an HMAC-SHA256 over
 * `attachment_id:expires`. The link itself is the permission, so it works without a token (an
 * `<img src>`, a shared link) but only until it expires and only for that one attachment.
 */
export function signAttachment(attachmentId: string, expires: number, secret: string): string {
  return hmacSha256Hex(secret, `${attachmentId}:${expires}`);
}

export interface SignedLink {
  url: string;
  expires_at: Date;
}

/** Uses `Date.now()`, so a test clock (jest fake timers) controls it. */
export function signedDownloadLink(attachmentId: string, secret: string, ttlSeconds: number, now = Date.now()): SignedLink {
  const expires = Math.floor(now / 1000) + ttlSeconds;
  const signature = signAttachment(attachmentId, expires, secret);
  return { url: `/attachments/${attachmentId}/download?expires=${expires}&signature=${signature}`, expires_at: new Date(expires * 1000) };
}

export type LinkCheck = 'valid' | 'expired' | 'beyond_ttl' | 'invalid';

export interface LinkPolicy {
  secret: string;
  /** SIGNED_URL_TTL_SECONDS: no link the server issues expires later than this from now. */
  ttlSeconds: number;
}

/**
 * The signature is checked first (constant time), so an expired forged link says invalid, not
 * expired. A correctly signed link that expires later than now + TTL was never issued by this
 * server as configured (a leaked secret, or a TTL since lowered): it is refused too.
 */
export function checkSignedLink(attachmentId: string, expires: number, signature: string, policy: LinkPolicy, now = Date.now()): LinkCheck {
  if (!Number.isSafeInteger(expires) || !safeEqualHex(signAttachment(attachmentId, expires, policy.secret), signature.toLowerCase())) return 'invalid';
  const nowSeconds = Math.floor(now / 1000);
  if (nowSeconds > expires) return 'expired';
  return expires > nowSeconds + policy.ttlSeconds ? 'beyond_ttl' : 'valid';
}
