import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { Task, TimeEntry } from '../tasks/task.schema';

/** A billed time entry as an invoice line source. */
export type BillableTimeRecord = {
  entry_id: Types.ObjectId;
  task_id: Types.ObjectId;
  task_title: string;
  service_id: Types.ObjectId | null;
  user_id: Types.ObjectId;
  minutes: number;
  started_at: Date;
};

type ClaimWindow = { from: Date; to: Date };
type TaskWithEntries = Pick<Task, '_id' | 'title' | 'service_id'> & { time_entries: TimeEntry[] };

/**
 * The tasks side of invoicing (libs/billing calls it): an invoice claims the unbilled billable
 * entries that started in its period with one conditional update per task (`invoice_id` set only
 * where it is null), so two overlapping drafts never bill an entry twice; releasing gives them back.
 */
@Injectable()
export class TimeEntriesBillingService {
  constructor(@InjectModel(Task.name) private readonly tasks: Model<Task>) {}

  async claimUnbilled(projectId: Types.ObjectId, window: ClaimWindow, invoiceId: Types.ObjectId): Promise<void> {
    // `billable: { $ne: false }` and `invoice_id: null` also match entries stored before the fields existed.
    const open = { invoice_id: null, billable: { $ne: false }, started_at: { $gte: window.from, $lt: window.to } };
    await this.tasks.updateMany(
      { project_id: projectId, time_entries: { $elemMatch: open } },
      { $set: { 'time_entries.$[entry].invoice_id': invoiceId } },
      { arrayFilters: [{ 'entry.invoice_id': null, 'entry.billable': { $ne: false }, 'entry.started_at': { $gte: window.from, $lt: window.to } }] },
    );
  }

  async claimedBy(projectId: Types.ObjectId, invoiceId: Types.ObjectId): Promise<BillableTimeRecord[]> {
    const tasks = await this.tasks
      .find({ project_id: projectId, 'time_entries.invoice_id': invoiceId }, { title: 1, service_id: 1, time_entries: 1 })
      .sort({ _id: 1 })
      .lean<TaskWithEntries[]>();
    return tasks.flatMap((task) =>
      task.time_entries
        .filter((entry) => entry.invoice_id?.equals(invoiceId))
        .map((entry) => ({
          entry_id: entry._id,
          task_id: task._id,
          task_title: task.title,
          service_id: task.service_id ?? null,
          user_id: entry.user_id,
          minutes: entry.minutes,
          started_at: entry.started_at,
        })),
    );
  }

  /** Gives the invoice's entries back (a voided or deleted draft): idempotent. */
  async release(projectId: Types.ObjectId, invoiceId: Types.ObjectId): Promise<void> {
    await this.tasks.updateMany(
      { project_id: projectId, 'time_entries.invoice_id': invoiceId },
      { $set: { 'time_entries.$[entry].invoice_id': null } },
      { arrayFilters: [{ 'entry.invoice_id': invoiceId }] },
    );
  }
}
