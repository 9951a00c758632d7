import { Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { requestContext } from '../request-context';
import { DomainEvent } from './domain-events';
import { emitDomainEvent, sideEffects } from './side-effects';

describe('emitDomainEvent', () => {
  let events: EventEmitter2;
  let logged: jest.SpyInstance;

  beforeEach(() => {
    events = new EventEmitter2();
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => logged.mockRestore());

  it('returns only after an async listener has finished its write', async () => {
    const written: string[] = [];
    events.on(DomainEvent.LeadAssigned, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      written.push('notification');
    }, { promisify: true });
    await emitDomainEvent(events, DomainEvent.LeadAssigned, {});
    expect(written).toEqual(['notification']);
  });

  it('a failing listener does not throw: it is logged with the request id, observed, and collected by the job run', async () => {
    events.on(DomainEvent.ProjectBilled, async () => {
      throw new Error('placeholder {{x}} has no value');
    }, { promisify: true });
    const observed: string[] = [];
    const stop = sideEffects.observe((failure) => observed.push(failure.event));
    try {
      const { result, failures } = await sideEffects.collect(() =>
        requestContext.run({ requestId: 'req-1' }, async () => {
          await emitDomainEvent(events, DomainEvent.ProjectBilled, {});
          return 'billed';
        }),
      );
      expect(result).toBe('billed');
      expect(failures).toEqual([{ event: DomainEvent.ProjectBilled, error: 'placeholder {{x}} has no value', requestId: 'req-1' }]);
      expect(observed).toEqual([DomainEvent.ProjectBilled]);
      expect(logged).toHaveBeenCalledWith(expect.objectContaining({ requestId: 'req-1', event: DomainEvent.ProjectBilled }), expect.stringContaining('failed after the operation committed'));
    } finally {
      stop();
    }
  });

  it('outside a job run a failure is only logged and observed', async () => {
    events.on(DomainEvent.TaskAssigned, () => Promise.reject(new Error('boom')), { promisify: true });
    await expect(emitDomainEvent(events, DomainEvent.TaskAssigned, {})).resolves.toBeUndefined();
    expect(logged).toHaveBeenCalledTimes(1);
  });
});
