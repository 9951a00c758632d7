import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { BusinessDirectory, BusinessDirectorySchema } from '../business-directory/business-directory.schema';
import { Lead, LeadSchema } from '../leads/lead.schema';
import { LeadsModule } from '../leads/leads.module';
import { CrmReportsController } from './crm-reports.controller';
import { CrmReportsService } from './crm-reports.service';

/** Sales pipeline and directory conversions reports over the leads and directory collections. */
@Module({
  imports: [
    AuthModule,
    LeadsModule,
    // Read-only aggregations over crm's own collections (the models stay inside @app/crm).
    MongooseModule.forFeature([
      { name: Lead.name, schema: LeadSchema },
      { name: BusinessDirectory.name, schema: BusinessDirectorySchema },
    ]),
  ],
  controllers: [CrmReportsController],
  providers: [CrmReportsService],
})
export class CrmReportsModule {}
