import { Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'async_hooks';
import { requestContext } from '../request-context';

/** A listener (a notification, say) that failed after the operation that raised its event had committed. */
export interface SideEffectFailure {
  event: string;
  error: string;
  requestId: string | null;
}

const logger = new Logger('SideEffects');
/** The failures of the job run (or other unit of work) in progress; none outside `sideEffects.collect`. */
const runs = new AsyncLocalStorage<SideEffectFailure[]>();
const observers = new Set<(failure: SideEffectFailure) => void>();

export const sideEffects = {
  /** Runs `work` and hands back what it returned with every side effect that failed inside it: a job run fails on any. */
  async collect<T>(work: () => Promise<T>): Promise<{ result: T; failures: SideEffectFailure[] }> {
    const failures: SideEffectFailure[] = [];
    const result = await runs.run(failures, work);
    return { result, failures };
  },
  /** Metrics count failures here; returns the unsubscribe. */
  observe(observer: (failure: SideEffectFailure) => void): () => void {
    observers.add(observer);
    return () => observers.delete(observer);
  },
};

/**
 * A side effect of `event` failed after the operation that raised it had committed. It cannot be
 * rolled back (no transactions on the embedded engine), and retrying the operation would not raise
 * the event again (re-assigning the same agent changes nothing), so it does not fail the operation:
 * it is logged at error level with the request id, counted (`side_effect_failures_total`) and,
 * inside a job run, fails the run (`sideEffects.collect`).
 */
export function reportSideEffectFailure(event: string, error: unknown): void {
  const failure: SideEffectFailure = {
    event,
    error: error instanceof Error ? error.message : String(error),
    requestId: requestContext.get()?.requestId ?? null,
  };
  logger.error({ event, requestId: failure.requestId, err: failure.error }, `a listener of ${event} failed after the operation committed`);
  runs.getStore()?.push(failure);
  for (const observer of observers) observer(failure);
}
