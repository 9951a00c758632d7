import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { BusinessDirectoryModule } from '../business-directory/business-directory.module';
import { LeadsModule } from '../leads/leads.module';
import { CrmReportsController } from './crm-reports.controller';
import { CrmReportsService } from './crm-reports.service';

/** Sales pipeline and directory conversions reports over the leads and directory collections. */
@Module({
  imports: [AuthModule, LeadsModule, BusinessDirectoryModule],
  controllers: [CrmReportsController],
  providers: [CrmReportsService],
})
export class CrmReportsModule {}
