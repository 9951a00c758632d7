import { forbidden } from '@app/common';
import { AuthUser, Role } from '@app/auth';
import { TaskStatus } from './task.schema';

interface StatusState {
  status: TaskStatus;
  started_at: Date | null;
  completed_at: Date | null;
}

/**
 * Timestamps a status change sets: started_at on the first move to in_progress (kept after
 * that), completed_at on done, cleared when a done task is reopened.
 */
export function statusStamps(current: StatusState, next: TaskStatus, now: Date): Partial<Pick<StatusState, 'started_at' | 'completed_at'>> {
  const stamps: Partial<Pick<StatusState, 'started_at' | 'completed_at'>> = {};
  if (next === current.status) return stamps;
  if (next === TaskStatus.InProgress && !current.started_at) stamps.started_at = now;
  if (next === TaskStatus.Done) stamps.completed_at = now;
  else if (current.status === TaskStatus.Done || current.completed_at) stamps.completed_at = null;
  return stamps;
}

/** Stamps of a task created directly in `status`. */
export function initialStamps(status: TaskStatus, now: Date): Pick<StatusState, 'started_at' | 'completed_at'> {
  return {
    started_at: status === TaskStatus.InProgress || status === TaskStatus.Review || status === TaskStatus.Done ? now : null,
    completed_at: status === TaskStatus.Done ? now : null,
  };
}

/** A tech user may assign a task only to themselves. */
export function assertMayAssign(assigneeId: string | null | undefined, user: AuthUser): void {
  if (user.role === Role.Tech && assigneeId != null && assigneeId !== user.id) {
    throw forbidden('Tech users may assign tasks only to themselves');
  }
}
