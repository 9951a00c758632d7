import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model, Types } from 'mongoose';
import { findPage, ListQueryDto, ListSpec, PageResponse } from '@app/common';
import { DocumentLineRecord, DocumentTotals } from '../money/document-line';
import { Invoice, InvoiceStatus, ISSUED_INVOICE_STATUSES, OPEN_INVOICE_STATUSES, VISIBLE_INVOICE_STATUSES } from './invoice.schema';

/** A lean invoice (mapped type: it serializes through toResponse). */
export type InvoiceRecord = Pick<Invoice, keyof Invoice>;
/** An invoice row of a list: everything but the lines. */
export type InvoiceSummaryRecord = Omit<InvoiceRecord, 'lines'>;

export type NewInvoice = Pick<Invoice, 'project_id' | 'customer_id' | 'currency' | 'period_from' | 'period_to' | 'notes' | 'created_by'>;

/** A scope from billingReadScope: which invoices the caller may read. */
export type InvoiceScope = FilterQuery<Invoice>;

export const INVOICE_LIST_SPEC: ListSpec = {
  filters: {
    status: { field: 'status' },
    project_id: { field: 'project_id', type: 'objectId' },
    customer_id: { field: 'customer_id', type: 'objectId' },
  },
  sortable: ['created_at'],
  defaultSort: '-created_at',
  projection: { lines: 0, payment_ids: 0, credit_note_ids: 0 },
};

const DETAIL_PROJECTION = { payment_ids: 0, credit_note_ids: 0 };

/** Every query on `invoices`; the only code that holds the model. */
@Injectable()
export class InvoicesRepository {
  constructor(@InjectModel(Invoice.name) private readonly invoices: Model<Invoice>) {}

  async createPending(invoice: NewInvoice, now: Date): Promise<InvoiceRecord> {
    const created = await this.invoices.create({ ...invoice, status: InvoiceStatus.Pending, pending_since: now });
    return created.toObject<InvoiceRecord>();
  }

  /** A quote's invoice: a draft at once (its lines are typed in, nothing to claim); unique per quote. */
  async createDraftFromQuote(invoice: NewInvoice & { quote_id: Types.ObjectId }, lines: DocumentLineRecord[], totals: DocumentTotals): Promise<InvoiceRecord> {
    const created = await this.invoices.create({ ...invoice, ...totals, lines, amount_due: totals.total, status: InvoiceStatus.Draft });
    return created.toObject<InvoiceRecord>();
  }

  findByQuote(quoteId: Types.ObjectId): Promise<InvoiceRecord | null> {
    return this.invoices.findOne({ quote_id: quoteId }, DETAIL_PROJECTION).lean<InvoiceRecord>().exec();
  }

  /** pending → draft with its lines; null when the repair job discarded it meanwhile. */
  finalizeDraft(id: Types.ObjectId, lines: DocumentLineRecord[], totals: DocumentTotals): Promise<InvoiceRecord | null> {
    return this.invoices
      .findOneAndUpdate(
        { _id: id, status: InvoiceStatus.Pending },
        { $set: { status: InvoiceStatus.Draft, lines, ...totals, amount_due: totals.total, pending_since: null } },
        { new: true, projection: DETAIL_PROJECTION },
      )
      .lean<InvoiceRecord>()
      .exec();
  }

  /** A visible invoice (not one being assembled). */
  findById(id: string | Types.ObjectId): Promise<InvoiceRecord | null> {
    if (!Types.ObjectId.isValid(String(id))) return Promise.resolve(null);
    return this.invoices.findOne({ _id: id, status: { $in: VISIBLE_INVOICE_STATUSES } }, DETAIL_PROJECTION).lean<InvoiceRecord>().exec();
  }

  page(query: ListQueryDto & Record<string, unknown>, scope: InvoiceScope): Promise<PageResponse<InvoiceSummaryRecord>> {
    return findPage<Invoice, InvoiceSummaryRecord>(this.invoices, query, INVOICE_LIST_SPEC, { ...scope, status: { $in: VISIBLE_INVOICE_STATUSES } });
  }

  /** draft → pending (being discarded, pending_since at the epoch so the repair job finishes it at once after a crash). */
  async markDiscarding(id: Types.ObjectId): Promise<boolean> {
    const result = await this.invoices.updateOne({ _id: id, status: InvoiceStatus.Draft }, { $set: { status: InvoiceStatus.Pending, pending_since: new Date(0) } });
    return result.modifiedCount === 1;
  }

  async deletePending(id: Types.ObjectId): Promise<void> {
    await this.invoices.deleteOne({ _id: id, status: InvoiceStatus.Pending });
  }

  /** Voidable: a draft, or an issued invoice nothing was paid or credited on. */
  voidInvoice(id: Types.ObjectId, reason: string, now: Date): Promise<InvoiceRecord | null> {
    return this.invoices
      .findOneAndUpdate(
        { _id: id, status: { $in: [InvoiceStatus.Draft, ...OPEN_INVOICE_STATUSES] }, amount_paid: 0, amount_credited: 0 },
        { $set: { status: InvoiceStatus.Void, voided_at: now, void_reason: reason, amount_due: 0, items_released_at: null } },
        { new: true, projection: DETAIL_PROJECTION },
      )
      .lean<InvoiceRecord>()
      .exec();
  }

  async markItemsReleased(id: Types.ObjectId, now: Date): Promise<void> {
    await this.invoices.updateOne({ _id: id, status: InvoiceStatus.Void }, { $set: { items_released_at: now } });
  }

  /** draft → issued with its number, in one conditional write (the unique index on number refuses a held one). */
  issue(id: Types.ObjectId, number: string, issuedAt: Date, dueDate: Date): Promise<InvoiceRecord | null> {
    return this.invoices
      .findOneAndUpdate(
        { _id: id, status: InvoiceStatus.Draft },
        { $set: { status: InvoiceStatus.Issued, number, issued_at: issuedAt, due_date: dueDate } },
        { new: true, projection: DETAIL_PROJECTION },
      )
      .lean<InvoiceRecord>()
      .exec();
  }

  /** Takes `amount` off what is due, once per payment or credit note, never below 0; null when it does not fit. */
  applyToBalance(id: Types.ObjectId, kind: 'payment' | 'credit', documentId: Types.ObjectId, amount: number): Promise<InvoiceRecord | null> {
    const list = kind === 'payment' ? 'payment_ids' : 'credit_note_ids';
    const counter = kind === 'payment' ? 'amount_paid' : 'amount_credited';
    return this.invoices
      .findOneAndUpdate(
        { _id: id, status: { $in: OPEN_INVOICE_STATUSES }, amount_due: { $gte: amount }, [list]: { $ne: documentId } },
        { $inc: { [counter]: amount, amount_due: -amount }, $push: { [list]: documentId } },
        { new: true, projection: DETAIL_PROJECTION },
      )
      .lean<InvoiceRecord>()
      .exec();
  }

  /** The status after a payment or credit: paid when nothing is due, else partially paid (an overdue one stays overdue). */
  async settle(id: Types.ObjectId, now: Date): Promise<void> {
    await this.invoices.updateOne({ _id: id, amount_due: 0, status: { $in: OPEN_INVOICE_STATUSES } }, { $set: { status: InvoiceStatus.Paid, paid_at: now } });
    await this.invoices.updateOne({ _id: id, amount_due: { $gt: 0 }, status: InvoiceStatus.Issued }, { $set: { status: InvoiceStatus.PartiallyPaid } });
  }

  async holdsPayment(id: Types.ObjectId, paymentId: Types.ObjectId): Promise<boolean> {
    return !!(await this.invoices.exists({ _id: id, payment_ids: paymentId }));
  }

  async holdsCreditNote(id: Types.ObjectId, noteId: Types.ObjectId): Promise<boolean> {
    return !!(await this.invoices.exists({ _id: id, credit_note_ids: noteId }));
  }

  /** Issued or partially paid past their due date and not yet flagged. */
  overdueCandidates(now: Date): Promise<Pick<InvoiceRecord, '_id' | 'status' | 'project_id' | 'number' | 'amount_due' | 'currency' | 'due_date'>[]> {
    return this.invoices
      .find({ status: { $in: [InvoiceStatus.Issued, InvoiceStatus.PartiallyPaid] }, due_date: { $lt: now } }, { status: 1, project_id: 1, number: 1, amount_due: 1, currency: 1, due_date: 1 })
      .lean<Pick<InvoiceRecord, '_id' | 'status' | 'project_id' | 'number' | 'amount_due' | 'currency' | 'due_date'>[]>()
      .exec();
  }

  /** → overdue once: only the caller that flips it notifies. */
  async markOverdue(id: Types.ObjectId, from: InvoiceStatus, now: Date): Promise<boolean> {
    const result = await this.invoices.updateOne({ _id: id, status: from, overdue_notified_at: null }, { $set: { status: InvoiceStatus.Overdue, overdue_notified_at: now } });
    return result.modifiedCount === 1;
  }

  stalePending(cutoff: Date): Promise<Pick<InvoiceRecord, '_id' | 'project_id'>[]> {
    return this.invoices.find({ status: InvoiceStatus.Pending, pending_since: { $lt: cutoff } }, { project_id: 1 }).lean<Pick<InvoiceRecord, '_id' | 'project_id'>[]>().exec();
  }

  voidWithItemsHeld(): Promise<Pick<InvoiceRecord, '_id' | 'project_id'>[]> {
    return this.invoices.find({ status: InvoiceStatus.Void, items_released_at: null }, { project_id: 1 }).lean<Pick<InvoiceRecord, '_id' | 'project_id'>[]>().exec();
  }

  /** Open invoices with something due: AR aging. */
  receivables(issuedBy: Date): Promise<Pick<InvoiceRecord, 'currency' | 'amount_due' | 'due_date'>[]> {
    return this.invoices
      .find({ status: { $in: OPEN_INVOICE_STATUSES }, amount_due: { $gt: 0 }, issued_at: { $lte: issuedBy } }, { _id: 0, currency: 1, amount_due: 1, due_date: 1 })
      .lean<Pick<InvoiceRecord, 'currency' | 'amount_due' | 'due_date'>[]>()
      .exec();
  }

  /** Invoices issued in [from, to) by issue date: revenue (not voided ones), the export (voided ones too: every number shows). */
  issuedBetween(from: Date, to: Date, options: { includeVoid?: boolean } = {}) {
    const statuses = options.includeVoid ? [...ISSUED_INVOICE_STATUSES, InvoiceStatus.Void] : ISSUED_INVOICE_STATUSES;
    return this.invoices
      .find({ status: { $in: statuses }, issued_at: { $gte: from, $lt: to } }, { lines: 0, payment_ids: 0, credit_note_ids: 0 })
      .sort({ issued_at: 1, _id: 1 })
      .lean<InvoiceSummaryRecord[]>()
      .cursor();
  }
}
