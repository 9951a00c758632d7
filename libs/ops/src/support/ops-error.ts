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

/** E11000, however the driver or Mongoose wrapped it. */
export function isDuplicateKeyError(error: unknown): boolean {
  const e = error as { code?: number; err?: { code?: number }; message?: string } | null;
  return e?.code === 11000 || e?.err?.code === 11000 || /E11000/.test(e?.message ?? '');
}

/** "ns not found" / "namespace does not exist": dropping or reading a collection that is not there. */
export function isNamespaceMissing(error: unknown): boolean {
  const e = error as { code?: number; message?: string } | null;
  return e?.code === 26 || /ns not found|does not exist/i.test(e?.message ?? '');
}
