import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { conflict, fieldError, notFound, PageResponse } from '@app/common';
import { AccessPolicy, AuthUser, Permission } from '@app/auth';
import { AppConfig } from '@app/config';
import { ProjectInvoicingService } from '@app/projects';
import { billingReadScope } from '../access/billing-read-scope';
import { documentTotals, manualLine } from '../money/document-line';
import { toThousandths } from '../money/money';
import { DocumentNumbersService } from '../numbering/document-numbers.service';
import { DraftInvoiceDto, InvoiceQueryDto, IssueInvoiceDto } from './dto/invoice.dto';
import { ManualLineDto } from './dto/line.dto';
import { InvoiceSources } from './invoice-sources';
import { InvoiceStatus } from './invoice.schema';
import { InvoiceRecord, InvoicesRepository, InvoiceSummaryRecord } from './invoices.repository';

const DAY_MS = 24 * 3600 * 1000;

export const manualLines = (lines: ManualLineDto[] = []) =>
  lines.map((line) => manualLine({ description: line.description, quantity_milli: toThousandths(line.quantity), unit_price: line.unit_price, tax_rate: line.tax_rate ?? 0 }));

/**
 * Invoices: drafting from a project's unbilled items, reading, discarding, voiding, issuing.
 * No transactions, so each multi-document write is ordered to be repairable: a draft is created
 * `pending`, claims its items with its own id, then becomes `draft`; discarding and voiding first
 * take the invoice out of play, then give its items back. A crash in between leaves a pending or
 * unreleased void invoice that the billing-repair job finishes (BillingMaintenanceService).
 */
@Injectable()
export class InvoicesService {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly sources: InvoiceSources,
    private readonly numbers: DocumentNumbersService,
    private readonly access: AccessPolicy,
    private readonly projects: ProjectInvoicingService,
    private readonly config: AppConfig,
  ) {}

  async draft(projectId: string, dto: DraftInvoiceDto, actor: AuthUser): Promise<InvoiceRecord> {
    await this.access.requireAccess(actor, Permission.ProjectRead, projectId);
    if (dto.to.getTime() <= dto.from.getTime()) throw fieldError('to', `must be after from (${dto.from.toISOString()})`);
    const profile = await this.projects.billingProfile(projectId);
    const window = { from: dto.from, to: dto.to };
    const typedIn = manualLines(dto.lines);
    await this.sources.assertOneCurrency(profile, window);

    const pending = await this.invoices.createPending(
      { project_id: profile._id, customer_id: profile.customer_id, currency: profile.currency, period_from: dto.from, period_to: dto.to, notes: dto.notes ?? null, created_by: new Types.ObjectId(actor.id) },
      new Date(),
    );
    try {
      await this.sources.claim(profile._id, window, pending._id);
      const lines = [...(await this.sources.lines(profile, pending._id, dto.tax_rate ?? 0)), ...typedIn];
      if (!lines.length) {
        throw conflict(`Nothing to invoice: no unbilled billable time, billed period or paid upsell from ${dto.from.toISOString()} to ${dto.to.toISOString()}, and no lines given`, [
          { field: 'lines', message: 'nothing to bill in the period' },
        ]);
      }
      const draft = await this.invoices.finalizeDraft(pending._id, lines, documentTotals(lines));
      if (!draft) throw conflict('Drafting took longer than BILLING_PENDING_REPAIR_MINUTES and was rolled back; retry');
      return draft;
    } catch (error) {
      await this.discardPending(pending._id, profile._id);
      throw error;
    }
  }

  async list(query: InvoiceQueryDto, user: AuthUser): Promise<PageResponse<InvoiceSummaryRecord>> {
    return this.invoices.page(query as InvoiceQueryDto & Record<string, unknown>, await billingReadScope(this.access, user));
  }

  async findOne(id: string, user: AuthUser): Promise<InvoiceRecord> {
    const invoice = await this.invoices.findById(id);
    if (!invoice || !(await this.access.hasAccess(user, Permission.BillingRecordRead, invoice.customer_id, { withDeleted: true }))) throw notFound('Invoice');
    return invoice;
  }

  /** Only drafts; their items become billable again. */
  async remove(id: string, user: AuthUser): Promise<void> {
    const invoice = await this.findOne(id, user);
    if (!(await this.invoices.markDiscarding(invoice._id))) throw notInStatus(invoice, [InvoiceStatus.Draft], 'deleted (void an issued invoice instead)');
    await this.discardPending(invoice._id, invoice.project_id);
  }

  /** A draft, or an issued invoice with no payment or credit note; its items become billable again. */
  async voidInvoice(id: string, reason: string, user: AuthUser): Promise<InvoiceRecord> {
    const invoice = await this.findOne(id, user);
    const now = new Date();
    const voided = await this.invoices.voidInvoice(invoice._id, reason, now);
    if (!voided) {
      if (invoice.amount_paid > 0 || invoice.amount_credited > 0) {
        throw conflict('An invoice with payments or credit notes cannot be voided; credit what is left with POST /invoices/:id/credit-notes', [{ field: 'status', message: invoice.status }]);
      }
      throw notInStatus(invoice, [InvoiceStatus.Draft, InvoiceStatus.Issued, InvoiceStatus.Overdue], 'voided');
    }
    await this.releaseVoided(voided._id, voided.project_id, now);
    return { ...voided, items_released_at: now };
  }

  /** draft → issued with the next gapless number of the issue year. */
  async issue(id: string, dto: IssueInvoiceDto, user: AuthUser): Promise<InvoiceRecord> {
    const invoice = await this.findOne(id, user);
    if (invoice.status !== InvoiceStatus.Draft) throw notInStatus(invoice, [InvoiceStatus.Draft], 'issued');
    const issuedAt = new Date();
    const dueDate = dto.due_date ?? new Date(issuedAt.getTime() + this.config.billing.paymentTermsDays * DAY_MS);
    if (dueDate.toISOString().slice(0, 10) < issuedAt.toISOString().slice(0, 10)) throw fieldError('due_date', `must not be before the issue date (${issuedAt.toISOString().slice(0, 10)})`);
    const issued = await this.numbers.assign('INV', issuedAt.getUTCFullYear(), (number) => this.invoices.issue(invoice._id, number, issuedAt, dueDate));
    if (!issued) throw conflict('The invoice was issued or changed meanwhile; reload it', [{ field: 'status', message: 'no longer draft' }]);
    return issued;
  }

  /** Gives a void invoice's items back, then marks it released: safe to repeat. */
  async releaseVoided(invoiceId: Types.ObjectId, projectId: Types.ObjectId, now: Date): Promise<void> {
    await this.sources.release(projectId, invoiceId);
    await this.invoices.markItemsReleased(invoiceId, now);
  }

  /** Gives a pending invoice's items back, then removes it: safe to repeat. */
  async discardPending(invoiceId: Types.ObjectId, projectId: Types.ObjectId): Promise<void> {
    await this.sources.release(projectId, invoiceId);
    await this.invoices.deletePending(invoiceId);
  }
}

export function notInStatus(invoice: Pick<InvoiceRecord, 'status'>, allowed: InvoiceStatus[], action: string) {
  return conflict(`Only a ${allowed.join(' or ')} invoice can be ${action}; this one is ${invoice.status}`, [{ field: 'status', message: `must be ${allowed.join(' or ')}` }]);
}
