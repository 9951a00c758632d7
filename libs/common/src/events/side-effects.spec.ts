import { Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { requestContext } from '../request-context';
import { DomainEvent } from './domain-events';
import { DomainEvents, EventOutbox, OutboxDraft } from './domain-events.service';
import { sideEffects } from './side-effects';

const assigned = { recipient_ids: ['a'.repeat(24)], entity_type: 'lead', entity_id: 'b'.repeat(24), data: { lead_name: 'Ada', assigned_by: 'Maya' } };

/** An outbox that records what it was asked to do, in order. */
class RecordingOutbox extends EventOutbox {
  readonly log: string[] = [];
  async begin(drafts: OutboxDraft[]) {
    this.log.push(`pending ${drafts.map((d) => d.key).join(',')}`);
    return {
      commit: async () => void this.log.push('commit'),
      discard: async () => void this.log.push('discard'),
    };
  }
}

describe('DomainEvents', () => {
  let bus: EventEmitter2;
  let logged: jest.SpyInstance;

  beforeEach(() => {
    bus = new EventEmitter2();
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => logged.mockRestore());

  it('returns only after an async listener has finished its write', async () => {
    const events = new DomainEvents(bus);
    const written: string[] = [];
    events.on(DomainEvent.GoalAssigned, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      written.push('notification');
    });
    await events.emit(DomainEvent.GoalAssigned, { ...assigned, data: { goal_title: 'Launch', project_name: 'Site' } });
    expect(written).toEqual(['notification']);
  });

  it('a failing listener does not throw: it is logged with the request id, observed, and collected by the job run', async () => {
    const events = new DomainEvents(bus);
    events.on(DomainEvent.GoalAssigned, async () => {
      throw new Error('placeholder {{x}} has no value');
    });
    const observed: string[] = [];
    const stop = sideEffects.observe((failure) => observed.push(failure.event));
    try {
      const { result, failures } = await sideEffects.collect(() =>
        requestContext.run({ requestId: 'req-1' }, async () => {
          await events.emit(DomainEvent.GoalAssigned, { ...assigned, data: { goal_title: 'Launch', project_name: 'Site' } });
          return 'assigned';
        }),
      );
      expect(result).toBe('assigned');
      expect(failures).toEqual([{ event: DomainEvent.GoalAssigned, error: 'placeholder {{x}} has no value', requestId: 'req-1' }]);
      expect(observed).toEqual([DomainEvent.GoalAssigned]);
      expect(logged).toHaveBeenCalledWith(expect.objectContaining({ requestId: 'req-1', event: DomainEvent.GoalAssigned }), expect.stringContaining('failed after the operation committed'));
    } finally {
      stop();
    }
  });

  it('record writes the event pending before the change, commits it after, then runs the listeners', async () => {
    const outbox = new RecordingOutbox();
    const events = new DomainEvents(bus, outbox);
    events.on(DomainEvent.LeadAssigned, async () => void outbox.log.push('listener'));
    const result = await events.record([{ name: DomainEvent.LeadAssigned, payload: assigned, confirm: { collection: 'leads', filter: {} } }], async () => {
      outbox.log.push('change');
      return 'done';
    });
    expect(result).toBe('done');
    expect(outbox.log).toEqual([`pending lead.assigned:${'b'.repeat(24)}`, 'change', 'commit', 'listener']);
  });

  it('a change that fails or does not happen discards its event and notifies nobody', async () => {
    const outbox = new RecordingOutbox();
    const events = new DomainEvents(bus, outbox);
    events.on(DomainEvent.LeadAssigned, async () => void outbox.log.push('listener'));
    const entry = { name: DomainEvent.LeadAssigned, payload: assigned, key: 'k', confirm: { collection: 'leads', filter: {} } } as const;
    await expect(events.record([entry], () => Promise.reject(new Error('conflict')))).rejects.toThrow('conflict');
    await expect(events.record([entry], async () => null)).resolves.toBeNull();
    expect(outbox.log).toEqual(['pending k', 'discard', 'pending k', 'discard']);
  });
});
