import { Injectable, Logger } from '@nestjs/common';
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
 * Credit notes against issued invoices. The amount is first taken off the invoice's balance by
 * one conditional update (`amount_due >= amount`, keyed by the note's id: concurrent notes cannot
 * credit more than is due), then the note is written with the next gapless CN number.
 */
@Injectable()
export class CreditNotesService {
  private readonly logger = new Logger(CreditNotesService.name);

  constructor(
    private readonly notes: CreditNotesRepository,
    private readonly invoices: InvoicesRepository,
    private readonly invoiceReads: InvoicesService,
    private readonly numbers: DocumentNumbersService,
  ) {}

  async create(invoiceId: string, dto: CreateCreditNoteDto, actor: AuthUser): Promise<CreditNoteRecord> {
    const invoice = await this.invoiceReads.findOne(invoiceId, actor);
    if (!OPEN_INVOICE_STATUSES.includes(invoice.status)) throw notInStatus(invoice, OPEN_INVOICE_STATUSES, 'credited');
    const noteId = new Types.ObjectId();
    const applied = await this.invoices.applyToBalance(invoice._id, 'credit', noteId, dto.amount);
    if (!applied) {
      const now = await this.invoices.findById(invoice._id);
      if (now && !OPEN_INVOICE_STATUSES.includes(now.status)) throw notInStatus(now, OPEN_INVOICE_STATUSES, 'credited');
      const due = now?.amount_due ?? 0;
      throw conflict(`A credit note may not exceed what is still due on the invoice (${formatMinor(due, invoice.currency)} ${invoice.currency}, ${due} minor units)`, [
        { field: 'amount', message: `at most ${due}` },
      ]);
    }
    await this.invoices.settle(invoice._id, new Date());
    const issuedAt = new Date();
    const note = await this.numbers.assign('CN', issuedAt.getUTCFullYear(), (number) =>
      this.notes.create({
        _id: noteId,
        number,
        invoice_id: invoice._id,
        project_id: invoice.project_id,
        customer_id: invoice.customer_id,
        amount: dto.amount,
        currency: invoice.currency,
        reason: dto.reason,
        issued_at: issuedAt,
        created_by: new Types.ObjectId(actor.id),
      }),
    );
    if (!note) {
      this.logger.error({ invoice_id: invoice._id.toHexString(), credit_note_id: noteId.toHexString() }, 'credit applied but the note was not written');
      throw conflict('The credit note could not be numbered; retry');
    }
    return note;
  }

  async list(invoiceId: string, user: AuthUser): Promise<CreditNoteRecord[]> {
    const invoice = await this.invoiceReads.findOne(invoiceId, user);
    return this.notes.listForInvoice(invoice._id);
  }
}
