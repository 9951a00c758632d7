import { Injectable } from '@nestjs/common';
import { Types } from 'mongoose';
import { conflict, fieldError, notFound, PageResponse } from '@app/common';
import { AccessPolicy, AuthUser, Permission } from '@app/auth';
import { isDuplicateKeyError } from '@app/database';
import { ProjectInvoicingService } from '@app/projects';
import { billingReadScope } from '../access/billing-read-scope';
import { InvoiceRecord, InvoicesRepository } from '../invoices/invoices.repository';
import { manualLines } from '../invoices/invoices.service';
import { documentTotals } from '../money/document-line';
import { CreateQuoteDto, QuoteQueryDto } from './dto/quote.dto';
import { QuoteStatus } from './quote.schema';
import { QuoteRecord, QuotesRepository, QuoteSummaryRecord } from './quotes.repository';

const endOfDay = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 23, 59, 59, 999));

/**
 * Quotes: typed-in lines like an invoice's; draft → sent → accepted | declined | expired. Each move
 * is one conditional update. An accepted quote becomes one invoice draft: the invoice is keyed by
 * `quote_id` (unique), so accepting again, or after a crash, returns that same draft.
 */
@Injectable()
export class QuotesService {
  constructor(
    private readonly quotes: QuotesRepository,
    private readonly invoices: InvoicesRepository,
    private readonly access: AccessPolicy,
    private readonly projects: ProjectInvoicingService,
  ) {}

  async create(projectId: string, dto: CreateQuoteDto, actor: AuthUser): Promise<QuoteRecord> {
    await this.access.requireAccess(actor, Permission.ProjectRead, projectId);
    const validUntil = endOfDay(dto.valid_until);
    if (validUntil.getTime() < Date.now()) throw fieldError('valid_until', 'must be today or later');
    const profile = await this.projects.billingProfile(projectId);
    const lines = manualLines(dto.lines);
    return this.quotes.create({
      project_id: profile._id,
      customer_id: profile.customer_id,
      currency: profile.currency,
      title: dto.title,
      lines,
      ...documentTotals(lines),
      valid_until: validUntil,
      created_by: new Types.ObjectId(actor.id),
    });
  }

  async list(query: QuoteQueryDto, user: AuthUser): Promise<PageResponse<QuoteSummaryRecord>> {
    await this.quotes.expireDue(new Date());
    return this.quotes.page(query as QuoteQueryDto & Record<string, unknown>, await billingReadScope(this.access, user));
  }

  /** A sent quote read past its valid_until is expired first. */
  async findOne(id: string, user: AuthUser): Promise<QuoteRecord> {
    const quote = await this.quotes.findById(id);
    if (!quote || !(await this.access.hasAccess(user, Permission.BillingRecordRead, quote.customer_id, { withDeleted: true }))) throw notFound('Quote');
    if (quote.status === QuoteStatus.Sent && quote.valid_until.getTime() < Date.now()) {
      return (await this.quotes.transition(quote._id, QuoteStatus.Sent, QuoteStatus.Expired, { decided_at: new Date() })) ?? (await this.quotes.findById(quote._id))!;
    }
    return quote;
  }

  send(id: string, user: AuthUser): Promise<QuoteRecord> {
    return this.move(id, user, QuoteStatus.Draft, QuoteStatus.Sent, { sent_at: new Date() });
  }

  decline(id: string, user: AuthUser): Promise<QuoteRecord> {
    return this.move(id, user, QuoteStatus.Sent, QuoteStatus.Declined, { decided_at: new Date() }, true);
  }

  /** sent → accepted, then its invoice draft (once); accepting an accepted quote returns the same invoice. */
  async accept(id: string, user: AuthUser): Promise<{ quote: QuoteRecord; invoice: InvoiceRecord }> {
    let quote = await this.findOne(id, user);
    if (quote.status !== QuoteStatus.Accepted) quote = await this.move(id, user, QuoteStatus.Sent, QuoteStatus.Accepted, { decided_at: new Date() }, true);
    const invoice = await this.invoiceFor(quote, user);
    await this.quotes.linkInvoice(quote._id, invoice._id);
    return { quote: { ...quote, invoice_id: invoice._id }, invoice };
  }

  async remove(id: string, user: AuthUser): Promise<void> {
    const quote = await this.findOne(id, user);
    if (!(await this.quotes.deleteDraft(quote._id))) throw notInStatus(quote.status, [QuoteStatus.Draft], 'deleted');
  }

  private async invoiceFor(quote: QuoteRecord, user: AuthUser): Promise<InvoiceRecord> {
    const existing = await this.invoices.findByQuote(quote._id);
    if (existing) return existing;
    const invoice = { project_id: quote.project_id, customer_id: quote.customer_id, currency: quote.currency, period_from: null, period_to: null, notes: quote.title, created_by: new Types.ObjectId(user.id), quote_id: quote._id };
    try {
      return await this.invoices.createDraftFromQuote(invoice, quote.lines, { subtotal: quote.subtotal, tax_total: quote.tax_total, total: quote.total });
    } catch (error) {
      // A concurrent accept created it: the unique quote_id index kept it to one.
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.invoices.findByQuote(quote._id))!;
    }
  }

  private async move(id: string, user: AuthUser, from: QuoteStatus, to: QuoteStatus, set: Partial<QuoteRecord>, mustBeValid = false): Promise<QuoteRecord> {
    const quote = await this.findOne(id, user);
    if (quote.status !== from) throw notInStatus(quote.status, [from], to);
    const moved = await this.quotes.transition(quote._id, from, to, set, mustBeValid ? new Date() : undefined);
    if (!moved) {
      const now = await this.findOne(id, user);
      throw notInStatus(now.status, [from], to);
    }
    return moved;
  }
}

function notInStatus(status: QuoteStatus, allowed: QuoteStatus[], action: string) {
  return conflict(`Only a ${allowed.join(' or ')} quote can be ${action}; this one is ${status}`, [{ field: 'status', message: `must be ${allowed.join(' or ')}` }]);
}
