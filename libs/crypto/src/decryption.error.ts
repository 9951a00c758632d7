/**
 * Raised for any value that cannot be decrypted. The reason is fixed text chosen by this library
 * (plus at most a key id), so logging the error can never leak plaintext or key material.
 */
export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';

  constructor(reason: string) {
    super(`encrypted value could not be decrypted: ${reason}`);
  }
}
