import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { ProjectBillingController } from './billing/project-billing.controller';
import { ProjectBillingService } from './billing/project-billing.service';
import { ProjectInvoicingService } from './billing/project-invoicing.service';
import { ProjectAccessLoader } from './projects/project-access.loader';
import { ProjectAuditScope } from './projects/project-audit-scope';
import { ProjectProgressService } from './projects/project-progress.service';
import { Project, ProjectSchema } from './projects/project.schema';
import { ProjectTeamService } from './projects/project-team.service';
import { ProjectsController } from './projects/projects.controller';
import { ProjectsService } from './projects/projects.service';
import { ProjectReportsController } from './reports/project-reports.controller';
import { ProjectReportsService } from './reports/project-reports.service';
import { ProjectService, ProjectServiceSchema } from './services/project-service.schema';
import { ProjectServicesController } from './services/project-services.controller';
import { ProjectServicesService } from './services/project-services.service';

/**
 * Projects (team, lifecycle, financials, recurring billing), the services delivered on them and
 * the project reports. Registers the projects' loader of the access policy (Permission.ProjectRead,
 * which every project-scoped domain asks), exports project creation (lead conversion), team membership for assignments and billing for the scheduler.
 * Needs ProjectWorkSource (bound by @app/tasks) and ProjectUpsellSource (bound by @app/crm).
 */
@Module({
  imports: [
    AuthModule,
    MongooseModule.forFeature([
      { name: Project.name, schema: ProjectSchema },
      { name: ProjectService.name, schema: ProjectServiceSchema },
    ]),
  ],
  controllers: [ProjectsController, ProjectBillingController, ProjectServicesController, ProjectReportsController],
  providers: [
    ProjectAccessLoader,
    ProjectAuditScope,
    ProjectsService,
    ProjectTeamService,
    ProjectProgressService,
    ProjectBillingService,
    ProjectInvoicingService,
    ProjectServicesService,
    ProjectReportsService,
  ],
  exports: [ProjectsService, ProjectTeamService, ProjectBillingService, ProjectInvoicingService],
})
export class ProjectsModule {}
