import { BeforeApplicationShutdown, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Server } from 'http';
import { AppConfig } from '@app/config';

/**
 * SIGTERM, in order: /health/ready answers 503 and the listener closes at once (no new
 * connections; idle keep-alive sockets are closed by Node), requests already in flight finish and
 * their responses say `Connection: close`; after SHUTDOWN_GRACE_MS the sockets still open are cut.
 * Only then does Nest close Fastify and the database (onApplicationShutdown), so every request
 * that was accepted is answered by the app itself, in the error shape if it fails.
 */
@Injectable()
export class GracefulShutdown implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private drained?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** False from the moment shutdown starts: load balancers stop routing here. */
  get draining(): boolean {
    return this.drained !== undefined;
  }

  /** During the drain every response closes its connection, so a keep-alive socket ends with its last answer. */
  install(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (_request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      if (this.draining) void reply.header('connection', 'close');
      done();
    });
  }

  // onModuleDestroy is the first hook Nest runs on a signal, for every module before any other hook.
  onModuleDestroy(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) {
      this.drained = Promise.resolve();
      return;
    }
    const { graceMs } = this.config.shutdown;
    this.logger.log(`shutdown: draining, not ready; in-flight requests get ${graceMs} ms (SHUTDOWN_GRACE_MS)`);
    this.drained = new Promise<void>((done) => {
      const cut = setTimeout(() => {
        this.logger.warn(`shutdown: SHUTDOWN_GRACE_MS (${graceMs} ms) passed, closing the connections still open`);
        server.closeAllConnections();
      }, graceMs);
      server.close(() => {
        clearTimeout(cut);
        done();
      });
    });
  }

  /** Waits (at most SHUTDOWN_GRACE_MS) for the in-flight requests, before Fastify and the database close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.drained;
  }
}
