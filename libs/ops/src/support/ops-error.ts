/**
 * A failure the operator can act on: the CLI prints its message as one line and exits 1.
 * The message names what failed and how to fix it, never a stack trace.
 */
export class OpsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpsError';
  }
}

export { isDuplicateKeyError } from '@app/database';

/** "ns not found" / "namespace does not exist": dropping or reading a collection that is not there. */
export function isNamespaceMissing(error: unknown): boolean {
  const e = error as { code?: number; message?: string } | null;
  return e?.code === 26 || /ns not found|does not exist/i.test(e?.message ?? '');
}
