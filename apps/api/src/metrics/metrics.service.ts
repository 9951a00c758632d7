import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sideEffects } from '@app/common';
import { DatabaseCommandMonitor } from '@app/database';

/** Prometheus metrics: HTTP latency by route and status, database command timings, storage size. */
@Injectable()
export class MetricsService implements OnModuleInit, OnModuleDestroy {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly dbCommandDuration = new Histogram({
    name: 'db_command_duration_seconds',
    help: 'MongoDB command latency by command and collection',
    labelNames: ['command', 'collection', 'ok'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  readonly dbCommandErrors = new Counter({
    name: 'db_command_errors_total',
    help: 'MongoDB commands that failed',
    labelNames: ['command'] as const,
    registers: [this.registry],
  });

  readonly sideEffectFailures = new Counter({
    name: 'side_effect_failures_total',
    help: 'Event listeners (notifications) that failed after the operation raising the event committed',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });

  private stopObservingSideEffects?: () => void;

  constructor(
    private readonly commands: DatabaseCommandMonitor,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry });
    const connection = this.connection;
    new Gauge({
      name: 'db_storage_bytes',
      help: 'Database data, storage and index sizes in bytes (dbStats at scrape time)',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      async collect() {
        const stats = await connection.db!.stats().catch(() => null);
        if (!stats) return;
        this.set({ kind: 'data' }, Number(stats.dataSize ?? 0));
        this.set({ kind: 'storage' }, Number(stats.storageSize ?? 0));
        this.set({ kind: 'index' }, Number(stats.indexSize ?? 0));
      },
    });
    this.commands.subscribe(({ commandName, collection, durationMs, ok }) => {
      this.dbCommandDuration.observe({ command: commandName, collection: collection ?? '', ok: String(ok) }, durationMs / 1000);
      if (!ok) this.dbCommandErrors.inc({ command: commandName });
    });
    this.stopObservingSideEffects = sideEffects.observe(({ event }) => this.sideEffectFailures.inc({ event }));
  }

  onModuleDestroy(): void {
    this.stopObservingSideEffects?.();
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }
}
