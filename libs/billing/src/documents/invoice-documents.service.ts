import { Injectable } from '@nestjs/common';
import { Readable } from 'stream';
import { fieldError } from '@app/common';
import { AuthUser } from '@app/auth';
import { AppConfig } from '@app/config';
import { CustomersService } from '@app/crm';
import { InvoicesRepository } from '../invoices/invoices.repository';
import { InvoicesService } from '../invoices/invoices.service';
import { formatMinor } from '../money/money';
import { csvRow } from './csv';
import { renderInvoicePdf } from './invoice-pdf';

const day = (date: Date | null | undefined) => (date ? date.toISOString().slice(0, 10) : '');

export const INVOICE_CSV_COLUMNS = [
  'number', 'status', 'issued_at', 'due_date', 'project_id', 'customer_id', 'currency',
  'subtotal', 'tax_total', 'total', 'amount_paid', 'amount_credited', 'amount_due', 'void_reason',
];

/** What leaves billing as a file: an invoice's PDF, the CSV export of a period. */
@Injectable()
export class InvoiceDocumentsService {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly invoiceReads: InvoicesService,
    private readonly customers: CustomersService,
    private readonly config: AppConfig,
  ) {}

  async pdf(id: string, user: AuthUser): Promise<{ content: Buffer; fileName: string }> {
    const invoice = await this.invoiceReads.findOne(id, user);
    const customer = await this.customers.billingContact(invoice.customer_id);
    const address = customer?.address;
    const number = invoice.number ?? 'DRAFT';
    const content = await renderInvoicePdf({
      agency: this.config.agency,
      customer: {
        name: customer?.name ?? 'Unknown customer',
        company_name: customer?.company_name ?? null,
        email: customer?.email ?? null,
        addressLines: address ? [address.line1, address.line2, [address.postal_code, address.city].filter(Boolean).join(' '), address.state, address.country].filter((l): l is string => !!l) : [],
      },
      title: 'Invoice',
      number,
      status: invoice.status,
      currency: invoice.currency,
      issued_at: invoice.issued_at,
      due_date: invoice.due_date,
      period: invoice.period_from && invoice.period_to ? `${day(invoice.period_from)} – ${day(new Date(invoice.period_to.getTime() - 1))}` : null,
      lines: invoice.lines,
      subtotal: invoice.subtotal,
      tax_total: invoice.tax_total,
      total: invoice.total,
      amount_paid: invoice.amount_paid,
      amount_credited: invoice.amount_credited,
      amount_due: invoice.amount_due,
      notes: invoice.notes,
    });
    return { content, fileName: `${number === 'DRAFT' ? `invoice-draft-${invoice._id.toHexString()}` : number}.pdf` };
  }

  /** Invoices issued in [from, to) (voided ones included) as CSV, streamed from a cursor (amounts in major units, exact). */
  exportCsv(from: Date, to: Date): Readable {
    if (to.getTime() <= from.getTime()) throw fieldError('to', `must be after from (${from.toISOString()})`);
    const cursor = this.invoices.issuedBetween(from, to, { includeVoid: true });
    async function* rows() {
      yield csvRow(INVOICE_CSV_COLUMNS);
      for await (const invoice of cursor) {
        const money = (minor: number) => formatMinor(minor, invoice.currency);
        yield csvRow([
          invoice.number, invoice.status, day(invoice.issued_at), day(invoice.due_date), invoice.project_id.toHexString(), invoice.customer_id.toHexString(), invoice.currency,
          money(invoice.subtotal), money(invoice.tax_total), money(invoice.total), money(invoice.amount_paid), money(invoice.amount_credited), money(invoice.amount_due), invoice.void_reason,
        ]);
      }
    }
    return Readable.from(rows());
  }
}
