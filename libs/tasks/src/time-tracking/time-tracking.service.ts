import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { conflict, forbidden, notFound } from '@app/common';
import { AccessPolicy, AuthUser, Permission, Role } from '@app/auth';
import { EntityLocks } from '@app/database';
import { Task, TaskStatus, TimeEntry, TimeEntrySource } from '../tasks/task.schema';
import { TasksService } from '../tasks/tasks.service';
import { CreateTimeEntryDto } from './dto/time-entry.dto';
import { RunningTimer } from './running-timer.schema';
import { assertManualSpan, findOverlap, TimeSpan, wholeMinutes } from './time-entry-rules';

type NewEntry = Omit<TimeEntry, 'created_at'> & { created_at: Date };

export interface TrackedTime {
  task_id: Types.ObjectId;
  entry: NewEntry;
  total_minutes: number;
}

export interface RunningTimerView {
  task_id: Types.ObjectId;
  task_title: string | null;
  project_id: Types.ObjectId;
  started_at: Date;
  elapsed_minutes: number;
  note: string | null;
  /** The entry it becomes is invoiced. */
  billable: boolean;
}

const DUPLICATE_KEY = 11000;

/**
 * Timers and time entries. One running timer per user is the `_id` uniqueness of
 * `running_timers`; every change to a task's entries moves `total_minutes` with `$inc` in the same
 * update, and each write is conditional so a retry never counts time twice. "A user's time never
 * overlaps" spans every task and the running timer, so starting, stopping and adding time run
 * under the user's lock (`time-entries:<user id>`): the overlap check and the write are one step.
 */
@Injectable()
export class TimeTrackingService {
  constructor(
    @InjectModel(Task.name) private readonly tasks: Model<Task>,
    @InjectModel(RunningTimer.name) private readonly timers: Model<RunningTimer>,
    private readonly taskAccess: TasksService,
    private readonly locks: EntityLocks,
    private readonly access: AccessPolicy,
  ) {}

  async current(user: AuthUser, now = new Date()): Promise<RunningTimerView | null> {
    const timer = await this.timers.findById(user.id).lean();
    if (!timer) return null;
    const task = await this.tasks.findById(timer.task_id, { title: 1 }).lean();
    return this.view(timer, task?.title ?? null, now);
  }

  async start(taskId: string, user: AuthUser, note?: string, billable = true): Promise<RunningTimerView> {
    const { task } = await this.taskAccess.loadForChange(taskId, user, { time_entries: 0 });
    if (task.status === TaskStatus.Done) throw conflict('The task is done; reopen it before tracking time on it');
    const now = new Date();
    return this.underUserLock(user.id, async () => {
      const now = new Date();
      const timer = { _id: new Types.ObjectId(user.id), task_id: task._id, project_id: task.project_id, entry_id: new Types.ObjectId(), started_at: now, note: note ?? null, billable };
      for (let attempt = 0; ; attempt++) {
        try {
          await this.timers.create(timer);
          return this.view(timer, task.title, now);
        } catch (error) {
          if ((error as { code?: number }).code !== DUPLICATE_KEY || attempt > 0) throw error;
          await this.refuseSecondTimer(user.id);
        }
      }
    });
  }

  /** Adds the elapsed whole minutes (rounded down) as a timer entry. */
  stop(taskId: string, user: AuthUser): Promise<TrackedTime> {
    return this.underUserLock(user.id, () => this.stopTimer(taskId, user));
  }

  private async stopTimer(taskId: string, user: AuthUser): Promise<TrackedTime> {
    const timer = await this.timers.findById(user.id).lean();
    if (!timer) throw conflict('You have no running timer');
    if (timer.task_id.toHexString() !== taskId) {
      throw conflict(`Your timer runs on task ${timer.task_id.toHexString()}, not this one`, [{ field: 'task_id', message: timer.task_id.toHexString() }]);
    }
    const endedAt = new Date();
    const entry: NewEntry = {
      _id: timer.entry_id,
      user_id: timer._id,
      started_at: timer.started_at,
      ended_at: endedAt,
      minutes: wholeMinutes(timer.started_at, endedAt),
      note: timer.note,
      source: TimeEntrySource.Timer,
      billable: timer.billable ?? true,
      invoice_id: null,
      created_at: endedAt,
    };
    // Keyed by the timer's entry id: a retried stop after a crash cannot add the time twice.
    const updated = await this.tasks
      .findOneAndUpdate({ _id: timer.task_id, 'time_entries._id': { $ne: entry._id } }, { $push: { time_entries: entry }, $inc: { total_minutes: entry.minutes } }, { new: true, projection: { total_minutes: 1 } })
      .lean();
    const result = updated ? { task_id: timer.task_id, entry, total_minutes: updated.total_minutes } : await this.alreadyRecorded(timer);
    await this.timers.deleteOne({ _id: timer._id, entry_id: timer.entry_id });
    if (!result) throw notFound('Task');
    return result;
  }

  async addManual(taskId: string, dto: CreateTimeEntryDto, user: AuthUser): Promise<TrackedTime> {
    const { task } = await this.taskAccess.loadForChange(taskId, user, { time_entries: 0 });
    const span: TimeSpan = { started_at: dto.started_at, ended_at: dto.ended_at };
    assertManualSpan(span, new Date());
    const me = new Types.ObjectId(user.id);
    return this.underUserLock(user.id, async () => {
      const now = new Date();
      await this.assertNoOverlap(user.id, span, now);
      const entry: NewEntry = {
        _id: new Types.ObjectId(),
        user_id: me,
        ...span,
        minutes: wholeMinutes(span.started_at, span.ended_at),
        note: dto.note ?? null,
        source: TimeEntrySource.Manual,
        billable: dto.billable ?? true,
        invoice_id: null,
        created_at: now,
      };
      // Also conditional on the task holding no overlapping entry of ours, in case a lease ran out.
      const updated = await this.tasks
        .findOneAndUpdate(
          { _id: task._id, time_entries: { $not: { $elemMatch: { user_id: me, started_at: { $lt: span.ended_at }, ended_at: { $gt: span.started_at } } } } },
          { $push: { time_entries: entry }, $inc: { total_minutes: entry.minutes } },
          { new: true, projection: { total_minutes: 1 } },
        )
        .lean();
      if (!updated) {
        if (!(await this.tasks.exists({ _id: task._id }))) throw notFound('Task');
        await this.assertNoOverlap(user.id, span, now);
        throw conflict('The entry overlaps time you tracked meanwhile on this task; reload and retry', [{ field: 'started_at', message: 'overlaps another of your time entries' }]);
      }
      return { task_id: task._id, entry, total_minutes: updated.total_minutes };
    });
  }

  /** The entry's owner removes it; managers and admins remove anyone's. */
  async removeEntry(taskId: string, entryId: string, user: AuthUser): Promise<void> {
    const { task } = await this.taskAccess.load(taskId, user, { time_entries: 1, project_id: 1, tech_employee_id: 1 });
    const entry = task.time_entries.find((e) => e._id.toHexString() === entryId);
    if (!entry) throw notFound('Time entry');
    await this.access.requireRowAccess(user, Permission.TimeEntryDelete, entry);
    if (entry.invoice_id) throw conflict(`The time entry is billed on invoice ${entry.invoice_id.toHexString()}; void or delete that invoice first`, [{ field: 'invoice_id', message: entry.invoice_id.toHexString() }]);
    // Conditional on the entry still being there and unbilled, so a repeated delete cannot subtract twice
    // and an invoice claiming it meanwhile keeps it.
    const removed = await this.tasks.updateOne(
      { _id: task._id, time_entries: { $elemMatch: { _id: entry._id, invoice_id: null } } },
      { $pull: { time_entries: { _id: entry._id } }, $inc: { total_minutes: -entry.minutes } },
    );
    if (removed.matchedCount === 0 && (await this.tasks.exists({ _id: task._id, time_entries: { $elemMatch: { _id: entry._id, invoice_id: { $ne: null } } } }))) {
      throw conflict('The time entry was billed on an invoice meanwhile; void or delete that invoice first', [{ field: 'invoice_id', message: 'billed' }]);
    }
  }

  private underUserLock<T>(userId: string, work: () => Promise<T>): Promise<T> {
    return this.locks.withLock(`time-entries:${userId}`, work, {
      busy: () => conflict('Another change to your tracked time is still being saved; retry in a moment', [{ field: 'user_id', message: 'time entries busy' }]),
    });
  }

  /** 409 naming the task the user's timer runs on; a timer left on a deleted task is discarded. */
  private async refuseSecondTimer(userId: string): Promise<void> {
    const running = await this.timers.findById(userId).lean();
    if (!running) return;
    const task = await this.tasks.findById(running.task_id, { title: 1 }).lean();
    if (!task) {
      await this.timers.deleteOne({ _id: running._id, entry_id: running.entry_id });
      return;
    }
    const id = running.task_id.toHexString();
    throw conflict(`A timer is already running on task "${task.title}" (${id}) since ${running.started_at.toISOString()}; stop it first`, [
      { field: 'task_id', message: `timer running on task ${id}` },
    ]);
  }

  /** A stop retried after its entry was written: report that entry instead of adding it again. */
  private async alreadyRecorded(timer: RunningTimer): Promise<TrackedTime | null> {
    const task = await this.tasks.findById(timer.task_id, { total_minutes: 1, time_entries: 1 }).lean();
    const entry = task?.time_entries.find((e) => e._id.equals(timer.entry_id));
    return task && entry ? { task_id: timer.task_id, entry: entry as NewEntry, total_minutes: task.total_minutes } : null;
  }

  private async assertNoOverlap(userId: string, span: TimeSpan, now: Date): Promise<void> {
    const me = new Types.ObjectId(userId);
    const clash = await this.tasks
      .findOne({ time_entries: { $elemMatch: { user_id: me, started_at: { $lt: span.ended_at }, ended_at: { $gt: span.started_at } } } }, { title: 1, time_entries: 1 })
      .lean();
    const entry = clash && findOverlap(span, clash.time_entries.filter((e) => e.user_id.equals(me)));
    if (clash && entry) {
      throw conflict(
        `The entry overlaps your time on task "${clash.title}" (${clash._id.toHexString()}) from ${entry.started_at.toISOString()} to ${entry.ended_at.toISOString()}`,
        [{ field: 'started_at', message: `overlaps time entry ${entry._id.toHexString()}` }],
      );
    }
    const running = await this.timers.findById(me).lean();
    if (running && findOverlap(span, [{ started_at: running.started_at, ended_at: now }])) {
      throw conflict(`The entry overlaps your running timer on task ${running.task_id.toHexString()} (started ${running.started_at.toISOString()})`, [
        { field: 'started_at', message: 'overlaps your running timer' },
      ]);
    }
  }

  private view(timer: Pick<RunningTimer, 'task_id' | 'project_id' | 'started_at' | 'note' | 'billable'>, title: string | null, now: Date): RunningTimerView {
    return { task_id: timer.task_id, task_title: title, project_id: timer.project_id, started_at: timer.started_at, elapsed_minutes: wholeMinutes(timer.started_at, now), note: timer.note, billable: timer.billable ?? true };
  }
}
