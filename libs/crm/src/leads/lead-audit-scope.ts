import { Injectable } from '@nestjs/common';
import { AuditEntityScope, AuditScopeFor } from '@app/audit';
import { AuthUser } from '@app/auth';
import { LeadsService } from './leads.service';

/** A lead's audit trail is read under the lead's own visibility (LeadsService): who gets 404 for the lead gets none of it. */
@Injectable()
@AuditScopeFor('lead')
export class LeadAuditScope implements AuditEntityScope {
  constructor(private readonly leads: LeadsService) {}

  async seesAll(user: AuthUser): Promise<boolean> {
    return Object.keys(await this.leads.visibilityFilter(user)).length === 0;
  }

  assertVisible(leadId: string, user: AuthUser): Promise<void> {
    return this.leads.assertVisible(leadId, user, { withDeleted: true });
  }
}
