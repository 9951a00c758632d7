import { createServer, IncomingHttpHeaders, Server } from 'http';
import { AddressInfo } from 'net';
import { Webhook } from 'standardwebhooks';
import { waitFor as waitUntil } from '../support/wait-for';

export interface ReceivedDelivery {
  id: string;
  timestamp: string;
  body: { id: string; type: string; entity_id: string; data: Record<string, unknown> };
  headers: IncomingHttpHeaders;
  /** The status this receiver answered. */
  answered: number;
  verified: boolean;
}

/** A real HTTP endpoint for webhook tests: verifies every signature with `standardwebhooks`, answers what `respond` says. */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  secret = '';
  private server?: Server;

  constructor(private readonly respond: (index: number) => number) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hook`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks).toString();
        let verified = false;
        try {
          new Webhook(this.secret).verify(raw, request.headers as Record<string, string>);
          verified = true;
        } catch {
          verified = false;
        }
        const answered = this.respond(this.received.length);
        this.received.push({ id: String(request.headers['webhook-id']), timestamp: String(request.headers['webhook-timestamp']), body: JSON.parse(raw), headers: request.headers, answered, verified });
        response.writeHead(answered).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Deliveries this receiver accepted (2xx), in arrival order. */
  get accepted(): ReceivedDelivery[] {
    return this.received.filter((delivery) => delivery.answered < 300);
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** Polls `probe` until `done` holds (bounded), returning the last value: the shared `waitFor` in this suite's argument order. */
export function waitFor<T>(probe: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 15_000, label = 'condition'): Promise<T> {
  return waitUntil(probe, { until: done, timeoutMs, intervalMs: 25, description: label }) as Promise<T>;
}
