import { rmSync } from 'fs';
import { ObjectId } from 'mongodb';
import { resolve } from 'path';
import { LiveResponse, LiveServer } from '../support/live-server';

/**
 * Check-then-write rules under 20 identical requests at once, over a real listening server: each
 * rule has exactly one winner and the others get a 409 in the error shape naming the conflict (or,
 * where every request may succeed, the invariant holds after every burst).
 */
const BURST = 20;
const MINUTE = 60_000;
const NEXT_YEAR = new Date().getUTCFullYear() + 1;
const STORAGE_ROOT = `./data/test-storage/races-${process.pid}`;

const burst = (send: (i: number) => Promise<LiveResponse>) => Promise.all(Array.from({ length: BURST }, (_, i) => send(i)));
const statuses = (responses: LiveResponse[]) => responses.map((r) => r.status).sort();
const expectOneWinner = (responses: LiveResponse[], winner: number) => expect(statuses(responses)).toEqual([winner, ...Array(BURST - 1).fill(409)]);

function expectConflict(response: LiveResponse, message: RegExp, details: { field: string; message: RegExp | string }[]): void {
  expect(response.body).toEqual({
    statusCode: 409,
    error: 'Conflict',
    message: expect.stringMatching(message),
    details: details.map((d) => ({ field: d.field, message: typeof d.message === 'string' ? d.message : expect.stringMatching(d.message) })),
    requestId: response.headers.get('x-request-id'),
  });
}

/**
 * Ids and stored state are read from the database: under the live server (ts-node, no swagger CLI
 * plugin) response DTOs carry no documented fields, so success bodies are not relied upon here.
 */
describe('Races: exactly one winner, the rest a 409 naming the conflict (real server)', () => {
  let server: LiveServer;
  let admin: string;
  let tech: Awaited<ReturnType<LiveServer['createUser']>>;
  let projectId: string;

  const idOf = async (collection: string, filter: Record<string, unknown>): Promise<string> => {
    const found = await (await server.db()).collection(collection).findOne(filter, { projection: { _id: 1 } });
    if (!found) throw new Error(`no ${collection} matching ${JSON.stringify(filter)}`);
    return found._id.toHexString();
  };
  const created = async (response: LiveResponse, collection: string, filter: Record<string, unknown>) => {
    if (response.status !== 201) throw new Error(`create in ${collection}: ${response.status} ${response.raw}`);
    return idOf(collection, filter);
  };
  const createCustomer = async (name: string) => created(await server.post('/customers', { name }, admin), 'customers', { name });
  const createTask = async (title: string) => created(await server.post(`/projects/${projectId}/tasks`, { title, tech_employee_id: tech.id }, admin), 'tasks', { title });

  beforeAll(async () => {
    server = await LiveServer.start({ RATE_LIMIT_ENABLED: 'false', FILE_STORAGE_ROOT: STORAGE_ROOT });
    admin = await server.adminToken();
    const user = await server.createUser('tech');
    tech = { ...user, id: await idOf('users', { email: user.email }) };
    const customerId = await createCustomer('Racing Ltd');
    projectId = await created(await server.post('/projects', { name: 'Race track', customer_id: customerId, team_member_ids: [tech.id], currency: 'USD' }, admin), 'projects', { name: 'Race track' });
    // Opens the server's database connections: on a cold pool, commands queue for a connection and a burst runs nearly one by one.
    for (let round = 0; round < 3; round++) expect(statuses(await burst(() => server.get(`/projects/${projectId}/tasks`, tech.token)))).toEqual(Array(BURST).fill(200));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(resolve(__dirname, '../..', STORAGE_ROOT), { recursive: true, force: true });
  });

  describe('time entries: a user\'s time never overlaps', () => {
    it('20 identical manual entries on one task: one is recorded, 19 get a 409 naming it; the task counts one hour', async () => {
      const taskId = await createTask('One hour of work');
      const started_at = new Date(Date.now() - 3 * 60 * MINUTE);
      const ended_at = new Date(started_at.getTime() + 60 * MINUTE);
      const responses = await burst(() => server.post(`/tasks/${taskId}/time-entries`, { started_at, ended_at }, tech.token));

      expectOneWinner(responses, 201);
      const task = await (await server.db()).collection('tasks').findOne({ _id: new ObjectId(taskId) });
      expect({ entries: task!.time_entries.length, total_minutes: task!.total_minutes }).toEqual({ entries: 1, total_minutes: 60 });
      const entryId = task!.time_entries[0]._id.toHexString();
      for (const loser of responses.filter((r) => r.status === 409)) {
        expectConflict(loser, new RegExp(`overlaps your time on task "One hour of work" \\(${taskId}\\) from ${started_at.toISOString()} to ${ended_at.toISOString()}`), [
          { field: 'started_at', message: `overlaps time entry ${entryId}` },
        ]);
      }
    });

    it('the same span entered on 20 different tasks at once: one is recorded (the rule spans tasks)', async () => {
      const taskIds: string[] = [];
      for (let i = 0; i < BURST; i++) taskIds.push(await createTask(`Parallel task ${i}`));
      const started_at = new Date(Date.now() - 6 * 60 * MINUTE);
      const ended_at = new Date(started_at.getTime() + 30 * MINUTE);
      const responses = await burst((i) => server.post(`/tasks/${taskIds[i]}/time-entries`, { started_at, ended_at }, tech.token));

      expectOneWinner(responses, 201);
      const winnerTask = taskIds[responses.findIndex((r) => r.status === 201)];
      for (const loser of responses.filter((r) => r.status === 409)) {
        expectConflict(loser, new RegExp(`overlaps your time on task "Parallel task \\d+" \\(${winnerTask}\\)`), [{ field: 'started_at', message: /^overlaps time entry [0-9a-f]{24}$/ }]);
      }
      const tasks = await (await server.db()).collection('tasks').find({ _id: { $in: taskIds.map((id) => new ObjectId(id)) } }).toArray();
      expect(tasks.reduce((sum, task) => sum + task.total_minutes, 0)).toBe(30);
    });

    it('20 timer starts at once (still one timer) and 20 stops at once (the time counted once)', async () => {
      const taskId = await createTask('Timed work');
      const starts = await burst(() => server.post(`/tasks/${taskId}/timer/start`, {}, tech.token));
      expectOneWinner(starts, 201);
      for (const loser of starts.filter((r) => r.status === 409)) {
        expectConflict(loser, new RegExp(`A timer is already running on task "Timed work" \\(${taskId}\\)`), [{ field: 'task_id', message: `timer running on task ${taskId}` }]);
      }
      // Ten minutes of tracked time, without waiting ten minutes.
      const db = await server.db();
      await db.collection('running_timers').updateOne({ _id: new ObjectId(tech.id) }, { $set: { started_at: new Date(Date.now() - 10 * MINUTE) } });
      const stops = await burst(() => server.post(`/tasks/${taskId}/timer/stop`, {}, tech.token));
      expectOneWinner(stops, 200);
      for (const loser of stops.filter((r) => r.status === 409)) expectConflict(loser, /^You have no running timer$/, []);
      const task = await db.collection('tasks').findOne({ _id: new ObjectId(taskId) });
      expect({ entries: task!.time_entries.length, total_minutes: task!.total_minutes }).toEqual({ entries: 1, total_minutes: 10 });
    });
  });

  describe('cards: exactly one default per customer', () => {
    const card = (extra: Record<string, unknown> = {}) => ({ card_holder: 'Ada Lovelace', card_number: '4556737586899855', expiry_month: 12, expiry_year: NEXT_YEAR, ...extra });

    const liveCards = async (customerId: string) =>
      (await server.db()).collection('customer_charge_details').find({ customer_id: new ObjectId(customerId), deleted_at: null }).sort({ _id: 1 }).toArray();
    const defaultsOf = async (customerId: string) => (await liveCards(customerId)).filter((c) => c.is_default).map((c) => c._id.toHexString());

    it.each([
      ['cards added without is_default', {}],
      ['cards each added with is_default: true', { is_default: true }],
    ])('10 bursts of 20 %s for a new customer: every card stored, exactly one default each time', async (_label, extra) => {
      const seen: number[] = [];
      for (let run = 0; run < 10; run++) {
        const customerId = await createCustomer(`Card race ${_label} ${run}`);
        const responses = await burst(() => server.post(`/customers/${customerId}/charge-details`, card(extra), admin));
        expect(statuses(responses)).toEqual(Array(BURST).fill(201));
        expect(await liveCards(customerId)).toHaveLength(BURST);
        seen.push((await defaultsOf(customerId)).length);
      }
      expect(seen).toEqual(Array(10).fill(1));
    });

    it('20 cards made default at once, then the default deleted while others are made default: one default throughout', async () => {
      const customer = await createCustomer('Switching Ltd');
      for (let i = 0; i < BURST; i++) expect((await server.post(`/customers/${customer}/charge-details`, card(), admin)).status).toBe(201);
      const ids = (await liveCards(customer)).map((c) => c._id.toHexString());
      const promotions = await burst((i) => server.patch(`/charge-details/${ids[i]}`, { is_default: true }, admin));
      expect(statuses(promotions)).toEqual(Array(BURST).fill(200));
      const after = await defaultsOf(customer);
      expect(after).toHaveLength(1);

      const [current] = after;
      const others = ids.filter((id) => id !== current);
      const mixed = await burst((i) => (i === 0 ? server.delete(`/charge-details/${current}`, admin) : server.patch(`/charge-details/${others[i - 1]}`, { is_default: true }, admin)));
      expect(statuses(mixed)).toEqual([...Array(BURST - 1).fill(200), 204]);
      const end = await defaultsOf(customer);
      expect(end).toHaveLength(1);
      expect(end).not.toContain(current);
    });
  });

  describe('attachments: at most 10 per message', () => {
    it('20 uploads at once to a message holding 9: one is recorded, 19 get a 409 naming the limit', async () => {
      const messageId = await created(await server.post('/channels/general/messages', { content: 'the files' }, tech.token), 'messages', { content: 'the files' });
      const upload = (i: number) => {
        const form = new FormData();
        form.append('file', new Blob([`note ${i}\n`], { type: 'text/plain' }), `note-${i}.txt`);
        return server.request('POST', `/messages/${messageId}/attachments`, { payload: form, token: tech.token });
      };
      for (let i = 0; i < 9; i++) expect((await upload(i)).status).toBe(201);
      const responses = await burst((i) => upload(100 + i));

      expectOneWinner(responses, 201);
      for (const loser of responses.filter((r) => r.status === 409)) {
        expectConflict(loser, /^a message holds at most 10 attachments$/, [{ field: 'file', message: 'at most 10 per message' }]);
      }
      expect(await (await server.db()).collection('message_attachments').countDocuments({ message_id: new ObjectId(messageId) })).toBe(10);
    });
  });
});
