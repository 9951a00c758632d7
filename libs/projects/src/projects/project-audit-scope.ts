import { Injectable } from '@nestjs/common';
import { AuditEntityScope, AuditScopeFor } from '@app/audit';
import { AccessPolicy, AuthUser, Permission } from '@app/auth';

/** A project's audit trail is read under the project's own rule (Permission.ProjectRead). */
@Injectable()
@AuditScopeFor('project')
export class ProjectAuditScope implements AuditEntityScope {
  constructor(private readonly access: AccessPolicy) {}

  seesAll(user: AuthUser): Promise<boolean> {
    return Promise.resolve(this.access.seesAll(user, Permission.ProjectRead));
  }

  async assertVisible(projectId: string, user: AuthUser): Promise<void> {
    await this.access.requireAccess(user, Permission.ProjectRead, projectId);
  }
}
