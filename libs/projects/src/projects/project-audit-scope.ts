import { Injectable } from '@nestjs/common';
import { AuditEntityScope, AuditScopeFor } from '@app/audit';
import { AuthUser } from '@app/auth';
import { ProjectAccessService } from './project-access.service';

/** A project's audit trail is read under the project's own visibility (ProjectAccessService). */
@Injectable()
@AuditScopeFor('project')
export class ProjectAuditScope implements AuditEntityScope {
  constructor(private readonly access: ProjectAccessService) {}

  async seesAll(user: AuthUser): Promise<boolean> {
    return Object.keys(this.access.visibilityFilter(user)).length === 0;
  }

  async assertVisible(projectId: string, user: AuthUser): Promise<void> {
    await this.access.findVisible(projectId, user);
  }
}
