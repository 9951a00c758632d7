export interface WaitForOptions<T = unknown> {
  /** What is awaited, in words: the timeout's message says it ("the repaired event in the feed"). */
  description: string;
  /** Give up after this long (default 10 s): a condition that never holds fails the test instead of hanging it. */
  timeoutMs?: number;
  /** Pause between two checks (default 20 ms). */
  intervalMs?: number;
  /** When the value is ready (default: it is truthy); the timeout message shows the last value. */
  until?: (value: T) => boolean;
}

/**
 * Polls `condition` until its value is ready (truthy, or `until(value)`) and resolves with it: the
 * one way a test waits for work another process, a timer or a listener finishes (never a fixed
 * sleep). A check that throws counts as "not yet"; the timeout names what was awaited and the last
 * value or error seen.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  { description, timeoutMs = 10_000, intervalMs = 20, until = Boolean }: WaitForOptions<T>,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (until(value)) return value as NonNullable<T>;
      last = value;
    } catch (error) {
      last = error instanceof Error ? `${error.name}: ${error.message}` : error;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description} (last check: ${show(last)})`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(1, deadline - Date.now()))));
  }
}

function show(value: unknown): string {
  try {
    return (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))).slice(0, 500);
  } catch {
    return String(value);
  }
}
