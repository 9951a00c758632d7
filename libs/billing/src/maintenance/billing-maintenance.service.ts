import { Injectable, Logger } from '@nestjs/common';
import { DomainEvent, DomainEvents } from '@app/common';
import { AppConfig } from '@app/config';
import { ProjectInvoicingService } from '@app/projects';
import { InvoicesRepository } from '../invoices/invoices.repository';
import { InvoicesService } from '../invoices/invoices.service';
import { CreditNotesRepository } from '../credit-notes/credit-notes.repository';
import { CreditNotesService } from '../credit-notes/credit-notes.service';
import { formatMinor } from '../money/money';
import { PaymentsRepository } from '../payments/payments.repository';
import { PaymentsService } from '../payments/payments.service';
import { QuotesRepository } from '../quotes/quotes.repository';

export interface OverdueRunResult {
  invoices_overdue: number;
  quotes_expired: number;
}

export interface BillingRepairResult {
  pending_invoices_discarded: number;
  void_invoices_released: number;
  payments_settled: number;
  payments_discarded: number;
  credit_notes_issued: number;
  credit_notes_discarded: number;
}

/**
 * The scheduled side of billing (registered as jobs in libs/ops: `invoice-overdue`,
 * `billing-repair`). Both act on what is due at `now` and every step is conditional, so a rerun
 * or a second instance does nothing twice.
 */
@Injectable()
export class BillingMaintenanceService {
  private readonly logger = new Logger(BillingMaintenanceService.name);

  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly invoiceWrites: InvoicesService,
    private readonly payments: PaymentsRepository,
    private readonly paymentWrites: PaymentsService,
    private readonly creditNotes: CreditNotesRepository,
    private readonly creditNoteWrites: CreditNotesService,
    private readonly quotes: QuotesRepository,
    private readonly projects: ProjectInvoicingService,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
  ) {}

  /**
   * Issued and partially paid invoices past their due date become overdue; the project manager is
   * notified once per invoice (only the conditional update that flips the status notifies).
   * Sent quotes past valid_until expire.
   */
  async markOverdue(now: Date = new Date()): Promise<OverdueRunResult> {
    let overdue = 0;
    for (const invoice of await this.invoices.overdueCandidates(now)) {
      if (!(await this.invoices.markOverdue(invoice._id, invoice.status, now))) continue;
      overdue++;
      const project = await this.projects.billingProfile(invoice.project_id);
      await this.events.emit(DomainEvent.InvoiceOverdue, {
        recipient_ids: [String(project.user_id)],
        entity_type: 'invoice',
        entity_id: invoice._id.toHexString(),
        data: {
          invoice_number: invoice.number ?? invoice._id.toHexString(),
          project_name: project.name,
          due_date: invoice.due_date!.toISOString().slice(0, 10),
          amount_due: formatMinor(invoice.amount_due, invoice.currency),
          currency: invoice.currency,
        },
      });
    }
    return { invoices_overdue: overdue, quotes_expired: await this.quotes.expireDue(now) };
  }

  /** Finishes what a crash interrupted: stale pending drafts, voids whose items are still held, pending payments and credit notes. */
  async repair(now: Date = new Date()): Promise<BillingRepairResult> {
    const cutoff = new Date(now.getTime() - this.config.billing.pendingRepairMinutes * 60_000);
    const result: BillingRepairResult = { pending_invoices_discarded: 0, void_invoices_released: 0, payments_settled: 0, payments_discarded: 0, credit_notes_issued: 0, credit_notes_discarded: 0 };
    for (const invoice of await this.invoices.stalePending(cutoff)) {
      await this.invoiceWrites.discardPending(invoice._id, invoice.project_id);
      result.pending_invoices_discarded++;
    }
    for (const invoice of await this.invoices.voidWithItemsHeld()) {
      await this.invoiceWrites.releaseVoided(invoice._id, invoice.project_id, now);
      result.void_invoices_released++;
    }
    for (const payment of await this.payments.stalePending(cutoff)) {
      if (await this.invoices.holdsPayment(payment.invoice_id, payment._id)) {
        await this.paymentWrites.finish(payment);
        result.payments_settled++;
      } else {
        await this.payments.deletePending(payment._id);
        result.payments_discarded++;
      }
    }
    for (const note of await this.creditNotes.stalePending(cutoff)) {
      if (await this.invoices.holdsCreditNote(note.invoice_id, note._id)) {
        await this.creditNoteWrites.finish(note);
        result.credit_notes_issued++;
      } else {
        await this.creditNotes.deletePending(note._id);
        result.credit_notes_discarded++;
      }
    }
    for (const payment of await this.payments.recordedNotOnProject()) {
      await this.paymentWrites.finish(payment);
      result.payments_settled++;
    }
    if (Object.values(result).some(Boolean)) this.logger.warn({ ...result }, 'billing repair finished interrupted writes');
    return result;
  }
}
