import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { CustomersModule, UpsellsModule } from '@app/crm';
import { ProjectsModule } from '@app/projects';
import { TasksModule } from '@app/tasks';
import { InvoiceAuditScope, QuoteAuditScope } from './access/billing-audit-scope';
import { CreditNote, CreditNoteSchema } from './credit-notes/credit-note.schema';
import { CreditNotesRepository } from './credit-notes/credit-notes.repository';
import { CreditNotesService } from './credit-notes/credit-notes.service';
import { InvoiceDocumentsService } from './documents/invoice-documents.service';
import { InvoiceSources } from './invoices/invoice-sources';
import { Invoice, InvoiceSchema } from './invoices/invoice.schema';
import { InvoicesController } from './invoices/invoices.controller';
import { InvoicesRepository } from './invoices/invoices.repository';
import { InvoicesService } from './invoices/invoices.service';
import { BillingMaintenanceService } from './maintenance/billing-maintenance.service';
import { BillingSequence, BillingSequenceSchema } from './numbering/sequence.schema';
import { DocumentNumbersService } from './numbering/document-numbers.service';
import { Payment, PaymentSchema } from './payments/payment.schema';
import { InvoicePaymentsController } from './payments/payments.controller';
import { PaymentsRepository } from './payments/payments.repository';
import { PaymentsService } from './payments/payments.service';
import { Quote, QuoteSchema } from './quotes/quote.schema';
import { QuotesController } from './quotes/quotes.controller';
import { QuotesRepository } from './quotes/quotes.repository';
import { QuotesService } from './quotes/quotes.service';
import { BillingReportsController } from './reports/billing-reports.controller';
import { BillingReportsService } from './reports/billing-reports.service';

/**
 * Billing: invoices, payments, credit notes, quotes, their numbers, documents, reports and jobs.
 * It owns invoices, payments, credit_notes, quotes and billing_sequences (the models stay inside:
 * only repositories hold them, and none is exported). What it bills belongs to other domains and
 * is reached through their invoicing services: time entries (tasks), rates and recurring periods
 * (projects), paid upsells and the customer-ownership rule (crm).
 */
@Module({
  imports: [
    AuthModule,
    CustomersModule,
    UpsellsModule,
    ProjectsModule,
    TasksModule,
    MongooseModule.forFeature([
      { name: Invoice.name, schema: InvoiceSchema },
      { name: Payment.name, schema: PaymentSchema },
      { name: CreditNote.name, schema: CreditNoteSchema },
      { name: Quote.name, schema: QuoteSchema },
      { name: BillingSequence.name, schema: BillingSequenceSchema },
    ]),
  ],
  controllers: [InvoicesController, InvoicePaymentsController, QuotesController, BillingReportsController],
  providers: [
    InvoiceAuditScope,
    QuoteAuditScope,
    InvoicesRepository,
    PaymentsRepository,
    CreditNotesRepository,
    QuotesRepository,
    DocumentNumbersService,
    InvoiceSources,
    InvoicesService,
    PaymentsService,
    CreditNotesService,
    QuotesService,
    InvoiceDocumentsService,
    BillingReportsService,
    BillingMaintenanceService,
  ],
  exports: [InvoicesService, BillingReportsService, BillingMaintenanceService],
})
export class BillingModule {}
