import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AuthModule } from '@app/auth';
import { ProjectsModule } from '@app/projects';
import { Upsell, UpsellSchema } from './upsell.schema';
import { UpsellReportsController } from './upsell-reports.controller';
import { UpsellRevenueService } from './upsell-revenue.service';
import { UpsellsController } from './upsells.controller';
import { UpsellAccessLoader } from './upsell-access.loader';
import { UpsellsService } from './upsells.service';
import { UpsellInvoicingService } from './upsell-invoicing.service';
import { UpsellProjectTotalsModule } from './upsell-project-totals';

/** Upsells on projects (access through @app/projects), their payment lifecycle and the revenue report; answers projects' ProjectUpsellSource. */
@Module({
  imports: [AuthModule, ProjectsModule, UpsellProjectTotalsModule, MongooseModule.forFeature([{ name: Upsell.name, schema: UpsellSchema }])],
  controllers: [UpsellsController, UpsellReportsController],
  providers: [UpsellAccessLoader, UpsellsService, UpsellRevenueService, UpsellInvoicingService],
  exports: [UpsellsService, UpsellInvoicingService],
})
export class UpsellsModule {}
