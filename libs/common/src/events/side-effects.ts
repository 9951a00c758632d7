import { Logger } from '@nestjs/common';
import type { EventEmitter2 } from '@nestjs/event-emitter';
import { AsyncLocalStorage } from 'async_hooks';
import { requestContext } from '../request-context';
import type { DomainEventName } from './domain-events';

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
 * Raises a domain event and waits for every listener's write (listeners opt out of the event
 * bus's error suppression, so their errors reach here). The operation that raised the event has
 * already committed and cannot be rolled back (no transactions on the embedded engine), and
 * retrying it would not raise the event again (re-assigning the same agent changes nothing), so a
 * failed listener does not fail it: it is logged at error level with the request id, counted
 * (`side_effect_failures_total`) and, inside a job run, fails the run (`sideEffects.collect`).
 */
export async function emitDomainEvent(events: EventEmitter2, name: DomainEventName, payload: object): Promise<void> {
  try {
    await events.emitAsync(name, payload);
  } catch (error) {
    const failure: SideEffectFailure = {
      event: name,
      error: error instanceof Error ? error.message : String(error),
      requestId: requestContext.get()?.requestId ?? null,
    };
    logger.error({ event: name, requestId: failure.requestId, err: failure.error }, `a listener of ${name} failed after the operation committed`);
    runs.getStore()?.push(failure);
    for (const observer of observers) observer(failure);
  }
}
