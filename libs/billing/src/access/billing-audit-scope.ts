import { Injectable } from '@nestjs/common';
import { AuditEntityScope, AuditScopeFor } from '@app/audit';
import { AuthUser } from '@app/auth';
import { InvoicesService } from '../invoices/invoices.service';
import { QuotesService } from '../quotes/quotes.service';
import { BillingAccess } from './billing-access.service';

/** An invoice's audit trail is read under the invoice's own rule (BillingAccess). */
@Injectable()
@AuditScopeFor('invoice')
export class InvoiceAuditScope implements AuditEntityScope {
  constructor(
    private readonly access: BillingAccess,
    private readonly invoices: InvoicesService,
  ) {}

  async seesAll(user: AuthUser): Promise<boolean> {
    return Object.keys(await this.access.readScope(user)).length === 0;
  }

  async assertVisible(invoiceId: string, user: AuthUser): Promise<void> {
    await this.invoices.findOne(invoiceId, user);
  }
}

@Injectable()
@AuditScopeFor('quote')
export class QuoteAuditScope implements AuditEntityScope {
  constructor(
    private readonly access: BillingAccess,
    private readonly quotes: QuotesService,
  ) {}

  async seesAll(user: AuthUser): Promise<boolean> {
    return Object.keys(await this.access.readScope(user)).length === 0;
  }

  async assertVisible(quoteId: string, user: AuthUser): Promise<void> {
    await this.quotes.findOne(quoteId, user);
  }
}
