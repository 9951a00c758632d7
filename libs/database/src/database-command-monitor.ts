import { Injectable, Logger } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { CommandFailedEvent, CommandStartedEvent, CommandSucceededEvent } from 'mongodb';

export interface CommandTiming {
  commandName: string;
  collection?: string;
  durationMs: number;
  ok: boolean;
}

type CommandListener = (timing: CommandTiming) => void;

const IGNORED_COMMANDS = new Set(['isMaster', 'ismaster', 'hello', 'ping', 'endSessions', 'saslStart', 'saslContinue']);

/**
 * One subscription to the driver's command monitoring, fanned out to metrics, the slow-query log
 * and tests that count round trips per request.
 */
@Injectable()
export class DatabaseCommandMonitor {
  private readonly logger = new Logger('SlowQuery');
  private readonly listeners = new Set<CommandListener>();
  private readonly started = new Map<number, CommandStartedEvent>();
  slowQueryMs = 200;

  constructor(@InjectConnection() connection: Connection) {
    const client = connection.getClient();
    client.on('commandStarted', (event: CommandStartedEvent) => {
      if (!IGNORED_COMMANDS.has(event.commandName)) this.started.set(event.requestId, event);
    });
    client.on('commandSucceeded', (event: CommandSucceededEvent) => this.finish(event, true));
    client.on('commandFailed', (event: CommandFailedEvent) => this.finish(event, false));
  }

  /** Commands sent and not yet answered (tests wait for 0: every command a request started has finished). */
  get inFlight(): number {
    return this.started.size;
  }

  /** Returns an unsubscribe function. */
  subscribe(listener: CommandListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private finish(event: CommandSucceededEvent | CommandFailedEvent, ok: boolean): void {
    const started = this.started.get(event.requestId);
    if (!started) return;
    this.started.delete(event.requestId);
    const collectionValue = started.command[started.commandName];
    const timing: CommandTiming = {
      commandName: event.commandName,
      collection: typeof collectionValue === 'string' ? collectionValue : undefined,
      durationMs: event.duration,
      ok,
    };
    if (timing.durationMs >= this.slowQueryMs) {
      this.logger.warn({ ...timing, thresholdMs: this.slowQueryMs }, `slow ${timing.commandName} on ${timing.collection ?? '?'}`);
    }
    for (const listener of this.listeners) listener(timing);
  }
}
