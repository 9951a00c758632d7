import { AuthUser, Role } from '@app/auth';
import { assertMayAssign, initialStamps, statusStamps } from './task-rules';
import { TaskStatus } from './task.schema';

const now = new Date('2026-05-05T10:00:00Z');
const earlier = new Date('2026-05-01T10:00:00Z');

describe('task status stamps', () => {
  it('the first move to in_progress stamps started_at', () => {
    expect(statusStamps({ status: TaskStatus.Todo, started_at: null, completed_at: null }, TaskStatus.InProgress, now)).toEqual({ started_at: now });
  });

  it('a later move to in_progress keeps the first started_at', () => {
    expect(statusStamps({ status: TaskStatus.Blocked, started_at: earlier, completed_at: null }, TaskStatus.InProgress, now)).toEqual({});
  });

  it('done stamps completed_at', () => {
    expect(statusStamps({ status: TaskStatus.Review, started_at: earlier, completed_at: null }, TaskStatus.Done, now)).toEqual({ completed_at: now });
  });

  it('reopening a done task clears completed_at', () => {
    expect(statusStamps({ status: TaskStatus.Done, started_at: earlier, completed_at: earlier }, TaskStatus.InProgress, now)).toEqual({ completed_at: null });
  });

  it('no change, no stamps', () => {
    expect(statusStamps({ status: TaskStatus.Done, started_at: earlier, completed_at: earlier }, TaskStatus.Done, now)).toEqual({});
  });

  it('a task created as done is started and completed at once', () => {
    expect(initialStamps(TaskStatus.Done, now)).toEqual({ started_at: now, completed_at: now });
    expect(initialStamps(TaskStatus.Todo, now)).toEqual({ started_at: null, completed_at: null });
  });
});

describe('who may change a task', () => {
  const tech: AuthUser = { id: 'aaaaaaaaaaaaaaaaaaaaaaaa', email: 't@x.co', role: Role.Tech, department: null };
  const support: AuthUser = { ...tech, id: 'bbbbbbbbbbbbbbbbbbbbbbbb', role: Role.Support };

  // Which tasks a tech user changes at all is Permission.TaskUpdate (libs/auth/src/access/access-policy.spec.ts).
  it('a tech user assigns only themselves', () => {
    expect(() => assertMayAssign(tech.id, tech)).not.toThrow();
    expect(() => assertMayAssign(support.id, tech)).toThrow(/only to themselves/);
    expect(() => assertMayAssign(tech.id, support)).not.toThrow();
  });
});
