import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { conflict } from '@app/common';
import { AuthUser } from '@app/auth';
import { InvoicesRepository } from '../invoices/invoices.repository';
import { InvoicesService, notInStatus } from '../invoices/invoices.service';
import { OPEN_INVOICE_STATUSES } from '../invoices/invoice.schema';
import { formatMinor } from '../money/money';
import { DocumentNumbersService } from '../numbering/document-numbers.service';
import { CreateCreditNoteDto } from './dto/credit-note.dto';
import { CreditNoteRecord, CreditNotesRepository } from './credit-notes.repository';

/**
 * Credit notes against issued invoices, ordered for repair without transactions: the note is
 * written `pending`; its amount is taken off the invoice by one conditional update (`amount_due
 * >= amount`, keyed by the note's id — concurrent notes cannot credit more than is due); then it
 * is issued with the next gapless CN number. A refused note is removed; a crash in between is
 * finished (or removed) by the billing-repair job.
 */
@Injectable()
export class CreditNotesService {
  constructor(
    private readonly notes: CreditNotesRepository,
    private readonly invoices: InvoicesRepository,
    private readonly invoiceReads: InvoicesService,
    private readonly numbers: DocumentNumbersService,
  ) {}

  async create(invoiceId: string, dto: CreateCreditNoteDto, actor: AuthUser): Promise<CreditNoteRecord> {
    const invoice = await this.invoiceReads.findOne(invoiceId, actor);
    if (!OPEN_INVOICE_STATUSES.includes(invoice.status)) throw notInStatus(invoice, OPEN_INVOICE_STATUSES, 'credited');
    const pending = await this.notes.createPending({
      _id: new Types.ObjectId(),
      invoice_id: invoice._id,
      project_id: invoice.project_id,
      customer_id: invoice.customer_id,
      amount: dto.amount,
      currency: invoice.currency,
      reason: dto.reason,
      created_by: new Types.ObjectId(actor.id),
    });
    const applied = await this.invoices.applyToBalance(invoice._id, 'credit', pending._id, dto.amount);
    if (!applied) {
      await this.notes.deletePending(pending._id);
      const now = await this.invoices.findById(invoice._id);
      if (now && !OPEN_INVOICE_STATUSES.includes(now.status)) throw notInStatus(now, OPEN_INVOICE_STATUSES, 'credited');
      const due = now?.amount_due ?? 0;
      throw conflict(`A credit note may not exceed what is still due on the invoice (${formatMinor(due, invoice.currency)} ${invoice.currency}, ${due} minor units)`, [
        { field: 'amount', message: `at most ${due}` },
      ]);
    }
    return this.finish(pending);
  }

  async list(invoiceId: string, user: AuthUser): Promise<CreditNoteRecord[]> {
    const invoice = await this.invoiceReads.findOne(invoiceId, user);
    return this.notes.listForInvoice(invoice._id);
  }

  /** After the invoice holds the note: its status, then the note's number. Idempotent. */
  async finish(note: CreditNoteRecord): Promise<CreditNoteRecord> {
    await this.invoices.settle(note.invoice_id, new Date());
    const issuedAt = new Date();
    const issued = await this.numbers.assign('CN', issuedAt.getUTCFullYear(), (number) => this.notes.issue(note._id, number, issuedAt));
    // Issued meanwhile (a retried repair): return it as it is.
    return issued ?? (await this.notes.findById(note._id))!;
  }
}
