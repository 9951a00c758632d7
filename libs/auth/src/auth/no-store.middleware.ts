import { Injectable, NestMiddleware } from '@nestjs/common';
import type { ServerResponse } from 'http';

/** Sets `Cache-Control: no-store` before guards and pipes run, so refusals (401, 400, 429) carry it too. */
@Injectable()
export class NoStoreMiddleware implements NestMiddleware {
  use(_request: unknown, response: ServerResponse, next: () => void): void {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Pragma', 'no-cache');
    next();
  }
}
