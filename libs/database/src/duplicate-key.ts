/** E11000 (a unique index refused the write), however the driver or Mongoose wrapped it. */
export function isDuplicateKeyError(error: unknown): boolean {
  const e = error as { code?: number; err?: { code?: number }; message?: string } | null;
  return e?.code === 11000 || e?.err?.code === 11000 || /E11000/.test(e?.message ?? '');
}
