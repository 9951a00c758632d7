import { Injectable } from '@nestjs/common';
import { AuditEntityScope, AuditScopeFor } from '@app/audit';
import { AccessPolicy, AuthUser, Permission } from '@app/auth';
import { InvoicesService } from '../invoices/invoices.service';
import { QuotesService } from '../quotes/quotes.service';

/** An invoice's audit trail is read under the invoice's own rule (Permission.BillingRecordRead). */
@Injectable()
@AuditScopeFor('invoice')
export class InvoiceAuditScope implements AuditEntityScope {
  constructor(
    private readonly access: AccessPolicy,
    private readonly invoices: InvoicesService,
  ) {}

  seesAll(user: AuthUser): Promise<boolean> {
    return Promise.resolve(this.access.seesAll(user, Permission.BillingRecordRead));
  }

  async assertVisible(invoiceId: string, user: AuthUser): Promise<void> {
    await this.invoices.findOne(invoiceId, user);
  }
}

@Injectable()
@AuditScopeFor('quote')
export class QuoteAuditScope implements AuditEntityScope {
  constructor(
    private readonly access: AccessPolicy,
    private readonly quotes: QuotesService,
  ) {}

  seesAll(user: AuthUser): Promise<boolean> {
    return Promise.resolve(this.access.seesAll(user, Permission.BillingRecordRead));
  }

  async assertVisible(quoteId: string, user: AuthUser): Promise<void> {
    await this.quotes.findOne(quoteId, user);
  }
}
