import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { ProjectsModule } from '@app/projects';
import { CustomersModule } from '../customers/customers.module';
import { LeadAccessLoader } from './lead-access.loader';
import { LeadAuditScope } from './lead-audit-scope';
import { LeadConversionService } from './lead-conversion.service';
import { Lead, LeadSchema } from './lead.schema';
import { LeadsController } from './leads.controller';
import { LeadsService } from './leads.service';

/** Leads and their pipeline; conversion builds on customers and (for the first project) @app/projects. */
@Module({
  imports: [AuthModule, CustomersModule, ProjectsModule, MongooseModule.forFeature([{ name: Lead.name, schema: LeadSchema }])],
  controllers: [LeadsController],
  providers: [LeadAccessLoader, LeadsService, LeadConversionService, LeadAuditScope],
  exports: [LeadsService, LeadConversionService],
})
export class LeadsModule {}
