import { Injectable, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DomainEventMap, DomainEventName, eventEntityType, EventScope, OutboxEventType } from './domain-events';
import { reportSideEffectFailure } from './side-effects';

/** Where the repair job looks to decide whether the change of a pending event happened (a raw collection filter). */
export interface ChangeConfirmation {
  collection: string;
  filter: Record<string, unknown>;
}

/** One event as the outbox stores it, before redaction. */
export interface OutboxDraft {
  /** The natural idempotency key (unique): `lead.created:<id>`, `lead.status_changed:<id>:<to>`. */
  key: string;
  type: OutboxEventType;
  entity_type: string;
  entity_id: string;
  actor_id: string | null;
  occurred_at: Date;
  data: Record<string, unknown>;
  scope: EventScope;
  confirm: ChangeConfirmation;
}

export interface PendingOutboxEvents {
  /** Makes them visible in commit order (each gets its sequence number). */
  commit(): Promise<void>;
  /** The change did not happen (it failed, or lost a race): the events never existed. */
  discard(): Promise<void>;
}

/**
 * The durable outbox (implemented by libs/events). Declared here so every domain can raise
 * outbox events without depending on the lib that stores and delivers them.
 */
export abstract class EventOutbox {
  abstract begin(drafts: OutboxDraft[]): Promise<PendingOutboxEvents>;
}

/** An outbox event: its name, payload, and what makes it idempotent and repairable. */
export type OutboxEntry = {
  [K in OutboxEventType]: {
    name: K;
    payload: DomainEventMap[K];
    /** Defaults to `<name>:<entity id>` (events that happen once per entity); repeatable ones add the state they changed from. */
    key?: string;
    /** A filter that matches the entity once the change has happened (the repair job's test). */
    confirm: ChangeConfirmation;
    /** For a notifying event: the entity's changed fields (their new values), stored redacted. */
    changes?: Record<string, unknown>;
    /** Extra ids the live stream checks its row-level rules against (a notifying event's recipients are always in). */
    scope?: EventScope;
  };
}[OutboxEventType];

type ListenerOnlyEvent = Exclude<DomainEventName, OutboxEventType>;

/** Listener errors reach the emitter (which logs and counts them) and every listener is awaited. */
const LISTENER_OPTIONS = { async: false, promisify: true, suppressErrors: false } as const;

/**
 * The one event bus for domain events, typed by `DomainEventMap`.
 * - `record(name, intent, change)` for the events in the outbox: the event is written `pending`
 *   BEFORE the change, committed (given its sequence number) after it, discarded if the change
 *   did not happen; a crash in between leaves a pending event the repair job settles from
 *   `confirm`. So no change is ever left without its event. Then the listeners run.
 * - `emit(name, payload)` for events only listeners care about (goal.assigned, user.deactivated).
 * Listeners are awaited (a notification is written before the request answers); one that fails
 * after the change committed does not fail it: it is logged, counted in `side_effect_failures_total`
 * and fails a job run (`sideEffects.collect`).
 */
@Injectable()
export class DomainEvents {
  constructor(
    private readonly bus: EventEmitter2,
    @Optional() private readonly outbox?: EventOutbox,
  ) {}

  async emit<K extends ListenerOnlyEvent>(name: K, payload: DomainEventMap[K]): Promise<void> {
    await this.notifyListeners(name, payload);
  }

  /**
   * Runs `change` with its outbox events (several when one change means several things: a lead
   * created already assigned): pending first, committed in the given order once `happened(result)`
   * (default: the result is not null) says the change took place, discarded otherwise.
   */
  async record<T>(entries: OutboxEntry[], change: () => Promise<T>, happened: (result: T) => boolean = (result) => result != null): Promise<T> {
    if (!this.outbox || entries.length === 0) {
      const result = await change();
      if (happened(result)) await this.notifyAll(entries);
      return result;
    }
    const occurredAt = new Date();
    const pending = await this.outbox.begin(entries.map((entry) => draft(entry, occurredAt)));
    let result: T;
    try {
      result = await change();
    } catch (error) {
      await pending.discard().catch((discardError: unknown) => reportSideEffectFailure('outbox.discard', discardError));
      throw error;
    }
    if (!happened(result)) {
      await pending.discard().catch((discardError: unknown) => reportSideEffectFailure('outbox.discard', discardError));
      return result;
    }
    // The change is done: a failed commit is settled by the repair job from `confirm`, never by failing the request.
    await pending.commit().catch((error: unknown) => reportSideEffectFailure('outbox.commit', error));
    await this.notifyAll(entries);
    return result;
  }

  /** Subscribes a listener, awaited by every emit. */
  on<K extends DomainEventName>(name: K, listener: (payload: DomainEventMap[K]) => Promise<unknown>): void {
    this.bus.on(name, listener as (payload: unknown) => Promise<unknown>, LISTENER_OPTIONS);
  }

  private async notifyAll(entries: OutboxEntry[]): Promise<void> {
    for (const entry of entries) await this.notifyListeners(entry.name, entry.payload);
  }

  private async notifyListeners(name: DomainEventName, payload: unknown): Promise<void> {
    try {
      await this.bus.emitAsync(name, payload);
    } catch (error) {
      reportSideEffectFailure(name, error);
    }
  }
}

function draft(entry: OutboxEntry, occurredAt: Date): OutboxDraft {
  const payload = entry.payload as DomainEventMap[OutboxEventType];
  const { entity_id, actor_id } = payload;
  const changes = { ...('changes' in payload ? payload.changes : {}), ...entry.changes };
  const data = 'data' in payload ? { ...payload.data, ...changes } : 'from' in payload ? { from: payload.from, to: payload.to, ...changes } : changes;
  const scope = { ...('recipient_ids' in payload ? { user_ids: payload.recipient_ids } : {}), ...('scope' in payload ? payload.scope : {}), ...entry.scope };
  return {
    key: entry.key ?? `${entry.name}:${entity_id}`,
    type: entry.name,
    entity_type: eventEntityType(entry.name),
    entity_id,
    actor_id: actor_id ?? null,
    occurred_at: occurredAt,
    data,
    scope,
    confirm: entry.confirm,
  };
}
