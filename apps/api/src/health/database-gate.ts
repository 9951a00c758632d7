import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiException, DATABASE_UNAVAILABLE_MESSAGE } from '@app/common';
import type { DatabaseAvailability } from '@app/database';

/** Served without the database: liveness and readiness (they say so themselves) and the API documents. */
const WITHOUT_DATABASE = /^\/(health\/|docs(\/|-json|-yaml|$))/;

/**
 * While the driver sees no database server, answers 503 "Database unavailable" (error shape, via
 * the one filter) before the rate-limit counter, the token check or the handler would each wait
 * out server selection. Installed first among the onRequest hooks.
 */
export function installDatabaseGate(fastify: FastifyInstance, availability: DatabaseAvailability): void {
  fastify.addHook('onRequest', async (request: FastifyRequest) => {
    if (availability.available || WITHOUT_DATABASE.test(request.url)) return;
    throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE_MESSAGE);
  });
}
