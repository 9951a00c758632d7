import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { conflict, fieldError } from '@app/common';
import { AuthUser } from '@app/auth';
import { ProjectInvoicingService } from '@app/projects';
import { InvoicesService, notInStatus } from '../invoices/invoices.service';
import { InvoiceRecord, InvoicesRepository } from '../invoices/invoices.repository';
import { InvoiceStatus, OPEN_INVOICE_STATUSES } from '../invoices/invoice.schema';
import { formatMinor, minorToMajor } from '../money/money';
import { RecordPaymentDto } from './dto/payment.dto';
import { PaymentRecord, PaymentsRepository } from './payments.repository';

/**
 * Payments against issued invoices. Recording one is ordered for repair without transactions:
 * the payment is written `pending`, then applied to the invoice by one conditional update
 * (`amount_due >= amount`, keyed by the payment id — concurrent payments cannot overpay), then
 * marked recorded and added to the project's amount_paid (keyed by the payment id too). A refused
 * payment is removed; a crash is settled by the billing-repair job.
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly payments: PaymentsRepository,
    private readonly invoices: InvoicesRepository,
    private readonly invoiceReads: InvoicesService,
    private readonly projects: ProjectInvoicingService,
  ) {}

  async record(invoiceId: string, dto: RecordPaymentDto, actor: AuthUser): Promise<PaymentRecord> {
    const invoice = await this.invoiceReads.findOne(invoiceId, actor);
    assertPayable(invoice);
    if (dto.date.getTime() > Date.now()) throw fieldError('date', 'must not be in the future');
    if (dto.amount > invoice.amount_due) throw overpayment(invoice.amount_due, invoice.currency);

    const payment = await this.payments.createPending({
      _id: new Types.ObjectId(),
      invoice_id: invoice._id,
      project_id: invoice.project_id,
      customer_id: invoice.customer_id,
      amount: dto.amount,
      currency: invoice.currency,
      paid_on: dto.date,
      method: dto.method,
      reference: dto.reference ?? null,
      recorded_by: new Types.ObjectId(actor.id),
    });
    const applied = await this.invoices.applyToBalance(invoice._id, 'payment', payment._id, dto.amount);
    if (!applied) {
      await this.payments.deletePending(payment._id);
      const now = await this.invoices.findById(invoice._id);
      if (now) assertPayable(now);
      throw overpayment(now?.amount_due ?? 0, invoice.currency);
    }
    await this.finish(payment);
    return payment;
  }

  async list(invoiceId: string, user: AuthUser): Promise<PaymentRecord[]> {
    const invoice = await this.invoiceReads.findOne(invoiceId, user);
    return this.payments.listForInvoice(invoice._id);
  }

  /** After the invoice holds the payment: its status, the payment's state, the project's amount_paid. Idempotent. */
  async finish(payment: PaymentRecord): Promise<void> {
    await this.invoices.settle(payment.invoice_id, new Date());
    await this.payments.markRecorded(payment._id);
    await this.projects.applyInvoicePayment(payment.project_id, payment._id, minorToMajor(payment.amount, payment.currency));
    await this.payments.markProjectApplied(payment._id);
  }
}

/** A paid invoice has nothing due: any payment is an overpayment. */
function assertPayable(invoice: Pick<InvoiceRecord, 'status' | 'currency'>): void {
  if (invoice.status === InvoiceStatus.Paid) throw overpayment(0, invoice.currency);
  if (!OPEN_INVOICE_STATUSES.includes(invoice.status)) throw notInStatus(invoice, OPEN_INVOICE_STATUSES, 'paid');
}

function overpayment(due: number, currency: string) {
  return conflict(`The payment exceeds what is due on the invoice (${formatMinor(due, currency)} ${currency}, ${due} minor units)`, [
    { field: 'amount', message: `at most ${due}` },
  ]);
}
