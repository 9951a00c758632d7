import { BeforeApplicationShutdown, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Server } from 'http';
import { Server as NetServer, Socket } from 'net';
import { AppConfig } from '@app/config';

/**
 * SIGTERM, in order: /health/ready answers 503 and the listener closes at once (no new
 * connections); requests in flight, and any that still arrive on an open keep-alive connection,
 * are served with `Connection: close`, so each connection ends with its last answer; once none is
 * in flight the idle sockets are closed; after SHUTDOWN_GRACE_MS the sockets still open are cut.
 * (Idle sockets are not closed up front, as Node's server.close() does: a client that had just
 * reused one would see its request reset.)
 * Only then does Nest close Fastify and the database (onApplicationShutdown), so every request
 * that was accepted is answered by the app itself, in the error shape if it fails.
 */
@Injectable()
export class GracefulShutdown implements OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private drained?: Promise<void>;
  private server?: Server;
  private inFlight = 0;
  /** Requests in flight per connection: a socket is idle only when it has none and nothing left to flush. */
  private readonly active = new Map<Socket, number>();

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
    fastify.server.on('connection', (socket: Socket) => {
      this.active.set(socket, 0);
      socket.once('close', () => this.active.delete(socket));
    });
    fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const socket = request.raw.socket;
      this.inFlight++;
      this.active.set(socket, (this.active.get(socket) ?? 0) + 1);
      reply.raw.once('close', () => {
        this.inFlight--;
        if (this.active.has(socket)) this.active.set(socket, (this.active.get(socket) ?? 1) - 1);
        if (this.draining) this.closeIdleWhenQuiet();
      });
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
      // net's close, not http's: it stops accepting without cutting idle keep-alive sockets at once.
      NetServer.prototype.close.call(server, () => {
        clearTimeout(cut);
        done();
      });
    });
    this.server = server;
    this.closeIdleWhenQuiet();
  }

  /**
   * Not `server.closeIdleConnections()`: on Node 22 it counts a connection idle once its request
   * has been read, and cuts it when the response has ended but is still flushing (2–3 of ~200
   * streamed answers were truncated under load). Here a socket is idle only with no request of its
   * own in flight and an empty write buffer.
   */
  private closeIdleWhenQuiet(): void {
    if (this.inFlight !== 0) return;
    for (const [socket, requests] of this.active) {
      if (requests === 0 && socket.writableLength === 0) socket.destroy();
    }
  }

  /** Waits (at most SHUTDOWN_GRACE_MS) for the in-flight requests, before Fastify and the database close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.drained;
  }
}
