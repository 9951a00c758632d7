import { EventSource } from 'eventsource';
import { LiveServer } from '../support/live-server';
import { waitFor as waitUntil } from '../support/wait-for';
import { waitFor, WebhookReceiver } from './webhook-receiver';

interface StreamedEvent {
  lastEventId: string;
  body: { id: string; type: string; entity_id: string };
  at: number;
}

/** A real EventSource client (the `eventsource` package) sending the bearer token through its fetch. */
function openStream(server: LiveServer, token: string, lastEventId?: string): { source: EventSource; events: StreamedEvent[]; opened: Promise<void> } {
  const events: StreamedEvent[] = [];
  const source = new EventSource(`${server.baseUrl}/events/stream`, {
    fetch: (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: `Bearer ${token}`, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } }),
  });
  const opened = new Promise<void>((resolve, reject) => {
    source.onopen = () => resolve();
    source.onerror = (error) => reject(new Error(`stream failed: ${error.message ?? error.code}`));
  });
  source.onmessage = (message) => events.push({ lastEventId: message.lastEventId, body: JSON.parse(message.data), at: Date.now() });
  return { source, events, opened };
}

/** Reads the raw stream text with fetch until `until` matches it (heartbeats are comment lines EventSource hides). */
async function readRaw(server: LiveServer, token: string, until: RegExp, timeoutMs = 10_000, seen: { text: string } = { text: '' }): Promise<string> {
  const response = await fetch(`${server.baseUrl}/events/stream`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = response.body!.getReader();
  let text = '';
  try {
    while (!until.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
      seen.text = text;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text;
}

describe('Live stream GET /events/stream (real EventSource over a real server)', () => {
  let server: LiveServer;
  let admin: string;

  beforeAll(async () => {
    server = await LiveServer.start({ EVENTS_POLL_MS: '50', EVENTS_HEARTBEAT_MS: '300' });
    admin = await server.adminToken();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  const createLead = async (firstName: string, agentId?: string) => {
    const response = await server.post('/leads', { first_name: firstName, ...(agentId ? { agent_id: agentId } : {}) }, admin);
    expect(response.status).toBe(201);
    return response.body.id as string;
  };

  it('delivers what the user may see, and a reconnect with Last-Event-ID misses nothing', async () => {
    const sales = await server.createUser('sales');
    const first = openStream(server, sales.token);
    await first.opened;
    const mine = await createLead('Mine', sales.id);
    await createLead('Unassigned'); // another agent's view: not visible to this sales user
    await waitFor(() => first.events.map((e) => e.body.type), (types) => types.includes('notification.created'), 10_000, 'the first events');
    first.source.close();
    expect(first.events.every((event) => event.lastEventId === event.body.id)).toBe(true);
    expect(first.events.map((event) => event.body.type)).toEqual(['lead.created', 'lead.assigned', 'notification.created']);
    expect(first.events.slice(0, 2).map((event) => event.body.entity_id)).toEqual([mine, mine]);

    // While disconnected: two more leads for this user.
    const missed = [await createLead('Missed One', sales.id), await createLead('Missed Two', sales.id)];
    const resumed = openStream(server, sales.token, first.events[first.events.length - 1].lastEventId);
    await resumed.opened;
    await waitFor(() => resumed.events.length, (count) => count >= 6, 10_000, 'the missed events');
    resumed.source.close();
    expect(resumed.events.map((event) => event.body.type)).toEqual(['lead.created', 'lead.assigned', 'notification.created', 'lead.created', 'lead.assigned', 'notification.created']);
    expect(resumed.events.filter((event) => event.body.type === 'lead.created').map((event) => event.body.entity_id)).toEqual(missed);
    const ids = [...first.events, ...resumed.events].map((event) => Number(event.body.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
  }, 60_000);

  it('sends heartbeats, and ends the stream when the session is signed out', async () => {
    const tech = await server.createUser('tech');
    expect(await readRaw(server, tech.token, /: heartbeat\n\n[\s\S]*: heartbeat\n\n/)).toMatch(/^retry: 1000\n/);
    const seen = { text: '' };
    const ending = readRaw(server, tech.token, /event: close\ndata: .*\n\n/, 10_000, seen);
    // The opening lines are written in the same tick the server subscribes the stream: from then on a sign-out reaches it.
    await waitUntil(() => seen.text.includes(': stream opened after event'), { description: 'the stream to open' });
    expect((await server.request('POST', '/auth/logout', { token: tech.token })).status).toBeLessThan(300);
    expect(await ending).toMatch(/event: close\ndata: \{"reason":"signed out"\}/);
    expect((await server.request('GET', '/events/stream', { token: tech.token, timeoutMs: 2000 })).status).toBe(401);
  }, 30_000);
});

describe('Two API processes on one database', () => {
  let a: LiveServer;
  let b: LiveServer;
  let admin: string;
  const env = { EVENTS_POLL_MS: '50', WEBHOOK_RETRY_BASE_MS: '60' };

  beforeAll(async () => {
    a = await LiveServer.start(env);
    b = await LiveServer.start({ ...env, MONGODB_DB_NAME: a.dbName });
    admin = await a.adminToken();
  }, 180_000);
  afterAll(async () => {
    await b?.stop({ keepDatabase: true });
    await a?.stop();
  });

  it('each delivery is sent once, and a change through A reaches a stream on B within a second', async () => {
    const receiver = await new WebhookReceiver(() => 200).start();
    try {
      const created = await a.post('/webhooks', { url: receiver.url, event_types: ['lead.created'] }, admin);
      expect(created.status).toBe(201);
      receiver.secret = created.body.secret;

      const stream = openStream(b, admin);
      await stream.opened;
      const response = await a.post('/leads', { first_name: 'Across' }, admin);
      // From the moment A answered (the change is made) to the message on B.
      const started = Date.now();
      const seen = await waitFor(() => stream.events.find((event) => event.body.entity_id === response.body.id), Boolean, 5_000, 'the event on B');
      stream.source.close();
      expect(seen!.at - started).toBeLessThan(1_000);

      const leads = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).post('/leads', { first_name: `Lead ${i}` }, admin)));
      const expected = leads.length + 1;
      await waitFor(async () => (await a.get(`/webhooks/${created.body.id}/deliveries`, admin)).body.data, (data) => data.length === expected && data.every((d: { status: string }) => d.status === 'succeeded'), 20_000, 'all deliveries succeeded');
      expect(receiver.received.every((delivery) => delivery.verified)).toBe(true);
      const perEvent = new Map<string, number>();
      for (const delivery of receiver.received) perEvent.set(delivery.id, (perEvent.get(delivery.id) ?? 0) + 1);
      expect(perEvent.size).toBe(expected);
      expect([...perEvent.values()].every((count) => count === 1)).toBe(true);
    } finally {
      await receiver.stop();
    }
  }, 90_000);
});
