import { Injectable } from '@nestjs/common';
import { AuditEntityScope, AuditScopeFor } from '@app/audit';
import { AccessPolicy, AuthUser, Permission } from '@app/auth';

/** A lead's audit trail is read under the lead's own rule (Permission.LeadRead): who gets 404 for the lead gets none of it. */
@Injectable()
@AuditScopeFor('lead')
export class LeadAuditScope implements AuditEntityScope {
  constructor(private readonly access: AccessPolicy) {}

  seesAll(user: AuthUser): Promise<boolean> {
    return Promise.resolve(this.access.seesAll(user, Permission.LeadRead));
  }

  async assertVisible(leadId: string, user: AuthUser): Promise<void> {
    await this.access.requireAccess(user, Permission.LeadRead, leadId, { withDeleted: true });
  }
}
