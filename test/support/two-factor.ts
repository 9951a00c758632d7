import { generate } from 'otplib';

interface ApiClient {
  post(path: string, body: unknown, token?: string): Promise<{ status: number; body: any; raw: string }>;
}

/** The code an authenticator app shows for `secret`, `offsetSteps` 30-second steps from now (the server accepts ±1). */
export function totpCode(secret: string, offsetSteps = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

/**
 * Enrols and confirms TOTP for the token's user through the API, as a person with an authenticator
 * app would. It confirms with the previous step's code (the server accepts one step either side), so
 * the current (offset 0) and next (offset 1) codes are still unused: each code works once.
 */
export async function enrolTwoFactor(api: ApiClient, token: string): Promise<{ secret: string; recoveryCodes: string[]; enrolRaw: string; confirmRaw: string }> {
  const enrolled = await api.post('/auth/2fa/enroll', {}, token);
  if (enrolled.status !== 200) throw new Error(`enrol failed: ${enrolled.status} ${enrolled.raw}`);
  const confirmed = await api.post('/auth/2fa/confirm', { code: await totpCode(enrolled.body.secret, -1) }, token);
  if (confirmed.status !== 200) throw new Error(`confirm failed: ${confirmed.status} ${confirmed.raw}`);
  return { secret: enrolled.body.secret, recoveryCodes: confirmed.body.recovery_codes, enrolRaw: enrolled.raw, confirmRaw: confirmed.raw };
}

/** A step-up token for the token's session: a fresh code `offsetSteps` ahead, so it never repeats the last accepted step. */
export async function stepUpToken(api: ApiClient, token: string, secret: string, offsetSteps = 1): Promise<string> {
  const response = await api.post('/auth/step-up', { code: await totpCode(secret, offsetSteps) }, token);
  if (response.status !== 200) throw new Error(`step-up failed: ${response.status} ${response.raw}`);
  return response.body.step_up_token;
}
