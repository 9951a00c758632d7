import { Module } from '@nestjs/common';
import { BusinessDirectoryModule } from './business-directory/business-directory.module';
import { ChargeDetailsModule } from './charge-details/charge-details.module';
import { CustomersModule } from './customers/customers.module';
import { LeadsModule } from './leads/leads.module';
import { CrmReportsModule } from './reports/crm-reports.module';
import { UpsellsModule } from './upsells/upsells.module';

/**
 * The sales side: each aggregate is its own module (controllers, providers and models inside);
 * this file is the map. One entry per line.
 */
@Module({
  imports: [
    CustomersModule,
    LeadsModule,
    BusinessDirectoryModule,
    CrmReportsModule,
    ChargeDetailsModule,
    UpsellsModule,
  ],
  controllers: [
  ],
  providers: [
  ],
  exports: [
    CustomersModule,
    LeadsModule,
    BusinessDirectoryModule,
    ChargeDetailsModule,
    UpsellsModule,
  ],
})
export class CrmModule {}
